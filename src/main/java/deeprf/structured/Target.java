package deeprf.structured;

/**
 * The teacher direction w*, described in the eigenbasis of Σ₀ (index 0 = largest data eigenvalue). The target is
 * y = w*·x + ξ with w* normalised so that the signal variance w*ᵀΣ₀w* is exactly 1 (for Σ₀ = I: ‖w*‖ = 1).
 */
public sealed interface Target {

    /** Expected squared components E[w*_i²] before normalisation (for a random target the weight-free theory takes the mean after it). */
    double[] profile(int n0);

    /** True when w* is drawn at random per seed (its profile is then only the expectation). */
    boolean random();

    String label();

    /**
     * w* a Gaussian direction (fresh per seed), normalised per draw; the weight-free theory uses the mean of the
     * normalised signal profile ({@link StructuredModel#expectedSignal}), not this flat one scaled.
     */
    record Isotropic() implements Target {
        public double[] profile(int n0) {
            double[] p = new double[n0];
            java.util.Arrays.fill(p, 1.0);
            return p;
        }

        public boolean random() { return true; }

        public String label() { return "isotropic"; }
    }

    /**
     * w*_i² ∝ (i+1)^(−exponent) along Σ₀'s eigenvectors in descending order (aligned with the top directions of the
     * data), or in ascending order when {@code reversed} (the target lives in the data's weakest directions).
     */
    record PowerLaw(double exponent, boolean reversed) implements Target {
        public PowerLaw {
            if (!Double.isFinite(exponent) || exponent < 0 || exponent > 10)
                throw new IllegalArgumentException("target power law: exponent must be in [0, 10], got " + exponent);
        }

        public double[] profile(int n0) {
            double[] p = new double[n0];
            for (int i = 0; i < n0; i++) p[reversed ? n0 - 1 - i : i] = Math.pow(i + 1, -exponent);
            return p;
        }

        public boolean random() { return false; }

        public String label() { return (reversed ? "reversed-" : "") + "power_law(" + exponent + ")"; }
    }
}
