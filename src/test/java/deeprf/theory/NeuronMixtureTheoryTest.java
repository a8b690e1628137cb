package deeprf.theory;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class NeuronMixtureTheoryTest {
    static final Activation RELU = Activation.RELU, TANH = Activation.TANH;

    @Test
    void homogeneousEqualsMeiMontanari() {
        double[][] pts = {{0.5, 2.0, 0.1}, {2.0, 0.5, 0.1}, {1.5, 3.0, 1e-3}, {3.0, 3.0, 0.01}, {1.0, 1.0, 0.1},
                {2.0, 1.0, 1e-4}, {0.5, 2.0, 0}, {2.0, 0.5, 0}, {1.5, 3.0, 0}};
        for (Activation f : new Activation[]{RELU, TANH, Activation.of(ActivationKind.ERF)}) {
            NeuronMixture mix = NeuronMixture.homogeneous(f, 1);
            assertEquals(1, mix.atoms());
            for (double[] pt : pts) {
                NeuronMixtureTheory t = new NeuronMixtureTheory("homogeneous " + f.label(), mix, pt[0]);
                double mm = MeiMontanari.of(f, pt[0], pt[1], pt[2]).risk(1, 0.2, 0.1);
                double ours = t.at(pt[1], pt[0] * pt[2], 1, 0.2, 0.1).testClean();
                assertEquals(mm, ours, 1e-6 * mm, f.label() + " at " + java.util.Arrays.toString(pt));
            }
        }
    }

    @Test
    void atInterpolationTheErrorKeepsGrowingDownToTheSmallestLambda() {
        // n = N, λ' → 0: 1 − df2/n ~ κ → 0 and the error grows without bound (like 1/√λ' when every neuron has c > 0:
        // κ ~ √λ'). The slack and 1 − df2/n were computed as 1 − (1 − small) and lost everything below 1e-16: the
        // error stopped at 1.5e15 for every λ' <= 1e-100 (tanh, d = 100, p = n = 200 in ./deeprf theory)
        double[] lams = {1e-20, 1e-40, 1e-100, 1e-200, 1e-300};
        for (Activation f : new Activation[]{TANH, Activation.of(ActivationKind.ERF)}) {
            NeuronMixtureTheory t = new NeuronMixtureTheory("interpolation", NeuronMixture.homogeneous(f, 1), 2);
            double first = t.at(2, lams[0], 1, 0.2, 0.1).testClean();
            for (double lam : lams) {
                double expected = first * Math.sqrt(lams[0] / lam);
                assertEquals(expected, t.at(2, lam, 1, 0.2, 0.1).testClean(), 1e-6 * expected, f.label() + " at lambda' = " + lam);
            }
        }
        // biased ReLU: neurons with c → 0 make κ fall faster than √λ'; the error still grows at every step
        NeuronMixtureTheory t = new NeuronMixtureTheory("interpolation", NeuronMixture.biased(RELU, 1, 1.5), 2);
        double prev = 0;
        for (double lam : lams) {
            double e = t.at(2, lam, 1, 0.2, 0.1).testClean();
            assertTrue(Double.isFinite(e) && e > 1e3 * prev, "biased relu at lambda' = " + lam + ": " + e + " after " + prev);
            prev = e;
        }
    }

    @Test
    void derivativeOfEIsExact() {
        NeuronMixture mix = NeuronMixture.biased(RELU, 1, 1.5);
        NeuronMixtureTheory t = new NeuronMixtureTheory("biased relu", mix, 2);
        for (double k : new double[]{0.01, 0.3, 2}) {
            // central difference, step 1e-4 k: truncation ~1e-8 relative, rounding ~1e-16/1e-4 ~ 1e-12
            double h = 1e-4 * k;
            double fd = (t.e(k + h) - t.e(k - h)) / (2 * h);
            assertEquals(fd, t.eDerivative(k), 1e-6 * Math.abs(fd), "kappa=" + k);
        }
    }

    @Test
    void biasedReluMoments() {
        NeuronMixture mix = NeuronMixture.biased(RELU, 1, 1.5);
        double ea = 0;
        for (int i = 0; i < mix.atoms(); i++) ea += mix.weights()[i] * mix.a()[i];
        assertEquals(0.5, ea, 1e-12);   // E a = P(g + b > 0) = 1/2
    }

    @Test
    void theFullDistributionMattersNotItsMoments() {
        NeuronMixture mix = NeuronMixture.biased(RELU, 1, 1.5);
        double a2 = mix.meanA2(), c2 = mix.meanC2();
        NeuronMixture averaged = new NeuronMixture(new double[]{1}, new double[]{Math.sqrt(a2)}, new double[]{Math.sqrt(c2)});
        double full = new NeuronMixtureTheory("full", mix, 2).at(1.5, 1e-3, 1, 0, 0.1).testClean();
        double avg = new NeuronMixtureTheory("averaged", averaged, 2).at(1.5, 1e-3, 1, 0, 0.1).testClean();
        assertTrue(Math.abs(full - avg) > 1e-2 * full, "full " + full + " vs averaged " + avg);
    }

    @Test
    void largeRidgeAndBadInput() {
        NeuronMixture mix = NeuronMixture.mixture(List.of(RELU, TANH), new double[]{0.3, 0.7}, 1, 0.5);
        NeuronMixtureTheory t = new NeuronMixtureTheory("mix", mix, 1.2);
        NeuronMixtureTheory.Point pt = t.at(2, 1e9, 1, 0.1, 0.2);
        assertEquals(1.1, pt.testClean(), 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.at(-1, 0.1, 1, 0, 0));
        assertTrue(e.getMessage().contains("mix") && e.getMessage().contains("psi2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new NeuronMixtureTheory("lin", NeuronMixture.homogeneous(Activation.LINEAR, 1), 1));
        assertTrue(e.getMessage().contains("linear"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NeuronMixture.biased(RELU, 1, -1));
    }
}
