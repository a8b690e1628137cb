package deeprf.backend.java.eigen;

import deeprf.backend.NumericalException;
import deeprf.backend.java.WorkerPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The tridiagonal stages on their own: divide and conquer on deflation-heavy tridiagonals, the secular solver. */
class DivideAndConquerTest {
    static final WorkerPool POOL = new WorkerPool(1);

    @AfterAll
    static void close() { POOL.close(); }

    /** Runs D&C on (d, e) and checks the invariants against the dense tridiagonal. */
    static double[] check(String what, double[] d, double[] e) {
        int n = d.length;
        double[] dd = d.clone(), ee = new double[n], q = new double[n * n];
        System.arraycopy(e, 0, ee, 0, n - 1);
        DivideAndConquer.solve(POOL, n, dd, ee, q);
        return SymmetricEigenSolverTest.checkDecomposition(what, n, EigenTestMatrices.tridiagonal(d, e), q, dd);
    }

    @Test
    void constantDiagonalWithTinyCouplings() {
        // every merge deflates almost everything: equal poles, z below the tolerance
        int n = 300;
        double[] d = new double[n], e = new double[n - 1];
        java.util.Arrays.fill(d, 2.0);
        for (int i = 0; i < n - 1; i++) e[i] = i % 7 == 0 ? 1e-15 : 1e-9;
        check("constant diagonal, tiny couplings", d, e);
    }

    @Test
    void toeplitzOneTwoOne() {
        int n = 500;
        double[] d = new double[n], e = new double[n - 1];
        java.util.Arrays.fill(d, 2.0);
        java.util.Arrays.fill(e, -1.0);
        double[] w = check("toeplitz (−1, 2, −1)", d, e);
        for (int k = 1; k <= n; k++) {   // exact eigenvalues 2 − 2cos(kπ/(n+1))
            double exact = 2 - 2 * Math.cos(k * Math.PI / (n + 1));
            assertEquals(exact, w[k - 1], 8 * n * 0x1p-52 * 4, "eigenvalue " + k);
        }
    }

    @Test
    void clusteredRandomTridiagonal() {
        int n = 400;
        Random r = new Random(8);
        double[] d = new double[n], e = new double[n - 1];
        for (int i = 0; i < n; i++) d[i] = (i % 4) + 1e-12 * r.nextGaussian();
        for (int i = 0; i < n - 1; i++) e[i] = (i % 50 == 49) ? 1e-13 : 1e-6 * r.nextGaussian();
        check("clustered tridiagonal", d, e);
    }

    @Test
    void parallelHalvesGiveTheSameBitsOnDeflationHeavyInput() {
        // n ≥ PARALLEL_HALVES_MIN: the top halves (and theirs) run as parallel tasks with 2 threads; clusters and
        // tiny couplings make deflation, Givens rotations across the halves and split blocks happen inside them
        int n = 2 * DivideAndConquer.PARALLEL_HALVES_MIN + 37;
        Random r = new Random(12);
        double[] d = new double[n], e = new double[n];
        for (int i = 0; i < n; i++) d[i] = (i % 5) + 1e-11 * r.nextGaussian();
        for (int i = 0; i < n - 1; i++) e[i] = (i % 97 == 96) ? 0 : (i % 3 == 0 ? 1e-14 : r.nextGaussian());
        double[] d1 = d.clone(), e1 = e.clone(), q1 = new double[n * n];
        double[] d2 = d.clone(), e2 = e.clone(), q2 = new double[n * n];
        DivideAndConquer.solve(POOL, n, d1, e1, q1);
        try (WorkerPool two = new WorkerPool(2)) {
            DivideAndConquer.solve(two, n, d2, e2, q2);
        }
        assertArrayEquals(d1, d2, 0.0);
        assertArrayEquals(q1, q2, 0.0);
        double[] eOff = new double[n - 1];
        System.arraycopy(e, 0, eOff, 0, n - 1);
        SymmetricEigenSolverTest.checkDecomposition("deflation-heavy tridiagonal, 2 threads", n,
                EigenTestMatrices.tridiagonal(d, eOff), q2, d2);
    }

    @Test
    void secularRootsInterlaceAndKeepAccurateGaps() {
        Random r = new Random(3);
        int k = 60;
        double[] d = new double[k], z = new double[k];
        for (int i = 0; i < k; i++) {
            d[i] = i + (i % 3 == 0 ? 1e-13 : 0.5) * r.nextDouble();
            z[i] = r.nextGaussian();
        }
        java.util.Arrays.sort(d);
        double nz = Householder.nrm2(k, z, 0);
        for (int i = 0; i < k; i++) z[i] /= nz;
        double rho = 0.7;
        double[] delta = new double[k];
        for (int j = 0; j < k; j++) {
            double lam = SecularEquation.root(k, d, z, rho, j, delta, 0);
            assertTrue(lam > d[j] && (j == k - 1 ? lam <= d[j] + rho : lam < d[j + 1]), "root " + j + " outside its interval");
            for (int i = 0; i < k; i++) assertEquals(d[i] - lam, delta[i], 4 * 0x1p-52 * (Math.abs(d[i]) + Math.abs(lam)));
            assertEquals(-1 / rho, secularSum(d, z, delta), 1e-10 / rho * 1e3, "f(root) for root " + j);
        }
    }

    private static double secularSum(double[] d, double[] z, double[] delta) {
        double s = 0;
        for (int i = 0; i < d.length; i++) s += z[i] * z[i] / delta[i];
        return s;
    }

    @Test
    void secularSolverStopsWithAnExceptionNotALoop() {
        double[] d = {0, 1, 2}, z = {Double.NaN, 0.5, 0.5};
        NumericalException ex = assertThrows(NumericalException.class,
                () -> SecularEquation.root(3, d, z, 1.0, 1, new double[3], 0));
        assertTrue(ex.getMessage().contains("root 1") && ex.getMessage().contains("residual"), ex.getMessage());
    }

    @Test
    void qlIterationCapIsReportedWithIndexAndResidual() {
        // the 1-2-1 Toeplitz tridiagonal needs more than one QL sweep for some eigenvalue: a cap of one must stop with
        // a NumericalException naming the index and the off-diagonal residual, not loop or return garbage
        int n = 8;
        double[] d = new double[n], e = new double[n];
        java.util.Arrays.fill(d, 2);
        java.util.Arrays.fill(e, 0, n - 1, 1);
        NumericalException ex = assertThrows(NumericalException.class,
                () -> TridiagonalQL.solve(n, d, 0, e, 0, null, 0, 0, 1));
        assertTrue(ex.getMessage().matches(".*eigenvalue index [0-7] .*off-diagonal residual [0-9.E-]+,.*"),
                ex.getMessage());
    }
}
