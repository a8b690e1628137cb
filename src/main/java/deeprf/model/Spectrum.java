package deeprf.model;

import java.util.Arrays;
import java.util.List;

/**
 * A diagonal covariance named by its spectrum: the data covariance Σ₀ = diag(λ₁..λ_d) or a weight row covariance
 * C = diag(c₁..c_k). Diagonal in the standard basis: with rotation-invariant (i.i.d. Gaussian) weights this loses no
 * generality; with structured weights the data and weight covariances share that basis.
 */
public sealed interface Spectrum {

    /** The n eigenvalues, in the order they sit on the diagonal. */
    double[] eigenvalues(int n);

    /** Short label for tables, e.g. {@code identity}, {@code power_law(0.3)}, {@code spiked(8)}. */
    String label();

    /** True when every eigenvalue is 1 (nothing to fold into the weights). */
    default boolean isIdentity() { return false; }

    /** Σ = I. */
    record Identity() implements Spectrum {
        @Override public double[] eigenvalues(int n) {
            double[] v = new double[n];
            Arrays.fill(v, 1.0);
            return v;
        }
        @Override public String label() { return "identity"; }
        @Override public boolean isIdentity() { return true; }
    }

    /** λ_k = k^(−exponent), k = 1..n, unnormalised (as in the papers, e.g. C = diag(k^−0.3)). */
    record PowerLaw(double exponent) implements Spectrum {
        public PowerLaw {
            if (!Double.isFinite(exponent) || exponent < 0)
                throw new IllegalArgumentException("power_law exponent must be finite and >= 0, got " + exponent);
        }
        @Override public double[] eigenvalues(int n) {
            double[] v = new double[n];
            for (int k = 0; k < n; k++) v[k] = Math.pow(k + 1, -exponent);
            return v;
        }
        @Override public String label() { return "power_law(" + Num.fmt(exponent) + ")"; }
    }

    /** λ = 1 + spikes[i] on the first spikes.length directions and 1 elsewhere (C = I + Σ sᵢ eᵢeᵢᵀ). */
    record Spiked(List<Double> spikes) implements Spectrum {
        public Spiked {
            spikes = List.copyOf(spikes);
            if (spikes.isEmpty()) throw new IllegalArgumentException("spiked covariance needs at least one spike");
            for (double s : spikes)
                if (!Double.isFinite(s) || s <= -1) throw new IllegalArgumentException("spike strengths must be finite and > -1, got " + s);
        }
        @Override public double[] eigenvalues(int n) {
            if (spikes.size() > n)
                throw new IllegalArgumentException("spiked covariance has " + spikes.size() + " spikes but dimension " + n);
            double[] v = new Identity().eigenvalues(n);
            for (int i = 0; i < spikes.size(); i++) v[i] += spikes.get(i);
            return v;
        }
        @Override public String label() {
            StringBuilder sb = new StringBuilder("spiked(");
            for (int i = 0; i < spikes.size(); i++) sb.append(i > 0 ? ";" : "").append(Num.fmt(spikes.get(i)));
            return sb.append(')').toString();
        }
    }
}
