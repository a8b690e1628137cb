package deeprf.theory;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;

import java.util.ArrayList;
import java.util.List;

/**
 * Weight-free asymptotic learning curves for the models that have one, from a plain description of the model;
 * for the others, the reason there is none (never a silently wrong curve). Covered:
 * <ul>
 *   <li>one i.i.d. layer on isotropic data, any catalogue activation, mixtures and random biases, linear or
 *       single-index target: the heterogeneous-neuron system of THEORY.md §9.3 (Mei–Montanari when homogeneous);</li>
 *   <li>linear layers, i.i.d., isotropic data, linear target, ridgeless: the deep linear closed form of §8.4.</li>
 * </ul>
 * Errors in the canonical ridge convention (λ', §1); test errors against the clean target and the noisy labels.
 */
public final class Asymptotics {
    private Asymptotics() {}

    /** Distribution of per-neuron biases. */
    public sealed interface BiasLaw {
        record None() implements BiasLaw {}
        record Constant(double value) implements BiasLaw {}
        record Normal(double mean, double std) implements BiasLaw {}
        record Uniform(double low, double high) implements BiasLaw {}
    }

    /**
     * One layer: width ratio k/d, activations with fractions, weight scale σ_w (entries N(0, σ_w²/fan-in)), bias law,
     * and whether the weights are i.i.d. (structured weights have no weight-free curve here).
     */
    public record Layer(double widthRatio, List<Activation> activations, double[] fractions, double weightScale, BiasLaw bias, boolean iid) {
        public Layer {
            activations = List.copyOf(activations);
            fractions = fractions.clone();
            if (activations.size() != fractions.length)
                throw new IllegalArgumentException("asymptotics: " + activations.size() + " activations but " + fractions.length + " fractions");
            if (!(widthRatio > 0) || !Double.isFinite(widthRatio))
                throw new IllegalArgumentException("asymptotics: width ratio must be finite and > 0, got " + widthRatio);
            if (!(weightScale > 0) || !Double.isFinite(weightScale))
                throw new IllegalArgumentException("asymptotics: weight scale must be finite and > 0, got " + weightScale);
            if (bias == null) bias = new BiasLaw.None();
        }
    }

    /**
     * Target: linear (function == null) or single-index g(βᵀx), ‖β‖² = norm2, label noise τ². {@code centred}: the
     * readout centres features and labels (fits an intercept). Without it the readout must fit the label mean ȳ = μ0(g)
     * of a single-index target through the features' mean vector μ (per neuron μ0_i): a rank-one spike of Ω along μ.
     * What it leaves, ȳ²·[1/(1+t) − κ t'/(1+t)²] with t = μᵀ(C+κ)⁻¹μ (C the features' covariance), is one more
     * unexplained part of the clean target (like F*²): all of ȳ² when the features have no mean (odd activations
     * without biases), none in the limit p → ∞ when they have one, and in between for small means at finite p
     * (small biases on odd activations), see {@link #curve(boolean, List, Target, double, double[], double)}.
     */
    public record Target(Activation function, double norm2, double noiseVariance, boolean centred) {
        public Target {
            if (!(norm2 >= 0) || !Double.isFinite(norm2)) throw new IllegalArgumentException("asymptotics: target norm^2 must be finite and >= 0, got " + norm2);
            if (!(noiseVariance >= 0) || !Double.isFinite(noiseVariance)) throw new IllegalArgumentException("asymptotics: noise variance must be finite and >= 0, got " + noiseVariance);
        }

        /** A target for a centred readout (an intercept). */
        public Target(Activation function, double norm2, double noiseVariance) {
            this(function, norm2, noiseVariance, true);
        }
    }

    /** One curve point. */
    public record Point(double lambda, double testClean, double testNoisy, double train) {}

    /** The curve at n/d = alpha over the λ' grid, or the reason there is none. */
    public record Curve(String method, List<Point> points, String unavailable) {
        public boolean available() { return unavailable == null; }
    }

    /**
     * @param isotropicData whether Σ₀ = I (the covered models need it)
     * @param alpha         n/d
     */
    public static Curve curve(boolean isotropicData, List<Layer> layers, Target target, double alpha, double[] lambdas) {
        return curve(isotropicData, layers, target, alpha, lambdas, Double.POSITIVE_INFINITY);
    }

