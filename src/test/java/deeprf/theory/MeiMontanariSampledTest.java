package deeprf.theory;

import deeprf.backend.Activation;
import deeprf.backend.Backend;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;
import deeprf.backend.java.JavaBackend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Gaussian equivalence + the κ-form on a sampled Θ (N×d, i.i.d. N(0,1)) reproduces Mei–Montanari: Ω = μ1²ΘΘᵀ/d
 * + μ*²I, ψ averaged over an isotropic unit β (so (u_iᵀψ)² = μ1²s_i/d for the eigenvalues s_i of ΘΘᵀ/d), and
 * λ' = ψ1·λ. The difference is a finite-size effect of the sampled spectrum: linear spectral statistics of
 * Wishart matrices have O(1/d) bias and O(1/d) fluctuations, so the relative gap must be O(1/d). We check it at
 * two sizes, d = 100 and d = 200, averaged over 4 draws each: |gap| ≤ C/d with C = 3 (measured: the worst point
 * gives C ≈ 0.73 at d=100 and 0.36 at d=200; a wrong formula is off by O(1), far beyond 3%).
 */
class MeiMontanariSampledTest {

    static double sampledRisk(Backend be, Activation f, double psi1, double psi2, double lambda, int d, long seed, double tau2) {
        int n1 = (int) Math.round(psi1 * d);
        Coefficients c = GaussianEquivalence.of(f, 1);
        int k = Math.min(n1, d);
        double[] s = new double[k];
        try (Matrix theta = be.allocate(n1, d); Matrix gram = be.allocate(k, k)) {
            be.fillGaussian(theta, new GaussianStream(seed, 11), 0, 1.0);
            // nonzero eigenvalues of ΘΘᵀ/d from the smaller Gram matrix
            be.syrk(Uplo.LOWER, n1 <= d ? Trans.N : Trans.T, 1.0 / d, theta, 0.0, gram);
            be.syevd(gram, s, false);
        }
        double[] omega = new double[n1], proj = new double[n1];
        java.util.Arrays.fill(omega, c.muStar2());
        for (int i = 0; i < k; i++) {
            double si = Math.max(s[i], 0);
            omega[i] = c.mu1() * c.mu1() * si + c.muStar2();
            proj[i] = c.mu1() * c.mu1() * si / d;
        }
        RidgeTheory t = RidgeTheory.ofCrossCovariance("sampled MM", omega, proj, 1 + tau2, tau2);
        return t.at(psi2 * d, psi1 * lambda).testClean();
    }

    @Test
    void sampledGaussianEquivalentReproducesMeiMontanari() {
        double[][] pts = {{0.5, 2.0, 0.1}, {2.0, 0.5, 0.1}, {3.0, 3.0, 0.01}, {2.0, 1.0, 1e-4}};
        try (Backend be = new JavaBackend(1)) {
            for (Activation f : new Activation[]{Activation.RELU, Activation.TANH})
                for (double[] pt : pts) {
                    double mm = MeiMontanari.of(f, pt[0], pt[1], pt[2]).risk(1, 0, 0.1);
                    double[] gap = new double[2];
                    int[] ds = {100, 200};
                    for (int j = 0; j < 2; j++) {
                        double mean = 0;
                        for (int seed = 0; seed < 4; seed++) mean += sampledRisk(be, f, pt[0], pt[1], pt[2], ds[j], 100 + seed, 0.1) / 4;
                        gap[j] = Math.abs(mean - mm) / mm;
                        assertTrue(gap[j] <= 3.0 / ds[j], f.label() + " " + java.util.Arrays.toString(pt) + " d=" + ds[j] + ": relative gap " + gap[j]);
                    }
                }
        }
    }
}
