package deeprf.structured;

import deeprf.random.Philox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Deep linear structured Gaussian features (THEORY.md §8.2): x ~ N(0, Σ₀) in R^{n₀}, y = w*·x + ξ with Var ξ = η²,
 * φ(x) = Aᵀx with A = F₁F₂⋯F_L and F_ℓ = Σ_ℓ^{1/2} G_ℓ/√n_{ℓ−1} (G_ℓ i.i.d. standard normal, n_{ℓ−1} × n_ℓ,
 * n_ℓ = round(α_ℓ n₀)).
 *
 * <p>Working basis: Σ₀ is diagonal with descending eigenvalues s₀ᵢ; Σ₁ is diagonal in the same basis with its
 * eigenvalues placed by {@link Alignment}; Σ_ℓ for ℓ ≥ 2 is diagonal (its basis is irrelevant in law). w* is
 * normalised so that the signal variance w*ᵀΣ₀w* = 1.
 *
 * @param structureSeed fixes the pairing of a {@link Alignment#SHUFFLED} first layer (part of the model, not of a draw)
 */
public record StructuredModel(int n0, Spectrum data, List<Layer> layers, Target target, double noise, long structureSeed) {

    static final long STREAM_SHUFFLE = 300;

    public StructuredModel {
        if (n0 < 2) throw new IllegalArgumentException("structured model: n0 (input dimension) must be >= 2, got " + n0);
        if (data == null) data = new Spectrum.Identity();
        if (target == null) target = new Target.Isotropic();
        if (layers == null || layers.isEmpty())
            throw new IllegalArgumentException("structured model: needs at least one layer (layers = [...])");
        layers = List.copyOf(layers);
        for (int l = 1; l < layers.size(); l++)
            if (layers.get(l).align() != Alignment.NONE)
                throw new IllegalArgumentException("structured model: layers[" + (l + 1) + "].align = " + layers.get(l).align().label()
                        + " has no effect (the basis of a later layer's covariance does not change the features' law); only layer 0 may be aligned");
        if (!(noise >= 0) || !Double.isFinite(noise))
            throw new IllegalArgumentException("structured model: label-noise variance eta^2 must be finite and >= 0, got " + noise);
        for (int l = 0; l < layers.size(); l++) {
            long w = Math.round(layers.get(l).ratio() * n0);
            if (w < 1 || w > 100_000)
                throw new IllegalArgumentException("structured model: layers[" + (l + 1) + "] width round(alpha_l*n0) = " + w + " must be in [1, 100000]");
        }
    }

    public int depth() { return layers.size(); }

    /** n₀, n₁, …, n_L. */
    public int[] widths() {
        int[] n = new int[depth() + 1];
        n[0] = n0;
        for (int l = 0; l < depth(); l++) n[l + 1] = (int) Math.round(layers.get(l).ratio() * n0);
        return n;
    }

    /** Effective width ratios α_ℓ = n_ℓ/n₀ after rounding. */
    public double[] ratios() {
        int[] n = widths();
        double[] a = new double[depth()];
        for (int l = 0; l < depth(); l++) a[l] = (double) n[l + 1] / n0;
        return a;
    }

    /** r = min(1, α₁, …, α_L). */
    public double rankFraction() {
        double r = 1;
        for (double a : ratios()) r = Math.min(r, a);
        return r;
    }

    public double[] dataEigenvalues() { return data.eigenvalues(n0); }

    /** Expected w*ᵢ² profile (unnormalised) in the working basis. */
    public double[] targetProfile() { return target.profile(n0); }

    /** layerEigenvalues()[ℓ−1] = eigenvalues of Σ_ℓ as placed in the working basis (layer 1 permuted by its alignment). */
    public double[][] layerEigenvalues() {
        int[] n = widths();
        double[][] out = new double[depth()][];
        for (int l = 0; l < depth(); l++) {
            double[] e;
            try {
                e = layers.get(l).sigma().eigenvalues(n[l]);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("structured model: layers[" + (l + 1) + "].sigma: " + ex.getMessage(), ex);
            }
            out[l] = l == 0 ? place(e) : e;
        }
        return out;
    }

    /** Places Σ₁'s descending eigenvalues on the working basis according to layer 1's alignment. */
    private double[] place(double[] desc) {
        int n = desc.length;
        int[] order = new int[n];   // order[k] = basis index that receives the k-th largest eigenvalue
        switch (layers.get(0).align()) {
            case NONE, DATA -> { for (int k = 0; k < n; k++) order[k] = k; }
            case REVERSED -> { for (int k = 0; k < n; k++) order[k] = n - 1 - k; }
            case TARGET -> {
                double[] p = targetProfile();
                Integer[] idx = new Integer[n];
                for (int i = 0; i < n; i++) idx[i] = i;
                Arrays.sort(idx, (a, b) -> Double.compare(p[b], p[a]));   // stable: ties keep the data order
                for (int k = 0; k < n; k++) order[k] = idx[k];
            }
            case SHUFFLED -> {
                for (int k = 0; k < n; k++) order[k] = k;
                for (int k = n - 1; k > 0; k--) {   // Fisher–Yates from the counter-based generator
                    int j = (int) Math.floor(Philox.uniform(structureSeed, STREAM_SHUFFLE, k) * (k + 1));
                    int t = order[k]; order[k] = order[j]; order[j] = t;
                }
            }
        }
        double[] placed = new double[n];
        for (int k = 0; k < n; k++) placed[order[k]] = desc[k];
        return placed;
    }

    /** Diagonal of C₁ = Σ₀^{1/2}Σ₁Σ₀^{1/2} in the working basis. */
    public double[] c1() {
        double[] s0 = dataEigenvalues(), s1 = layerEigenvalues()[0];
        double[] c = new double[n0];
        for (int i = 0; i < n0; i++) c[i] = s0[i] * s1[i];
        return c;
    }

    /**
     * Expected uᵢ² of the signal u = Σ₀^{1/2}w* as the draws normalise it (Σ uᵢ² = 1, signal variance 1). For a
     * fixed target that is s₀ᵢpᵢ / Σⱼ s₀ⱼpⱼ. For a random one (w* Gaussian, normalised per draw) it is
     * E[aᵢgᵢ² / Σⱼ aⱼgⱼ²] with aᵢ = s₀ᵢpᵢ, which differs from aᵢ/Σⱼaⱼ wherever the aᵢ differ (a power-law Σ₀ has an
     * effective rank of a few directions, whose share the ratio of expectations overstated: the weight-free curve
     * read 2–4 % below the seeds' mean conditional theory). The theory is linear in uuᵀ, so this is the profile
     * whose curve is the draws' mean.
     */
    public double[] expectedSignal() {
        double[] s0 = dataEigenvalues(), p = targetProfile();
        double[] a = new double[n0];
        double sum = 0;
        for (int i = 0; i < n0; i++) sum += a[i] = s0[i] * p[i];
        boolean equal = true;
        for (int i = 1; i < n0; i++) equal &= a[i] == a[0];
        if (!target.random() || equal) {
            for (int i = 0; i < n0; i++) a[i] /= sum;
            return a;
        }
        return normalisedGaussianShares(a);
    }

    /**
     * E[aᵢgᵢ² / Σⱼ aⱼgⱼ²] for independent standard Gaussians gⱼ: with 1/S = ∫₀^∞ e^{−tS} dt and E[e^{−t a g²}] =
     * (1 + 2ta)^{−1/2}, it is ∫₀^∞ aᵢ (1 + 2taᵢ)^{−1} Πⱼ (1 + 2taⱼ)^{−1/2} dt, computed in x = ln t by the trapezoid
     * rule (the integrand is smooth and decays at both ends, where the rule converges fast). The shares sum to 1
     * exactly in the integral (the sum is −dW/dt of the product W); the quadrature's sum, 1 to ~1e-12, is divided out.
     * Two values (1, c) give 1/(1 + √c) for the first, as a closed form says.
     */
    static double[] normalisedGaussianShares(double[] a) {
        int n = a.length;
        double max = 0, sum = 0;
        for (double v : a) {
            max = Math.max(max, v);
            sum += v;
        }
        // from where Σ aⱼ t is 1e-12 (the integrand ~ aᵢt, nothing left below) to where log W < −60
        double lo = Math.log(1e-12 / sum), hi = Math.log(1 / max);
        while (logWeight(a, Math.exp(hi)) > -60) hi += 1;
        int nodes = 400;                  // 200 give the same 12 digits (a power law at n0 = 50); 400 for margin
        double h = (hi - lo) / (nodes - 1);
        double[] out = new double[n];
        for (int k = 0; k < nodes; k++) {
            double t = Math.exp(lo + k * h), w = Math.exp(logWeight(a, t)) * t * ((k == 0 || k == nodes - 1) ? 0.5 : 1);   // dt = t dx
            for (int i = 0; i < n; i++) out[i] += w * a[i] / (1 + 2 * t * a[i]);
        }
        double total = 0;
        for (double v : out) total += v;
        for (int i = 0; i < n; i++) out[i] /= total;
        return out;
    }

    /** log Πⱼ (1 + 2taⱼ)^{−1/2}. */
    private static double logWeight(double[] a, double t) {
        double s = 0;
        for (double v : a) s += Math.log1p(2 * t * v);
        return -0.5 * s;
    }

    /** Short description for tables. */
    public String describe() {
        List<String> ls = new ArrayList<>();
        for (Layer l : layers)
            ls.add(l.ratio() + (l.structured() ? ":" + l.sigma().label() + (l.align() == Alignment.NONE ? "" : "@" + l.align().label()) : ""));
        return "n0=" + n0 + " data=" + data.label() + " target=" + target.label() + " eta2=" + noise + " layers=" + ls;
    }
}
