package deeprf.theory;

import deeprf.backend.Activation;

/**
 * Mei–Montanari asymptotics of one-layer random-features ridge regression (arXiv 1908.05355; THEORY.md §5).
 *
 * <p>Model: f(x) = Σ_{j≤N} a_j σ(⟨θ_j, x⟩/√d), loss (1/n)Σ(y − f)² + (Nλ/d)‖a‖² (so the canonical ridge is
 * λ' = ψ1·λ), target y = ⟨β1, x⟩ + f_NL(x) + ε with ‖β1‖² = F1², E f_NL² = F*², E ε² = τ², ratios ψ1 = N/d,
 * ψ2 = n/d. Risk against the clean target: R = F1²·B + (τ² + F*²)·V + F*². The coefficients enter through
 * ζ = μ1/μ* at q = 1 and λ̄ = λ/μ*².
 *
 * <p>(ν1, ν2) on the imaginary axis ξ = i·√(ψ1ψ2λ̄) are found by damped fixed-point iteration of the real
 * system for a = −iν1, b = −iν2 > 0 (§5.3); the ridgeless limit uses its closed form for χ = ν1ν2.
 */
public final class MeiMontanari {
    private MeiMontanari() {}

    /** B and V (risk = F1²B + (τ²+F*²)V + F*²) and the χ they came from. */
    public record Result(double zeta, double psi1, double psi2, double lambda, double chi, double bias, double variance) {
        /** R = F1²·B + (τ² + F*²)·V + F*². */
        public double risk(double f1Squared, double fStarSquared, double tauSquared) {
            if (!(f1Squared >= 0) || !(fStarSquared >= 0) || !(tauSquared >= 0))
                throw new IllegalArgumentException("Mei–Montanari risk: F1^2, F*^2 and tau^2 must be >= 0, got "
                        + f1Squared + ", " + fStarSquared + ", " + tauSquared);
            return f1Squared * bias + (tauSquared + fStarSquared) * variance + fStarSquared;
        }
    }

    /**
     * B and V for activation f (coefficients at q = 1), ratios ψ1 = N/d, ψ2 = n/d and MM's ridge λ ≥ 0.
     *
     * @throws IllegalArgumentException when f is linear (μ* = 0: ζ = ∞ is outside the formula; the linear
     *                                  random-features model is {@link RidgeTheory} on Ω = μ1²ΘΘᵀ/d), or a ratio ≤ 0,
     *                                  or λ < 0
     */
    public static Result of(Activation f, double psi1, double psi2, double lambda) {
        Coefficients c = GaussianEquivalence.of(f, 1.0);
        if (!(c.muStar() > 1e-12 * Math.max(1, Math.abs(c.mu1()))))
            throw new IllegalArgumentException("Mei–Montanari: activation " + f.label() + " has mu* = " + c.muStar()
                    + " (a linear map), outside the formula (zeta = infinity); use RidgeTheory on the linear random-features covariance");
        checkLambda(lambda);
        return ofZeta(c.mu1() / c.muStar(), psi1, psi2, lambda / c.muStar2());
    }

    /** B and V from ζ = μ1/μ* > 0... (ζ ≥ 0), ψ1, ψ2 and λ̄ = λ/μ*² ≥ 0. */
    public static Result ofZeta(double zeta, double psi1, double psi2, double lambdaBar) {
        if (!(zeta >= 0) || !Double.isFinite(zeta))
            throw new IllegalArgumentException("Mei–Montanari: zeta = mu1/mu* must be finite and >= 0, got " + zeta);
        if (!(psi1 > 0) || !Double.isFinite(psi1))
            throw new IllegalArgumentException("Mei–Montanari: psi1 = N/d must be finite and > 0, got " + psi1);
        if (!(psi2 > 0) || !Double.isFinite(psi2))
            throw new IllegalArgumentException("Mei–Montanari: psi2 = n/d must be finite and > 0, got " + psi2);
        checkLambda(lambdaBar);
        double chi = lambdaBar == 0 ? ridgelessChi(zeta, Math.min(psi1, psi2)) : chi(zeta, psi1, psi2, lambdaBar);
        double z2 = zeta * zeta, z4 = z2 * z2, z6 = z4 * z2;
        double c2 = chi * chi, c3 = c2 * chi, c4 = c3 * chi, c5 = c4 * chi;
        double pp = psi1 * psi2;
        double e0 = -c5 * z6 + 3 * c4 * z4 + (pp - psi2 - psi1 + 1) * c3 * z6 - 2 * c3 * z4 - 3 * c3 * z2
                + (psi1 + psi2 - 3 * pp + 1) * c2 * z4 + 2 * c2 * z2 + c2 + 3 * pp * chi * z2 - pp;
        double e1 = psi2 * c3 * z4 - psi2 * c2 * z2 + pp * chi * z2 - pp;
        double e2 = c5 * z6 - 3 * c4 * z4 + (psi1 - 1) * c3 * z6 + 2 * c3 * z4 + 3 * c3 * z2 + (-psi1 - 1) * c2 * z4
                - 2 * c2 * z2 - c2;
        double b, v;
        if (lambdaBar == 0 && psi1 == psi2) {
            b = Double.POSITIVE_INFINITY;           // the interpolation peak of the ridgeless risk
            v = Double.POSITIVE_INFINITY;
        } else {
            b = e1 / e0;
            v = e2 / e0;
        }
        if (Double.isNaN(b) || Double.isNaN(v))
            throw new TheoryException("Mei–Montanari at zeta=" + zeta + ", psi1=" + psi1 + ", psi2=" + psi2 + ", lambdaBar=" + lambdaBar
                    + ": E0=" + e0 + " gives no finite B, V");
        return new Result(zeta, psi1, psi2, lambdaBar, chi, b, v);
    }

    /** χ = ν1ν2 at ξ = i√(ψ1ψ2λ̄) by damped iteration of a, b (§5.3). */
    static double chi(double zeta, double psi1, double psi2, double lambdaBar) {
        double y = Math.sqrt(psi1 * psi2 * lambdaBar), z2 = zeta * zeta;
        double a = psi1 / (y + 1), b = psi2 / (y + 1);
        double res = Double.NaN;
        for (int it = 0; it < 200000; it++) {
            double an = psi1 / (y + b + z2 * b / (1 + z2 * a * b));
            double bn = psi2 / (y + a + z2 * a / (1 + z2 * a * b));
            res = Math.max(Math.abs(an - a) / an, Math.abs(bn - b) / bn);
            a = 0.5 * a + 0.5 * an;
            b = 0.5 * b + 0.5 * bn;
            if (res < 1e-15) return -a * b;
        }
        throw new TheoryException("Mei–Montanari fixed point (zeta=" + zeta + ", psi1=" + psi1 + ", psi2=" + psi2
                + ", lambdaBar=" + lambdaBar + ") did not converge in 200000 iterations: relative residual " + res);
    }

    /** Ridgeless χ with ψ = min(ψ1, ψ2) (§5.3). */
    static double ridgelessChi(double zeta, double psi) {
        double z2 = zeta * zeta;
        if (z2 == 0) return 0;
        double u = psi * z2 - z2 - 1;
        return -(u + Math.sqrt(u * u + 4 * z2 * psi)) / (2 * z2);
    }

    private static void checkLambda(double lambda) {
        if (!(lambda >= 0) || !Double.isFinite(lambda))
            throw new IllegalArgumentException("Mei–Montanari: ridge lambda must be finite and >= 0, got " + lambda);
    }
}
