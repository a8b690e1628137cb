package deeprf.model;

import deeprf.backend.Activation;

/** One activation of a layer and the fraction of the layer's neurons that use it (fractions of a layer sum to 1). */
public record MixtureComponent(Activation activation, double fraction) {
    public MixtureComponent {
        if (activation == null) throw new IllegalArgumentException("mixture component needs an activation");
        if (!(fraction > 0 && fraction <= 1)) throw new IllegalArgumentException("mixture fraction must be in (0, 1], got " + fraction);
    }
}
