package deeprf.model;

import deeprf.backend.Activation;

import java.util.List;

/**
 * One layer of a random network: {@code width} neurons, neuron i computing f_i(w_i·h + b_i).
 *
 * @param width       number of neurons k_ℓ
 * @param weightScale σ_w: entries of the unstructured part have variance σ_w²/k_{ℓ−1}
 * @param mixture     the activations and the fraction of neurons using each (one component with fraction 1 for a plain layer)
 * @param bias        distribution of the per-neuron biases
 * @param weights     structure of the weight matrix
 */
public record LayerSpec(int width, double weightScale, List<MixtureComponent> mixture, BiasDistribution bias, WeightStructure weights) {
    public LayerSpec {
        if (width < 1) throw new IllegalArgumentException("layer width must be >= 1, got " + width);
        if (!(weightScale > 0) || !Double.isFinite(weightScale)) throw new IllegalArgumentException("weight scale must be finite and > 0, got " + weightScale);
        mixture = List.copyOf(mixture);
        if (mixture.isEmpty()) throw new IllegalArgumentException("a layer needs at least one activation");
        double total = 0;
        for (MixtureComponent c : mixture) total += c.fraction();
        if (Math.abs(total - 1) > 1e-9) throw new IllegalArgumentException("mixture fractions must sum to 1, got " + total);
        if (bias == null) bias = new BiasDistribution.None();
        if (weights == null) weights = new WeightStructure.Iid();
    }

    /** A plain i.i.d. layer with one activation, no bias. */
    public static LayerSpec plain(int width, Activation f) {
        return new LayerSpec(width, 1.0, List.of(new MixtureComponent(f, 1.0)), new BiasDistribution.None(), new WeightStructure.Iid());
    }

    /**
     * The number of neurons each mixture component gets: its fraction of the width rounded by largest remainders
     * (the counts sum to the width; ties go to the earlier component). One component: the whole width.
     */
    public int[] neuronCounts() {
        int m = mixture.size(), k = width;
        int[] count = new int[m];
        double[] rem = new double[m];
        int assigned = 0;
        for (int c = 0; c < m; c++) {
            double exact = mixture.get(c).fraction() * k;
            count[c] = (int) Math.floor(exact);
            rem[c] = exact - count[c];
            assigned += count[c];
        }
        while (assigned < k) {
            int best = 0;
            for (int c = 1; c < m; c++) if (rem[c] > rem[best]) best = c;
            count[best]++;
            rem[best] = -1;
            assigned++;
        }
        return count;
    }

    public LayerSpec withWidth(int w) { return new LayerSpec(w, weightScale, mixture, bias, weights); }

    /** e.g. {@code tanh} or {@code 0.5*tanh+0.5*relu}. */
    public String activationLabel() {
        if (mixture.size() == 1) return mixture.get(0).activation().label();
        StringBuilder sb = new StringBuilder();
        for (MixtureComponent c : mixture) sb.append(sb.isEmpty() ? "" : "+").append(Num.fmt(c.fraction())).append('*').append(c.activation().label());
        return sb.toString();
    }
}
