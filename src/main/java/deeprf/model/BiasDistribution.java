package deeprf.model;

import deeprf.random.Philox;

/** The distribution of a layer's random per-neuron biases b_i (added to the preactivation before the nonlinearity). */
public sealed interface BiasDistribution {

    /** k biases drawn from number 0..k−1 of stream (seed, stream); null for {@link None}. */
    double[] sample(int k, long seed, long stream);

    String label();

    /** No bias. */
    record None() implements BiasDistribution {
        @Override public double[] sample(int k, long seed, long stream) { return null; }
        @Override public String label() { return "none"; }
    }

    /** Every neuron gets the same bias. */
    record Constant(double value) implements BiasDistribution {
        public Constant {
            if (!Double.isFinite(value)) throw new IllegalArgumentException("constant bias must be finite, got " + value);
        }
        @Override public double[] sample(int k, long seed, long stream) {
            double[] b = new double[k];
            java.util.Arrays.fill(b, value);
            return b;
        }
        @Override public String label() { return "constant(" + Num.fmt(value) + ")"; }
    }

    /** b_i ~ N(mean, std²). */
    record Normal(double mean, double std) implements BiasDistribution {
        public Normal {
            if (!Double.isFinite(mean) || !Double.isFinite(std) || std < 0)
                throw new IllegalArgumentException("normal bias needs finite mean and std >= 0, got mean=" + mean + ", std=" + std);
        }
        @Override public double[] sample(int k, long seed, long stream) {
            double[] b = new double[k];
            Philox.fillGaussian(seed, stream, 0, std, b, 0, k);
            for (int i = 0; i < k; i++) b[i] += mean;
            return b;
        }
        @Override public String label() { return "normal(" + Num.fmt(mean) + "," + Num.fmt(std) + ")"; }
    }

    /** b_i ~ U[low, high). */
    record Uniform(double low, double high) implements BiasDistribution {
        public Uniform {
            if (!Double.isFinite(low) || !Double.isFinite(high) || !(high > low))
                throw new IllegalArgumentException("uniform bias needs finite low < high, got low=" + low + ", high=" + high);
        }
        @Override public double[] sample(int k, long seed, long stream) {
            double[] b = new double[k];
            for (int i = 0; i < k; i++) b[i] = low + (high - low) * Philox.uniform(seed, stream, i);
            return b;
        }
        @Override public String label() { return "uniform(" + Num.fmt(low) + "," + Num.fmt(high) + ")"; }
    }
}
