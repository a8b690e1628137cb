package deeprf.backend.java.eigen;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels of {@link PanelGemv}. Loaded only when {@code jdk.incubator.vector} is present.
 */
final class VectorPanelGemv {
    private VectorPanelGemv() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private static final int L = 4;

    /** Same contract as PanelGemv.minusGemv. */
    static void minusGemv(int m, int nc, double[] x, int xOff, int ldx, double[] c, double[] y, int yOff) {
        int l = 0;
        int bound = S.loopBound(m);
        for (; l + 4 <= nc; l += 4) {
            int o0 = xOff + l * ldx, o1 = o0 + ldx, o2 = o1 + ldx, o3 = o2 + ldx;
            double c0 = c[l], c1 = c[l + 1], c2 = c[l + 2], c3 = c[l + 3];
            DoubleVector b0 = DoubleVector.broadcast(S, c0), b1 = DoubleVector.broadcast(S, c1);
            DoubleVector b2 = DoubleVector.broadcast(S, c2), b3 = DoubleVector.broadcast(S, c3);
            int r = 0;
            for (; r < bound; r += L) {
                DoubleVector s = DoubleVector.fromArray(S, x, o0 + r).mul(b0);
                s = DoubleVector.fromArray(S, x, o1 + r).fma(b1, s);
                s = DoubleVector.fromArray(S, x, o2 + r).fma(b2, s);
                s = DoubleVector.fromArray(S, x, o3 + r).fma(b3, s);
                DoubleVector.fromArray(S, y, yOff + r).sub(s).intoArray(y, yOff + r);
            }
            for (; r < m; r++)
                y[yOff + r] -= Math.fma(x[o3 + r], c3, Math.fma(x[o2 + r], c2, Math.fma(x[o1 + r], c1, x[o0 + r] * c0)));
        }
        for (; l < nc; l++) {
            int o = xOff + l * ldx;
            double cl = c[l];
            DoubleVector bl = DoubleVector.broadcast(S, cl);
            int r = 0;
            for (; r < bound; r += L)
                DoubleVector.fromArray(S, y, yOff + r).sub(DoubleVector.fromArray(S, x, o + r).mul(bl)).intoArray(y, yOff + r);
            for (; r < m; r++) y[yOff + r] -= x[o + r] * cl;
        }
    }

    /** Same contract as PanelGemv.gemvT. */
    static void gemvT(int m, int nc, double[] x, int xOff, int ldx, double[] v, int vOff, double[] t) {
        int l = 0;
        int bound = S.loopBound(m);
        for (; l + 4 <= nc; l += 4) {
            int o0 = xOff + l * ldx, o1 = o0 + ldx, o2 = o1 + ldx, o3 = o2 + ldx;
            DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            int r = 0;
            for (; r < bound; r += L) {
                DoubleVector vr = DoubleVector.fromArray(S, v, vOff + r);
                s0 = DoubleVector.fromArray(S, x, o0 + r).fma(vr, s0);
                s1 = DoubleVector.fromArray(S, x, o1 + r).fma(vr, s1);
                s2 = DoubleVector.fromArray(S, x, o2 + r).fma(vr, s2);
                s3 = DoubleVector.fromArray(S, x, o3 + r).fma(vr, s3);
            }
            double t0 = LaneSum.of(s0), t1 = LaneSum.of(s1);
            double t2 = LaneSum.of(s2), t3 = LaneSum.of(s3);
            for (; r < m; r++) {
                double vr = v[vOff + r];
                t0 += x[o0 + r] * vr;
                t1 += x[o1 + r] * vr;
                t2 += x[o2 + r] * vr;
                t3 += x[o3 + r] * vr;
            }
            t[l] = t0;
            t[l + 1] = t1;
            t[l + 2] = t2;
            t[l + 3] = t3;
        }
        for (; l < nc; l++) {
            int o = xOff + l * ldx;
            DoubleVector s = DoubleVector.zero(S);
            int r = 0;
            for (; r < bound; r += L) s = DoubleVector.fromArray(S, x, o + r).fma(DoubleVector.fromArray(S, v, vOff + r), s);
            double tl = LaneSum.of(s);
            for (; r < m; r++) tl += x[o + r] * v[vOff + r];
            t[l] = tl;
        }
    }
}
