package deeprf.online;

import deeprf.backend.Backend;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.NeuronActivations;
import deeprf.backend.Trans;
import deeprf.random.Philox;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Online SGD of the readout of a frozen random-feature student (THEORY.md §10), R replicas at once on one weight draw.
 * Each step draws an N×R block of fresh inputs, so the per-step work is GEMMs on the backend: U = WX/√N (K×R),
 * teacher outputs, ŷ = diag(VᵀG), and the update V ← V + G·diag(η_s·e). The generalisation error of every replica is
 * recorded exactly through {@link StudentTeacherMoments} at log-spaced times. A replica whose error leaves the finite
 * range is stopped and reported as diverged (learning rates past the stability bound are physics, not an error).
 */
public final class OnlineSimulation {
    /** Stream ids of the counter-based generator: one per random object. */
    static final long STREAM_STUDENT = 1, STREAM_TEACHER = 2, STREAM_DATA = 3, STREAM_NOISE = 4, STREAM_MC = 5;
    /** A replica counts as diverged once its error exceeds this multiple of E y² (+1). */
    static final double DIVERGENCE_FACTOR = 1e6;

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

    /** Draws the weights of {@code setup.seed()} and returns the second moments (no SGD). */
    public static StudentTeacherMoments moments(Backend be, OnlineSetup setup, long mcSamples) {
        try (Matrix w = be.allocate(setup.k(), setup.n()); Matrix bT = be.allocate(setup.m(), setup.n())) {
            drawWeights(be, setup, w, bT);
            return StudentTeacherMoments.compute(be, w, bT, setup.g(), new GaussianStream(setup.seed(), STREAM_MC), mcSamples);
        }
    }

    private static void drawWeights(Backend be, OnlineSetup setup, Matrix w, Matrix bT) {
        be.fillGaussian(w, new GaussianStream(setup.seed(), STREAM_STUDENT), 0, 1.0);
        be.fillGaussian(bT, new GaussianStream(setup.seed(), STREAM_TEACHER), 0, 1.0);
    }

    /**
     * Runs SGD from v = 0. {@code progress} receives the number of steps done (may be null).
     */
    public static Result run(Backend be, OnlineSetup setup, long mcSamples, LongConsumer progress) {
        int n = setup.n(), k = setup.k(), m = setup.m(), r = setup.replicas();
        long[] rec = setup.recordSteps();
        double[][] errors = new double[rec.length][r];
        double[] divergedAt = new double[r];
        Arrays.fill(divergedAt, Double.NaN);
        double etaS = setup.stepSize();
        double noiseSd = Math.sqrt(setup.noiseVar());
        double invSqrtN = 1 / Math.sqrt(n);
        NeuronActivations plan = NeuronActivations.uniform(setup.g());
        GaussianStream data = new GaussianStream(setup.seed(), STREAM_DATA);

        try (Matrix w = be.allocate(k, n); Matrix bT = be.allocate(m, n);
             Matrix x = be.allocate(n, r); Matrix gs = be.allocate(k, r); Matrix gt = be.allocate(m, r);
             Matrix ones = be.allocate(1, m); Matrix y = be.allocate(1, r);
             Matrix v = be.allocate(k, r); Matrix vg = be.allocate(r, r); Matrix d = be.allocate(r, r);
             Matrix cM = be.allocate(k, k); Matrix cv = be.allocate(k, r); Matrix bRow = be.allocate(1, k);
             Matrix bv = be.allocate(1, r); Matrix vcv = be.allocate(r, r)) {
            drawWeights(be, setup, w, bT);
            StudentTeacherMoments mom = StudentTeacherMoments.compute(be, w, bT, setup.g(),
                    new GaussianStream(setup.seed(), STREAM_MC), mcSamples);
            be.upload(mom.c(), cM);
            be.upload(mom.b(), bRow);
            be.fill(ones, 1);

            double[] yh = new double[r * r], yt = new double[r], noise = new double[r], dd = new double[r * r];
            double[] vcvh = new double[r * r], bvh = new double[r];
            boolean[] stopped = new boolean[r];
            double limit = DIVERGENCE_FACTOR * (mom.ey2() + 1);
            long t0 = System.nanoTime();
            int next = 0;
            for (long step = 0; ; step++) {
                if (next < rec.length && rec[next] == step) {
                    // ε_r = ½(Ey² − 2 bᵀv_r + v_rᵀ C v_r), all replicas through GEMMs
                    be.gemm(Trans.N, Trans.N, 1, cM, v, 0, cv);
                    be.gemm(Trans.T, Trans.N, 1, v, cv, 0, vcv);
                    be.gemm(Trans.N, Trans.N, 1, bRow, v, 0, bv);
                    be.download(vcv, vcvh);
                    be.download(bv, bvh);
                    for (int i = 0; i < r; i++) {
                        double e = 0.5 * (mom.ey2() - 2 * bvh[i] + vcvh[i + i * r]);
                        if (stopped[i]) { errors[next][i] = Double.NaN; continue; }
                        if (!Double.isFinite(e) || e > limit) {
                            stopped[i] = true;
                            divergedAt[i] = (double) step / n;
                            errors[next][i] = Double.NaN;
                        } else errors[next][i] = e;
                    }
                    next++;
                    if (next == rec.length) break;
                }
                be.fillGaussian(x, data, step * (long) n * r, 1.0);
                be.gemm(Trans.N, Trans.N, invSqrtN, w, x, 0, gs);
                be.gemm(Trans.N, Trans.N, invSqrtN, bT, x, 0, gt);
                be.activate(gs, plan);
                be.activate(gt, plan);
                be.gemm(Trans.N, Trans.N, 1, ones, gt, 0, y);          // teacher: Σ_n g(B_n·x/√N)
                be.gemm(Trans.T, Trans.N, 1, v, gs, 0, vg);           // student: diag(VᵀG)
                be.download(y, yt);
                be.download(vg, yh);
                if (noiseSd > 0) Philox.fillGaussian(setup.seed(), STREAM_NOISE, step * (long) r, noiseSd, noise, 0, r);
                Arrays.fill(dd, 0);
                for (int i = 0; i < r; i++) {
                    if (stopped[i]) continue;
                    double e = yt[i] + noise[i] - yh[i + i * r];
                    if (!Double.isFinite(e) || Math.abs(e) > 1e150) {
                        stopped[i] = true;
                        divergedAt[i] = (double) step / n;
                        continue;
                    }
                    dd[i + i * r] = etaS * e;
                }
                be.upload(dd, d);
                be.gemm(Trans.N, Trans.N, 1, gs, d, 1, v);            // V ← V + G·diag(η_s e)
                if (progress != null && (step & 255) == 0) progress.accept(step);
            }
            double secs = (System.nanoTime() - t0) * 1e-9;
            double[] alphas = new double[rec.length];
            for (int i = 0; i < rec.length; i++) alphas[i] = (double) rec[i] / n;
            return new Result(rec, alphas, errors, divergedAt, mom, secs);
        }
    }
}
