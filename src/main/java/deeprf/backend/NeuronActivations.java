package deeprf.backend;

import java.util.Arrays;
import java.util.List;

/**
 * What {@link Backend#activate} applies to a layer's preactivations, one neuron per matrix row:
 * {@code h[i][j] = f_{choice[i]}(h[i][j] + bias[i])}. A plain layer has one choice and no bias; random biases
 * give each neuron its own offset; a mixture of nonlinearities gives each neuron its own choice among
 * {@link #choices()} (at most {@link #MAX_CHOICES}).
 *
 * @param choices   the distinct activations of this layer
 * @param choiceOf  per-neuron index into {@code choices}, or null when every neuron uses {@code choices[0]}
 * @param bias      per-neuron bias added before the nonlinearity, or null for none
 */
public record NeuronActivations(List<Activation> choices, byte[] choiceOf, double[] bias) {
    public static final int MAX_CHOICES = 16;

    public NeuronActivations {
        if (choices == null || choices.isEmpty())
            throw new IllegalArgumentException("NeuronActivations: at least one activation is needed");
        if (choices.size() > MAX_CHOICES)
            throw new IllegalArgumentException("NeuronActivations: at most " + MAX_CHOICES + " distinct activations per layer, got " + choices.size());
        for (int c = 0; c < choices.size(); c++)
            if (choices.get(c) == null) throw new IllegalArgumentException("NeuronActivations: activation " + c + " is null");
        choices = List.copyOf(choices);
        // defensive copies: a caller changing its array afterwards must not break the checks below inside a kernel
        choiceOf = choiceOf == null ? null : choiceOf.clone();
        bias = bias == null ? null : bias.clone();
        if (choiceOf != null && bias != null && choiceOf.length != bias.length)
            throw new IllegalArgumentException("NeuronActivations: choiceOf has " + choiceOf.length + " neurons but bias has " + bias.length);
        if (choiceOf != null) {
            for (int i = 0; i < choiceOf.length; i++)
                if (choiceOf[i] < 0 || choiceOf[i] >= choices.size())
                    throw new IllegalArgumentException("NeuronActivations: neuron " + i + " chooses activation " + choiceOf[i] + " but only " + choices.size() + " are defined");
        }
        if (bias != null) {
            for (int i = 0; i < bias.length; i++)
                if (!Double.isFinite(bias[i])) throw new IllegalArgumentException("NeuronActivations: bias of neuron " + i + " is " + bias[i]);
        }
    }

    /** Per-neuron choice indices (a copy), or null when every neuron uses {@code choices().get(0)}. */
    @Override
    public byte[] choiceOf() { return choiceOf == null ? null : choiceOf.clone(); }

    /** Per-neuron biases (a copy), or null for none. */
    @Override
    public double[] bias() { return bias == null ? null : bias.clone(); }

    /** The same activation for every neuron, no bias. */
    public static NeuronActivations uniform(Activation f) {
        return new NeuronActivations(List.of(f), null, null);
    }

    /** Number of neurons this plan fixes, or -1 when it applies to any number of rows. */
    public int neurons() {
        return choiceOf != null ? choiceOf.length : bias != null ? bias.length : -1;
    }

    public Activation activationOf(int neuron) {
        return choices.get(choiceOf == null ? 0 : choiceOf[neuron]);
    }

    public double biasOf(int neuron) {
        return bias == null ? 0.0 : bias[neuron];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NeuronActivations n && choices.equals(n.choices)
                && Arrays.equals(choiceOf, n.choiceOf) && Arrays.equals(bias, n.bias);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * choices.hashCode() + Arrays.hashCode(choiceOf)) + Arrays.hashCode(bias);
    }

    @Override
    public String toString() {
        return "NeuronActivations" + choices + (choiceOf != null ? " mixed" : "") + (bias != null ? " biased" : "");
    }
}
