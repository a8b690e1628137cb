package deeprf.model;

import deeprf.backend.Activation;

/**
 * Where the Gaussian-equivalence coefficients come from: (f, q, m) ↦ μ0 = E f(m + √q z), μ1 = E[z f(m + √q z)]/√q,
 * μ*² = E f² − μ0² − q μ1². The experiment layer plugs in {@code deeprf.theory.GaussianEquivalence}; keeping the
 * rule a parameter keeps model free of a dependency on theory (which itself reads model).
 */
@FunctionalInterface
public interface LinearisationRule {
    Linearisation at(Activation f, double q, double mean);
}
