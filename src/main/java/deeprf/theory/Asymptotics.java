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
     * readout centres features and labels (fits an intercept). Without it the label mean μ0(g) of a single-index
     * target is one more unexplained part of the clean target (like F*²) when the learner's features have no mean
     * (odd activations without biases); features with a mean carry a spike ≈ p μ0² along their mean, which fits the
     * label mean at no asymptotic cost.
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
        double f1, fs;
        if (target.function() == null) {
            f1 = target.norm2();
            fs = 0;
        } else {
            if (!(target.norm2() > 0)) return none("single-index target with zero norm");
            Coefficients c = GaussianEquivalence.of(target.function(), target.norm2());
            f1 = c.mu1() * c.mu1() * target.norm2();
            fs = c.muStar2();
            if (!target.centred() && centredFeatures(l)) fs += c.mu0() * c.mu0();
        }
        NeuronMixtureTheory t = new NeuronMixtureTheory("one-layer random features", mix, l.widthRatio());
        List<Point> pts = new ArrayList<>();
        for (double lam : lambdas) {
            NeuronMixtureTheory.Point p = t.at(alpha, lam, f1, fs, target.noiseVariance());
            pts.add(new Point(lam, p.testClean(), p.testNoisy(), p.train()));
        }
        boolean homogeneous = mix.atoms() == 1;
        return new Curve(homogeneous ? "mei-montanari" : "heterogeneous-neurons", pts, null);
    }

    /** Whether every neuron of the layer has mean 0: odd activations and no (or zero) bias. */
    private static boolean centredFeatures(Layer l) {
        boolean noBias = l.bias() instanceof BiasLaw.None || (l.bias() instanceof BiasLaw.Constant k && k.value() == 0);
        if (!noBias) return false;
        for (Activation f : l.activations())
            switch (f.kind()) {
                case LINEAR, TANH, ERF, SIGN, CLIPPED_LINEAR -> { }
                default -> { return false; }
            }
        return true;
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
            pts.add(new Point(lam, clean, clean + target.noiseVariance(), Double.NaN));
        }
        return new Curve("deep-linear", pts, null);
    }

    /** The (a, c) distribution of a layer's neurons: activations × bias law (quadrature over the bias). */
    static NeuronMixture mixture(Layer l) {
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
                double[] ac = NeuronMixture.pair(l.activations().get(j), s, biases[i]);
                atoms.add(new double[]{l.fractions()[j] * bw[i], ac[0], ac[1]});
            }
        }
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

    private static Curve none(String reason) { return new Curve(null, List.of(), reason); }
}
