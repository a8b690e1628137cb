package deeprf.backend.java;

/**
 * DSYRK on column-major arrays: one triangle of C ← alpha·A·Aᵀ + beta·C (trans = false, A n×k) or
 * alpha·Aᵀ·A + beta·C (trans = true, A k×n). The other triangle is neither read nor written.
 * Runs the GEMM driver with op(B) = op(A)ᵀ and skips every micro-tile outside the triangle, so it does about half
 * the work of the equivalent GEMM; diagonal-straddling tiles are computed whole and written masked.
 */
public final class Dsyrk {
    private Dsyrk() {}

    public static void syrk(WorkerPool pool, VectorSupport vectors, boolean lower, boolean trans, int n, int k,
                            double alpha, double[] a, int lda, double beta, double[] c, int ldc) {
        // trans = false: C = A·Aᵀ, so op(A) = A and op(B) = Aᵀ; trans = true: C = Aᵀ·A, op(A) = Aᵀ, op(B) = A.
        PackedGemm.run(pool, MicroKernel.forSupport(vectors), lower ? PackedGemm.Part.LOWER : PackedGemm.Part.UPPER,
                trans, !trans, n, n, k, alpha, a, 0, lda, a, 0, lda, beta, c, 0, ldc);
    }
}
