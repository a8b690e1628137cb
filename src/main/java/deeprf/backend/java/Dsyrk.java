package deeprf.backend.java;

/**
 * DSYRK on column-major arrays: one triangle of C ← alpha·A·Aᵀ + beta·C (trans = false, A n×k) or
 * alpha·Aᵀ·A + beta·C (trans = true, A k×n). The other triangle is not touched.
 */
public final class Dsyrk {
    private Dsyrk() {}

    public static void syrk(WorkerPool pool, boolean lower, boolean trans, int n, int k,
                            double alpha, double[] a, int lda, double beta, double[] c, int ldc) {
        pool.forRange(n, pool.grainFor(n, 8), (j0, j1) -> {
            for (int j = j0; j < j1; j++) {
                int i0 = lower ? j : 0, i1 = lower ? n : j + 1;
                int cj = j * ldc;
                for (int i = i0; i < i1; i++) {
                    double s = 0;
                    if (trans) {
                        int ai = i * lda, aj = j * lda;
                        for (int l = 0; l < k; l++) s += a[ai + l] * a[aj + l];
                    } else {
                        for (int l = 0; l < k; l++) s += a[i + l * lda] * a[j + l * lda];
                    }
                    c[cj + i] = (beta == 0 ? 0 : beta * c[cj + i]) + alpha * s;
                }
            }
        });
    }
}
