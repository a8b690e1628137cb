package deeprf.backend.java.eigen;

import deeprf.backend.NumericalException;

/**
 * Implicit QL with Wilkinson-type shifts on a symmetric tridiagonal matrix (EISPACK tql1/tql2): the values-only
 * path and the small leaf problems of divide and conquer. Iterations are capped: a failure names the eigenvalue
 * index and the off-diagonal residual.
 */
final class TridiagonalQL {
    private TridiagonalQL() {}

    private static final int MAX_ITER_PER_VALUE = 60;
    private static final double EPS = 0x1p-52;

    /**
     * Eigenvalues (and, if z != null, eigenvectors) of the tridiagonal with diagonal d[dOff..dOff+n) and
     * subdiagonal e[eOff..eOff+n−1); e is destroyed (needs one extra slot e[eOff+n−1]). If z is given, the
     * rotations are applied to columns zCol0.. of the n-row block starting at z[zOff] (leading dimension ldz),
     * which should hold the identity (for T's eigenvectors) or a basis to update. Values are not sorted.
     */
    static void solve(int n, double[] d, int dOff, double[] e, int eOff, double[] z, int zOff, int ldz) {
        solve(n, d, dOff, e, eOff, z, zOff, ldz, MAX_ITER_PER_VALUE);
    }

    /** As above with the iteration cap per eigenvalue given (the tests lower it to reach the failure report). */
    static void solve(int n, double[] d, int dOff, double[] e, int eOff, double[] z, int zOff, int ldz, int maxIter) {
        if (n <= 1) return;
        e[eOff + n - 1] = 0;
        double f = 0, tst1 = 0;
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[dOff + l]) + Math.abs(e[eOff + l]));
            int m = l;
            while (m < n - 1 && Math.abs(e[eOff + m]) > EPS * tst1) m++;
            if (m > l) {
                int iter = 0;
                do {
                    if (++iter > maxIter)
                        throw new NumericalException("syevd: implicit QL did not converge for eigenvalue index " + l
                                + " of a tridiagonal block of order " + n + " after " + maxIter
                                + " iterations (off-diagonal residual " + Math.abs(e[eOff + l]) + ", threshold "
                                + EPS * tst1 + ")");
                    double g = d[dOff + l];
                    double p = (d[dOff + l + 1] - g) / (2.0 * e[eOff + l]);
                    double r = Householder.hypot(p, 1.0);
                    if (p < 0) r = -r;
                    d[dOff + l] = e[eOff + l] / (p + r);
                    d[dOff + l + 1] = e[eOff + l] * (p + r);
                    double dl1 = d[dOff + l + 1];
                    double h = g - d[dOff + l];
                    for (int i = l + 2; i < n; i++) d[dOff + i] -= h;
                    f += h;
                    p = d[dOff + m];
                    double c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
                    double el1 = e[eOff + l + 1];
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        double ei = e[eOff + i];
                        g = c * ei;
                        h = c * p;
                        r = Householder.hypot(p, ei);
                        e[eOff + i + 1] = s * r;
                        s = ei / r;
                        c = p / r;
                        p = c * d[dOff + i] - s * g;
                        d[dOff + i + 1] = h + s * (c * g + s * d[dOff + i]);
                        if (z != null) {
                            int ci = zOff + i * ldz, ci1 = ci + ldz;
                            for (int k = 0; k < n; k++) {
                                double zk1 = z[ci1 + k], zk = z[ci + k];
                                z[ci1 + k] = s * zk + c * zk1;
                                z[ci + k] = c * zk - s * zk1;
                            }
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[eOff + l] / dl1;
                    e[eOff + l] = s * p;
                    d[dOff + l] = c * p;
                } while (Math.abs(e[eOff + l]) > EPS * tst1);
            }
            d[dOff + l] += f;
            e[eOff + l] = 0;
        }
    }
}
