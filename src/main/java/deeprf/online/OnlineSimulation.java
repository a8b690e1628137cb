package deeprf.online;

import deeprf.backend.Backend;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;

import java.util.function.LongConsumer;

/**
 * Online SGD of the readout of a frozen random-feature student (THEORY.md §10), R replicas at once on one weight draw:
 * an {@link OnlineRun} stepped to α_max, with the generalisation error of every replica recorded exactly through
 * {@link StudentTeacherMoments} ({@link GeneralisationError}) at log-spaced times. A replica whose error leaves the
 * finite range is stopped and reported as diverged (learning rates past the stability bound are physics, not an error).
 */
public final class OnlineSimulation {
    /** Stream ids of the counter-based generator: one per random object. */
    static final long STREAM_STUDENT = 1, STREAM_TEACHER = 2, STREAM_DATA = 3, STREAM_NOISE = 4, STREAM_MC = 5;
    /** A replica counts as diverged once its error exceeds this multiple of E y² (+1). */
    static final double DIVERGENCE_FACTOR = 1e6;
    /** Steps between progress reports. */
    static final long PROGRESS_STEPS = 256;

    private OnlineSimulation() {}

    /**
     * Result of one run.
     *
     * @param steps          recording steps
     * @param alphas         steps/N
     * @param errors         errors[t][r] = ε_g of replica r at steps[t]; NaN once (and only once) the replica diverged
     * @param divergedAt     α at which each replica was stopped, or NaN if it never diverged
     * @param moments        the exact second moments of this draw (for theory on the same weights)
     * @param seconds        wall time of the SGD loop
     */
    public record Result(long[] steps, double[] alphas, double[][] errors, double[] divergedAt,
                         StudentTeacherMoments moments, double seconds) {
        public int divergedCount() {
            int c = 0;
            for (double d : divergedAt) if (!Double.isNaN(d)) c++;
            return c;
        }
    }

    /** Draws the weights of {@code setup.seed()} and returns the second moments (no SGD); mcSamples as in {@link OnlineRun#moments}. */
    public static StudentTeacherMoments moments(Backend be, OnlineSetup setup, long mcSamples) {
        try (Matrix w = be.allocate(setup.k(), setup.n()); Matrix bT = be.allocate(setup.m(), setup.n())) {
            drawWeights(be, setup, w, bT);
            return StudentTeacherMoments.compute(be, w, bT, setup.g(), new GaussianStream(setup.seed(), STREAM_MC), mcSamples);
        }
    }

    static void drawWeights(Backend be, OnlineSetup setup, Matrix w, Matrix bT) {
        be.fillGaussian(w, new GaussianStream(setup.seed(), STREAM_STUDENT), 0, 1.0);
        be.fillGaussian(bT, new GaussianStream(setup.seed(), STREAM_TEACHER), 0, 1.0);
    }

    /**
     * Runs SGD from v = 0 to α_max, recording ε_g of every replica at {@code setup.recordSteps()}.
     * {@code progress} receives the number of steps done (may be null).
     */
    public static Result run(Backend be, OnlineSetup setup, long mcSamples, LongConsumer progress) {
        try (OnlineRun run = new OnlineRun(be, setup)) {
            return record(run, run.moments(mcSamples), progress);
        }
    }

    /** Steps {@code run} (fresh, at step 0) to its horizon, recording ε_g at the setup's recording steps. */
    static Result record(OnlineRun run, StudentTeacherMoments mom, LongConsumer progress) {
        OnlineSetup setup = run.setup();
        int n = setup.n(), r = setup.replicas();
        long[] rec = setup.recordSteps();
        double[][] errors = new double[rec.length][r];
        double limit = DIVERGENCE_FACTOR * (mom.ey2() + 1);
        long t0 = System.nanoTime();
        try (GeneralisationError meter = new GeneralisationError(run.backend(), mom, r)) {
            for (int t = 0; t < rec.length; t++) {
                while (run.stepsDone() < rec[t]) {
                    run.step(Math.min(rec[t] - run.stepsDone(), PROGRESS_STEPS));
                    if (progress != null) progress.accept(run.stepsDone());
                }
                double[] e = meter.errors(run.readouts());
                for (int i = 0; i < r; i++) {
                    if (run.stopped(i)) errors[t][i] = Double.NaN;
                    else if (!Double.isFinite(e[i]) || e[i] > limit) {
                        run.stop(i);
                        errors[t][i] = Double.NaN;
                    } else errors[t][i] = e[i];
                }
            }
        }
        double secs = (System.nanoTime() - t0) * 1e-9;
        double[] alphas = new double[rec.length];
        for (int i = 0; i < rec.length; i++) alphas[i] = (double) rec[i] / n;
        double[] divergedAt = new double[r];
        for (int i = 0; i < r; i++) divergedAt[i] = run.stoppedAt(i);
        return new Result(rec, alphas, errors, divergedAt, mom, secs);
    }
}
