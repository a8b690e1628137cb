package deeprf.theory;

import deeprf.backend.Activation;
import deeprf.backend.NeuronActivations;

import java.util.ArrayList;
import java.util.List;

/**
 * A distribution P over per-neuron Gaussian-equivalence pairs (a, c) (THEORY.md §9.3): neuron i computes
 * f_i(σ_W·t + b_i) of t = w_i·x/√d ~ N(0,1), and behaves as μ0_i + a_i·t + c_i·z_i with
 * a_i = E[g f_i(σ_W g + b_i)] and c_i² = E f_i(σ_W g + b_i)² − μ0_i² − a_i². Random biases and mixtures of
 * nonlinearities are both such distributions; so is any list of (a, c) pairs (mixtures no bias can express).
 *
 * @param weights probabilities (sum 1)
 * @param a       per-atom linear coefficient
 * @param c       per-atom nonlinear strength (≥ 0)
 */
public record NeuronMixture(double[] weights, double[] a, double[] c) {
    public NeuronMixture {
        int k = weights.length;
        if (k == 0) throw new IllegalArgumentException("neuron mixture: needs at least one atom");
        if (a.length != k || c.length != k)
            throw new IllegalArgumentException("neuron mixture: " + k + " weights but " + a.length + " a-values and " + c.length + " c-values");
        double s = 0;
        for (int i = 0; i < k; i++) {
            if (!(weights[i] >= 0) || !Double.isFinite(weights[i]))
                throw new IllegalArgumentException("neuron mixture: weight " + i + " must be finite and >= 0, got " + weights[i]);
            if (!Double.isFinite(a[i])) throw new IllegalArgumentException("neuron mixture: a of atom " + i + " is " + a[i]);
            if (!(c[i] >= 0) || !Double.isFinite(c[i]))
                throw new IllegalArgumentException("neuron mixture: c of atom " + i + " must be finite and >= 0, got " + c[i]);
            s += weights[i];
        }
        if (Math.abs(s - 1) > 1e-9) throw new IllegalArgumentException("neuron mixture: weights must sum to 1, got " + s);
        weights = weights.clone();
        a = a.clone();
        c = c.clone();
    }

    public int atoms() { return weights.length; }

    /** One neuron type: f(σ_W g) for every neuron. */
    public static NeuronMixture homogeneous(Activation f, double sigmaW) {
        return mixture(List.of(f), new double[]{1}, sigmaW, 0);
    }

    /** f(σ_W g + b) with b ~ N(0, σ_b²) per neuron (60-node Gauss–Hermite over b; σ_b = 0 is no bias). */
    public static NeuronMixture biased(Activation f, double sigmaW, double biasStd) {
        return mixture(List.of(f), new double[]{1}, sigmaW, biasStd);
    }

    /**
     * Neurons draw their activation from {@code fs} with the given fractions, and (independently) a bias
     * b ~ N(0, σ_b²); σ_b = 0 means no bias.
     */
    public static NeuronMixture mixture(List<Activation> fs, double[] fractions, double sigmaW, double biasStd) {
        if (fs.size() != fractions.length)
            throw new IllegalArgumentException("neuron mixture: " + fs.size() + " activations but " + fractions.length + " fractions");
        checkSigma(sigmaW);
        if (!(biasStd >= 0) || !Double.isFinite(biasStd))
            throw new IllegalArgumentException("neuron mixture: bias standard deviation must be finite and >= 0, got " + biasStd);
        Quadrature.Rule rule = biasStd == 0 ? new Quadrature.Rule(new double[]{0}, new double[]{1}) : Quadrature.hermite(60);
        List<double[]> atoms = new ArrayList<>();
        for (int j = 0; j < fs.size(); j++) {
            if (!(fractions[j] >= 0)) throw new IllegalArgumentException("neuron mixture: fraction " + j + " must be >= 0, got " + fractions[j]);
            if (fractions[j] == 0) continue;
            for (int r = 0; r < rule.nodes().length; r++) {
                double[] ac = pair(fs.get(j), sigmaW, biasStd * rule.nodes()[r]);
                atoms.add(new double[]{fractions[j] * rule.weights()[r], ac[0], ac[1]});
            }
        }
        return fromAtoms(atoms);
    }

    /** The empirical distribution of a sampled layer's neurons (each its own activation and bias), at scale σ_W. */
    public static NeuronMixture ofNeurons(NeuronActivations plan, int neurons, double sigmaW) {
        checkSigma(sigmaW);
        if (plan.neurons() >= 0 && plan.neurons() != neurons)
            throw new IllegalArgumentException("neuron mixture: the activation plan fixes " + plan.neurons() + " neurons, not " + neurons);
        if (neurons < 1) throw new IllegalArgumentException("neuron mixture: needs at least one neuron, got " + neurons);
        List<double[]> atoms = new ArrayList<>(neurons);
        java.util.Map<String, double[]> cache = new java.util.HashMap<>();
        for (int i = 0; i < neurons; i++) {
            Activation f = plan.activationOf(i);
            double b = plan.biasOf(i);
            double[] ac = cache.computeIfAbsent(f + "@" + b, k -> pair(f, sigmaW, b));
            atoms.add(new double[]{1.0 / neurons, ac[0], ac[1]});
        }
        return fromAtoms(atoms);
    }

    /** (a, c) of f(σ_W g + b). */
    static double[] pair(Activation f, double sigmaW, double b) {
        Coefficients co = GaussianEquivalence.of(f, sigmaW * sigmaW, b);
        return new double[]{co.mu1() * sigmaW, co.muStar()};
    }

    private static NeuronMixture fromAtoms(List<double[]> atoms) {
        double s = 0;
        for (double[] t : atoms) s += t[0];
        double[] w = new double[atoms.size()], a = new double[atoms.size()], c = new double[atoms.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = atoms.get(i)[0] / s;
            a[i] = atoms.get(i)[1];
            c[i] = atoms.get(i)[2];
        }
        return new NeuronMixture(w, a, c);
    }

    private static void checkSigma(double sigmaW) {
        if (!(sigmaW > 0) || !Double.isFinite(sigmaW))
            throw new IllegalArgumentException("neuron mixture: weight scale sigma_W must be finite and > 0, got " + sigmaW);
    }

    /** E_P a². */
    public double meanA2() {
        double s = 0;
        for (int i = 0; i < weights.length; i++) s += weights[i] * a[i] * a[i];
        return s;
    }

    /** E_P c². */
    public double meanC2() {
        double s = 0;
        for (int i = 0; i < weights.length; i++) s += weights[i] * c[i] * c[i];
        return s;
    }
}
