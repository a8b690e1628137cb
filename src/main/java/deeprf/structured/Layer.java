package deeprf.structured;

/**
 * One layer F_ℓ = Σ_ℓ^{1/2} G_ℓ / √n_{ℓ−1}: width ratio α_ℓ = n_ℓ/n₀ and row covariance Σ_ℓ (n_{ℓ−1} × n_{ℓ−1}).
 */
public record Layer(double ratio, Spectrum sigma, Alignment align) {
    public Layer {
        if (!(ratio > 0) || !Double.isFinite(ratio))
            throw new IllegalArgumentException("layer width ratio alpha_l = n_l/n0 must be finite and > 0, got " + ratio);
        if (sigma == null) sigma = new Spectrum.Identity();
        if (align == null) align = Alignment.NONE;
    }

    public static Layer plain(double ratio) { return new Layer(ratio, new Spectrum.Identity(), Alignment.NONE); }

    public boolean structured() { return !(sigma instanceof Spectrum.Identity); }
}
