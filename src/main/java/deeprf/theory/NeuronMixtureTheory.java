package deeprf.theory;

import java.util.function.DoubleUnaryOperator;

/**
 * Asymptotic ridge errors of one-layer random features with heterogeneous neurons (biases, mixtures of
 * nonlinearities; THEORY.md §9.3): features φ_i = μ0_i + a_i·(w_i·x/√d) + c_i·z_i with (a_i, c_i) ~ P,
 * w_i ~ N(0, I_d), x ~ N(0, I_d), a linear target of norm² F1², a nonlinear remainder F*² and label noise τ².
 * Canonical ridge λ', ratios ψ1 = N/d, ψ2 = n/d. The per-neuron means μ0_i drop out (rank-one, centred readout).
 *
 * <pre>
 *   e(κ) = 1/(1 + ψ1 E[a²/(c² + κ + a² e)]) ∈ (0, 1],   g(κ) = E[1/(c² + κ + a² e)]
 *   κ[1 − (ψ1/ψ2)(1 − κ g)] = λ',   df2/n = (ψ1/ψ2)(1 − 2κg − κ² g')
 *   B = F1²[(e(κ) − e(0)) − κ e'(κ)],   E_test = F*² + F1² e0 + [B + (τ² + F*² + F1² e0) df2/n]/(1 − df2/n)
 *   E_train = (λ'/κ)² (τ² + E_test)
 * </pre>
 * e' and g' are exact (implicit differentiation of the e-equation), not finite differences.
 * With all atoms identical this is Mei–Montanari (λ' = ψ1·λ_MM).
 */
public final class NeuronMixtureTheory {

    /**
     * Errors at one (ψ2, λ') point; test errors against the clean target, train against the noisy labels.
     * {@code oneMinusDf2} is 1 − df2/n computed without cancellation (it goes to 0 like κ at n = N, λ' → 0).
     */
    public record Point(double psi2, double lambda, double kappa, double e, double e0, double df2OverN,
                        double bias, double testClean, double testNoisy, double train, double oneMinusDf2) {}

    private final NeuronMixture p;
    private final double psi1;
    private final String model;

    public NeuronMixtureTheory(String model, NeuronMixture mixture, double psi1) {
        this.model = model;
        this.p = mixture;
        if (!(psi1 > 0) || !Double.isFinite(psi1))
            throw new IllegalArgumentException(model + ": psi1 = N/d must be finite and > 0, got " + psi1);
        this.psi1 = psi1;
        boolean anyNoise = false;
        for (int i = 0; i < p.atoms(); i++) anyNoise |= p.weights()[i] > 0 && p.c()[i] > 0;
        if (!anyNoise)
            throw new IllegalArgumentException(model + ": every neuron has c = 0 (a linear feature map); the heterogeneous-neuron "
                    + "system needs a nonlinear part; use RidgeTheory on the linear covariance");
    }

    private boolean dead(int i) { return p.a()[i] == 0 && p.c()[i] == 0; }

    /** e(κ), the unexplained fraction of the linear signal at regulariser κ. */
    public double e(double kappa) {
        if (!(kappa >= 0)) throw new IllegalArgumentException(model + ": kappa must be >= 0, got " + kappa);
        double[] w = p.weights(), a = p.a(), c = p.c();
        java.util.function.DoubleUnaryOperator f = e -> {
            double s = 0;
            for (int i = 0; i < w.length; i++) {
                if (a[i] == 0) continue;
                double a2 = a[i] * a[i], den = c[i] * c[i] + kappa + a2 * e;
                s += w[i] * (den == 0 ? 1.0 : a2 * e / den);   // a²e/(a²e) → 1 for c = κ = 0
            }
            return e + psi1 * s - 1;
        };
        if (f.applyAsDouble(1) <= 0) return 1;
        double v0 = f.applyAsDouble(0);
        if (v0 >= 0) return 0;
        return Roots.brent(model + ": e-equation at kappa=" + kappa, f, 0, 1, 1e-17);
    }

