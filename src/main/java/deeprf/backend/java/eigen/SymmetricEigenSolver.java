package deeprf.backend.java.eigen;

import deeprf.backend.NumericalException;
import deeprf.backend.java.WorkerPool;

/**
 * Symmetric eigendecomposition for the java backend (the seam the fast solver plugs into).
 * Current algorithm: cyclic Jacobi, accurate but O(n³) per sweep; to be replaced by tridiagonalisation + divide and
 * conquer (issue 7).
 */
public final class SymmetricEigenSolver {
    private SymmetricEigenSolver() {}

    /**
     * Reads the lower triangle of column-major a (n×n); writes ascending eigenvalues to w; if vectors, overwrites a
     * with the eigenvectors as columns, otherwise a is destroyed.
     */
    public static void solve(WorkerPool pool, int n, double[] a, double[] w, boolean vectors) {
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++) {
                double v = a[i + j * n];
                if (!Double.isFinite(v))
                    throw new NumericalException("syevd: input has a non-finite entry " + v + " at (" + i + "," + j + ")");
                a[j + i * n] = v;
            }
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) v[i + i * n] = 1;
        int sweep;
        for (sweep = 0; sweep < 100; sweep++) {
            int rotations = 0;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p + q * n];
                    double app = a[p + p * n], aqq = a[q + q * n];
                    // negligible against both diagonal entries (or underflowing): skip, as in LAPACK's dsyevj
                    if (Math.abs(apq) <= 0x1p-53 * Math.sqrt(Math.abs(app) * Math.abs(aqq)) || Math.abs(apq) < Double.MIN_NORMAL) continue;
                    rotations++;
                    double theta = (aqq - app) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double cs = 1 / Math.sqrt(t * t + 1), sn = t * cs;
                    for (int k = 0; k < n; k++) {   // columns p, q
                        double akp = a[k + p * n], akq = a[k + q * n];
                        a[k + p * n] = cs * akp - sn * akq;
                        a[k + q * n] = sn * akp + cs * akq;
                    }
                    for (int k = 0; k < n; k++) {   // rows p, q
                        double apk = a[p + k * n], aqk = a[q + k * n];
                        a[p + k * n] = cs * apk - sn * aqk;
                        a[q + k * n] = sn * apk + cs * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k + p * n], vkq = v[k + q * n];
                        v[k + p * n] = cs * vkp - sn * vkq;
                        v[k + q * n] = sn * vkp + cs * vkq;
                    }
                }
            if (rotations == 0) break;
        }
        if (sweep == 100) throw new NumericalException("syevd: Jacobi did not converge in 100 sweeps (n=" + n + ")");
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = a[i + i * n];
        java.util.Arrays.sort(order, (x, y) -> Double.compare(d[x], d[y]));
        for (int i = 0; i < n; i++) w[i] = d[order[i]];
        if (vectors)
            for (int j = 0; j < n; j++) System.arraycopy(v, order[j] * n, a, j * n, n);
    }
}
