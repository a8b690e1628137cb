package deeprf.theory;

import deeprf.backend.Activation;
import deeprf.model.ActivationCatalogue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Adlam–Levinson–Pennington's claim (THEORY.md §9.1, §9.3) at the point of examples/adlam-mixture-beats-best.toml:
 * ridgeless regression (λ' → 0) of a linear target with label noise τ² = 0.1, ψ1 = N/d = 2, ψ2 = n/d = 1.1.
 * The mixture 62% linear(3.5x) + 38% sign has a lower predicted test error than every single activation, where
 * "single" means one activation for all neurons at any scale and any constant bias: each is one point (a, c), and
 * ridgeless only ζ = a/c matters, so the whole family is searched by optimising over ζ (c = 0, the linear
 * activation, is its own case: the deep-linear ridgeless formula).
 *
 * <p>Numerical tolerance: the reference values below come from an independent Python transcription of §9.3 (scipy
 * brentq, rtol 1e-15 on e, 1e-14 on κ); the Java values agree to {@code AGREE}, and the gaps asserted are ≥ 1e-3,
 * five orders of magnitude above it.
 */
class MixtureBeatsBestSingleTest {
    static final double PSI1 = 2.0, PSI2 = 1.1, TAU2 = 0.1;
    /** Relative agreement required of two independent implementations of the fixed point. */
    static final double AGREE = 1e-8;

    static NeuronMixture mixture() {
        return NeuronMixture.mixture(List.of(ActivationCatalogue.parse("linear(3.5x)"), ActivationCatalogue.parse("sign")),
                new double[]{0.62, 0.38}, 1, 0);
    }

    static double test(NeuronMixture m, double lambda) {
        return new NeuronMixtureTheory("mixture claim", m, PSI1).at(PSI2, lambda, 1, 0, TAU2).testClean();
    }

    /** Ridgeless error of the homogeneous neuron (a, c) = (1, 1/ζ). */
    static double homogeneous(double zeta) {
        return test(new NeuronMixture(new double[]{1}, new double[]{1}, new double[]{1 / zeta}), 0);
    }

    @Test
    void referenceValuesOfAnIndependentImplementation() {
        assertEquals(0.5378164637, test(mixture(), 0), AGREE * 0.54);
        assertEquals(0.5378139462, test(mixture(), 1e-6), AGREE * 0.54);
        assertEquals(0.5552446239, test(NeuronMixture.homogeneous(ActivationCatalogue.parse("erf(0.595x)"), 1), 1e-6), AGREE * 0.56);
        assertEquals(0.5553058716, homogeneous(5.6741578557), AGREE * 0.56);
    }

    @Test
    void mixtureBeatsTheBestSingleActivationRidgeless() {
        double mix = test(mixture(), 0);
        // the best ζ over the whole homogeneous family: log grid, then golden section on the bracketing cell
        double lo = Math.log(0.05), hi = Math.log(1e3);
        int m = 200;
        int best = 0;
        double bestVal = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= m; i++) {
            double v = homogeneous(Math.exp(lo + (hi - lo) * i / m));
            if (v < bestVal) { bestVal = v; best = i; }
        }
        assertTrue(best > 0 && best < m, "the optimum ζ must be interior to the grid, got index " + best);
        double a = lo + (hi - lo) * (best - 1) / m, b = lo + (hi - lo) * (best + 1) / m;
        double g = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 80; it++) {
            double x1 = b - g * (b - a), x2 = a + g * (b - a);
            if (homogeneous(Math.exp(x1)) < homogeneous(Math.exp(x2))) b = x2; else a = x1;
        }
        double zetaStar = Math.exp((a + b) / 2), single = homogeneous(zetaStar);
        assertEquals(5.674, zetaStar, 1e-2);
        assertEquals(0.55531, single, 1e-5);
        double linear = DeepLinear.ridgelessError(PSI2, new double[]{PSI1}, TAU2);   // c = 0: the linear activation
        assertTrue(linear > 0.99, "linear ridgeless error " + linear);
        assertTrue(single - mix > 1e-3, "mixture " + mix + " vs best single " + single + " (zeta* = " + zetaStar + ")");
        assertTrue(linear - mix > 1e-3, "mixture " + mix + " vs linear " + linear);
        // every catalogue activation at its natural scale is one of the points searched above
        for (String f : new String[]{"tanh", "tanh(2x)", "erf", "erf(x/sqrt2)", "relu", "sign", "sigmoid", "clipped(1,1)", "erf(0.595x)"}) {
            double v = test(NeuronMixture.homogeneous(ActivationCatalogue.parse(f), 1), 0);
            assertTrue(v >= single - 1e-9, f + ": " + v + " below the searched optimum " + single);
            assertTrue(v - mix > 1e-3, f + ": " + v + " vs mixture " + mix);
        }
    }

    @Test
    void withTheRidgeTunedTheLinearActivationWins() {
        // the claim is about the ridgeless (implicitly regularised) regime: once λ' is optimised for each model,
        // explicit ridge does the noise neurons' job better, and the near-linear activation (c = 1e-4) wins
        double mixBest = Double.POSITIVE_INFINITY, linBest = Double.POSITIVE_INFINITY;
        NeuronMixture lin = new NeuronMixture(new double[]{1}, new double[]{1}, new double[]{1e-4});
        for (int i = 0; i <= 80; i++) {
            double lam = Math.pow(10, -4 + 6.0 * i / 80);
            mixBest = Math.min(mixBest, test(mixture(), lam));
            linBest = Math.min(linBest, test(lin, lam));
        }
        assertEquals(0.29590, linBest, 2e-4);   // grid optimum; continuous optimum 0.2959003 at λ' = 0.0868
        assertTrue(mixBest - linBest > 0.05, "optimal-ridge mixture " + mixBest + " vs linear " + linBest);
    }
}
