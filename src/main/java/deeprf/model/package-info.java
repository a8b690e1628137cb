/**
 * What is simulated: the layered random network ({@link deeprf.model.Network}, its per-layer Philox streams in
 * {@link deeprf.model.LayerStreams}), its feature map and Gaussian-equivalent surrogate, teachers, data spectra,
 * layer specs (weights structure, biases, mixtures) and the activation catalogue that parses names such as
 * {@code tanh(2x)}.
 */
package deeprf.model;
