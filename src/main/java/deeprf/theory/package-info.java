/**
 * The theory of docs/THEORY.md: Gaussian-equivalence coefficients and kernels ({@link deeprf.theory.GaussianEquivalence}),
 * the ridge κ-form on a covariance ({@link deeprf.theory.RidgeTheory}), the conditional theory on sampled weights
 * ({@link deeprf.theory.ConditionalTheory}), weight-free curves ({@link deeprf.theory.Asymptotics},
 * {@link deeprf.theory.MeiMontanari}, {@link deeprf.theory.DeepLinear}, {@link deeprf.theory.NeuronMixtureTheory}) and the
 * spectral recursion of the layers' covariances ({@link deeprf.theory.SpectralRecursion}, {@link deeprf.theory.LayerSpectrum}).
 */
package deeprf.theory;
