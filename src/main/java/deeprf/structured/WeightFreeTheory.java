package deeprf.structured;

/**
 * Weight-free learning curve of ridge regression on deep linear structured Gaussian features, from the spectra of
 * Σ₀ and Σ_ℓ alone (THEORY.md §8.4 general identity, extended to anisotropic data and target and to λ ≥ 0).
 *
 * <p>Derivation (checked against simulation, see the tests and the README). With B = Σ₀^{1/2}A, H = BBᵀ (n₀×n₀) and
 * u = Σ₀^{1/2}w*, the conditional κ-form (§3.1) becomes, at n = α n₀ samples and outer effective ridge κ:
 * <pre>
 *   κ(1 − f/α) = λ,  f = τ(H(H+κ)⁻¹)                 (τ = trace/n₀)
 *   E_noisy = [η² + κ² uᵀ(H+κ)⁻²u] / (1 − df2/n),  df2/n = (f + κ df/dκ)/α,   E_clean = E_noisy − η²,
 *   E_train = (λ/κ)² E_noisy.
 * </pre>
 * H = C₁^{1/2} Z₁ C₁^{1/2} (in law) with C₁ = Σ₀^{1/2}Σ₁Σ₀^{1/2} (exact, alignment included) and Z₁ = G₁M₁G₁ᵀ/n₀
 * free of C₁, so the subordination κ(H+κ)⁻¹ ≍ κ₁(C₁+κ₁)⁻¹ holds with κ₁ = κ·S_{Z₁}(−f) and f = τ(C₁(C₁+κ₁)⁻¹). The
 * deeper layers enter only through the S-transform chain
 * <pre>
 *   S_{Z_ℓ}(t) = S_{M_ℓ}(t/β_ℓ)/(β_ℓ + t),   S_{M_ℓ}(t) = S_{Σ_{ℓ+1}}(t)·S_{Z_{ℓ+1}}(t),   S_{M_L} = 1,   β_ℓ = n_ℓ/n_{ℓ−1}.
 * </pre>
 * Everything is parametrised by f ∈ (0, r), r = min(1, α₁, …, α_L) the rank fraction of H: κ₁(f) inverts
 * τ(C₁(C₁+κ₁)⁻¹) = f, and κ(f) = κ₁(f)/S_{Z₁}(−f), with analytic f-derivatives. Ridgeless (λ = 0): f = α for α &lt; r;
 * for α &gt; r the features have rank r·n₀ &lt; n and E_clean = U + (U + η²)·r/(α − r) with the unexplained signal
 * U = κ₁* uᵀ(C₁+κ₁*)⁻¹u at f = r; α = r exactly is the interpolation peak and is reported as {@link Status#DIVERGING}.
 *
 * <p>A random target direction enters through its expected profile (uᵢ² ∝ s₀ᵢ for an isotropic w*).
 */
public final class WeightFreeTheory {

    public enum Status { OK, DIVERGING }

    /**
     * One (α, λ) point. Errors are NaN exactly when status is DIVERGING, and {@code message} then says why (the
     * result files' empty cells carry it); "" when OK.
     */
    public record Point(double alpha, double lambda, Status status, double testClean, double testNoisy, double train,
                        double kappa, double df, String message) {
        public boolean ok() { return status == Status.OK; }
    }

    private final WeightedSpectrum c1;       // C₁ eigenvalues with target mass u_i²
    private final WeightedSpectrum[] sigma;  // sigma[l] = Σ_{l+1}, used for l ≥ 1 (layers 2..L)
    private final double[] beta;             // beta[l] = n_{l+1}/n_l, l = 0..L−1
    private final double rank;
    private final double noise;
    private final int depth;

    public WeightFreeTheory(StructuredModel model) {
        this(model.c1(), model.expectedSignal(), model.layerEigenvalues(), model.widths(), model.noise());
    }

    /**
     * @param c1      eigenvalues of C₁ = Σ₀^{1/2}Σ₁Σ₀^{1/2} (n₀ values; diagonal in the working basis)
     * @param u2      squared target components uᵢ² in the same basis (Σ uᵢ² = signal variance)
     * @param layerEig layerEig[ℓ−1] = eigenvalues of Σ_ℓ (only ℓ ≥ 2 are used)
     * @param widths  n₀, n₁, …, n_L
     */
    WeightFreeTheory(double[] c1, double[] u2, double[][] layerEig, int[] widths, double noise) {
        this.depth = widths.length - 1;
        this.c1 = new WeightedSpectrum(c1, u2);
        this.sigma = new WeightedSpectrum[depth];
        for (int l = 1; l < depth; l++) sigma[l] = new WeightedSpectrum(layerEig[l], null);
        this.beta = new double[depth];
        double r = 1;
        for (int l = 0; l < depth; l++) {
            beta[l] = (double) widths[l + 1] / widths[l];
            r = Math.min(r, (double) widths[l + 1] / widths[0]);
        }
        this.rank = r;
        this.noise = noise;
    }

    /** r = min(1, α₁, …, α_L): the rank fraction of the features; the ridgeless curve diverges at α = r only. */
    public double rankFraction() { return rank; }

