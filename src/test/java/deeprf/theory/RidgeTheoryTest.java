package deeprf.theory;

import deeprf.backend.Backend;
import deeprf.backend.Matrix;
import deeprf.backend.java.JavaBackend;
import deeprf.random.Philox;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RidgeTheoryTest {

    /** A power-law spectrum with a target spread over it. */
    static double[] spectrum(int p) {
        double[] w = new double[p];
        for (int i = 0; i < p; i++) w[i] = Math.pow(i + 1, -0.7) + 0.05;
        return w;
    }

    /** The theory on {@link #spectrum}(p), the target spread evenly over every direction, residual and noise variance 0.1. */
    static RidgeTheory flatTarget(int p) {
        double[] proj = new double[p];
        java.util.Arrays.fill(proj, 1.0 / p);
        return RidgeTheory.ofTarget("test", spectrum(p), proj, 0.1, 0.1);
    }

    static double[] target(int p, long seed) {
        double[] b = new double[p];
        double s = 0;
        for (int i = 0; i < p; i++) { b[i] = Philox.gaussian(seed, 7, i); s += b[i] * b[i]; }
        for (int i = 0; i < p; i++) b[i] /= Math.sqrt(s);
        return b;
    }

    /**
     * The authors' own form (feature-ridge-regression, regression.py genErrRMT), unnormalised λ = nλ': the m fixed
     * point and its error formula: an independent algorithm for the same deterministic equivalent.
     */
    static double authorsForm(double[] omega, double[] psiProj2, double sigmaY2, double n, double lambdaCanonical) {
        double lam = n * lambdaCanonical, m = 1 / lam;
        for (int it = 0; it < 100000; it++) {
            double s = 0;
            for (double w : omega) s += w / (n * m * w + 1);
            double next = 1 / (lam + s);
            if (Math.abs(next - m) <= 1e-15 * m) { m = next; break; }
            m = 0.5 * m + 0.5 * next;
        }
        double num = 0, den = 0;
        for (int i = 0; i < omega.length; i++) {
            double mi = 1 / (n * lam * m * omega[i] + lam);
            num += psiProj2[i] * (mi + lam * mi * mi);
            den += omega[i] * omega[i] * mi * mi;
        }
        return (sigmaY2 - n * lam * m * num) / (1 - n * m * m * lam * lam * den);
    }

    @Test
    void agreesWithTheAuthorsFixedPointForm() {
        int p = 60;
        double[] w = spectrum(p), beta = target(p, 1), psi2 = new double[p];
        double sigmaY2 = 0.2;
        for (int i = 0; i < p; i++) { psi2[i] = Math.pow(w[i] * beta[i], 2); sigmaY2 += w[i] * beta[i] * beta[i]; }
        RidgeTheory t = RidgeTheory.ofCrossCovariance("test", w, psi2, sigmaY2, 0.2);
        for (double n : new double[]{25, 60, 140})
            for (double lam : new double[]{1e-3, 0.05, 2}) {
                RidgeTheory.Point pt = t.at(n, lam);
                double ref = authorsForm(w, psi2, sigmaY2, n, lam);
                assertEquals(ref, pt.testNoisy(), 1e-9 * ref, "n=" + n + " lambda=" + lam);
                assertEquals(pt.testNoisy() - 0.2, pt.testClean(), 1e-15);
                // the κ equation holds
                assertEquals(lam, pt.kappa() * (1 - pt.df1() / n), 1e-12 * Math.max(lam, 1e-3));
                assertEquals(Math.pow(lam / pt.kappa(), 2) * pt.testNoisy(), pt.train(), 1e-12 * pt.testNoisy());
            }
    }

    @Test
    void ridgelessClosedForms() {
        int p = 40;
        double[] w = spectrum(p), beta = target(p, 2);
        double[] proj = new double[p];
        for (int i = 0; i < p; i++) proj[i] = beta[i] * beta[i];
        RidgeTheory t = RidgeTheory.ofTarget("test", w, proj, 0.3, 0.3);
        // under-parametrised: no bias, variance σ² rank/(n − rank); train (1 − rank/n)² E_test
        RidgeTheory.Point u = t.at(100, 0);
        assertEquals(0, u.kappa());
        assertEquals(0.3 * 40 / 60.0, u.variance(), 1e-14);
        assertEquals(0.3 + 0.3 * 40 / 60.0, u.testNoisy(), 1e-14);
        assertEquals(Math.pow(0.6, 2) * u.testNoisy(), u.train(), 1e-14);
        // the ridgeless limit is continuous: λ' = 1e-10 is within 1e-7 of λ' = 0 on both sides of the peak
        for (double n : new double[]{20, 100}) {
            RidgeTheory.Point z = t.at(n, 0), e = t.at(n, 1e-10);
            assertEquals(z.testNoisy(), e.testNoisy(), 1e-7 * z.testNoisy(), "n=" + n);
            assertEquals(z.train(), e.train(), 1e-7, "n=" + n);
        }
        // over-parametrised: κ0 solves df1 = n and the training error is 0
        RidgeTheory.Point o = t.at(20, 0);
        assertEquals(20, o.df1(), 1e-10);
        assertEquals(0, o.train(), 1e-20);
        // interpolation peak
        assertEquals(Double.POSITIVE_INFINITY, t.at(40, 0).testNoisy());
    }

    @Test
    void largeRidgeLearnsNothing() {
        int p = 30;
        double[] w = spectrum(p), beta = target(p, 3), proj = new double[p];
        double explained = 0;
        for (int i = 0; i < p; i++) { proj[i] = beta[i] * beta[i]; explained += w[i] * proj[i]; }
        RidgeTheory t = RidgeTheory.ofTarget("test", w, proj, 0.1, 0.04);
        RidgeTheory.Point pt = t.at(50, 1e9);
        assertEquals(explained + 0.1, pt.testNoisy(), 1e-7);
        assertEquals(explained + 0.06, pt.testClean(), 1e-7);
        assertEquals(explained, t.explainedVariance(), 1e-15);
    }

    /**
     * At large λ' the κ equation's upper bracket end λ' + tr/n has f ≈ +1e-8, below the rounding of h(κ) ≈ λ' (the
     * new-user case: p = 50, n = 100, λ' = 1e8 was refused as "does not bracket a root"). κ = λ' + tr/n − O(1/λ').
     */
    @Test
    void largeRidgeSolvesKappaUpTo1e12() {
        int p = 50;
        double n = 100;
        double[] w = spectrum(p), beta = target(p, 5), proj = new double[p];
        double explained = 0, trace = 0;
        for (int i = 0; i < p; i++) { proj[i] = beta[i] * beta[i]; explained += w[i] * proj[i]; trace += w[i]; }
        RidgeTheory t = RidgeTheory.ofTarget("test", w, proj, 0.1, 0.1);
        for (double lam = 1e6; lam <= 1e12; lam *= Math.sqrt(10)) {
            RidgeTheory.Point pt = t.at(n, lam);
            assertEquals(lam + trace / n, pt.kappa(), 1e-14 * lam + 1 / lam, "lambda'=" + lam);
            assertEquals(explained + 0.1, pt.testNoisy(), 1e-5 * explained, "lambda'=" + lam);
        }
    }

    /** A λ' below the rounding of h(κ0) ≈ 0 when rank > n: κ = κ0, not "does not bracket a root" (it was at n = 6). */
    @Test
    void tinyRidgeAboveTheOverparametrisedKappa0() {
        int p = 50;
        RidgeTheory t = flatTarget(p);
        for (int n = 3; n < 50; n++) for (double lam : new double[]{1e-300, 1e-200, 1e-30})
            assertEquals(t.kappa0(n), t.at(n, lam).kappa(), 1e-12 * t.kappa0(n), "lambda'=" + lam);
    }

    /**
     * At rank = n (κ0 = 0) h(κ) ≈ κ²Σ(1/ω)/n, so λ' = 1e-300 has κ ≈ 1e-150, 150 decades below the upper end: Brent
     * halving its bracket did not get there in 200 iterations (the new-user structured run at n = 50 = p crashed).
     * Every tiny λ' now solves, to relative precision, at rank = n and beside it.
     */
    @Test
    void tinyRidgeAtAndBelowTheInterpolationThreshold() {
        int p = 50;
        double[] w = spectrum(p);
        RidgeTheory t = flatTarget(p);
        double inv = 0;
        for (double x : w) inv += 1 / x;
        for (double lam : new double[]{1e-300, 1e-200, 1e-100, 1e-60, 1e-30, 1e-10}) {
            double k = t.kappa(p, lam);
            assertEquals(Math.sqrt(lam * p / inv), k, 1e-4 * k, "rank = n, lambda'=" + lam);   // κ ≪ ω: κ² Σ1/ω / n = λ'
            for (int n : new int[]{p, p + 1, 2 * p}) {
                RidgeTheory.Point pt = t.at(n, lam);
                double k2 = pt.kappa(), s2 = 0;   // h(κ) = κ(n − p + κΣ1/(ω+κ))/n: 1 − df1/n cancels at rank = n
                for (double x : w) s2 += 1 / (x + k2);
                assertEquals(lam, k2 * (n - p + k2 * s2) / n, 1e-9 * lam, "n=" + n + ", lambda'=" + lam);
                assertTrue(Double.isFinite(pt.testClean()), "n=" + n + ", lambda'=" + lam);
            }
        }
    }

    /**
     * A theory shared by points that differ only in n (theory's grouped path) reports under each point's own name:
     * the rows of point 1 said "point 0: kappa equation … at n=160". Same numbers, the original keeps its name.
     */
    @Test
    void namedCopyReportsUnderItsOwnNameWithTheSameNumbers() {
        double[] w = spectrum(30), proj = new double[30];
        java.util.Arrays.fill(proj, 1.0 / 30);
        RidgeTheory t = RidgeTheory.ofTarget("point 0", w, proj, 0.1, 0.1), t1 = t.named("point 1");
        assertEquals(t.at(20, 0.01), t1.at(20, 0.01));
        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class, () -> t1.sweepEach(-1, new double[]{0.1}));
        assertTrue(e1.getMessage().startsWith("point 1: "), e1.getMessage());
        IllegalArgumentException e0 = assertThrows(IllegalArgumentException.class, () -> t.sweepEach(-1, new double[]{0.1}));
        assertTrue(e0.getMessage().startsWith("point 0: "), e0.getMessage());
        assertSame(t, t.named("point 0"));
    }

    /**
     * sweepEach: every λ' stands alone. No λ' in range fails any more (λ' = MAX_VALUE is solved), so the failure is
     * forced through the per-λ' step that sweepEach uses.
     */
    @Test
    void sweepEachIsolatesAFailingLambda() {
        int p = 30;
        RidgeTheory t = flatTarget(p);
        double[] lams = {1e-3, 1.0, 10, Double.MAX_VALUE};
        List<RidgeTheory.Attempt> all = t.sweepEach(40, lams);
        for (int i = 0; i < lams.length; i++) assertEquals(t.at(40, lams[i]), all.get(i).point());
        List<RidgeTheory.Attempt> a = RidgeTheory.each(lams, l -> {
            if (l == 1.0) throw new TheoryException("kappa equation failed at " + l);
            return t.at(40, l);
        });
        assertEquals(4, a.size());
        assertFalse(a.get(1).ok());
        assertEquals("kappa equation failed at 1.0", a.get(1).failure());
        for (int i : new int[]{0, 2, 3}) assertEquals(all.get(i), a.get(i), "lambda'=" + lams[i]);
    }

    @Test
    void sweepEqualsPointwise() {
        int p = 50;
        RidgeTheory t = flatTarget(p);
        double[] lams = {0, 1e-6, 1e-3, 0.1, 10};
        List<RidgeTheory.Point> s = t.sweep(30, lams);
        for (int i = 0; i < lams.length; i++) assertEquals(t.at(30, lams[i]), s.get(i));
    }

    @Test
    void fromCovarianceOnTheBackendMatchesTheDiagonalForm() {
        int p = 24;
        double[] w = spectrum(p), beta = target(p, 4);
        // Ω = Q diag(w) Qᵀ with a random orthogonal Q (Gram–Schmidt of Philox normals)
        double[][] q = new double[p][p];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < p; i++) q[j][i] = Philox.gaussian(9, 1, (long) j * p + i);
            for (int k = 0; k < j; k++) {
                double d = 0;
                for (int i = 0; i < p; i++) d += q[j][i] * q[k][i];
                for (int i = 0; i < p; i++) q[j][i] -= d * q[k][i];
            }
            double nrm = 0;
            for (int i = 0; i < p; i++) nrm += q[j][i] * q[j][i];
            for (int i = 0; i < p; i++) q[j][i] /= Math.sqrt(nrm);
        }
        double[] omega = new double[p * p], psi = new double[p];
        for (int a = 0; a < p; a++)
            for (int b = 0; b < p; b++) {
                double s = 0;
                for (int k = 0; k < p; k++) s += q[k][a] * w[k] * q[k][b];
                omega[a + b * p] = s;
            }
        double sigmaY2 = 0.1, proj2[] = new double[p];
        for (int k = 0; k < p; k++) {
            proj2[k] = Math.pow(w[k] * beta[k], 2);
            sigmaY2 += w[k] * beta[k] * beta[k];
            for (int a = 0; a < p; a++) psi[a] += q[k][a] * w[k] * beta[k];
        }
        RidgeTheory direct = RidgeTheory.ofCrossCovariance("diag", w, proj2, sigmaY2, 0.1);
        try (Backend be = new JavaBackend(1); Matrix om = be.upload(omega, p, p)) {
            RidgeTheory viaBackend = RidgeTheory.fromCovariance("backend", be, om, psi, sigmaY2, 0.1);
            for (double lam : new double[]{0, 1e-3, 0.3}) {
                assertEquals(direct.at(15, lam).testNoisy(), viaBackend.at(15, lam).testNoisy(), 1e-11);
                assertEquals(direct.at(40, lam).train(), viaBackend.at(40, lam).train(), 1e-11);
            }
            assertArrayEquals(omega, be.download(om), 0.0, "Omega must not be modified");
        }
    }

    /**
     * Gaussian design ridge at p = 200: the exact test and training errors of each draw, averaged over 24 draws,
     * against the deterministic equivalent, within 4 standard errors plus the O(1/p) finite-size bias (taken as
     * 1/p relative, the order of the leading correction).
     */
    @Test
    void agreesWithGaussianDesignSimulation() {
        int p = 200, seeds = 24;
        double sigma2 = 0.25;
        double[] w = spectrum(p), beta = target(p, 5), proj = new double[p];
        for (int i = 0; i < p; i++) proj[i] = beta[i] * beta[i];
        RidgeTheory t = RidgeTheory.ofTarget("gaussian design", w, proj, sigma2, sigma2);
        for (int[] nl : new int[][]{{120, 0}, {300, 0}, {300, 1}}) {
            int n = nl[0];
            double lam = nl[1] == 0 ? 0.02 : 0.0;
            double[] test = new double[seeds], train = new double[seeds];
            for (int s = 0; s < seeds; s++) {
                double[] r = simulate(w, beta, sigma2, n, lam, 1000 + s);
                test[s] = r[0];
                train[s] = r[1];
            }
            RidgeTheory.Point pt = t.at(n, lam);
            check("test n=" + n + " lambda=" + lam, test, pt.testNoisy(), p);
            check("train n=" + n + " lambda=" + lam, train, pt.train(), p);
        }
    }

    private static void check(String what, double[] xs, double expected, int p) {
        double mean = 0, var = 0;
        for (double x : xs) mean += x;
        mean /= xs.length;
        for (double x : xs) var += (x - mean) * (x - mean);
        double se = Math.sqrt(var / (xs.length - 1) / xs.length);
        double tol = 4 * se + expected / p;
        assertEquals(expected, mean, tol, what + " (se " + se + ")");
    }

    /** One draw: returns {noisy test error, training error}. */
    static double[] simulate(double[] w, double[] beta, double sigma2, int n, double lam, long seed) {
        int p = w.length;
        double[][] x = new double[n][p];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double yi = 0;
            for (int j = 0; j < p; j++) {
                x[i][j] = Math.sqrt(w[j]) * Philox.gaussian(seed, 1, (long) i * p + j);
                yi += x[i][j] * beta[j];
            }
            y[i] = yi + Math.sqrt(sigma2) * Philox.gaussian(seed, 2, i);
        }
        double[] a = new double[p * p], rhs = new double[p];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++) {
                rhs[j] += x[i][j] * y[i] / n;
                for (int k = 0; k <= j; k++) a[j * p + k] += x[i][j] * x[i][k] / n;
            }
        for (int j = 0; j < p; j++) {
            a[j * p + j] += lam;
            for (int k = 0; k < j; k++) a[k * p + j] = a[j * p + k];
        }
        double[] wh = solveSpd(a, rhs, p);
        double test = sigma2, train = 0;
        for (int j = 0; j < p; j++) test += w[j] * (wh[j] - beta[j]) * (wh[j] - beta[j]);
        for (int i = 0; i < n; i++) {
            double r = y[i];
            for (int j = 0; j < p; j++) r -= x[i][j] * wh[j];
            train += r * r / n;
        }
        return new double[]{test, train};
    }

    static double[] solveSpd(double[] a, double[] b, int p) {
        double[] l = a.clone();
        for (int j = 0; j < p; j++) {
            double d = l[j * p + j];
            for (int k = 0; k < j; k++) d -= l[j * p + k] * l[j * p + k];
            if (!(d > 0)) throw new AssertionError("not positive definite");
            d = Math.sqrt(d);
            l[j * p + j] = d;
            for (int i = j + 1; i < p; i++) {
                double s = l[i * p + j];
                for (int k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
                l[i * p + j] = s / d;
            }
        }
        double[] z = b.clone();
        for (int i = 0; i < p; i++) {
            for (int k = 0; k < i; k++) z[i] -= l[i * p + k] * z[k];
            z[i] /= l[i * p + i];
        }
        for (int i = p - 1; i >= 0; i--) {
            for (int k = i + 1; k < p; k++) z[i] -= l[k * p + i] * z[k];
            z[i] /= l[i * p + i];
        }
        return z;
    }

    @Test
    void badInputNamesModelAndParameter() {
        double[] w = {1, 0.5};
        RidgeTheory t = RidgeTheory.ofTarget("mymodel", w, new double[]{1, 1}, 0.1, 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.at(10, -0.1));
        assertTrue(e.getMessage().contains("mymodel") && e.getMessage().contains("lambda"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.at(0, 0.1));
        assertTrue(e.getMessage().contains("sample count n"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RidgeTheory.ofTarget("m", w, new double[]{1, 1}, -0.1, 0));
        assertTrue(e.getMessage().contains("residual variance"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RidgeTheory.ofTarget("m", new double[]{1, -0.5}, new double[]{1, 1}, 0.1, 0));
        assertTrue(e.getMessage().contains("eigenvalue"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RidgeTheory.ofCrossCovariance("m", w, new double[]{4, 4}, 1.0, 0));
        assertTrue(e.getMessage().contains("exceeds sigma_y^2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RidgeTheory.ofTarget("m", w, new double[]{1, 1}, 0.1, 0.2));
        assertTrue(e.getMessage().contains("label-noise"), e.getMessage());
    }
}
