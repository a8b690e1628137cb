package deeprf.model;

/**
 * Gaussian-equivalence coefficients of one neuron (THEORY.md §2): for a preactivation N ~ N(m, q),
 * f(N) ≈ mu0 + mu1·(N − m) + muStar·ξ with ξ ~ N(0,1) independent.
 */
public record Linearisation(double mu0, double mu1, double muStar) {
    public Linearisation {
        if (!Double.isFinite(mu0) || !Double.isFinite(mu1) || !Double.isFinite(muStar) || muStar < 0)
            throw new IllegalArgumentException("linearisation coefficients must be finite with muStar >= 0, got mu0=" + mu0 + ", mu1=" + mu1 + ", muStar=" + muStar);
    }
}
