package deeprf.backend.java;

/**
 * DGEMM on column-major arrays: C ← alpha·op(A)·op(B) + beta·C, with op(X) = X or Xᵀ.
 * Packed Goto/BLIS blocking ({@link PackedGemm}) around a Vector API micro-kernel when {@code vectors} allows it,
 * a scalar one otherwise. beta = 0 overwrites C without reading it; alpha = 0 or k = 0 never reads A or B.
 * Results are bitwise identical for any thread count. C must not overlap A or B.
 */
public final class Dgemm {
    private Dgemm() {}

    public static void gemm(WorkerPool pool, VectorSupport vectors, boolean transA, boolean transB, int m, int n, int k,
                            double alpha, double[] a, int lda, double[] b, int ldb,
                            double beta, double[] c, int ldc) {
        gemm(pool, vectors, transA, transB, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, c, 0, ldc);
    }

    /**
     * The same on sub-matrices that start at an offset inside larger arrays (BLAS-style leading dimensions), as
     * blocked LAPACK-style algorithms need (e.g. the eigensolver's trailing updates): op(A) starts at a[aOff],
     * op(B) at b[bOff], C at c[cOff].
     */
    public static void gemm(WorkerPool pool, VectorSupport vectors, boolean transA, boolean transB, int m, int n, int k,
                            double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        PackedGemm.run(pool, MicroKernel.forSupport(vectors), PackedGemm.Part.ALL, transA, transB,
                m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * C ← alpha·op(A)·op(B) + beta·C on the lower triangle (diagonal included) of the square m×m C only; the strict
     * upper triangle is neither read nor written. A symmetric rank-2k update V·Wᵀ + W·Vᵀ is this product with
     * op(A) = [V W], op(B) = [W V]ᵀ (the eigensolver's tridiagonalisation), at about half a full GEMM's cost.
     */
    public static void gemmLower(WorkerPool pool, boolean transA, boolean transB, int m, int k,
                                 double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                 double beta, double[] c, int cOff, int ldc) {
        PackedGemm.run(pool, MicroKernel.forSupport(VectorSupport.detect()), PackedGemm.Part.LOWER, transA, transB,
                m, m, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** As above with the kernel path detected here ({@link VectorSupport#detect()}); prefer passing the backend's. */
    public static void gemm(WorkerPool pool, boolean transA, boolean transB, int m, int n, int k,
                            double alpha, double[] a, int lda, double[] b, int ldb,
                            double beta, double[] c, int ldc) {
        gemm(pool, VectorSupport.detect(), transA, transB, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, c, 0, ldc);
    }

    /** As above with the kernel path detected here ({@link VectorSupport#detect()}); prefer passing the backend's. */
    public static void gemm(WorkerPool pool, boolean transA, boolean transB, int m, int n, int k,
                            double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        gemm(pool, VectorSupport.detect(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
}
