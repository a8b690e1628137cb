package deeprf.theory.model;

import deeprf.backend.Activation;
import deeprf.model.BiasDistribution;
import deeprf.model.LayerSpec;
import deeprf.model.MixtureComponent;
import deeprf.model.Network;
import deeprf.model.Spectrum;
import deeprf.model.WeightStructure;
import deeprf.theory.Asymptotics;
import deeprf.theory.ConditionalTheory;
import deeprf.theory.LayerSpectrum;
import deeprf.theory.SpectralRecursion;

import java.util.ArrayList;
import java.util.List;

/**
 * The theory of {@code deeprf.model}'s objects: the layers of a sampled network as the conditional theory takes
 * them (the conditional theory of a draw itself is {@code deeprf.experiment.TheoryColumns}, shared by run and theory),
 * the weight-free asymptotic curve of a point's model where one exists, and layer spectra. The bridge between the
 * experiment side and {@code deeprf.theory}; it reads model objects and never changes them.
 *
 * <p>Conventions: ridge in the canonical λ' (§1), on covariances when the readout centres features and labels
 * ({@code centre = true}, an intercept) and on second moments (means included) when it does not: the conditional
 * theory then adds the feature and label means to Ω, ψ and σ_y², and the weight-free curve counts the part of a
 * single-index target's mean that the features' mean vector leaves unfitted at the point's d (all of it when the
 * learner's features have no mean).
 */
public final class ModelTheory {
    private ModelTheory() {}

    /** The layers of a sampled network as the conditional theory takes them (the actual W_ℓ and activation plans). */
    public static List<ConditionalTheory.Layer> layers(Network net) {
        List<ConditionalTheory.Layer> out = new ArrayList<>();
        for (Network.Layer l : net.layers()) out.add(new ConditionalTheory.Layer(l.weights(), l.activations()));
        return out;
    }

    /**
     * The weight-free curve at n samples over the λ' grid for a learner of {@code layers} on d inputs with data
     * covariance {@code data}, and a linear ({@code function == null}) or single-index target of norm ‖β‖ = norm with
     * label noise; {@code networkTeacher} makes it unavailable (no weight-free formula for a random teacher network).
     * For a readout that centres features and labels (an intercept); a spec's default is {@code centre = false}, so
     * to match {@code run}'s columns pass its centre to the overload below.
     */
    public static Asymptotics.Curve asymptotic(int d, Spectrum data, List<LayerSpec> layers, boolean networkTeacher, Activation function,
                                               double norm, double noise, long n, double[] lambdas) {
        return asymptotic(d, data, layers, networkTeacher, function, norm, noise, n, lambdas, true);
    }

    /** As above, for a readout that centres features and labels ({@code centre}) or not (Asymptotics.Target). */
    public static Asymptotics.Curve asymptotic(int d, Spectrum data, List<LayerSpec> layers, boolean networkTeacher, Activation function,
                                               double norm, double noise, long n, double[] lambdas, boolean centre) {
        if (networkTeacher)
            return new Asymptotics.Curve(null, List.of(), "a random teacher network has no weight-free curve here (use the conditional theory on the draw)");
        List<Asymptotics.Layer> ls = new ArrayList<>();
        for (LayerSpec l : layers) {
            List<Activation> fs = new ArrayList<>();
            double[] fr = new double[l.mixture().size()];
            for (int i = 0; i < fr.length; i++) {
                MixtureComponent c = l.mixture().get(i);
                fs.add(c.activation());
                fr[i] = c.fraction();
            }
            Asymptotics.BiasLaw bias = switch (l.bias()) {
                case BiasDistribution.None x -> new Asymptotics.BiasLaw.None();
                case BiasDistribution.Constant c -> new Asymptotics.BiasLaw.Constant(c.value());
                case BiasDistribution.Normal nm -> new Asymptotics.BiasLaw.Normal(nm.mean(), nm.std());
                case BiasDistribution.Uniform u -> new Asymptotics.BiasLaw.Uniform(u.low(), u.high());
            };
            ls.add(new Asymptotics.Layer((double) l.width() / d, fs, fr, l.weightScale(), bias, l.weights() instanceof WeightStructure.Iid));
        }
        return Asymptotics.curve(data.isIdentity(), ls, new Asymptotics.Target(function, norm * norm, noise, centre), (double) n / d, lambdas, d);
    }

    /**
     * The predicted spectrum of one layer's feature covariance: the population law of Ω^lin_ℓ and the law of the
     * empirical covariance of n samples (what a run measures; null when n < k, where it is not computed), or the
     * reason there is none ({@code unavailable}).
     */
    public record LayerSpectrumPrediction(int layer, LayerSpectrum population, LayerSpectrum sampled, String unavailable) {
        public boolean available() { return unavailable == null; }
    }

    /**
     * Weight-free spectra of every learner layer (THEORY.md §4.4) for {@code samples} training samples: available
     * for a layer when it and every layer below it are i.i.d., bias-free, with one centred activation (papers 2, 2').
     */
    public static List<LayerSpectrumPrediction> layerSpectra(int d, Spectrum data, List<LayerSpec> layers, long samples) {
        List<LayerSpectrumPrediction> out = new ArrayList<>();
        List<SpectralRecursion.LayerSpec> rec = new ArrayList<>();
        String blocked = null;
        double[] sigma0 = data.eigenvalues(d);
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            int layer = i + 1;
            if (blocked == null) {
                if (l.mixture().size() > 1) blocked = "layer " + layer + " is a mixture of activations (no scalar recursion)";
                else if (!(l.bias() instanceof BiasDistribution.None) && !(l.bias() instanceof BiasDistribution.Constant c && c.value() == 0))
                    blocked = "layer " + layer + " has biases " + l.bias().label() + " (the recursion of THEORY.md §4.4 needs none)";
                else if (!(l.weights() instanceof WeightStructure.Iid))
                    blocked = "layer " + layer + " has structured weights " + l.weights().label() + " (the recursion needs i.i.d.)";
                if (blocked == null) {
                    rec.add(new SpectralRecursion.LayerSpec((double) l.width() / d, l.mixture().get(0).activation(), l.weightScale() * l.weightScale()));
                    try {
                        new SpectralRecursion(sigma0, rec);
                    } catch (IllegalArgumentException e) {
                        blocked = e.getMessage();
                    }
                }
            }
            if (blocked != null) {
                out.add(new LayerSpectrumPrediction(layer, null, null, blocked));
                continue;
            }
            LayerSpectrum sampled = samples >= l.width() ? LayerSpectrum.sampled(sigma0, rec, layer, samples) : null;
            out.add(new LayerSpectrumPrediction(layer, LayerSpectrum.population(sigma0, rec, layer), sampled, null));
        }
        return out;
    }
}
