package deeprf.backend.java.eigen;

import java.util.Arrays;

/** Cyclic Jacobi (the java backend's former placeholder): slow but simple and accurate; a test oracle for small n. */
final class JacobiOracle {
    private JacobiOracle() {}

    /** Ascending eigenvalues of the symmetric matrix whose lower triangle is in a (column-major, not modified). */
    static double[] values(int n, double[] lower) {
        double[] a = lower.clone();
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++) a[j + i * n] = a[i + j * n];
        for (int sweep = 0; sweep < 100; sweep++) {
            int rotations = 0;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p + q * n], app = a[p + p * n], aqq = a[q + q * n];
                    if (Math.abs(apq) <= 0x1p-53 * Math.sqrt(Math.abs(app) * Math.abs(aqq))
                            || Math.abs(apq) < Double.MIN_NORMAL) continue;
                    rotations++;
                    double theta = (aqq - app) / (2 * apq);
                    double t = theta == 0 ? 1 : Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double cs = 1 / Math.sqrt(t * t + 1), sn = t * cs;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k + p * n], akq = a[k + q * n];
                        a[k + p * n] = cs * akp - sn * akq;
                        a[k + q * n] = sn * akp + cs * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p + k * n], aqk = a[q + k * n];
                        a[p + k * n] = cs * apk - sn * aqk;
                        a[q + k * n] = sn * apk + cs * aqk;
                    }
                }
            if (rotations == 0) break;
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = a[i + i * n];
        Arrays.sort(d);
        return d;
    }
}