    /**
     * As above, for inputs of dimension d (p = k/d · d features): d enters only through the label mean of a
     * single-index target with an uncentred readout ({@code target.centred() == false}), which the readout fits
     * through the features' mean vector μ. With per-neuron means μ0_i and the resolvent's per-neuron diagonal
     * 1/D_i, D_i = c_i² + κ + a_i² e(κ) (THEORY.md §9.3), t = μᵀ(C+κ)⁻¹μ ≈ p·E[μ0²/D] and
     * t' = μᵀ(C+κ)⁻²μ ≈ p·E[μ0²(1 + a² e'(κ))/D²] (the off-diagonal terms cancel by the weights' sign symmetry);
     * Ω = C + μμᵀ and ψ = ψ_c + ȳμ give (Sherman–Morrison) the part of ȳ² left unexplained,
     * ȳ²·[1/(1+t) − κ t'/(1+t)²], counted like F*² (divided by 1 − df2/n). t = 0 (no mean: odd activations, no bias)
     * leaves all of ȳ²; t → ∞ (a mean, p → ∞; d = ∞ is that limit) none. In between (tanh with biases of std 0.05,
     * d = 400, p = 600, λ' = 1: t ≈ 0.37) it is most of ȳ²: 0.345 against a simulated 0.346 ± 0.009 where the
     * all-or-nothing rule gave 0.250. Derivation, assumptions and checks: docs/DERIVATIONS.md §2.
     */
    public static Curve curve(boolean isotropicData, List<Layer> layers, Target target, double alpha, double[] lambdas, double d) {
        if (!(d > 0)) throw new IllegalArgumentException("asymptotics: input dimension d must be > 0, got " + d);
        if (!(alpha > 0) || !Double.isFinite(alpha)) throw new IllegalArgumentException("asymptotics: n/d must be finite and > 0, got " + alpha);
        for (double l : lambdas)
            if (!(l >= 0) || !Double.isFinite(l)) throw new IllegalArgumentException("asymptotics: ridge lambda' must be finite and >= 0, got " + l);
        if (!isotropicData) return none("the data covariance is not the identity (use the conditional theory on the draw)");
        if (layers.isEmpty()) return none("no learner layers (plain linear regression: use RidgeTheory)");
        for (int i = 0; i < layers.size(); i++)
            if (!layers.get(i).iid()) return none("layer " + (i + 1) + " has structured weights (use the conditional theory on the draw)");
        boolean allLinear = true;
        for (Layer l : layers)
            for (Activation f : l.activations()) allLinear &= f.kind() == ActivationKind.LINEAR;
        if (allLinear) return deepLinear(layers, target, alpha, lambdas);
        if (layers.size() > 1)
            return none("no weight-free formula for a deep nonlinear learner with a " + (target.function() == null ? "linear" : "single-index")
                    + " target (use the conditional theory on the draw; SpectralRecursion covers the spectra and the well-specified case)");
        Layer l = layers.get(0);
        NeuronMixture mix = mixture(l);
        if (mix.meanC2() == 0) return none("the layer has no nonlinear part");
        double f1, fs, ybar2 = 0;
        if (target.function() == null) {
            f1 = target.norm2();
            fs = 0;
        } else {
            if (!(target.norm2() > 0)) return none("single-index target with zero norm");
            Coefficients c = GaussianEquivalence.of(target.function(), target.norm2());
            f1 = c.mu1() * c.mu1() * target.norm2();
            fs = c.muStar2();
            if (!target.centred()) ybar2 = c.mu0() * c.mu0();
        }
        double[] mu0 = ybar2 > 0 ? atomMeans(l) : null;
        NeuronMixtureTheory t = new NeuronMixtureTheory("one-layer random features", mix, l.widthRatio());
        List<Point> pts = new ArrayList<>();
        for (double lam : lambdas) {
            NeuronMixtureTheory.Point p = t.at(alpha, lam, f1, fs, target.noiseVariance());
            if (ybar2 > 0 && Double.isFinite(p.testClean())) {
                double left = ybar2 * meanLeft(t, mix, mu0, p, l.widthRatio() * d);
                if (left > 0) {
                    double test = p.testClean() + left / p.oneMinusDf2();
                    // E_train = (λ'/κ)²(τ² + E_test) (§9.3): the same factor on the new test error
                    double base = target.noiseVariance() + p.testClean();
                    double slack2 = base > 0 ? p.train() / base : p.kappa() > 0 ? (lam / p.kappa()) * (lam / p.kappa()) : 0;
                    pts.add(new Point(lam, test, test + target.noiseVariance(), slack2 * (target.noiseVariance() + test)));
                    continue;
                }
            }
            pts.add(new Point(lam, p.testClean(), p.testNoisy(), p.train()));
        }
        boolean homogeneous = mix.atoms() == 1;
        return new Curve(homogeneous ? "mei-montanari" : "heterogeneous-neurons", pts, null);
    }

