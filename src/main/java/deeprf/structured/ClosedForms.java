package deeprf.structured;

import java.util.function.DoubleUnaryOperator;

/**
 * Closed forms of THEORY.md §8.4 (isotropic data Σ₀ = I, isotropic target ‖w*‖ = 1, ridgeless, error against the
 * clean target), used as references for the weight-free theory.
 */
public final class ClosedForms {
    private ClosedForms() {}

    /** Thrown for a ridgeless point exactly at the interpolation peak α = r, where the error is infinite. */
    public static final class SingularPointException extends IllegalArgumentException {
        public SingularPointException(String message) { super(message); }
    }

    /**
     * Unstructured layers: with r = min(1, α_ℓ),
     * α &lt; r: (1 − α)[1 + Σ α/(α_ℓ − α)] + η²[α/(1−α) + Σ α/(α_ℓ − α)];  α &gt; r: (1 − r) + (1 − r + η²) r/(α − r).
     */
    public static double ridgelessUnstructured(double alpha, double[] layerRatios, double eta2) {
        if (!(alpha > 0) || !Double.isFinite(alpha))
            throw new IllegalArgumentException("closed form: sample ratio alpha must be finite and > 0, got " + alpha);
        double r = 1;
        for (int l = 0; l < layerRatios.length; l++) {
            if (!(layerRatios[l] > 0)) throw new IllegalArgumentException("closed form: layer ratio alpha_" + (l + 1) + " must be > 0, got " + layerRatios[l]);
            r = Math.min(r, layerRatios[l]);
        }
        if (Math.abs(alpha - r) <= 1e-12 * r)
            throw new SingularPointException("ridgeless error is infinite at alpha = n/n0 = " + alpha
                    + ", the rank fraction min(1, alpha_l) = " + r + " of the features (interpolation peak); use lambda > 0 or another alpha");
        if (alpha > r) return (1 - r) + (1 - r + eta2) * r / (alpha - r);
        double sum = 0;
        for (double a : layerRatios) sum += alpha / (a - alpha);
        return (1 - alpha) * (1 + sum) + eta2 * (alpha / (1 - alpha) + sum);
    }

    /** E = αD(1 − α) − α + η²(αD − 1), the general identity in terms of D. */
    static double fromD(double alpha, double d, double eta2) {
        return alpha * d * (1 - alpha) - alpha + eta2 * (alpha * d - 1);
    }

    /**
     * General identity on the spectrum of K = AAᵀ (n₀ eigenvalues, zeros allowed): κ₀ solves
     * (1/n₀)Σ s/(s+κ₀) = α, D = −1/(κ₀ f′(κ₀)). Valid for α below the rank fraction of K.
     */
    public static double generalIdentity(double[] kEigenvalues, double alpha, double eta2) {
        int n0 = kEigenvalues.length;
        double max = 0;
        for (double s : kEigenvalues) max = Math.max(max, s);
        double tol = n0 * Math.ulp(1.0) * max;
        int rank = 0;
        for (double s : kEigenvalues) if (s > tol) rank++;
        if (!(alpha > 0) || alpha >= (double) rank / n0)
            throw new IllegalArgumentException("general identity: needs 0 < alpha < rank fraction " + (double) rank / n0 + ", got " + alpha);
        double lo = 0, hi = max;
        while (df(kEigenvalues, hi, tol) > alpha) hi *= 2;
        for (int it = 0; it < 300 && hi - lo > 4 * Math.ulp(hi); it++) {
            double m = 0.5 * (lo + hi);
            if (df(kEigenvalues, m, tol) > alpha) lo = m; else hi = m;
        }
        double k = 0.5 * (lo + hi), fp = 0;
        for (double s : kEigenvalues) if (s > tol) fp -= s / ((s + k) * (s + k));
        fp /= n0;
        return fromD(alpha, -1 / (k * fp), eta2);
    }

    private static double df(double[] s, double k, double tol) {
        double sum = 0;
        for (double x : s) if (x > tol) sum += x / (x + k);
        return sum / s.length;
    }

    /** General identity in free-probability form: D = 1/(1−α) + 1/α − (ln S_K)′(−α), given t ↦ (ln S_K)′(t). */
    public static double generalIdentityFromS(DoubleUnaryOperator dlnSK, double alpha, double eta2) {
        return fromD(alpha, 1 / (1 - alpha) + 1 / alpha - dlnSK.applyAsDouble(-alpha), eta2);
    }
}
