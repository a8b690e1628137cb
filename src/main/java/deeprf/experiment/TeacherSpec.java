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

    public TeacherSpec {
        layers = layers == null ? List.of() : List.copyOf(layers);
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