    /**
     * The fraction of the label mean an uncentred readout leaves unexplained at the point's κ: 1/(1+t) − κ t'/(1+t)²
     * with t = p·E[μ0²/D], t' = p·E[μ0²(1 + a² e')/D²], D = c² + κ + a² e (see {@link #curve(boolean, List, Target,
     * double, double[], double)}); {@code p} = ∞ is the proportional limit (1 without a mean, 0 with one).
     * Derivation (Sherman–Morrison on the mean spike; t' = −dt/dκ): docs/DERIVATIONS.md §2.
     */
    private static double meanLeft(NeuronMixtureTheory t, NeuronMixture mix, double[] mu0, NeuronMixtureTheory.Point pt, double p) {
        double k = pt.kappa(), e = pt.e();
        double[] w = mix.weights(), a = mix.a(), c = mix.c();
        // a mean below the coefficients' rounding is none (odd activations without bias: μ0 is 0 up to quadrature error)
        double m2 = 0;
        for (int i = 0; i < w.length; i++)
            if (w[i] > 0 && Math.abs(mu0[i]) > 1e-12 * Math.sqrt(mu0[i] * mu0[i] + a[i] * a[i] + c[i] * c[i])) m2 += w[i] * mu0[i] * mu0[i];
        if (m2 == 0) return 1;
        if (Double.isInfinite(p)) return 0;
        double ep = k == 0 ? 0 : t.eDerivative(k), s = 0, sp = 0;     // t' is not needed at κ = 0 (it is multiplied by κ)
        for (int i = 0; i < w.length; i++) {
            if (!(w[i] > 0) || mu0[i] == 0) continue;
            double den = c[i] * c[i] + k + a[i] * a[i] * e;
            if (den == 0) return 0;        // a mean along a direction the ridgeless fit leaves free: fitted exactly
            s += w[i] * mu0[i] * mu0[i] / den;
            sp += w[i] * mu0[i] * mu0[i] * (1 + a[i] * a[i] * ep) / (den * den);
        }
        double tt = p * s;
        if (k == 0) return 1 / (1 + tt);
        double left = 1 / (1 + tt) - k * p * sp / ((1 + tt) * (1 + tt));
        return Math.max(0, Math.min(1, left));
    }

    /** The per-atom means μ0 of a layer's neurons, in the order of {@link #mixture(Layer)}'s atoms. */
    static double[] atomMeans(Layer l) {
        List<double[]> atoms = atoms(l);
        double[] m = new double[atoms.size()];
        for (int i = 0; i < m.length; i++) m[i] = atoms.get(i)[3];
        return m;
    }

    private static Curve deepLinear(List<Layer> layers, Target target, double alpha, double[] lambdas) {
        if (target.function() != null) return none("deep linear features with a single-index target");
        for (Layer l : layers) {
            if (!(l.bias() instanceof BiasLaw.None)) return none("deep linear features with biases");
            if (l.activations().size() > 1)
                return none("deep linear features with a mixture of slopes (the min-norm interpolator depends on the per-neuron scaling)");
        }
        double[] ratios = new double[layers.size()];
        for (int i = 0; i < ratios.length; i++) ratios[i] = layers.get(i).widthRatio();
        List<Point> pts = new ArrayList<>();
        for (double lam : lambdas) {
            if (lam != 0) return none("deep linear features are covered ridgeless only (lambda' = 0); got lambda' = " + lam);
            // linear in the two variances: E = ‖w*‖²·B(α) + τ²·V(α), B = E(η² = 0), V = E(η² = 1) − B
            double bias = DeepLinear.ridgelessError(alpha, ratios, 0), withNoise = DeepLinear.ridgelessError(alpha, ratios, 1);
            double clean = Double.isInfinite(withNoise) ? Double.POSITIVE_INFINITY
                    : target.norm2() * bias + target.noiseVariance() * (withNoise - bias);
            pts.add(new Point(lam, clean, clean + target.noiseVariance(), deepLinearTrain(alpha, ratios, target)));
        }
        return new Curve("deep-linear", pts, null);
    }