    /**
     * κ·g(κ) = E[κ/(c² + κ + a² e)] (dead neurons count as null directions: 1). At κ = 0 this is the limit κ → 0+:
     * when the linear (c = 0) neurons outnumber the inputs (e(0) = 0) their surplus N_lin − d directions are null,
     * κ/(κ + a² e) → 1/(1 + a² r) with r = lim e/κ ({@link #nullRate}); without this limit the ridgeless κ0 test
     * would count those directions as features and return a wrong (even negative) error.
     */
    private double kappaG(double kappa, double e) {
        double[] w = p.weights(), a = p.a(), c = p.c();
        double s = 0;
        double r = kappa == 0 && e == 0 ? nullRate() : Double.NaN;
        for (int i = 0; i < w.length; i++) {
            if (dead(i)) { s += w[i]; continue; }
            if (kappa == 0) {
                if (c[i] == 0 && !Double.isNaN(r)) s += w[i] / (1 + a[i] * a[i] * r);
                continue;
            }
            s += w[i] * kappa / (c[i] * c[i] + kappa + a[i] * a[i] * e);
        }
        return s;
    }

    /**
     * r = lim_{κ→0+} e(κ)/κ when the linear (c = 0, a ≠ 0) neurons span the input (e(0) = 0): the root of
     * ψ1 Σ_{c=0} w a² r/(1 + a² r) = 1 (the e-equation divided by e, at κ → 0); +∞ when ψ1·P(c = 0) = 1 exactly;
     * NaN when e(0) > 0 or there are no linear neurons (then the limit terms vanish).
     */
    private double nullRate() {
        double[] w = p.weights(), a = p.a(), c = p.c();
        double lin = 0;
        for (int i = 0; i < w.length; i++) if (c[i] == 0 && a[i] != 0) lin += w[i];
        if (lin == 0 || e(0) > 0) return Double.NaN;
        if (psi1 * lin - 1 <= 1e-12) return Double.POSITIVE_INFINITY;
        java.util.function.DoubleUnaryOperator f = r -> {
            double s = 0;
            for (int i = 0; i < w.length; i++) {
                if (c[i] != 0 || a[i] == 0) continue;
                double a2r = a[i] * a[i] * r;
                s += w[i] * a2r / (1 + a2r);
            }
            return psi1 * s - 1;
        };
        double hi = Roots.expandUpper(model + ": null-direction rate bracket", f, 1, true);
        return Roots.brent(model + ": null-direction rate lim e/kappa", f, 0, hi, 0);
    }

    /** de/dκ, exact (implicit differentiation). */
    public double eDerivative(double kappa) {
        return ePrime(kappa, e(kappa));
    }

    /** e'(κ) = e²ψ1 A/(1 − e²ψ1 B), A = E[a²/D²], B = E[a⁴/D²], D = c² + κ + a²e. */
    private double ePrime(double kappa, double e) {
        double[] w = p.weights(), a = p.a(), c = p.c();
        double sa = 0, sb = 0;
        for (int i = 0; i < w.length; i++) {
            if (a[i] == 0) continue;
            double a2 = a[i] * a[i], d = c[i] * c[i] + kappa + a2 * e;
            if (d == 0) continue;
            sa += w[i] * a2 / (d * d);
            sb += w[i] * a2 * a2 / (d * d);
        }
        double den = 1 - e * e * psi1 * sb;
        if (!(den > 0)) throw new TheoryException(model + ": derivative of e at kappa=" + kappa + " is singular (1 - e^2 psi1 B = " + den + ")");
        return e * e * psi1 * sa / den;
    }

    /**
     * 1 − (1/N) df2, where (1/N) df2 = 1 − 2κg − κ²g' with g' = −E[(1 + a²e')/D²]: per neuron 2q − q²(1 + a²e')
     * with q = κ/D, and 1 for a dead one (it contributes 0 to df2). At κ = e = 0 a linear neuron's q is its limit
     * 1/(1 + a² r) (see {@link #kappaG}). Summed as this complement, not as 1 − (1 − …): near interpolation (n = N)
     * the error's denominator 1 − df2/n is this sum itself, of order κ ~ √λ', which 1 − df2/n lost below 1e-16
     * (the weight-free test error stopped at 1.5e15 for every λ' ≤ 1e-100 at n = N where it grows like 1/√λ').
     */
    private double df2Complement(double kappa, double e, double ep) {
        double[] w = p.weights(), a = p.a(), c = p.c();
        double s = 0;
        double rate = kappa == 0 && e == 0 ? nullRate() : Double.NaN;
        for (int i = 0; i < w.length; i++) {
            if (dead(i)) { s += w[i]; continue; }
            double d = c[i] * c[i] + kappa + a[i] * a[i] * e;
            if (d == 0) {   // c = 0 and κ = e = 0
                s += w[i] / (1 + a[i] * a[i] * rate);   // rate = +∞ gives 0
                continue;
            }
            double r = kappa / d;
            s += w[i] * (2 * r - r * r * (1 + a[i] * a[i] * ep));
        }
        return s;
    }

