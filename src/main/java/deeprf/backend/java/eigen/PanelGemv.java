package deeprf.backend.java.eigen;

/**
 * The two skinny matrix-vector products of the tridiagonalisation's panel (dlatrd's dgemv calls), on a block of
 * columns X (m rows, nc ≤ {@link Tridiagonalizer#NB} columns, leading dimension ldx): y ← y − X·c and t ← Xᵀ·v.
 * Four columns per pass over y or v, so the vector is streamed nc/4 times instead of nc times. The Vector API
 * versions ({@link VectorPanelGemv}) run when the incubator module is present, the scalar ones otherwise.
 */
final class PanelGemv {
    private PanelGemv() {}

    private static final boolean VECTOR = deeprf.backend.java.VectorSupport.detect().enabled();

    /** y[yOff..yOff+m) −= Σ_l X[:, l]·c[l], X's column l at x[xOff + l·ldx]. */
    static void minusGemv(int m, int nc, double[] x, int xOff, int ldx, double[] c, double[] y, int yOff) {
        if (VECTOR) {
            VectorPanelGemv.minusGemv(m, nc, x, xOff, ldx, c, y, yOff);
            return;
        }
        int l = 0;
        for (; l + 4 <= nc; l += 4) {
            int o0 = xOff + l * ldx, o1 = o0 + ldx, o2 = o1 + ldx, o3 = o2 + ldx;
            double c0 = c[l], c1 = c[l + 1], c2 = c[l + 2], c3 = c[l + 3];
            for (int r = 0; r < m; r++)
                y[yOff + r] -= (x[o0 + r] * c0 + x[o1 + r] * c1) + (x[o2 + r] * c2 + x[o3 + r] * c3);
        }
        for (; l < nc; l++) {
            int o = xOff + l * ldx;
            double cl = c[l];
            for (int r = 0; r < m; r++) y[yOff + r] -= x[o + r] * cl;
        }
    }

    /** t[l] = Σ_r X[r, l]·v[vOff + r] for l < nc. */
    static void gemvT(int m, int nc, double[] x, int xOff, int ldx, double[] v, int vOff, double[] t) {
        if (VECTOR) {
            VectorPanelGemv.gemvT(m, nc, x, xOff, ldx, v, vOff, t);
            return;
        }
        for (int l = 0; l < nc; l++) t[l] = Householder.dot(m, x, xOff + l * ldx, v, vOff);
    }
}
