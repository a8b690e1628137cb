package deeprf.theory;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;
import deeprf.backend.Backend;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.NeuronActivations;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;
import deeprf.backend.java.JavaBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ConditionalTheoryTest {
    static Backend be;

    @BeforeAll
    static void open() { be = new JavaBackend(2); }

    @AfterAll
    static void close() { be.close(); }

    static Matrix gaussian(int rows, int cols, long seed, long stream) {
        Matrix w = be.allocate(rows, cols);
        be.fillGaussian(w, new GaussianStream(seed, stream), 0, 1 / Math.sqrt(cols));
        return w;
    }

    static double[] ones(int d) {
        double[] v = new double[d];
        java.util.Arrays.fill(v, 1.0);
        return v;
    }

    /** Paper 2' worked example (§4.1): tanh, Δ = 1, Ω0 = I; r, κ1, κ* per layer. */
    @Test
    void tanhWorkedExample() {
        int d = 200, k1 = 300, k2 = 300;
        try (Matrix w1 = gaussian(k1, d, 1, 1); Matrix w2 = gaussian(k2, k1, 1, 2)) {
            NeuronActivations tanh = NeuronActivations.uniform(Activation.TANH);
            List<ConditionalTheory.Layer> layers = List.of(new ConditionalTheory.Layer(w1, tanh), new ConditionalTheory.Layer(w2, tanh));
            try (ConditionalTheory t = ConditionalTheory.of("tanh example", be, ones(d), layers,
                    new ConditionalTheory.LinearTarget(null, 1, 0.1), ConditionalTheory.Route.SCALAR)) {
                ConditionalTheory.LayerSummary l1 = t.learnerLayers().get(0), l2 = t.learnerLayers().get(1);
                // r1 is the mean squared row norm of W1: exactly, and close to 1 within its sampling sd √(2/(d k1))
                double[] w = be.download(w1);
                double r1 = 0;
                for (double x : w) r1 += x * x / k1;
                assertEquals(r1, l1.r(), 1e-12);
                double sd1 = Math.sqrt(2.0 / ((double) d * k1));
                assertEquals(1.0, l1.r(), 4 * sd1);
                Coefficients c1 = GaussianEquivalence.of(Activation.TANH, l1.r());
                assertEquals(c1.mu1(), l1.kappa1(), 1e-14);
                assertEquals(c1.muStar(), l1.kappaStar(), 1e-14);
                // r2 = mean diag(W2 Ω1 W2ᵀ) → E tanh(√r1 z)² = 0.3942944904 asymptotically; its sampling sd is
                // √(2 tr Ω1² /k1²/k2) plus r1's sd times dr2/dr1 (≈ 0.2 for tanh near r = 1)
                double sd2 = Math.sqrt(2 * 0.16 / k1 / k2) + 0.25 * sd1;
                assertEquals(0.3942944904, l2.r(), 4 * sd2, "r2");
                assertEquals(c1.secondMoment(l1.r()) * r1 / r1, l2.r(), 4 * Math.sqrt(2 * 0.16 / k1 / k2) * 1.5 + 0.02, "r2 vs E f^2");
                Coefficients c2 = GaussianEquivalence.of(Activation.TANH, l2.r());
                assertEquals(c2.mu1(), l2.kappa1(), 1e-14);
                assertEquals(0.7635495895, l2.kappa1(), 4 * sd2 * 0.3);   // dκ1/dr ≈ −0.26 near r = 0.39
                assertEquals(0.0810776039, l2.kappaStar(), 4 * sd2 * 0.2);
            }
        }
    }

    /**
     * Ω^lin of a two-layer tanh network against the empirical covariance of the real features from n_s samples.
     * Monte Carlo error: E‖Ĉ − C‖_F² ≈ (tr(C)² + ‖C‖_F²)/n_s for near-Gaussian features; the linearisation error
     * is O(ρ³) per off-diagonal entry for odd activations (ρ ~ 1/√d), far below it here. We require
     * ‖Ĉ − Ω^lin‖_F ≤ 1.25·√(MC) (the Frobenius error of a matrix with many entries concentrates tightly
     * around its mean), and that an Ω wrong by 10% fails the same check.
     */
    @Test
    void omegaMatchesEmpiricalCovariance() {
        int d = 60, k1 = 90, k2 = 80, ns = 40000, block = 4000;
        try (Matrix w1 = gaussian(k1, d, 2, 1); Matrix w2 = gaussian(k2, k1, 2, 2)) {
            NeuronActivations tanh = NeuronActivations.uniform(Activation.TANH);
            List<ConditionalTheory.Layer> layers = List.of(new ConditionalTheory.Layer(w1, tanh), new ConditionalTheory.Layer(w2, tanh));
            try (ConditionalTheory t = ConditionalTheory.of("omega check", be, ones(d), layers,
                    new ConditionalTheory.LinearTarget(null, 1, 0), ConditionalTheory.Route.PER_NEURON);
                 Matrix x = be.allocate(d, block); Matrix h1 = be.allocate(k1, block); Matrix h2 = be.allocate(k2, block);
                 Matrix acc = be.allocate(k2, k2)) {
                double[] sum = new double[k2], part = new double[k2];
                for (int b = 0; b < ns / block; b++) {
                    be.fillGaussian(x, new GaussianStream(2, 9), (long) b * block * d, 1);
                    be.gemm(Trans.N, Trans.N, 1, w1, x, 0, h1);
                    be.activate(h1, tanh);
                    be.gemm(Trans.N, Trans.N, 1, w2, h1, 0, h2);
                    be.activate(h2, tanh);
                    be.syrk(Uplo.LOWER, Trans.N, 1.0 / ns, h2, 1, acc);
                    be.rowSums(h2, part);
                    for (int i = 0; i < k2; i++) sum[i] += part[i] / ns;
                }
                be.symmetrize(Uplo.LOWER, acc);
                double[] emp = be.download(acc), om = be.download(t.omega());
                double diff2 = 0, wrong2 = 0, tr = 0, fro2 = 0;
                for (int j = 0; j < k2; j++)
                    for (int i = 0; i < k2; i++) {
                        double c = emp[i + j * k2] - sum[i] * sum[j];
                        diff2 += Math.pow(c - om[i + j * k2], 2);
                        double wrong = 0.9 * om[i + j * k2];
                        wrong2 += Math.pow(c - wrong, 2);
                        fro2 += om[i + j * k2] * om[i + j * k2];
                        if (i == j) tr += om[i + j * k2];
                    }
                double mc = (tr * tr + fro2) / ns;
                assertTrue(Math.sqrt(diff2) <= 1.25 * Math.sqrt(mc), "‖Ĉ − Ω‖_F = " + Math.sqrt(diff2) + " vs Monte Carlo " + Math.sqrt(mc));
                assertTrue(Math.sqrt(wrong2) > 1.25 * Math.sqrt(mc), "the check cannot tell a 10% error in Omega: " + Math.sqrt(wrong2) + " vs " + Math.sqrt(mc));
            }
        }
    }

    /** A learner that is its teacher (same weights, same activations): ψᵀΩ⁻¹ψ = Var y, so the residual is the label noise. */
    @Test
    void learnerEqualToTeacherExplainsEverything() {
        int d = 40, k = 60;
        try (Matrix w1 = gaussian(k, d, 3, 1); Matrix w2 = gaussian(k, k, 3, 2)) {
            for (Activation f : new Activation[]{Activation.TANH, Activation.of(ActivationKind.SIGN)}) {
                NeuronActivations plan = NeuronActivations.uniform(f);
                List<ConditionalTheory.Layer> layers = List.of(new ConditionalTheory.Layer(w1, plan), new ConditionalTheory.Layer(w2, plan));
                double[] theta = new double[k];
                for (int i = 0; i < k; i++) theta[i] = deeprf.random.Philox.gaussian(3, 5, i) / Math.sqrt(k);
                try (ConditionalTheory t = ConditionalTheory.of("self-teacher " + f.label(), be, ones(d), layers,
                        new ConditionalTheory.NetworkTarget(layers, theta, 0, 0.05), ConditionalTheory.Route.PER_NEURON)) {
                    assertEquals(0.05, t.ridge().residualVariance(), 1e-8 * t.labelSecondMoment(), f.label());
                }
            }
        }
    }

    /**
     * One biased-ReLU layer on sampled weights (per-neuron route) against the asymptotic heterogeneous-neuron
     * system of §9.3 for the same draw's empirical bias distribution (NeuronMixture.ofNeurons): the remaining gap
     * is the O(1/d) finite-size effect of the sampled spectrum, as in the Mei–Montanari check (C ≤ 3). Against the
     * Gaussian bias law instead, the empirical distribution of k biases adds an O(1/√k) fluctuation per draw
     * (measured: 0.625 and 0.678 against 0.676 at d = 100 and 200), so that comparison belongs to seed averages.
     */
    @Test
    void biasedReluLayerMatchesHeterogeneousSystem() {
        int d = 150, k = 300;
        double sb = 1.5;
        for (int s = 0; s < 2; s++) {
            double[] bias = new double[k];
            for (int i = 0; i < k; i++) bias[i] = sb * deeprf.random.Philox.gaussian(40 + s, 3, i);
            try (Matrix w = gaussian(k, d, 40 + s, 1)) {
                NeuronActivations plan = new NeuronActivations(List.of(Activation.RELU), null, bias);
                NeuronMixtureTheory asym = new NeuronMixtureTheory("biased relu", NeuronMixture.ofNeurons(plan, k, 1), (double) k / d);
                try (ConditionalTheory t = ConditionalTheory.of("biased relu", be, ones(d), List.of(new ConditionalTheory.Layer(w, plan)),
                        new ConditionalTheory.LinearTarget(null, 1, 0.1), ConditionalTheory.Route.PER_NEURON)) {
                    for (double[] pt : new double[][]{{1.5, 1e-2}, {3, 1e-3}, {1, 0.1}}) {
                        double ref = asym.at(pt[0], pt[1], 1, 0, 0.1).testClean();
                        assertEquals(ref, t.ridge().at(pt[0] * d, pt[1]).testClean(), 3.0 / d * ref, "seed " + s + " at " + java.util.Arrays.toString(pt));
                    }
                }
            }
        }
    }

    /**
     * Single-index tanh target on a ReLU layer: the conditional theory against Mei–Montanari with
     * F1² = μ1(tanh)², F*² = μ*(tanh)² (the nonlinear remainder acts as noise); O(1/d) gap, 3/d allowed, 2 draws.
     */
    @Test
    void singleIndexTargetMatchesMeiMontanari() {
        int d = 150, k = 300;
        Coefficients g = GaussianEquivalence.of(Activation.TANH, 1);
        double mm = MeiMontanari.of(Activation.RELU, 2, 1.5, 0.05).risk(g.mu1() * g.mu1(), g.muStar2(), 0.1);
        double mean = 0;
        for (int s = 0; s < 2; s++)
            try (Matrix w = gaussian(k, d, 60 + s, 1);
                 ConditionalTheory t = ConditionalTheory.of("single index", be, ones(d),
                         List.of(new ConditionalTheory.Layer(w, NeuronActivations.uniform(Activation.RELU))),
                         new ConditionalTheory.SingleIndexTarget(Activation.TANH, null, 1, 0.1), ConditionalTheory.Route.PER_NEURON)) {
                mean += t.ridge().at(1.5 * d, 2 * 0.05).testClean() / 2;
            }
        assertEquals(mm, mean, 3.0 / d * mm);
    }

    @Test
    void refusalsNameTheModelAndTheReason() {
        int d = 10, k = 12;
        try (Matrix w = gaussian(k, d, 5, 1)) {
            List<ConditionalTheory.Layer> relu = List.of(new ConditionalTheory.Layer(w, NeuronActivations.uniform(Activation.RELU)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConditionalTheory.of("m1", be, ones(d), relu,
                    new ConditionalTheory.LinearTarget(null, 1, 0), ConditionalTheory.Route.SCALAR));
            assertTrue(e.getMessage().contains("m1") && e.getMessage().contains("centred"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ConditionalTheory.of("m2", be, ones(d + 1), relu,
                    new ConditionalTheory.LinearTarget(null, 1, 0), ConditionalTheory.Route.PER_NEURON));
            assertTrue(e.getMessage().contains("m2") && e.getMessage().contains("layer 1"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ConditionalTheory.of("m3", be, ones(d), relu,
                    new ConditionalTheory.LinearTarget(null, 1, -1), ConditionalTheory.Route.PER_NEURON));
            assertTrue(e.getMessage().contains("noise"), e.getMessage());
        }
    }

    /** A bad target names its field: a NaN in β was reported as "label second moment sigma_y^2 must be finite". */
    @Test
    void badTargetsNameTheirField() {
        assertEquals("LinearTarget: beta[1] must be finite, got NaN",
                assertThrows(IllegalArgumentException.class, () -> new ConditionalTheory.LinearTarget(new double[] {1, Double.NaN}, 1, 0)).getMessage());
        assertEquals("SingleIndexTarget: noiseVariance must be finite and >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new ConditionalTheory.SingleIndexTarget(Activation.TANH, null, 1, -1)).getMessage());
        assertEquals("LinearTarget: norm2 must be finite and >= 0, got Infinity",
                assertThrows(IllegalArgumentException.class, () -> new ConditionalTheory.LinearTarget(null, Double.POSITIVE_INFINITY, 0)).getMessage());
    }
}
