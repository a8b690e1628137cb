package deeprf.backend.java;

/**
 * DGEMM on column-major arrays: C ← alpha·op(A)·op(B) + beta·C.
 * (Straightforward column-oriented implementation; the packed Vector API kernel replaces its body.)
 */
public final class Dgemm {
    private Dgemm() {}

    public static void gemm(WorkerPool pool, boolean transA, boolean transB, int m, int n, int k,
                            double alpha, double[] a, int lda, double[] b, int ldb,
                            double beta, double[] c, int ldc) {
        gemm(pool, transA, transB, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, c, 0, ldc);
    }

    /**
     * The same on sub-matrices that start at an offset inside larger arrays (BLAS-style leading dimensions), as
     * blocked LAPACK-style algorithms need (e.g. the eigensolver's trailing updates): op(A) starts at a[aOff],
     * op(B) at b[bOff], C at c[cOff].
     */
    public static void gemm(WorkerPool pool, boolean transA, boolean transB, int m, int n, int k,
                            double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        pool.forRange(n, pool.grainFor(n, 8), (j0, j1) -> {
            for (int j = j0; j < j1; j++) {
                int cj = cOff + j * ldc;
                if (beta == 0) for (int i = 0; i < m; i++) c[cj + i] = 0;
                else if (beta != 1) for (int i = 0; i < m; i++) c[cj + i] *= beta;
                if (alpha == 0) continue;
                for (int l = 0; l < k; l++) {
                    double blj = alpha * (transB ? b[bOff + j + l * ldb] : b[bOff + l + j * ldb]);
                    if (blj == 0) continue;
                    if (!transA) {
                        int al = aOff + l * lda;
                        for (int i = 0; i < m; i++) c[cj + i] += a[al + i] * blj;
                    } else {
                        for (int i = 0; i < m; i++) c[cj + i] += a[aOff + l + i * lda] * blj;
                    }
                }
            }
        });
    }
}
