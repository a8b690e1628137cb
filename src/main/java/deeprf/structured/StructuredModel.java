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

    /** Expected uᵢ² = s₀ᵢ E[w*ᵢ²], normalised to Σ uᵢ² = 1 (signal variance 1). */
    public double[] expectedSignal() {
        double[] s0 = dataEigenvalues(), p = targetProfile();
        double[] u2 = new double[n0];
        double sum = 0;
        for (int i = 0; i < n0; i++) sum += u2[i] = s0[i] * p[i];
        for (int i = 0; i < n0; i++) u2[i] /= sum;
        return u2;
    }

    /** Short description for tables. */
    public String describe() {
        List<String> ls = new ArrayList<>();
        for (Layer l : layers)
            ls.add(l.ratio() + (l.structured() ? ":" + l.sigma().label() + (l.align() == Alignment.NONE ? "" : "@" + l.align().label()) : ""));
        return "n0=" + n0 + " data=" + data.label() + " target=" + target.label() + " eta2=" + noise + " layers=" + ls;
    }
}
