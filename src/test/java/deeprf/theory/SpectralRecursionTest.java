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
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SpectralRecursionTest {

    static double[] ones(int d) {
        double[] v = new double[d];
        java.util.Arrays.fill(v, 1.0);
        return v;
    }

    /** Marchenko–Pastur for S = XXᵀ/n, X p×n, c = p/n, real z < 0. */
    static double mp(double c, double z) {
        return ((1 - c - z) - Math.sqrt((1 - c - z) * (1 - c - z) - 4 * c * z)) / (2 * c * z);
    }

    @Test
    void oneLinearLayerIsMarchenkoPastur() {
        // W (k1 × d) with entries N(0, 1/d): Ω1 = WWᵀ is MP with c = k1/d. THEORY.md §4.4: p=600, n=400.
        SpectralRecursion s = new SpectralRecursion(ones(10), List.of(new SpectralRecursion.LayerSpec(1.5, Activation.LINEAR, 1)));
        assertEquals(mp(1.5, -0.1), s.stieltjes(1, -0.1), 1e-11);
        assertEquals(4.2393, s.stieltjes(1, -0.1), 5e-5);
        assertEquals(2.0 / 3, s.stieltjes(1, -1), 1e-11);
        for (double c : new double[]{0.3, 1, 2.5})
            for (double z : new double[]{-0.01, -0.5, -4}) {
                SpectralRecursion t = new SpectralRecursion(ones(3), List.of(new SpectralRecursion.LayerSpec(c, Activation.LINEAR, 1)));
                assertEquals(mp(c, z), t.stieltjes(1, z), 1e-10 * mp(c, z), "c=" + c + " z=" + z);
            }
    }

    @Test
    void densityIsMarchenkoPastur() {
        double c = 0.5, a = Math.pow(1 - Math.sqrt(c), 2), b = Math.pow(1 + Math.sqrt(c), 2);
        SpectralRecursion s = new SpectralRecursion(ones(3), List.of(new SpectralRecursion.LayerSpec(c, Activation.LINEAR, 1)));
        double[] xs = {0.2, 0.5, 1.0, 1.8, 2.6};
        double[] rho = s.density(1, xs, 1e-7);
        for (int i = 0; i < xs.length; i++) {
            double x = xs[i];
            double exact = Math.sqrt((b - x) * (x - a)) / (2 * Math.PI * c * x);
            assertEquals(exact, rho[i], 1e-5, "x=" + x);
        }
        double[] outside = s.density(1, new double[]{3.5}, 1e-7);
        assertEquals(0, outside[0], 1e-5);
    }

    /**
     * Two tanh layers: the recursion (asymptotic r, κ1, κ*) against the spectrum of Ω^lin built on sampled weights
     * (scalar route) at d = 200. Both are deterministic equivalents of the same matrix; the gap is finite-size:
     * O(1/√(d k)) from r's sampling (propagated) and O(1/d) from the spectrum, so we allow 3/d relative.
     */
    @Test
    void twoTanhLayersMatchSampledSpectrum() {
        int d = 200, k1 = 300, k2 = 260;
        SpectralRecursion s = new SpectralRecursion(ones(d), List.of(
                new SpectralRecursion.LayerSpec(1.5, Activation.TANH, 1), new SpectralRecursion.LayerSpec(1.3, Activation.TANH, 1)));
        assertEquals(1.0, s.coefficients().get(0).r(), 1e-15);
        assertEquals(0.3942944904, s.coefficients().get(1).r(), 1e-9);
        assertEquals(0.7635495895, s.coefficients().get(1).kappa1(), 1e-9);
        try (Backend be = new JavaBackend(2); Matrix w1 = be.allocate(k1, d); Matrix w2 = be.allocate(k2, k1)) {
            be.fillGaussian(w1, new GaussianStream(7, 1), 0, 1 / Math.sqrt(d));
            be.fillGaussian(w2, new GaussianStream(7, 2), 0, 1 / Math.sqrt(k1));
            NeuronActivations tanh = NeuronActivations.uniform(Activation.TANH);
            try (ConditionalTheory t = ConditionalTheory.of("spectrum", be, ones(d), List.of(
                    new ConditionalTheory.Layer(w1, tanh), new ConditionalTheory.Layer(w2, tanh)),
                    new ConditionalTheory.LinearTarget(null, 1, 0), ConditionalTheory.Route.SCALAR)) {
                double[] ev = t.eigenvalues();
                for (double z : new double[]{-0.1, -0.01}) {
                    double emp = 0;
                    for (double e : ev) emp += 1 / (e - z) / ev.length;
                    assertEquals(emp, s.stieltjes(2, z), 3.0 / d * emp, "z=" + z);
                }
            }
        }
    }

    /**
     * Well-specified deep RF (teacher = the learner's own features with an isotropic readout): the weight-free
     * curve against the conditional theory on one draw (d = 150, scalar route); finite-size gap O(1/d), 3/d allowed.
     */
    @Test
    void wellSpecifiedRidgeMatchesConditionalTheory() {
        int d = 150, k1 = 225, k2 = 225;
        Activation f = new Activation(ActivationKind.TANH, 2, 0);
        SpectralRecursion s = new SpectralRecursion(ones(d), List.of(
                new SpectralRecursion.LayerSpec(1.5, f, 1), new SpectralRecursion.LayerSpec(1.5, f, 1)));
        try (Backend be = new JavaBackend(2); Matrix w1 = be.allocate(k1, d); Matrix w2 = be.allocate(k2, k1)) {
            be.fillGaussian(w1, new GaussianStream(9, 1), 0, 1 / Math.sqrt(d));
            be.fillGaussian(w2, new GaussianStream(9, 2), 0, 1 / Math.sqrt(k1));
            NeuronActivations plan = NeuronActivations.uniform(f);
            List<ConditionalTheory.Layer> layers = List.of(new ConditionalTheory.Layer(w1, plan), new ConditionalTheory.Layer(w2, plan));
            try (ConditionalTheory t = ConditionalTheory.of("well-specified", be, ones(d), layers,
                    new ConditionalTheory.NetworkTarget(layers, null, 1, 0.1), ConditionalTheory.Route.SCALAR)) {
                for (double[] pt : new double[][]{{0.5, 1e-2}, {1.2, 1e-3}, {3, 0.1}}) {
                    SpectralRecursion.RidgePoint a = s.wellSpecifiedRidge(pt[0], pt[1], 1, 0.1);
                    RidgeTheory.Point c = t.ridge().at(pt[0] * d, pt[1]);
                    assertEquals(c.testNoisy(), a.testNoisy(), 3.0 / d * c.testNoisy(), "test at " + java.util.Arrays.toString(pt));
                    assertEquals(c.train(), a.train(), 3.0 / d * c.testNoisy(), "train at " + java.util.Arrays.toString(pt));
                }
            }
        }
    }

    /**
     * Below the spectrum the map also has roots with m̲ < 0: a square linear layer over a narrow tanh layer on
     * rank-deficient data read m(−4.1e-6) = −1412 (Newton from the initial guess) where the transform is +1401, the
     * limit of m(x + iη) as η → 0, which the upper half plane's guard (Im m̲ > 0) pins to the physical branch.
     */
    @Test
    void realAxisTransformStaysOnThePhysicalBranch() {
        double[] sigma = new double[50];
        for (int i = 10; i < 50; i++) sigma[i] = 1 + i % 3;
        SpectralRecursion s = new SpectralRecursion(sigma, List.of(new SpectralRecursion.LayerSpec(0.25, Activation.TANH, 0.5),
                new SpectralRecursion.LayerSpec(0.25, Activation.LINEAR, 0.5)));
        double x = -4.096e-6;
        double limit = s.stieltjes(2, new Complex(x, 1e-9 * -x), null).re();
        assertEquals(1400.93, limit, 0.01);
        assertEquals(limit, s.stieltjes(2, x), 1e-6 * limit);
    }

    @Test
    void nonCentredActivationIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SpectralRecursion(ones(3),
                List.of(new SpectralRecursion.LayerSpec(1, Activation.RELU, 1))));
        assertTrue(e.getMessage().contains("relu") && e.getMessage().contains("centred"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SpectralRecursion.LayerSpec(0, Activation.TANH, 1));
        assertThrows(IllegalArgumentException.class, () -> new SpectralRecursion.LayerSpec(1, Activation.TANH, -1));
    }

    /** §8.4: closed form, the spectral identity on a sampled K = AAᵀ, and the κ-form on Ω = AᵀA all agree. */
    @Test
    void deepLinearRidgeless() {
        // L = 0: classical least squares
        assertEquals(0.7 + 0.1 * 0.3 / 0.7, DeepLinear.ridgelessError(0.3, new double[0], 0.1), 1e-15);
        assertEquals(0.1 / 0.5, DeepLinear.ridgelessError(1.5, new double[0], 0.1), 1e-15);
        int n0 = 240;
        double[] ratios = {0.8, 1.5};
        double eta2 = 0.1;
        try (Backend be = new JavaBackend(2); Matrix f1 = be.allocate(n0, 192); Matrix f2 = be.allocate(192, 360);
             Matrix a = be.allocate(n0, 360); Matrix omega = be.allocate(360, 360)) {
            be.fillGaussian(f1, new GaussianStream(8, 1), 0, 1 / Math.sqrt(n0));
            be.fillGaussian(f2, new GaussianStream(8, 2), 0, 1 / Math.sqrt(192));
            be.gemm(Trans.N, Trans.N, 1, f1, f2, 0, a);
            double[] kspec = new double[n0], ospec = new double[360];
            try (Matrix k = be.allocate(n0, n0)) {
                be.syrk(Uplo.LOWER, Trans.N, 1, a, 0, k);
                be.syevd(k, kspec, false);
            }
            be.syrk(Uplo.LOWER, Trans.T, 1, a, 0, omega);
            be.syevd(omega, ospec, false);
            double[] proj = new double[360];
            for (int i = 0; i < 360; i++) proj[i] = Math.max(ospec[i], 0) / n0;   // isotropic unit target: (u_iᵀψ)² = s_i/n0
            RidgeTheory ridge = RidgeTheory.ofCrossCovariance("deep linear", ospec, proj, 1 + eta2, eta2);
            for (double alpha : new double[]{0.2, 0.5, 0.7}) {
                double closed = DeepLinear.ridgelessError(alpha, ratios, eta2);
                double identity = DeepLinear.ridgelessErrorFromSpectrum(alpha, kspec, eta2);
                double kform = ridge.at(alpha * n0, 0).testClean();
                assertEquals(kform, identity, 1e-9 * kform, "alpha=" + alpha);
                // sampled vs asymptotic: O(1/n0) with a constant growing near the poles α = α_ℓ, 1
                assertEquals(closed, identity, 5.0 / n0 * closed / Math.min(1, 4 * Math.min(0.8 - alpha, 1 - alpha)), "alpha=" + alpha);
            }
            // above the rank fraction r = 0.8: least squares in the rank-r subspace
            double closed = DeepLinear.ridgelessError(1.6, ratios, eta2);
            assertEquals(closed, ridge.at(1.6 * n0, 0).testClean(), 5.0 / n0 * closed);
            // the only divergence is at the bottleneck r = 0.8; α = 1 and α = α_2 = 1.5 lie above it and are finite
            assertEquals(Double.POSITIVE_INFINITY, DeepLinear.ridgelessError(0.8, ratios, eta2));
            for (double alpha : new double[]{1.0, 1.5}) {
                double c = DeepLinear.ridgelessError(alpha, ratios, eta2);
                assertTrue(Double.isFinite(c), "alpha=" + alpha);
                assertEquals(c, ridge.at(alpha * n0, 0).testClean(), 5.0 / n0 * c, "alpha=" + alpha);
            }
            // the training error (Asymptotics' deep-linear curve): 0 below r, σ²(1 − r/α) above, against the κ-form's
            Asymptotics.Target unit = new Asymptotics.Target(null, 1, eta2);
            for (double alpha : new double[]{0.5, 1.0, 1.5, 1.6, 3.0}) {
                double train = Asymptotics.deepLinearTrain(alpha, ratios, unit), kform = ridge.at(alpha * n0, 0).train();
                assertEquals(kform, train, 5.0 / n0 * Math.max(train, 1e-3), "alpha=" + alpha);
            }
        }
    }
}
