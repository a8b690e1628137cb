package deeprf.model;

/**
 * The Philox stream ids of a network's per-layer random objects (see {@link deeprf.backend.GaussianStream}): layer
 * ℓ (counting from 1) of a network whose streams start at {@code base} draws its weights' Gaussian part from
 * {@link #weights}, its biases from {@link #biases}, its mixture assignment from {@link #mixture}; the
 * Gaussian-equivalent surrogate's per-layer noise uses {@link #weights} of its own base.
 *
 * <p>Up to layer 100 the historical layout base + ℓ, base + 100 + ℓ, base + 200 + ℓ, so every earlier result keeps
 * its bits. That layout cannot go deeper: layer 101's weights would be layer 1's biases (base + 101), and past layer
 * 800 one network's streams would run into the next base's. Layers from 101 on draw from a region of their own,
 * 2⁴⁰ + base·4096 + 3ℓ + part, far above every fixed stream of the experiment kinds (all below 2²⁰).
 */
public final class LayerStreams {
    private LayerStreams() {}

    /** Layers up to this index keep the historical layout (collision-free up to here). */
    private static final int NEAR_LAYERS = 100;
    private static final long DEEP_REGION = 1L << 40, DEEP_STRIDE = 4096;

    /** The deepest layer whose streams stay inside its base's own region (3ℓ + 2 &lt; 4096). */
    public static final int MAX_LAYER = (int) ((DEEP_STRIDE - 3) / 3);

    /** Stream bases must stay below this, so that the deep regions fit in a stream id and below 2⁶³. */
    public static final long MAX_BASE = 1L << 20;

    /** Stream of the Gaussian part of layer ℓ's weights (and of a surrogate layer's noise). */
    public static long weights(long base, int layer) { return stream(base, layer, 0); }

    /** Stream of layer ℓ's random biases. */
    public static long biases(long base, int layer) { return stream(base, layer, 1); }

    /** Stream of layer ℓ's per-neuron mixture assignment. */
    public static long mixture(long base, int layer) { return stream(base, layer, 2); }

    private static long stream(long base, int layer, int part) {
        if (base < 0 || base >= MAX_BASE)
            throw new IllegalArgumentException("LayerStreams: stream base must be in [0, " + MAX_BASE + "), got " + base);
        if (layer < 1 || layer > MAX_LAYER)
            throw new IllegalArgumentException("LayerStreams: layer index must be in [1, " + MAX_LAYER + "], got " + layer);
        if (layer <= NEAR_LAYERS) return base + part * (long) NEAR_LAYERS + layer;
        return DEEP_REGION + base * DEEP_STRIDE + 3L * layer + part;
    }
}
