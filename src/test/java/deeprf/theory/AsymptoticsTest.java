package deeprf.theory;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class AsymptoticsTest {
    static Asymptotics.Layer plain(double ratio, Activation f) {
        return new Asymptotics.Layer(ratio, List.of(f), new double[]{1}, 1, new Asymptotics.BiasLaw.None(), true);
    }

    @Test
    void oneReluLayerIsMeiMontanari() {
        Asymptotics.Curve c = Asymptotics.curve(true, List.of(plain(2, Activation.RELU)), new Asymptotics.Target(null, 1, 0.1), 0.5,
                new double[]{2 * 0.1});
        assertTrue(c.available());
        assertEquals("mei-montanari", c.method());
        assertEquals(0.801703, c.points().get(0).testClean(), 1e-6);
        assertEquals(0.901703, c.points().get(0).testNoisy(), 1e-6);
    }

    /**
     * n < p (ψ1 = 2, ψ2 = 0.5): h(κ0) rounds to ~2e-16, above λ' = 1e-16, and the κ equation was refused with
     * "does not bracket a root"; a λ' below that rounding is ridgeless to working precision. Tiny λ' at ψ2 = ψ1
     * (κ0 = 0) solves too.
     */
    @Test
    void tinyLambdaSolvesOnBothSidesOfTheThreshold() {
        Asymptotics.Target t = new Asymptotics.Target(null, 1, 0.1);
        for (double psi2 : new double[]{0.5, 2.0, 3.0}) {
            double ridgeless = Asymptotics.curve(true, List.of(plain(2, Activation.TANH)), t, psi2, new double[]{0}).points().get(0).testClean();
            for (double lam : new double[]{1e-300, 1e-100, 1e-16, 1e-12}) {
                double e = Asymptotics.curve(true, List.of(plain(2, Activation.TANH)), t, psi2, new double[]{lam}).points().get(0).testClean();
                if (psi2 == 2.0) assertTrue(e > 1e3 && !Double.isNaN(e), "psi2 = psi1, lambda'=" + lam + ": " + e);
                else assertEquals(ridgeless, e, 1e-5 * ridgeless, "psi2=" + psi2 + ", lambda'=" + lam);
            }
        }
    }

    @Test
    void singleIndexTargetSplitsIntoLinearAndNonlinearParts() {
        Coefficients g = GaussianEquivalence.of(Activation.TANH, 2);
        double mm = MeiMontanari.of(Activation.RELU, 1.5, 3, 1e-3).risk(g.mu1() * g.mu1() * 2, g.muStar2(), 0.1);
        Asymptotics.Curve c = Asymptotics.curve(true, List.of(plain(1.5, Activation.RELU)), new Asymptotics.Target(Activation.TANH, 2, 0.1), 3,
                new double[]{1.5e-3});
        assertEquals(mm, c.points().get(0).testClean(), 1e-6 * mm);
    }

    static Asymptotics.Layer biasedTanh(double std) {
        return new Asymptotics.Layer(1.5, List.of(Activation.TANH), new double[]{1}, 1,
                std == 0 ? new Asymptotics.BiasLaw.None() : new Asymptotics.BiasLaw.Normal(0, std), true);
    }

    /**
     * Uncentred readout (no intercept), single-index relu target (label mean μ0 = 1/√(2π)), one tanh layer, p = 1.5d,
     * n = 2d: the readout fits the label mean through the features' mean vector, so how much of μ0² stays unexplained
     * depends continuously on how large that mean is at the point's d. It was all or nothing: biases of any std
     * (1e-4 here) counted the mean as fitted (0.250 at λ' = 1) and no bias as not at all (0.419). At std 0.05, d = 400
     * (p·E μ0_i² ≈ 0.55) a simulation gave 0.3764 ± 0.0058 (λ' = 0.01) and 0.3457 ± 0.0086 (λ' = 1), 8 seeds
     * (n_test = 3000), the conditional theory 0.376 / 0.347.
     */
    @Test
    void uncentredLabelMeanIsFittedInProportionToTheFeatureMean() {
        Asymptotics.Target unc = new Asymptotics.Target(Activation.RELU, 1, 0.1, false), cen = new Asymptotics.Target(Activation.RELU, 1, 0.1, true);
        double[] lam = {0.01, 1.0};
        double mu02 = 1 / (2 * Math.PI);
        for (int j = 0; j < lam.length; j++) {
            double[] one = {lam[j]};
            double none = Asymptotics.curve(true, List.of(biasedTanh(0)), unc, 2, one, 400).points().get(0).testClean();
            double tiny = Asymptotics.curve(true, List.of(biasedTanh(1e-4)), unc, 2, one, 400).points().get(0).testClean();
            double small = Asymptotics.curve(true, List.of(biasedTanh(0.05)), unc, 2, one, 400).points().get(0).testClean();
            double smallCentred = Asymptotics.curve(true, List.of(biasedTanh(0.05)), cen, 2, one, 400).points().get(0).testClean();
            double noneCentred = Asymptotics.curve(true, List.of(biasedTanh(0)), cen, 2, one).points().get(0).testClean();
            assertEquals(none, tiny, 1e-3 * none, "lambda' = " + lam[j] + ": biases of std 1e-4 leave the label mean unfitted as none do");
            assertTrue(none > noneCentred + mu02, "no feature mean: all of mu0^2 unexplained (" + none + " vs " + noneCentred + ")");
            assertTrue(small > smallCentred + 0.1 * mu02 && small < none, "std 0.05: in between, " + small);
            // the proportional limit (d = ∞): any mean is fitted, none is not
            assertEquals(smallCentred, Asymptotics.curve(true, List.of(biasedTanh(0.05)), unc, 2, one).points().get(0).testClean(), 1e-12);
            assertEquals(none, Asymptotics.curve(true, List.of(biasedTanh(0)), unc, 2, one).points().get(0).testClean(), 1e-12);
            // against the simulation (within 2 of its SE)
            assertEquals(j == 0 ? 0.3764 : 0.3457, small, 2 * (j == 0 ? 0.0058 : 0.0086), "lambda' = " + lam[j]);
            double train = Asymptotics.curve(true, List.of(biasedTanh(0.05)), unc, 2, one, 400).points().get(0).train();
            assertTrue(train > 0 && Double.isFinite(train));
        }
    }

    /**
     * docs/DERIVATIONS.md §2: the weight-free label-mean term ȳ²·[1/(1+t) − κt'/(1+t)²]/(1 − df2/n) is the Sherman–Morrison
     * reduction of the κ-form on uncentred moments (Ω = C + μμᵀ, ψ = ψ_c + ȳμ, σ_y² + ȳ²), with t = μᵀ(C+κ)⁻¹μ and
     * t' = μᵀ(C+κ)⁻²μ taken from the per-neuron resolvent diagonal. Checked on sampled one-layer covariances: tanh, biases
     * N(0, 0.05²) at their p quantiles, d = 400, p = 600, n = 800, relu single-index target (ȳ = 1/√(2π)), isotropic β.
     * (i) Per draw, the uncentred − centred κ-form difference against ȳ²L/(1 − df2/n) with the draw's exact t, t' (the
     * reduction drops only O(1/n): the spike's share of df1 and df2, and E_β s², s = ψ_cᵀ(C+κ)⁻¹μ): within 3 % (seen ≤ 1.8 %).
     * (ii) The mean of that difference over 4 draws against the weight-free curve's: within 5 % at λ' = 0.01, 2 % at
     * λ' = 1 and 30 (seen 1.5 %, 0.3 %, 0.01 %). At λ' = 0.01, t ≈ 4.7 varies by ±7 % from draw to draw (its off-diagonal
     * part is O(1/√p)), so one draw's difference scatters by ±6 % around the curve.
     */
    @Test
    void labelMeanTermIsTheShermanMorrisonReductionOfTheUncentredKappaForm() {
        int d = 400, p = 600, n = 800, draws = 4;
        double std = 0.05, tau2 = 0.1;
        double[] lambdas = {0.01, 1, 30};
        double[] a = new double[p], c = new double[p], mu = new double[p];
        for (int i = 0; i < p; i++) {
            double u = (i + 0.5) / p, lo = -10, hi = 10;          // b_i = std·Φ⁻¹(u) by bisection
            for (int it = 0; it < 200; it++) { double mid = 0.5 * (lo + hi); if (GaussianEquivalence.normalCdf(mid) < u) lo = mid; else hi = mid; }
            Coefficients co = GaussianEquivalence.of(Activation.TANH, 1, std * 0.5 * (lo + hi));
            a[i] = co.mu1();
            c[i] = co.muStar();
            mu[i] = co.mu0();
        }
        Coefficients g = GaussianEquivalence.of(Activation.RELU, 1);
        double ybar = g.mu0(), sy2 = g.mu1() * g.mu1() + g.muStar2() + tau2;
        double[] meanDiff = new double[lambdas.length];
        try (deeprf.backend.Backend be = new deeprf.backend.java.JavaBackend(1)) {
            for (int draw = 0; draw < draws; draw++) {
                java.util.Random rnd = new java.util.Random(11 + draw);
                double[] aw = new double[p * d];                  // D_a W/√d, row i = a_i w_i/√d with w_i ~ N(0, I_d), column-major
                for (int k = 0; k < d; k++) for (int i = 0; i < p; i++) aw[i + k * p] = a[i] * rnd.nextGaussian() / Math.sqrt(d);
                double[] cov, withMean, evC = new double[p], evU = new double[p], uC, uU;
                try (deeprf.backend.Matrix x = be.upload(aw, p, d); deeprf.backend.Matrix cm = be.allocate(p, p)) {
                    be.gemm(deeprf.backend.Trans.N, deeprf.backend.Trans.T, 1, x, x, 0, cm);
                    cov = be.download(cm);                        // C = D_a W Wᵀ D_a/d + D_c²
                }
                for (int i = 0; i < p; i++) cov[i + i * p] += c[i] * c[i];
                withMean = cov.clone();
                for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) withMean[i + j * p] += mu[i] * mu[j];
                uC = eigh(be, cov, evC);
                uU = eigh(be, withMean, evU);
                RidgeTheory centred = RidgeTheory.ofCrossCovariance("centred", evC, psiProj2(be, uC, aw, null, 0, g.mu1(), d), sy2, tau2);
                RidgeTheory uncentred = RidgeTheory.ofCrossCovariance("uncentred", evU, psiProj2(be, uU, aw, mu, ybar, g.mu1(), d), sy2 + ybar * ybar, tau2);
                double[] um = new double[p];                      // U_Cᵀμ
                for (int j = 0; j < p; j++) for (int i = 0; i < p; i++) um[j] += uC[i + j * p] * mu[i];
                for (int j = 0; j < lambdas.length; j++) {
                    RidgeTheory.Point pc = centred.at(n, lambdas[j]);
                    double full = uncentred.at(n, lambdas[j]).testNoisy() - pc.testNoisy(), k = pc.kappa(), t = 0, tp = 0;
                    for (int i = 0; i < p; i++) {
                        t += um[i] * um[i] / (evC[i] + k);
                        tp += um[i] * um[i] / ((evC[i] + k) * (evC[i] + k));
                    }
                    double reduced = ybar * ybar * (1 / (1 + t) - k * tp / ((1 + t) * (1 + t))) / (1 - pc.df2() / n);
                    assertTrue(full > 0.02, "lambda' = " + lambdas[j] + ": the label mean must matter here, " + full);
                    assertEquals(full, reduced, 0.03 * full, "draw " + draw + ", lambda' = " + lambdas[j] + ": kappa-form on C + mu mu^T vs Sherman-Morrison");
                    meanDiff[j] += full / draws;
                }
            }
        }
        Asymptotics.Layer layer = biasedTanh(std);
        Asymptotics.Curve unc = Asymptotics.curve(true, List.of(layer), new Asymptotics.Target(Activation.RELU, 1, tau2, false), 2, lambdas, d);
        Asymptotics.Curve cen = Asymptotics.curve(true, List.of(layer), new Asymptotics.Target(Activation.RELU, 1, tau2, true), 2, lambdas, d);
        for (int j = 0; j < lambdas.length; j++) {
            double weightFree = unc.points().get(j).testClean() - cen.points().get(j).testClean();
            assertEquals(meanDiff[j], weightFree, (j == 0 ? 0.05 : 0.02) * meanDiff[j], "lambda' = " + lambdas[j] + ": sampled (mean of " + draws + ") vs weight-free");
        }
    }

    /** Eigenvalues (ascending, into ev) and eigenvectors (returned, column-major) of a symmetric p×p matrix. */
    private static double[] eigh(deeprf.backend.Backend be, double[] m, double[] ev) {
        try (deeprf.backend.Matrix x = be.upload(m, ev.length, ev.length)) {
            be.syevd(x, ev, true);
            return be.download(x);
        }
    }

    /**
     * (u_jᵀψ)² for ψ = μ1(g)·(D_a W/√d)β + ȳ·mean, averaged over isotropic β with E ββᵀ = I/d (‖β‖ = 1; the cross term
     * averages to 0): μ1(g)²·‖(Uᵀ D_a W/√d)_j‖²/d + ȳ²(u_jᵀmean)².
     */
    private static double[] psiProj2(deeprf.backend.Backend be, double[] u, double[] aw, double[] mean, double ybar, double mu1g, int d) {
        int p = aw.length / d;
        double[] uaw;
        try (deeprf.backend.Matrix um = be.upload(u, p, p); deeprf.backend.Matrix x = be.upload(aw, p, d); deeprf.backend.Matrix out = be.allocate(p, d)) {
            be.gemm(deeprf.backend.Trans.T, deeprf.backend.Trans.N, 1, um, x, 0, out);
            uaw = be.download(out);
        }
        double[] out = new double[p];
        for (int k = 0; k < d; k++) for (int j = 0; j < p; j++) out[j] += uaw[j + k * p] * uaw[j + k * p];
        for (int j = 0; j < p; j++) {
            out[j] *= mu1g * mu1g / d;
            if (mean != null) {
                double s = 0;
                for (int i = 0; i < p; i++) s += u[i + j * p] * mean[i];
                out[j] += ybar * ybar * s * s;
            }
        }
        return out;
    }

    @Test
    void uniformBiasLawMatchesTheDirectMixture() {
        // U[-1,1] biases by 60-node Legendre against a 400-atom midpoint discretisation of the same law
        Asymptotics.Layer l = new Asymptotics.Layer(2, List.of(Activation.RELU), new double[]{1}, 1, new Asymptotics.BiasLaw.Uniform(-1, 1), true);
        double got = Asymptotics.curve(true, List.of(l), new Asymptotics.Target(null, 1, 0.1), 1.5, new double[]{0.01}).points().get(0).testClean();
        int m = 400;
        double[] w = new double[m], a = new double[m], cc = new double[m];
        for (int i = 0; i < m; i++) {
            double[] ac = NeuronMixture.pair(Activation.RELU, 1, -1 + (i + 0.5) * 2.0 / m);
            w[i] = 1.0 / m;
            a[i] = ac[0];
            cc[i] = ac[1];
        }
        double ref = new NeuronMixtureTheory("ref", new NeuronMixture(w, a, cc), 2).at(1.5, 0.01, 1, 0, 0.1).testClean();
        assertEquals(ref, got, 1e-5 * ref);   // midpoint rule error O(1/m²)
    }

    @Test
    void deepLinearRidgeless() {
        List<Asymptotics.Layer> ls = List.of(plain(0.8, Activation.LINEAR), plain(1.5, new Activation(ActivationKind.LINEAR, 2, 0)));
        Asymptotics.Curve c = Asymptotics.curve(true, ls, new Asymptotics.Target(null, 1, 0.1), 0.5, new double[]{0});
        assertEquals("deep-linear", c.method());
        assertEquals(DeepLinear.ridgelessError(0.5, new double[]{0.8, 1.5}, 0.1), c.points().get(0).testClean(), 1e-14);
        // ‖w*‖² = 4 scales the bias, the noise enters with its own variance
        Asymptotics.Curve c4 = Asymptotics.curve(true, ls, new Asymptotics.Target(null, 4, 0.1), 0.5, new double[]{0});
        assertEquals(4 * DeepLinear.ridgelessError(0.5, new double[]{0.8, 1.5}, 0.025), c4.points().get(0).testClean(), 1e-13);
    }

    @Test
    void uncoveredModelsSayWhy() {
        Asymptotics.Target t = new Asymptotics.Target(null, 1, 0.1);
        assertTrue(Asymptotics.curve(false, List.of(plain(2, Activation.RELU)), t, 1, new double[]{0.1}).unavailable().contains("identity"));
        assertTrue(Asymptotics.curve(true, List.of(plain(2, Activation.TANH), plain(2, Activation.TANH)), t, 1, new double[]{0.1})
                .unavailable().contains("deep nonlinear"));
        assertTrue(Asymptotics.curve(true, List.of(plain(2, Activation.LINEAR)), t, 1, new double[]{0.1}).unavailable().contains("ridgeless"));
        Asymptotics.Layer structured = new Asymptotics.Layer(2, List.of(Activation.TANH), new double[]{1}, 1, null, false);
        assertTrue(Asymptotics.curve(true, List.of(structured), t, 1, new double[]{0.1}).unavailable().contains("structured"));
        assertThrows(IllegalArgumentException.class, () -> Asymptotics.curve(true, List.of(plain(2, Activation.TANH)), t, -1, new double[]{0.1}));
    }
}
