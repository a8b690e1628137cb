package deeprf.structured;

import java.util.Arrays;

/**
 * A named covariance spectrum (data covariance Σ₀ or a layer's row covariance Σ_ℓ). {@link #eigenvalues(int)} gives n
 * eigenvalues in descending order, normalised to mean 1 (trace n), so that changing the shape of a spectrum never
 * changes the overall scale of the features. Every spectrum here must be positive definite: a parameter that makes
 * an eigenvalue zero, negative or non-finite is refused with a message naming the field.
 */
public sealed interface Spectrum {

    /** Descending eigenvalues, mean 1. */
    double[] eigenvalues(int n);

    /** Short label for tables and plots. */
    String label();

    /** Σ = I. */
    record Identity() implements Spectrum {
        public double[] eigenvalues(int n) {
            double[] v = new double[n];
            Arrays.fill(v, 1.0);
            return v;
        }

        public String label() { return "identity"; }
    }

    /** σ_k ∝ k^(−exponent), k = 1..n. */
    record PowerLaw(double exponent) implements Spectrum {
        public PowerLaw {
            if (!Double.isFinite(exponent) || exponent < 0 || exponent > 10)
                throw new IllegalArgumentException("power-law spectrum: exponent must be in [0, 10], got " + exponent);
        }

        public double[] eigenvalues(int n) {
            double[] v = new double[n];
            for (int k = 0; k < n; k++) v[k] = Math.pow(k + 1, -exponent);
            return checkedNormalised(v, label());
        }

        public String label() { return "power_law(" + exponent + ")"; }
    }

    /** A fraction {@code fraction} of the eigenvalues at {@code high}, the rest at {@code low} (before normalising). */
    record TwoLevel(double low, double high, double fraction) implements Spectrum {
        public TwoLevel {
            if (!(low > 0) || !Double.isFinite(low))
                throw new IllegalArgumentException("two-level spectrum: low = " + low + " makes the covariance not positive definite; need 0 < low");
            if (!(high > 0) || !Double.isFinite(high))
                throw new IllegalArgumentException("two-level spectrum: high = " + high + " makes the covariance not positive definite; need 0 < high");
            if (!(fraction > 0 && fraction < 1))
                throw new IllegalArgumentException("two-level spectrum: fraction must be in (0, 1), got " + fraction);
        }

        public double[] eigenvalues(int n) {
            double[] v = new double[n];
            int nHigh = (int) Math.round(fraction * n);
            double a = Math.max(low, high), b = Math.min(low, high);
            for (int k = 0; k < n; k++) v[k] = k < (high >= low ? nHigh : n - nHigh) ? a : b;
            return checkedNormalised(v, label());
        }

        public String label() { return "twolevel(" + low + "," + high + "," + fraction + ")"; }
    }

    /** Identity plus {@code count} eigenvalues equal to {@code value} (before normalising). */
    record Spiked(int count, double value) implements Spectrum {
        public Spiked {
            if (count < 1) throw new IllegalArgumentException("spiked spectrum: count must be >= 1, got " + count);
            if (!(value > 0) || !Double.isFinite(value))
                throw new IllegalArgumentException("spiked spectrum: value = " + value + " makes the covariance not positive definite; need 0 < value");
        }

        public double[] eigenvalues(int n) {
            if (count > n) throw new IllegalArgumentException("spiked spectrum: count = " + count + " exceeds the dimension " + n);
            double[] v = new double[n];
            for (int k = 0; k < n; k++) v[k] = k < count ? value : 1.0;
            Arrays.sort(v);
            for (int i = 0; i < n / 2; i++) { double t = v[i]; v[i] = v[n - 1 - i]; v[n - 1 - i] = t; }
            return checkedNormalised(v, label());
        }

        public String label() { return "spiked(" + count + "," + value + ")"; }
    }

    /** Explicit eigenvalues (length must equal the dimension); the covariance must be positive definite. */
    record Values(double[] values) implements Spectrum {
        public Values {
            values = values.clone();
            for (int i = 0; i < values.length; i++)
                if (!(values[i] > 0) || !Double.isFinite(values[i]))
                    throw new IllegalArgumentException("explicit spectrum: values[" + (i + 1) + "] = " + values[i]
                            + " makes the covariance not positive definite; every eigenvalue must be finite and > 0");
        }

        public double[] eigenvalues(int n) {
            if (values.length != n)
                throw new IllegalArgumentException("explicit spectrum: " + values.length + " eigenvalues given for dimension " + n
                        + "; allowed: exactly " + n + " values, one per dimension");
            double[] v = values.clone();
            Arrays.sort(v);
            for (int i = 0; i < n / 2; i++) { double t = v[i]; v[i] = v[n - 1 - i]; v[n - 1 - i] = t; }
            return checkedNormalised(v, label());
        }

        public String label() { return "values(" + values.length + ")"; }
    }

    private static double[] checkedNormalised(double[] v, String what) {
        double sum = 0;
        for (double x : v) sum += x;
        double mean = sum / v.length;
        for (int i = 0; i < v.length; i++) {
            v[i] /= mean;
            if (!(v[i] > 0) || !Double.isFinite(v[i]))
                throw new IllegalArgumentException(what + ": eigenvalue " + i + " of " + v.length + " is " + v[i]
                        + " after normalising to mean 1; the covariance must be positive definite");
        }
        return v;
    }
}
