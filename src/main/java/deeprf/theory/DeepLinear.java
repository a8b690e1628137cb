package deeprf.theory;

/**
 * Ridgeless deep linear random features, isotropic data and target (THEORY.md §8.4): features φ = Aᵀx with
 * A = F_1⋯F_L, x ~ N(0, I_{n0}), y = w*·x + noise with ‖w*‖ = 1, noise variance η²; error against the clean
 * target, α = n/n0 samples per input dimension, α_ℓ = n_ℓ/n0 the layer width ratios.
 */
public final class DeepLinear {
    private DeepLinear() {}

    /**
     * Closed form for unstructured Gaussian layers (i.i.d. entries of variance 1/n_{ℓ−1}), r = min(1, α_ℓ):
     * <pre>
     *   α &lt; r:  E = (1 − α)[1 + Σ α/(α_ℓ − α)] + η²[α/(1−α) + Σ α/(α_ℓ − α)]
     *   α &gt; r:  E = (1 − r) + (1 − r + η²) r/(α − r)
     * </pre>
     * +∞ at α = 1 or α = α_ℓ (and at α = r).
     */
    public static double ridgelessError(double alpha, double[] layerRatios, double noiseVariance) {
        if (!(alpha > 0) || !Double.isFinite(alpha))
            throw new IllegalArgumentException("deep linear: sample ratio alpha = n/n0 must be finite and > 0, got " + alpha);
        if (!(noiseVariance >= 0) || !Double.isFinite(noiseVariance))
            throw new IllegalArgumentException("deep linear: noise variance must be finite and >= 0, got " + noiseVariance);
        double r = 1;
        for (int l = 0; l < layerRatios.length; l++) {
            if (!(layerRatios[l] > 0) || !Double.isFinite(layerRatios[l]))
                throw new IllegalArgumentException("deep linear: width ratio alpha_" + (l + 1) + " must be finite and > 0, got " + layerRatios[l]);
            r = Math.min(r, layerRatios[l]);
        }
        // The only singular point is the bottleneck α = r: for α < r ≤ min(1, α_ℓ) no denominator below vanishes, and
        // for α > r the error is finite (checked by simulation in deeprf.structured), also at α = 1 or α = α_ℓ > r.
        if (alpha == r) return Double.POSITIVE_INFINITY;
        if (alpha < r) {
            double s = 0;
            for (double a : layerRatios) s += alpha / (a - alpha);
            return (1 - alpha) * (1 + s) + noiseVariance * (alpha / (1 - alpha) + s);
        }
        return (1 - r) + (1 - r + noiseVariance) * r / (alpha - r);
    }

    /**
     * The general identity behind it, for any spectrum s_i of K = AAᵀ (n0 eigenvalues, zeros included), valid when
     * α is below the rank fraction of K: f(κ) = (1/n0) Σ s/(s+κ), κ0 solves f(κ0) = α, D = −1/(κ0 f'(κ0)),
     * E = αD(1 − α) − α + η²(αD − 1).
     */
    public static double ridgelessErrorFromSpectrum(double alpha, double[] kSpectrum, double noiseVariance) {
        if (!(alpha > 0) || !Double.isFinite(alpha))
            throw new IllegalArgumentException("deep linear: sample ratio alpha must be finite and > 0, got " + alpha);
        if (!(noiseVariance >= 0) || !Double.isFinite(noiseVariance))
            throw new IllegalArgumentException("deep linear: noise variance must be finite and >= 0, got " + noiseVariance);
        int n0 = kSpectrum.length;
        double max = 0;
        for (double s : kSpectrum) {
            if (!Double.isFinite(s)) throw new IllegalArgumentException("deep linear: spectrum has a non-finite eigenvalue " + s);
            max = Math.max(max, Math.abs(s));
        }
        double tol = n0 * Math.ulp(1.0) * max;
        int rank = 0;
        for (double s : kSpectrum) {
            if (s < -tol) throw new IllegalArgumentException("deep linear: K = AA^T has a negative eigenvalue " + s);
            if (s > tol) rank++;
        }
        if (!(alpha < (double) rank / n0))
            throw new IllegalArgumentException("deep linear: the spectral identity holds for alpha below the rank fraction "
                    + ((double) rank / n0) + " of K, got alpha = " + alpha + " (use ridgelessError or RidgeTheory above it)");
        java.util.function.DoubleUnaryOperator f = k -> {
            double v = 0;
            for (double s : kSpectrum) if (s > tol) v += s / (s + k);
            return v / n0 - alpha;
        };
        double hi = Roots.expandUpper("deep linear: kappa0 (f(kappa) = alpha)", f, max / n0 + 1e-300, false);
        double k0 = Roots.brent("deep linear: kappa0 (f(kappa) = alpha=" + alpha + ")", f, 0, hi, 0);
        double fp = 0;
        for (double s : kSpectrum) if (s > tol) fp -= s / ((s + k0) * (s + k0));
        fp /= n0;
        double dd = -1 / (k0 * fp);
        return alpha * dd * (1 - alpha) - alpha + noiseVariance * (alpha * dd - 1);
    }
}
