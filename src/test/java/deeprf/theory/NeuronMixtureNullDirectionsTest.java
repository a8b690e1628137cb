package deeprf.theory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Mixtures with exactly linear neurons (c = 0) that outnumber the inputs: their surplus directions are null, so
 * the ridgeless (λ' = 0) system must use the κ → 0+ limits (THEORY.md §9.3). Checked against least squares on
 * the effective features and against continuity in λ'.
 */
class NeuronMixtureNullDirectionsTest {

    @Test
    void ridgelessUnderparametrisedIsLeastSquaresOnTheEffectiveFeatures() {
        // ψ1 = 3: 0.879·3d linear neurons (rank d, e(0) = 0) and 0.121·3d noise neurons; n = 2d > d + 0.363d
        double fLin = 0.879, psi1 = 3, psi2 = 2, tau2 = 0.1;
        NeuronMixture m = new NeuronMixture(new double[]{fLin, 1 - fLin}, new double[]{1, 0}, new double[]{0, 2.6757});
        NeuronMixtureTheory t = new NeuronMixtureTheory("linear + noise neurons", m, psi1);
        NeuronMixtureTheory.Point p = t.at(psi2, 0, 1, 0, tau2);
        double df = (1 + psi1 * (1 - fLin)) / psi2;                  // (d + N_noise)/n
        assertEquals(0, p.kappa());
        assertEquals(0, p.e0());
        assertEquals(df, p.df2OverN(), 1e-12);
        assertEquals(tau2 * df / (1 - df), p.testClean(), 1e-12);   // OLS: τ² p/(n − p), β fully representable
        assertEquals(p.testClean(), t.at(psi2, 1e-10, 1, 0, tau2).testClean(), 1e-7);
    }

    @Test
    void ridgelessIsTheLimitOfSmallRidgeOverparametrised() {
        // the claim's mixture (linear(3.5x) + sign, ψ1 = 2, ψ2 = 1.1): κ0 > 0, the limits are not needed but must agree
        NeuronMixture m = MixtureBeatsBestSingleTest.mixture();
        NeuronMixtureTheory t = new NeuronMixtureTheory("claim mixture", m, 2);
        double r0 = t.at(1.1, 0, 1, 0, 0.1).testClean(), r1 = t.at(1.1, 1e-10, 1, 0, 0.1).testClean();
        assertTrue(t.kappa(1.1, 0) > 0);
        assertEquals(r0, r1, 1e-8);
    }
}