    /**
     * The slack 1 − (ψ1/ψ2)(1 − κg) of the κ equation, as (1 − ψ1/ψ2) + (ψ1/ψ2)κg: at ψ1 = ψ2 it is κg itself,
     * where 1 − (1 − κg) was 0 for κg below 1e-16, which put the root of κ·slack = λ' at κ ≈ 1e-16 for any smaller λ'.
     */
    private double slack(double kappa, double ratio) {
        return (1 - ratio) + ratio * kappaG(kappa, e(kappa));
    }

    /** κ at (ψ2, λ'), with the lower end κ0 > 0 when the features outnumber the samples. */
    public double kappa(double psi2, double lambda) {
        checkPoint(psi2, lambda);
        double ratio = psi1 / psi2;
        double k0 = 0;
        if (slack(0, ratio) < 0) {
            double hi = Roots.expandUpper(model + ": kappa0 bracket", k -> slack(k, ratio), 1e-3, true);
            k0 = Roots.brent(model + ": kappa0 (ridgeless effective regulariser)", k -> slack(k, ratio), 0, hi, 0);
        }
        if (lambda == 0) return k0;
        DoubleUnaryOperator f = k -> k * slack(k, ratio) - lambda;
        // λ' below the rounding of h(κ0) ≈ 0 (h(κ0) came out 2e-16 against λ' = 1e-16 when n < p): κ0 is the root
        // to working precision
        if (f.applyAsDouble(k0) >= 0) return k0;
        String what = model + ": kappa equation at psi2=" + psi2 + ", lambda'=" + lambda;
        double hi = Roots.expandUpper(model + ": kappa bracket", f, Math.max(k0, lambda) * 2 + 1e-300, true);
        // h(κ) = κ(1 − (ψ1/ψ2)(1 − κg)) ≤ κ puts the root at or above λ': a lower end > 0 for Brent's geometric
        // bisection when κ0 = 0 and λ' is tiny
        double lo = Math.max(k0, lambda);
        if (lo < hi && f.applyAsDouble(lo) > 0) return Roots.brent(what, f, k0, lo, 0);   // rounding: root in [κ0, λ']
        return Roots.brent(what, f, lo < hi ? lo : k0, hi, 0);
    }

    /** Test and training errors at ψ2 = n/d and canonical λ' for a target (F1², F*², τ²). */
    public Point at(double psi2, double lambda, double f1Squared, double fStarSquared, double tauSquared) {
        checkPoint(psi2, lambda);
        if (!(f1Squared >= 0) || !(fStarSquared >= 0) || !(tauSquared >= 0) || !Double.isFinite(f1Squared + fStarSquared + tauSquared))
            throw new IllegalArgumentException(model + ": F1^2, F*^2 and tau^2 must be finite and >= 0, got " + f1Squared + ", " + fStarSquared + ", " + tauSquared);
        double kappa = kappa(psi2, lambda);
        double ratio = psi1 / psi2;
        double e = e(kappa), e0 = e(0);
        double ep = ePrime(kappa, e);
        double complement = df2Complement(kappa, e, ep);
        double df2 = ratio * (1 - complement);
        double bias = f1Squared * ((e - e0) - kappa * ep);
        double denom = (1 - ratio) + ratio * complement;     // 1 − df2 (the weights sum to 1)
        double noise = tauSquared + fStarSquared + f1Squared * e0;
        double testClean = denom <= 0 ? Double.POSITIVE_INFINITY : fStarSquared + f1Squared * e0 + (bias + noise * df2) / denom;
        double slack = kappa == 0 ? (1 - ratio) + ratio * kappaG(0, e0) : lambda / kappa;
        double train = Double.isInfinite(testClean) ? 0 : slack * slack * (tauSquared + testClean);
        return new Point(psi2, lambda, kappa, e, e0, df2, denom > 0 ? bias / denom : Double.POSITIVE_INFINITY,
                testClean, testClean + tauSquared, train, denom);
    }

    private void checkPoint(double psi2, double lambda) {
        if (!(psi2 > 0) || !Double.isFinite(psi2))
            throw new IllegalArgumentException(model + ": psi2 = n/d must be finite and > 0, got " + psi2);
        if (!(lambda >= 0) || !Double.isFinite(lambda))
            throw new IllegalArgumentException(model + ": ridge lambda' must be finite and >= 0, got " + lambda);
    }
}
