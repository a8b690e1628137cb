package deeprf.backend.java.eigen;

import deeprf.backend.java.Dgemm;
import deeprf.backend.java.WorkerPool;

/**
 * Z ← Q·Z or Z ← Qᵀ·Z for the Q = H(0)···H(n−2) of {@link Tridiagonalizer} (LAPACK dormtr, side 'L', uplo 'L'),
 * with the reflectors in blocks of {@link #NB} as compact WY transforms H(b)···H(b+nb−1) = I − V·T·Vᵀ (dlarft,
 * forward, columnwise) applied by GEMMs (dlarfb): for Q the last block first, for Qᵀ the first block first with Tᵀ.
 */
final class BackTransformer {
    private BackTransformer() {}

    static final int NB = 128;

    /** Z ← Q·Z. a: the reduced matrix (reflectors below the subdiagonal), tau: their factors, z: n×ncols (ld n), updated. */
    static void apply(WorkerPool pool, int n, double[] a, double[] tau, double[] z, int ncols) {
        apply(pool, n, a, tau, z, ncols, false);
    }

    /** Z ← Q·Z, or Z ← Qᵀ·Z if {@code transpose}; arguments as {@link #apply(WorkerPool, int, double[], double[], double[], int)}. */
    static void apply(WorkerPool pool, int n, double[] a, double[] tau, double[] z, int ncols, boolean transpose) {
        int nr = n - 1;                       // reflectors H(0..n−2)
        if (nr <= 0) return;
        double[] v = new double[n * NB], t = new double[NB * NB], g = new double[NB * NB];
        double[] w = new double[NB * ncols], tw = new double[NB * ncols];
        int last = ((nr - 1) / NB) * NB;
        for (int b = transpose ? 0 : last; transpose ? b <= last : b >= 0; b += transpose ? NB : -NB) {
            int ib = Math.min(NB, nr - b);
            int r0 = b + 1, m = n - r0;     // rows touched
            // V explicit (m × ib): unit diagonal, zeros above
            for (int l = 0; l < ib; l++) {
                int vc = l * m;
                java.util.Arrays.fill(v, vc, vc + l, 0.0);
                v[vc + l] = 1;
                System.arraycopy(a, (b + l) * n + r0 + l + 1, v, vc + l + 1, m - l - 1);
            }
            // G = VᵀV on GEMM; T upper triangular: T(0:l, l) = −τ_l · T(0:l, 0:l) · G(0:l, l)
            Dgemm.gemm(pool, true, false, ib, ib, m, 1.0, v, 0, m, v, 0, m, 0.0, g, 0, NB);
            for (int l = 0; l < ib; l++) {
                double tl = tau[b + l];
                for (int p = 0; p < l; p++) t[p + l * NB] = 0;
                if (tl != 0) {
                    for (int p = 0; p < l; p++) t[p + l * NB] = -tl * g[p + l * NB];
                    for (int p = 0; p < l; p++) { // trmv: T(0:l,0:l) upper times the column, top-down in place
                        double sum = 0;
                        for (int q = p; q < l; q++) sum += t[p + q * NB] * t[q + l * NB];
                        t[p + l * NB] = sum;
                    }
                }
                t[l + l * NB] = tl;
            }
            // W = Vᵀ·Z(r0:n, :)   (ib × ncols)
            Dgemm.gemm(pool, true, false, ib, ncols, m, 1.0, v, 0, m, z, r0, n, 0.0, w, 0, ib);
            // TW = T·W (Tᵀ·W for Qᵀ: the block's transform transposed is I − V·Tᵀ·Vᵀ)
            Dgemm.gemm(pool, transpose, false, ib, ncols, ib, 1.0, triangular(t, ib), 0, ib, w, 0, ib, 0.0, tw, 0, ib);
            // Z(r0:n, :) −= V·TW
            Dgemm.gemm(pool, false, false, m, ncols, ib, -1.0, v, 0, m, tw, 0, ib, 1.0, z, r0, n);
        }
    }

    /** The ib×ib upper triangle of t (ld NB) as a dense ib×ib array with zeros below. */
    private static double[] triangular(double[] t, int ib) {
        double[] r = new double[ib * ib];
        for (int j = 0; j < ib; j++)
            for (int i = 0; i <= j; i++) r[i + j * ib] = t[i + j * NB];
        return r;
    }
}
