package deeprf.backend.java;

/**
 * DGEMM on column-major arrays: C ← alpha·op(A)·op(B) + beta·C, with op(X) = X or Xᵀ.
 * Packed Goto/BLIS blocking ({@link PackedGemm}) around a Vector API micro-kernel when {@code vectors} allows it,
 * a scalar one otherwise. beta = 0 overwrites C without reading it. Bitwise identical for any thread count.
 */
public final class Dgemm {
    private Dgemm() {}

    public static void gemm(WorkerPool pool, VectorSupport vectors, boolean transA, boolean transB, int m, int n, int k,
                            double alpha, double[] a, int lda, double[] b, int ldb,
                            double beta, double[] c, int ldc) {
        PackedGemm.run(pool, MicroKernel.forSupport(vectors), PackedGemm.Part.ALL, transA, transB,
                m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }
}
