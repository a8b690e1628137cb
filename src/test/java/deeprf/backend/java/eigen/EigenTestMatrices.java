package deeprf.backend.java.eigen;

import java.util.Random;

/** Test matrices for the eigensolver (column-major, full symmetric storage). */
final class EigenTestMatrices {
    private EigenTestMatrices() {}

    static double[] gaussianSymmetric(int n, long seed) {
        Random r = new Random(seed);
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++) {
                double v = r.nextGaussian();
                a[i + j * n] = v;
                a[j + i * n] = v;
            }
        return a;
    }

    /** A random orthogonal matrix (product of n Householder reflectors from Gaussian vectors). */
    static double[] randomOrthogonal(int n, long seed) {
        Random r = new Random(seed);
        double[] q = new double[n * n];
        for (int i = 0; i < n; i++) q[i + i * n] = 1;
        double[] v = new double[n];
        for (int k = 0; k < Math.min(n, 64); k++) {   // 64 random reflectors are plenty to mix the basis
            double s = 0;
            for (int i = 0; i < n; i++) {
                v[i] = r.nextGaussian();
                s += v[i] * v[i];
            }
            double f = 2 / s;
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += v[i] * q[i + j * n];
                dot *= f;
                for (int i = 0; i < n; i++) q[i + j * n] -= dot * v[i];
            }
        }
        return q;
    }

    /** Q·diag(lambda)·Qᵀ for a random orthogonal Q. */
    static double[] withSpectrum(double[] lambda, long seed) {
        int n = lambda.length;
        double[] q = randomOrthogonal(n, seed);
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += q[i + k * n] * lambda[k] * q[j + k * n];
                a[i + j * n] = s;
                a[j + i * n] = s;
            }
        return a;
    }

    /** Tridiagonal (diagonal d, off-diagonal e) as a dense matrix. */
    static double[] tridiagonal(double[] d, double[] e) {
        int n = d.length;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) a[i + i * n] = d[i];
        for (int i = 0; i + 1 < n; i++) {
            a[i + 1 + i * n] = e[i];
            a[i + (i + 1) * n] = e[i];
        }
        return a;
    }

    /** `copies` Wilkinson W21+ matrices glued along the diagonal by off-diagonal entries `glue`. */
    static double[][] gluedWilkinson(int copies, double glue) {
        int m = 21, n = m * copies;
        double[] d = new double[n], e = new double[n - 1];
        for (int c = 0; c < copies; c++)
            for (int i = 0; i < m; i++) {
                d[c * m + i] = Math.abs(10 - i);
                if (i < m - 1) e[c * m + i] = 1;
            }
        for (int c = 1; c < copies; c++) e[c * m - 1] = glue;
        return new double[][] {d, e};
    }

    /** Gram matrix XᵀX/rows of random features X = tanh(G·W/√d) (rows × n), G rows×d and W d×n Gaussian. */
    static double[] randomFeatureGram(int rows, int d, int n, long seed) {
        Random r = new Random(seed);
        double[] g = new double[rows * d], w = new double[d * n];
        for (int i = 0; i < g.length; i++) g[i] = r.nextGaussian();
        for (int i = 0; i < w.length; i++) w[i] = r.nextGaussian();
        double[] x = new double[rows * n];
        double sc = 1 / Math.sqrt(d);
        for (int j = 0; j < n; j++)
            for (int l = 0; l < d; l++) {
                double wlj = w[l + j * d] * sc;
                for (int i = 0; i < rows; i++) x[i + j * rows] += g[i + l * rows] * wlj;
            }
        for (int i = 0; i < x.length; i++) x[i] = Math.tanh(x[i]);
        return gram(x, rows, n);
    }

    /** XᵀX/rows for X rows×n. */
    static double[] gram(double[] x, int rows, int n) {
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++) {
                double s = 0;
                for (int l = 0; l < rows; l++) s += x[l + i * rows] * x[l + j * rows];
                a[i + j * n] = s / rows;
                a[j + i * n] = s / rows;
            }
        return a;
    }
}
