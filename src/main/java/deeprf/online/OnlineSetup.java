package deeprf.online;

import deeprf.backend.Activation;

/**
 * One online-learning experiment (THEORY.md §10): a student ŷ = Σ_i v_i g(w_i·x/√N) with K frozen Gaussian first-layer
 * rows, a soft-committee teacher y = Σ_n g(B_n·x/√N) + noise with M units, and online SGD on the readout v, one fresh
 * sample per step and replica.
 *
 * @param n          input dimension N (>= 1)
 * @param k          student width K (>= 1)
 * @param m          teacher units M (>= 1)
 * @param g          activation of student and teacher
 * @param eta        learning rate η (> 0; above the stability bound the run diverges, which is reported, not refused)
 * @param scaling    how η becomes a step size
 * @param noiseVar   label-noise variance σ² (>= 0)
 * @param replicas   independent SGD runs on the same weight draw, batched into GEMMs (>= 1)
 * @param alphaMax   last time α = steps/N (> 0)
 * @param records    number of log-spaced times at which ε_g is recorded (>= 2)
 * @param seed       seed of the counter-based generator
 */
public record OnlineSetup(int n, int k, int m, Activation g, double eta, LearningRateScaling scaling, double noiseVar,
                          int replicas, double alphaMax, int records, long seed) {
    public OnlineSetup {
        positive("n", n);
        positive("k", k);
        positive("m", m);
        positive("replicas", replicas);
        if (g == null) throw new IllegalArgumentException("online: activation g must be given");
        if (!(eta > 0) || !Double.isFinite(eta)) throw new IllegalArgumentException("online: eta must be a finite number > 0, got " + eta);
        if (scaling == null) throw new IllegalArgumentException("online: lr_scaling must be N or K");
        if (!(noiseVar >= 0) || !Double.isFinite(noiseVar)) throw new IllegalArgumentException("online: noise must be finite and >= 0, got " + noiseVar);
        if (!(alphaMax > 0) || !Double.isFinite(alphaMax)) throw new IllegalArgumentException("online: alpha_max must be a finite number > 0, got " + alphaMax);
        if (records < 2) throw new IllegalArgumentException("online: records must be >= 2, got " + records);
        if ((double) n * alphaMax > 1e12) throw new IllegalArgumentException("online: N·alpha_max = " + (double) n * alphaMax + " steps is more than 1e12");
    }

    private static void positive(String name, int v) {
        if (v < 1) throw new IllegalArgumentException("online: " + name + " must be >= 1, got " + v);
    }

    public double stepSize() { return scaling.stepSize(eta, n, k); }

    /** Total SGD steps per replica: ⌈α_max·N⌉. */
    public long steps() { return (long) Math.ceil(alphaMax * n); }

    /** Log-spaced recording steps in [1, steps()], strictly increasing, always including step 0 and the last. */
    public long[] recordSteps() {
        long total = steps();
        java.util.TreeSet<Long> set = new java.util.TreeSet<>();
        set.add(0L);
        set.add(total);
        double hi = Math.log(total);
        for (int i = 0; i < records - 2; i++) set.add(Math.max(1L, Math.round(Math.exp(hi * i / (records - 2.0)))));
        return set.stream().mapToLong(Long::longValue).toArray();
    }
}
