package deeprf.online;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;
import deeprf.backend.Backend;
import deeprf.backend.java.JavaBackend;
import deeprf.random.Philox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class OnlineRunTest {
    static final Activation ERF_SQRT2 = new Activation(ActivationKind.ERF, 1 / Math.sqrt(2), 0);
    static final double EPS = Math.ulp(1.0);
    static Backend be;

    @BeforeAll
    static void open() { be = new JavaBackend(2); }

    @AfterAll
    static void close() { be.close(); }

    /**
     * The blocked run against SGD written out one sample at a time from the definition (weights, inputs and noise
     * taken straight from the Philox streams at the documented offsets): catches a wrong column, offset or label.
     * Both sum the same O(N + K) products per step in different orders and the vector erf is within 4 ulps, so after
     * S steps the readouts agree to about S·(N + K)·4ε relative (SGD at a stable rate does not amplify rounding).
     */
    @Test
    void blockedRunIsSgdOneSampleAtATime() {
        int n = 40, k = 30, m = 2, r = 3;
        OnlineSetup s = new OnlineSetup(n, k, m, ERF_SQRT2, 1.0, LearningRateScaling.N, 0.05, r, 1.0, 2, 13);
        long steps = s.steps();
        double[] w = new double[k * n], b = new double[m * n];
        Philox.fillGaussian(s.seed(), OnlineSimulation.STREAM_STUDENT, 0, 1, w, 0, w.length);
        Philox.fillGaussian(s.seed(), OnlineSimulation.STREAM_TEACHER, 0, 1, b, 0, b.length);
        double[] v = new double[k * r], x = new double[n], g = new double[k], noise = new double[1];
        double eta = s.stepSize(), sd = Math.sqrt(s.noiseVar());
        for (long st = 0; st < steps; st++) {
            for (int rep = 0; rep < r; rep++) {
                Philox.fillGaussian(s.seed(), OnlineSimulation.STREAM_DATA, (st * r + rep) * n, 1, x, 0, n);
                Philox.fillGaussian(s.seed(), OnlineSimulation.STREAM_NOISE, st * r + rep, sd, noise, 0, 1);
                double y = noise[0], yh = 0;
                for (int u = 0; u < m; u++) y += ERF_SQRT2.apply(row(b, m, u, x) / Math.sqrt(n));
                for (int i = 0; i < k; i++) {
                    g[i] = ERF_SQRT2.apply(row(w, k, i, x) / Math.sqrt(n));
                    yh += v[i + rep * k] * g[i];
                }
                double e = y - yh;
                for (int i = 0; i < k; i++) v[i + rep * k] += eta * e * g[i];
            }
        }
        try (OnlineRun run = new OnlineRun(be, s, 7)) {               // 7 does not divide the 40 steps: a tail block
            for (long c : new long[]{5, 11, 0, 24}) run.step(c);
            assertEquals(steps, run.stepsDone());
            assertEquals(0, run.stepsLeft());
            double[] got = run.readouts();
            double scale = Arrays.stream(v).map(Math::abs).max().orElseThrow();
            assertTrue(scale > 0.01, "the readout moved");
            double tol = steps * (n + k) * 4 * EPS * scale;
            for (int i = 0; i < v.length; i++)
                assertEquals(v[i], got[i], tol, "readout " + i % k + " of replica " + i / k);
        }
    }

    private static double row(double[] a, int rows, int i, double[] x) {
        double s = 0;
        for (int j = 0; j < x.length; j++) s += a[i + j * rows] * x[j];
        return s;
    }

    /**
     * A seed gives the same bits whatever the thread count and however step() calls are split; the block size
     * changes the GEMM's column count only, so the results agree to rounding (on the java backend, whose GEMM computes
     * every element by the same operations whatever the column count, they are in fact bitwise equal today).
     */
    @Test
    void resultsDoNotDependOnThreadsCallSplitOrBlockSize() {
        OnlineSetup s = new OnlineSetup(120, 90, 3, ERF_SQRT2, 1.0, LearningRateScaling.N, 0.1, 6, 0.5, 4, 21);
        double[] ref;
        try (OnlineRun run = new OnlineRun(be, s, 16)) {
            run.step(run.stepsLeft());
            ref = run.readouts();
        }
        try (Backend one = new JavaBackend(1); OnlineRun run = new OnlineRun(one, s, 16)) {
            for (long c : new long[]{1, 15, 17, 0, 27}) run.step(c);
            assertArrayEquals(ref, run.readouts(), "1 thread, split calls");
        }
        double scale = Arrays.stream(ref).map(Math::abs).max().orElseThrow();
        for (int blk : new int[]{1, 5, 60}) {
            try (OnlineRun run = new OnlineRun(be, s, blk)) {
                run.step(run.stepsLeft());
                double[] got = run.readouts();
                double tol = s.steps() * (s.n() + s.k()) * EPS * scale;
                for (int i = 0; i < ref.length; i++) assertEquals(ref[i], got[i], tol, "block " + blk + ", element " + i);
            }
        }
    }

    @Test
    void defaultBlockCoversAboutAThousandColumnsWithinItsMemoryBudget() {
        OnlineSetup bench = new OnlineSetup(1000, 4000, 4, ERF_SQRT2, 1, LearningRateScaling.N, 0, 64, 100, 2, 1);
        assertEquals(14, OnlineRun.defaultBlockSteps(bench), "2^23 doubles / (64·(1000 + 8000 + 7)) per step");
        OnlineSetup small = new OnlineSetup(100, 50, 2, ERF_SQRT2, 1, LearningRateScaling.N, 0, 8, 0.1, 2, 1);
        assertEquals(10, OnlineRun.defaultBlockSteps(small), "never more than the 10 steps of the run");
        OnlineSetup wide = new OnlineSetup(100, 50, 2, ERF_SQRT2, 1, LearningRateScaling.N, 0, 8, 100, 2, 1);
        assertEquals(128, OnlineRun.defaultBlockSteps(wide), "1024 columns / 8 replicas");
    }

    @Test
    void badUseIsRefusedWithTheFieldName() {
        OnlineSetup s = new OnlineSetup(20, 10, 1, ERF_SQRT2, 1, LearningRateScaling.N, 0, 2, 1, 2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OnlineRun(be, s, 0));
        assertTrue(e.getMessage().contains("block_steps must be >= 1, got 0"), e.getMessage());
        OnlineRun run = new OnlineRun(be, s);
        run.step(15);
        e = assertThrows(IllegalArgumentException.class, () -> run.step(6));
        assertTrue(e.getMessage().contains("allowed 0 .. 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> run.stop(2));
        assertTrue(e.getMessage().contains("replica 2"), e.getMessage());
        run.stop(1);
        assertEquals(0.75, run.stoppedAt(1));
        assertTrue(Double.isNaN(run.stoppedAt(0)));
        e = assertThrows(IllegalArgumentException.class, () -> run.moments(-1));
        assertTrue(e.getMessage().contains("mc_samples must be >= 0") && e.getMessage().contains("got -1"), e.getMessage());
        StudentTeacherMoments mom = run.moments(0);                              // erf: closed form, no samples
        assertTrue(run.moments(5).exact());                                      // erf: the samples are ignored
        try (OnlineRun tanh = new OnlineRun(be, new OnlineSetup(20, 10, 1, Activation.TANH, 1, LearningRateScaling.N, 0, 2, 1, 2, 1))) {
            // S ≤ K samples fit any target with K features: the spec parser refused it, the Java API read ε∞ = 0
            e = assertThrows(IllegalArgumentException.class, () -> tanh.moments(10));
            assertTrue(e.getMessage().contains("mc_samples = 10 is not allowed at K = 10"), e.getMessage());
            assertFalse(tanh.moments(11).exact());
        }
        assertTrue(assertThrows(NullPointerException.class, () -> new GeneralisationError(be, null, 2)).getMessage().contains("moments must not be null"));
        GeneralisationError g = new GeneralisationError(be, mom, 2);
        double[] v = run.readouts(), errors = g.errors(v);
        assertEquals(2, errors.length);
        for (int i = 0; i < 2; i++)      // the meter's diagonal of VᵀCV, per replica, is ε_g of that replica's readout
            assertEquals(mom.error(java.util.Arrays.copyOfRange(v, i * 10, (i + 1) * 10)), errors[i], 1e-14);
        e = assertThrows(IllegalArgumentException.class, () -> g.errors(new double[7]));
        assertTrue(e.getMessage().contains("K×R = 10×2 = 20 readout weights") && e.getMessage().contains("got 7"), e.getMessage());
        g.close();
        assertTrue(assertThrows(IllegalStateException.class, () -> g.errors(new double[20])).getMessage().contains("closed GeneralisationError"));
        run.close();
        assertThrows(IllegalStateException.class, () -> run.step(1));
    }
}
