package deeprf.experiment;

import deeprf.backend.Activation;
import deeprf.model.LayerSpec;

import java.util.List;

/**
 * The target of an experiment.
 *
 * @param kind     linear, single_index or network
 * @param norm     ‖β‖ (linear, single index) or ‖θ‖ of the network readout
 * @param noise    label-noise variance τ²
 * @param function g of a single-index teacher g(βᵀx), else null
 * @param layers   the teacher network's layers (network), else empty
 */
public record TeacherSpec(Kind kind, double norm, double noise, Activation function, List<LayerSpec> layers) {
    public enum Kind { LINEAR, SINGLE_INDEX, NETWORK }

    /** Checks what the spec parser checks, for a teacher built in code (Java API): one line naming the field. */
    public TeacherSpec {
        if (kind == null) throw new IllegalArgumentException("TeacherSpec: kind must not be null; allowed: LINEAR, SINGLE_INDEX or NETWORK");
        // the parser's ranges: a NaN or negative τ² would otherwise pass the label noise as zero (the generator's sqrt)
        if (!(norm >= 0 && norm <= 1e6)) throw new IllegalArgumentException("TeacherSpec: norm = " + norm + "; allowed: a number from 0 to 1e6");
        if (!(noise >= 0 && noise <= 1e6))
            throw new IllegalArgumentException("TeacherSpec: noise (label-noise variance τ²) = " + noise + "; allowed: a number from 0 to 1e6");
        if (kind == Kind.SINGLE_INDEX && function == null)
            throw new IllegalArgumentException("TeacherSpec: a single_index teacher needs its function g (got null)");
        if (kind != Kind.SINGLE_INDEX && function != null)
            throw new IllegalArgumentException("TeacherSpec: function is for single_index teachers only; got " + function.label() + " for " + kind);
        layers = layers == null ? List.of() : List.copyOf(layers);
        if (kind == Kind.NETWORK && layers.isEmpty())
            throw new IllegalArgumentException("TeacherSpec: a network teacher needs at least one layer (got none)");
        if (kind != Kind.NETWORK && !layers.isEmpty())
            throw new IllegalArgumentException("TeacherSpec: layers are for network teachers only; got " + layers.size() + " for " + kind);
    }

    public static TeacherSpec linear(double norm, double noise) {
        return new TeacherSpec(Kind.LINEAR, norm, noise, null, List.of());
    }

    public String label() {
        return switch (kind) {
            case LINEAR -> "linear";
            case SINGLE_INDEX -> "single_index(" + function.label() + ")";
            case NETWORK -> {
                StringBuilder sb = new StringBuilder("network(");
                for (int i = 0; i < layers.size(); i++)
                    sb.append(i > 0 ? ";" : "").append(layers.get(i).width()).append(':').append(layers.get(i).activationLabel());
                yield sb.append(')').toString();
            }
        };
    }
}