    /** {ln S_{Z_l}(−f), d/df}, l = 1..L (n_{l−1}-normalised). */
    private double[] lnSZ(int l, double f) {
        double b = beta[l - 1];
        double g = f / b;
        double a = 0, da = 0;
        if (l < depth) {
            double[] s = sigma[l].lnS(g);
            double[] z = lnSZ(l + 1, g);
            a = s[0] + z[0];
            da = s[1] + z[1];
        }
        return new double[]{a - Math.log(b - f), da / b + 1 / (b - f)};
    }

    /** {κ, dκ/df, κ₁, dκ₁/df} at f in (0, r). */
    private double[] kappas(double f) {
        double k1 = c1.inverseDf(f);
        double dk1 = 1 / c1.dfPrime(k1);
        double[] z = lnSZ(1, f);
        double kappa = Math.exp(Math.log(k1) - z[0]);
        double dkappa = kappa * (dk1 / k1 - z[1]);
        return new double[]{kappa, dkappa, k1, dk1};
    }

    /** q(κ₁) = κ₁ Σ mⱼ/(cⱼ+κ₁) (= lim κ uᵀ(H+κ)⁻¹u) and its derivative. */
    private double[] q(double k1) {
        double s = 0, ds = 0;
        for (int j = 0; j < c1.v.length; j++) {
            double d = c1.v[j] + k1;
            s += c1.m[j] / d;
            ds += c1.m[j] * c1.v[j] / (d * d);
        }
        return new double[]{k1 * s, ds};
    }

    /** Unexplained signal variance uᵀ(I − P_H)u of the rank-deficient features (0 when r = 1). */
    public double unexplained() {
        if (rank >= 1) return 0;
        return q(c1.inverseDf(rank))[0];
    }

    public Point at(double alpha, double lambda) {
        if (!(alpha > 0) || !Double.isFinite(alpha))
            throw new IllegalArgumentException("structured theory: sample ratio alpha = n/n0 must be finite and > 0, got " + alpha);
        if (!(lambda >= 0) || !Double.isFinite(lambda))
            throw new IllegalArgumentException("structured theory: ridge lambda must be finite and >= 0, got " + lambda);
        if (lambda == 0) {
            if (Math.abs(alpha - rank) <= 1e-12 * rank)
                return new Point(alpha, 0, Status.DIVERGING, Double.NaN, Double.NaN, Double.NaN, 0, rank,
                        "weight-free theory: ridgeless (lambda = 0) at alpha = r = " + rank
                        + ", the features' rank fraction min(1, alpha_1, ..., alpha_L): interpolation peak, the error is infinite");
            if (alpha > rank) {
                double u = unexplained();
                double clean = u + (u + noise) * rank / (alpha - rank);
                return new Point(alpha, 0, Status.OK, clean, clean + noise, (u + noise) * (1 - rank / alpha), 0, rank, "");
            }
            return evaluate(alpha, 0, alpha);
        }
        // κ(f)(1 − f/α) decreases from +∞ (f → 0) to 0 (f → min(α, r)): bisection on f.
        double hi = Math.min(alpha, rank), lo = 0;
        for (int it = 0; it < 200 && hi - lo > 2 * Math.ulp(hi); it++) {
            double f = 0.5 * (lo + hi);
            double h = kappas(f)[0] * (1 - f / alpha);
            if (h > lambda) lo = f; else hi = f;
        }
        return evaluate(alpha, lambda, 0.5 * (lo + hi));
    }

    private Point evaluate(double alpha, double lambda, double f) {
        double[] k = kappas(f);
        double kappa = k[0], dkappa = k[1], k1 = k[2], dk1 = k[3];
        double df2n = (f + kappa / dkappa) / alpha;
        double[] qq = q(k1);
        double bias = qq[0] - kappa * qq[1] * dk1 / dkappa;
        if (!(df2n < 1) || !Double.isFinite(bias))
            return new Point(alpha, lambda, Status.DIVERGING, Double.NaN, Double.NaN, Double.NaN, kappa, f,
                    "weight-free theory: diverges at alpha = " + alpha + ", lambda = " + lambda
                    + (Double.isNaN(df2n) ? " (the degrees of freedom df2/n are not a number: the kappa equations did not resolve here)"
                            : df2n < 1 ? " (the bias term is not finite)" : " (the variance factor 1 - df2/n = " + (1 - df2n) + " is not positive)"));
        double noisy = (noise + bias) / (1 - df2n);
        double train = lambda == 0 ? 0 : (lambda / kappa) * (lambda / kappa) * noisy;
        return new Point(alpha, lambda, Status.OK, noisy - noise, noisy, train, kappa, f, "");
    }

    /**
     * d/dt ln S_K(t) at t = −f for K = H with Σ₀ = I (the general identity's S-transform, THEORY.md §8.4): S_K =
     * S_{Σ₁}·S_{Z₁}. Used to check the identity D = 1/(1−f) + 1/f − (ln S_K)′(−f) against the closed form.
     */
    double dlnSK(double f) {
        double[] s1 = c1.lnS(f);
        double[] z = lnSZ(1, f);
        return -(s1[1] + z[1]);   // d/dt = −d/df
    }
}
