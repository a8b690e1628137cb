package deeprf.backend.java.eigen;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernel for the column range of the lower-stored symmetric matrix-vector product (the memory-bound half
 * of the tridiagonalisation). Loaded only when {@code jdk.incubator.vector} is present; see {@link Tridiagonalizer}.
 */
final class VectorSymv {
    private VectorSymv() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

    /** Same contract as Tridiagonalizer.symvColumns. */
    static void columns(int m, double[] a, int aOff, int lda, double[] x, int xOff,
                        double[] y, int yOff, int j0, int j1) {
        int j = j0;
        for (; j + 4 <= j1; j += 4) {
            int c0 = aOff + j * lda, c1 = c0 + lda, c2 = c1 + lda, c3 = c2 + lda;
            double x0 = x[xOff + j], x1 = x[xOff + j + 1], x2 = x[xOff + j + 2], x3 = x[xOff + j + 3];
            double a00 = a[c0 + j], a10 = a[c0 + j + 1], a20 = a[c0 + j + 2], a30 = a[c0 + j + 3];
            double a11 = a[c1 + j + 1], a21 = a[c1 + j + 2], a31 = a[c1 + j + 3];
            double a22 = a[c2 + j + 2], a32 = a[c2 + j + 3];
            double a33 = a[c3 + j + 3];
            double s0 = a00 * x0 + a10 * x1 + a20 * x2 + a30 * x3;
            double s1 = a10 * x0 + a11 * x1 + a21 * x2 + a31 * x3;
            double s2 = a20 * x0 + a21 * x1 + a22 * x2 + a32 * x3;
            double s3 = a30 * x0 + a31 * x1 + a32 * x2 + a33 * x3;
            DoubleVector v0 = DoubleVector.zero(S), v1 = v0, v2 = v0, v3 = v0;
            DoubleVector bx0 = DoubleVector.broadcast(S, x0), bx1 = DoubleVector.broadcast(S, x1);
            DoubleVector bx2 = DoubleVector.broadcast(S, x2), bx3 = DoubleVector.broadcast(S, x3);
            int i = j + 4;
            int bound = i + S.loopBound(m - i);
            for (; i < bound; i += 4) {
                DoubleVector xi = DoubleVector.fromArray(S, x, xOff + i);
                DoubleVector b0 = DoubleVector.fromArray(S, a, c0 + i);
                DoubleVector b1 = DoubleVector.fromArray(S, a, c1 + i);
                DoubleVector b2 = DoubleVector.fromArray(S, a, c2 + i);
                DoubleVector b3 = DoubleVector.fromArray(S, a, c3 + i);
                DoubleVector yi = DoubleVector.fromArray(S, y, yOff + i);
                yi = b0.fma(bx0, yi);
                yi = b1.fma(bx1, yi);
                yi = b2.fma(bx2, yi);
                yi = b3.fma(bx3, yi);
                yi.intoArray(y, yOff + i);
                v0 = b0.fma(xi, v0);
                v1 = b1.fma(xi, v1);
                v2 = b2.fma(xi, v2);
                v3 = b3.fma(xi, v3);
            }
            for (; i < m; i++) {
                double xi = x[xOff + i];
                double b0 = a[c0 + i], b1 = a[c1 + i], b2 = a[c2 + i], b3 = a[c3 + i];
                y[yOff + i] += b0 * x0 + b1 * x1 + b2 * x2 + b3 * x3;
                s0 += b0 * xi;
                s1 += b1 * xi;
                s2 += b2 * xi;
                s3 += b3 * xi;
            }
            y[yOff + j] += s0 + LaneSum.of(v0);
            y[yOff + j + 1] += s1 + LaneSum.of(v1);
            y[yOff + j + 2] += s2 + LaneSum.of(v2);
            y[yOff + j + 3] += s3 + LaneSum.of(v3);
        }
        for (; j < j1; j++) {
            int c0 = aOff + j * lda;
            double x0 = x[xOff + j];
            double s = a[c0 + j] * x0;
            for (int i = j + 1; i < m; i++) {
                double b = a[c0 + i];
                y[yOff + i] += b * x0;
                s += b * x[xOff + i];
            }
            y[yOff + j] += s;
        }
    }
}
