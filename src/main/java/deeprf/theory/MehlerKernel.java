package deeprf.theory;

import deeprf.backend.Activation;

/**
 * Two-point moments E f(u_i)·f(v_j) of many centred jointly Gaussian pairs at once (THEORY.md §2.4), for an activation
 * without a closed-form kernel: the K² pairs of an online student's units (THEORY.md §10.2) would cost a 2-D
 * quadrature each, which is why they were estimated by Monte Carlo, whose ε∞ read low by about K/samples.
 *
 * <p>Mehler's expansion: with h_l the orthonormal probabilists' Hermite polynomials and ρ the correlation,
 * E f(√q₁ z₁)·f(√q₂ z₂) = Σ_l ρ^l a_l(q₁) a_l(q₂), a_l(q) = E f(√q z) h_l(z). The coefficients are one 1-D quadrature
 * per unit (adaptive, split at the activation's kinks); each pair then costs {@link #ORDERS} multiply-adds. By
 * Cauchy–Schwarz the terms past order L add at most |ρ|^{L+1}·√(E f(u)² E f(v)²), below 10⁻¹⁸ of it for
 * |ρ| ≤ {@link #MAX_CORRELATION}; more correlated pairs (rare: ρ of random weights is about 1/√N) take
 * {@link GaussianEquivalence#kernel}'s 2-D quadrature, and a unit with itself its 1-D second moment.
 */
public final class MehlerKernel {
    /** Orders 0 … ORDERS − 1 of the expansion. */
    public static final int ORDERS = 61;
    /** Pairs more correlated than this are integrated directly. */
    public static final double MAX_CORRELATION = 0.5;
    private static final double TOL = 1e-15;

    private final Activation f;
    private final double[] variances;
    private final double[][] coefficients;
    private final double[] secondMoments;

    /** Coefficients of f(√q_i z) for every variance q_i (each > 0 and finite). */
    public MehlerKernel(Activation f, double[] variances) {
        this.f = java.util.Objects.requireNonNull(f, "MehlerKernel: activation must not be null");
        this.variances = variances.clone();
        this.coefficients = new double[variances.length][];
        this.secondMoments = new double[variances.length];
        double[] kinks = GaussianEquivalence.kinks(f);
        for (int i = 0; i < variances.length; i++) {
            double q = variances[i];
            if (!(q > 0) || Double.isInfinite(q))
                throw new IllegalArgumentException("MehlerKernel: variance " + i + " must be finite and > 0, got " + q);
            double s = Math.sqrt(q);
            double[] kz = new double[kinks.length];
            for (int k = 0; k < kinks.length; k++) kz[k] = kinks[k] / s;
            double[] out = new double[ORDERS + 1];
            Quadrature.splitExpectation((z, o) -> {
                double v = f.apply(s * z), h0 = 1, h1 = z;
                o[0] = v;
                o[1] = v * z;
                for (int l = 1; l + 1 < ORDERS; l++) {      // h_{l+1} = (z h_l − √l h_{l−1}) / √(l+1)
                    double h2 = (z * h1 - Math.sqrt(l) * h0) / Math.sqrt(l + 1);
                    o[l + 1] = v * h2;
                    h0 = h1;
                    h1 = h2;
                }
                o[ORDERS] = v * v;
            }, ORDERS + 1, kz, TOL, out);
            coefficients[i] = java.util.Arrays.copyOf(out, ORDERS);
            secondMoments[i] = out[ORDERS];
        }
    }

    /** E f(u_i), u_i ~ N(0, q_i). */
    public double mean(int i) { return coefficients[i][0]; }

    /** E f(u_i)². */
    public double secondMoment(int i) { return secondMoments[i]; }

    /**
     * E f(u_i)·g(v_j) for unit i here and unit j of {@code other} (same activation) at covariance {@code covariance}
     * (|covariance| ≤ √(q_i q_j)); for a unit with itself use {@link #secondMoment}.
     */
    public double at(int i, MehlerKernel other, int j, double covariance) {
        double qi = variances[i], qj = other.variances[j];
        double rho = covariance / Math.sqrt(qi * qj);
        if (!(Math.abs(rho) <= MAX_CORRELATION)) return GaussianEquivalence.kernel(f, other.f, qi, qj, covariance);
        double[] a = coefficients[i], b = other.coefficients[j];
        double sum = 0, power = 1;
        for (int l = 0; l < ORDERS; l++) {
            sum += power * a[l] * b[l];
            power *= rho;
        }
        return sum;
    }
}
