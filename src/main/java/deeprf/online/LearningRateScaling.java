package deeprf.online;

/**
 * How the spec's learning rate η becomes the per-step SGD step size. THEORY.md §12 flags the paper's choice as
 * unknown, so both readings are offered: {@code N} (v ← v + (η/N)·e·g, Saad–Solla's convention, the default) and
 * {@code K} (η/K, the "mean-field" reading). Time is always α = steps/N.
 */
public enum LearningRateScaling {
    N, K;

    /** The per-step size η_s for input dimension n and width k. */
    public double stepSize(double eta, int n, int k) {
        return this == N ? eta / n : eta / k;
    }
}
