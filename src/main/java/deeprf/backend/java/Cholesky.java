package deeprf.backend.java;

import deeprf.backend.NumericalException;

/** Cholesky factorisation A = L·Lᵀ (lower triangle, column-major) and the two triangular solves. */
final class Cholesky {
    private Cholesky() {}

    /** Overwrites the lower triangle of a (n×n) with L; throws when a leading minor is not positive. */
    static void factor(int n, double[] a) {
        for (int j = 0; j < n; j++) {
            int cj = j * n;
            double d = a[cj + j];
            for (int l = 0; l < j; l++) d -= a[j + l * n] * a[j + l * n];
            if (!(d > 0) || !Double.isFinite(d))
                throw new NumericalException("posv: matrix is not positive definite (leading minor of order " + (j + 1)
                        + " has pivot " + d + ")");
            double ljj = Math.sqrt(d);
            a[cj + j] = ljj;
            for (int l = 0; l < j; l++) {
                double ajl = a[j + l * n];
                if (ajl == 0) continue;
                int cl = l * n;
                for (int i = j + 1; i < n; i++) a[cj + i] -= a[cl + i] * ajl;
            }
            double inv = 1.0 / ljj;
            for (int i = j + 1; i < n; i++) a[cj + i] *= inv;
        }
    }

    /** Solves L·Lᵀ·X = B in place for the nrhs columns of b (n×nrhs). */
    static void solve(int n, double[] l, double[] b, int nrhs) {
        for (int r = 0; r < nrhs; r++) {
            int off = r * n;
            for (int j = 0; j < n; j++) {                 // L y = b
                double yj = b[off + j] / l[j + j * n];
                b[off + j] = yj;
                int cj = j * n;
                for (int i = j + 1; i < n; i++) b[off + i] -= l[cj + i] * yj;
            }
            for (int j = n - 1; j >= 0; j--) {            // Lᵀ x = y
                int cj = j * n;
                double s = b[off + j];
                for (int i = j + 1; i < n; i++) s -= l[cj + i] * b[off + i];
                b[off + j] = s / l[cj + j];
            }
        }
    }
}