    /**
     * The ridgeless training error of deep linear features (against the noisy labels): they span r·n0 directions of
     * x, r = min(1, α_ℓ). Below α = r the minimum-norm fit interpolates (0). Above, it is least squares on r·n0
     * Gaussian features whose residual — the target outside their span, ‖w*‖²(1 − r) on average over isotropic w*,
     * plus the label noise τ² — is independent of them, so E_train = σ²(1 − r/α), σ² = ‖w*‖²(1 − r) + τ²: the same
     * σ² whose amplification σ² r/(α − r) is the test error's second term (THEORY.md §8.4).
     */
    static double deepLinearTrain(double alpha, double[] ratios, Target target) {
        double r = 1;
        for (double a : ratios) r = Math.min(r, a);
        if (alpha <= r) return 0;
        return (target.norm2() * (1 - r) + target.noiseVariance()) * (1 - r / alpha);
    }

    /** The (a, c) distribution of a layer's neurons: activations × bias law (quadrature over the bias). */
    static NeuronMixture mixture(Layer l) {
        List<double[]> atoms = atoms(l);
        double[] w = new double[atoms.size()], a = new double[atoms.size()], c = new double[atoms.size()];
        double tot = 0;
        for (double[] t : atoms) tot += t[0];
        for (int i = 0; i < w.length; i++) {
            w[i] = atoms.get(i)[0] / tot;
            a[i] = atoms.get(i)[1];
            c[i] = atoms.get(i)[2];
        }
        return new NeuronMixture(w, a, c);
    }

    /** The atoms {weight, a, c, μ0} of a layer: activations × bias quadrature nodes (weights not yet normalised). */
    private static List<double[]> atoms(Layer l) {
        double s = l.weightScale();
        Quadrature.Rule rule;
        double[] biases;
        double[] bw;
        switch (l.bias()) {
            case BiasLaw.None n -> { biases = new double[]{0}; bw = new double[]{1}; }
            case BiasLaw.Constant c -> { biases = new double[]{c.value()}; bw = new double[]{1}; }
            case BiasLaw.Normal nm -> {
                if (nm.std() == 0) { biases = new double[]{nm.mean()}; bw = new double[]{1}; }
                else {
                    rule = Quadrature.hermite(60);
                    biases = new double[60];
                    bw = rule.weights().clone();
                    for (int i = 0; i < 60; i++) biases[i] = nm.mean() + nm.std() * rule.nodes()[i];
                }
            }
            case BiasLaw.Uniform u -> {
                rule = Quadrature.legendre(60);
                biases = new double[60];
                bw = new double[60];
                for (int i = 0; i < 60; i++) {
                    biases[i] = 0.5 * (u.low() + u.high()) + 0.5 * (u.high() - u.low()) * rule.nodes()[i];
                    bw[i] = 0.5 * rule.weights()[i];
                }
            }
        }
        List<double[]> atoms = new ArrayList<>();
        for (int j = 0; j < l.activations().size(); j++) {
            if (l.fractions()[j] == 0) continue;
            for (int i = 0; i < biases.length; i++) {
                // NeuronMixture.pair's (a, c) = (μ1 σ_W, μ*), and μ0 from the same coefficients
                Coefficients co = GaussianEquivalence.of(l.activations().get(j), s * s, biases[i]);
                atoms.add(new double[]{l.fractions()[j] * bw[i], co.mu1() * s, co.muStar(), co.mu0()});
            }
        }
        return atoms;
    }

    private static Curve none(String reason) { return new Curve(null, List.of(), reason); }
}
