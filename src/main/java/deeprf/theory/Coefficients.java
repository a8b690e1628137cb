package deeprf.theory;

/**
 * Gaussian-equivalence (Hermite) coefficients of an activation f at a Gaussian preactivation N = √q·z + b,
 * z ~ N(0,1) (THEORY.md §2.1): f(N) ≈ mu0 + mu1·(N − b) + muStar·ξ with ξ ~ N(0,1) independent of N.
 *
 * @param mu0    E f(N)
 * @param mu1    E[(N − b) f(N)]/q = E f'(N) (Stein), the coefficient on the centred, unnormalised preactivation
 * @param muStar √(E f(N)² − mu0² − q·mu1²) ≥ 0, the strength of the nonlinear remainder
 */
public record Coefficients(double mu0, double mu1, double muStar) {
    public Coefficients {
        if (!Double.isFinite(mu0) || !Double.isFinite(mu1) || !Double.isFinite(muStar) || muStar < 0)
            throw new IllegalArgumentException("Coefficients: need finite mu0, mu1 and muStar >= 0, got (" + mu0 + ", " + mu1 + ", " + muStar + ")");
    }

    public double muStar2() { return muStar * muStar; }

    /** E f(N)² = mu0² + q·mu1² + muStar², given the variance q these coefficients were computed at. */
    public double secondMoment(double q) { return mu0 * mu0 + q * mu1 * mu1 + muStar * muStar; }
}
