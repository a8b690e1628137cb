package deeprf.online;

import deeprf.backend.Backend;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.NeuronActivations;
import deeprf.backend.Trans;
import deeprf.random.Philox;

import java.util.Arrays;

/**
 * Online SGD of the readout of a frozen random-feature student (THEORY.md §10), R replicas on one weight draw, as an
 * object that is advanced by {@link #step(long)}: {@link OnlineSimulation} drives it between the times at which it
 * records ε_g, a benchmark drives it for a fixed number of steps.
 *
 * <p>Why steps are computed in blocks: the first layer is frozen, so the features g(Wx/√N) and the teacher's label of
 * the next B steps of every replica do not depend on the readout. They are computed ahead, B steps × R replicas at
 * once: one Philox draw of an N×(B·R) input block, one K×N by N×(B·R) GEMM (the bulk of the work), the activation,
 * and the teacher's M×N GEMM. Only the readout update — ŷ = v_r·g, e = y − ŷ, v_r ← v_r + η_s·e·g, O(K) per replica
 * and step — runs sequentially, on the host. With B·R of a thousand or more columns the GEMM runs near the backend's
 * peak instead of repacking W for every 64-column step.
 *
 * <p>Reproducibility: sample s of replica r is column s·R + r of the conceptual N×(steps·R) data matrix, i.e. numbers
 * (s·R + r)·N … of the data stream whatever the block size; the label noise of (s, r) is number s·R + r of its
 * stream. The readout arithmetic is fixed (a four-way split dot product, then an axpy) and independent of the thread
 * count. So a given seed gives the same bits on every run; the block size B and the way {@link #step} calls are split
 * change nothing beyond what the backend's GEMM does with a different number of columns (on the java backend, whose
 * GEMM computes every element by the same operations whatever the column count, nothing when R is a multiple of its
 * 4-column tile).
 *
 * <p>A replica whose prediction error leaves the finite range (|e| &gt; 1e150 or NaN) is stopped at that step; the
 * caller may stop one too ({@link #stop(int)}), as {@link OnlineSimulation} does when ε_g grows past its limit.
 */
public final class OnlineRun implements AutoCloseable {
    /** Columns (B·R) of a feature block the default block size aims at: about one packed GEMM panel. */
    static final int TARGET_BLOCK_COLUMNS = 1024;
    /** Doubles a feature block may hold (backend input, features and their host copy): 64 MiB. */
    static final long MAX_BLOCK_DOUBLES = 1L << 23;

    private final Backend be;
    private final OnlineSetup setup;
    private final int n, k, r, blockSteps;
    private final long horizon;
    private final double etaS, noiseSd, invSqrtN;
    private final NeuronActivations plan;
    private final GaussianStream data;
    private final Matrix w, bT, ones;
    private final double[] v;
    private final boolean[] stopped;
    private final double[] stoppedAt;
    private Block full, tail;
    /** Features of steps [blockStart, blockStart + blockLen): column (s − blockStart)·R + r. */
    private Block current;
    private long blockStart, blockLen, done;
    private final long[] nanos = new long[Phase.values().length];
    private boolean closed;

    /** Where the time of {@link #step} goes; see {@link #seconds(Phase)}. */
    public enum Phase {
        /** Philox draw of the input block (and of the label noise). */
        DATA,
        /** The student's K×N and the teacher's M×N GEMMs, and the teacher's sum over its units. */
        GEMM,
        /** g applied to the K×(B·R) and M×(B·R) preactivations. */
        ACTIVATION,
        /** Feature block and labels from the backend into host arrays. */
        TRANSFER,
        /** The sequential readout updates. */
        READOUT
    }

    /** A run with the default block size ({@link #defaultBlockSteps(OnlineSetup)}). */
    public OnlineRun(Backend be, OnlineSetup setup) {
        this(be, setup, defaultBlockSteps(setup));
    }

    /**
     * Draws the weights of {@code setup.seed()} and starts all replicas from v = 0.
     *
     * @param blockSteps steps whose features are computed ahead in one GEMM (≥ 1); changes speed, not results
     */
    public OnlineRun(Backend be, OnlineSetup setup, int blockSteps) {
        if (be == null) throw new IllegalArgumentException("online: backend must not be null");
        if (setup == null) throw new IllegalArgumentException("online: setup must not be null");
        if (blockSteps < 1) throw new IllegalArgumentException("online: block_steps must be >= 1, got " + blockSteps);
        this.be = be;
        this.setup = setup;
        this.n = setup.n();
        this.k = setup.k();
        this.r = setup.replicas();
        this.horizon = setup.steps();
        this.blockSteps = (int) Math.min(blockSteps, horizon);
        long cols = (long) this.blockSteps * r;
        if (cols * Math.max(n, k) > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("online: a block of " + this.blockSteps + " steps × " + r + " replicas × "
                    + Math.max(n, k) + " rows does not fit a Java array; use fewer block steps");
        this.etaS = setup.stepSize();
        this.noiseSd = Math.sqrt(setup.noiseVar());
        this.invSqrtN = 1 / Math.sqrt(n);
        this.plan = NeuronActivations.uniform(setup.g());
        this.data = new GaussianStream(setup.seed(), OnlineSimulation.STREAM_DATA);
        this.v = new double[Math.multiplyExact(k, r)];
        this.stopped = new boolean[r];
        this.stoppedAt = new double[r];
        Arrays.fill(stoppedAt, Double.NaN);
        Matrix w0 = null, b0 = null, o0 = null;
        try {
            w0 = be.allocate(k, n);
            b0 = be.allocate(setup.m(), n);
            o0 = be.allocate(1, setup.m());
            OnlineSimulation.drawWeights(be, setup, w0, b0);
            be.fill(o0, 1);
        } catch (RuntimeException e) {
            closeAll(w0, b0, o0);
            throw e;
        }
        this.w = w0;
        this.bT = b0;
        this.ones = o0;
    }

    /**
     * The default block size: enough steps for {@value #TARGET_BLOCK_COLUMNS} columns, fewer if the block's
     * matrices (input N, features K twice, teacher M per column) would exceed {@value #MAX_BLOCK_DOUBLES} doubles.
     */
    public static int defaultBlockSteps(OnlineSetup setup) {
        long perStep = (long) setup.replicas() * (setup.n() + 2L * setup.k() + setup.m() + 3);
        long byColumns = Math.max(1, (TARGET_BLOCK_COLUMNS + setup.replicas() - 1) / setup.replicas());
        long byMemory = Math.max(1, MAX_BLOCK_DOUBLES / perStep);
        return (int) Math.max(1, Math.min(Math.min(byColumns, byMemory), setup.steps()));
    }

    public OnlineSetup setup() { return setup; }

    public Backend backend() { return be; }

    public int blockSteps() { return blockSteps; }

    /** Steps done by every replica still running. */
    public long stepsDone() { return done; }

    /** Steps left before the setup's horizon ⌈α_max·N⌉. */
    public long stepsLeft() { return horizon - done; }

    /** Time α = steps/N. */
    public double alpha() { return (double) done / n; }

    /** Whether replica {@code i} has been stopped. */
    public boolean stopped(int i) { return stopped[checkReplica(i)]; }

    /** α at which replica {@code i} was stopped, NaN while it runs. */
    public double stoppedAt(int i) { return stoppedAt[checkReplica(i)]; }

    /** Stops replica {@code i} now (divergence found by the caller); no effect if it is already stopped. */
    public void stop(int i) {
        checkReplica(i);
        if (!stopped[i]) {
            stopped[i] = true;
            stoppedAt[i] = (double) done / n;
        }
    }

    /** The readouts of all replicas, K×R column-major (a copy). */
    public double[] readouts() {
        checkOpen();
        return v.clone();
    }

    /** Seconds {@link #step} spent in {@code phase} so far. */
    public double seconds(Phase phase) { return nanos[phase.ordinal()] * 1e-9; }

    /**
     * The second moments of this run's weight draw (for ε_g and for theory on the same weights): exact with
     * {@code mcSamples = 0} (closed-form kernel or quadrature), else Monte Carlo estimates from that many inputs for an
     * activation without a closed form (their ε∞ reads low by about K/mcSamples).
     */
    public StudentTeacherMoments moments(long mcSamples) {
        checkOpen();
        return StudentTeacherMoments.compute(be, w, bT, setup.g(),
                new GaussianStream(setup.seed(), OnlineSimulation.STREAM_MC), mcSamples);
    }

    /** Advances every running replica by {@code count} SGD steps (0 ≤ count ≤ {@link #stepsLeft()}). */
    public void step(long count) {
        checkOpen();
        if (count < 0 || count > stepsLeft())
            throw new IllegalArgumentException("online: step(" + count + ") after " + done + " of " + horizon
                    + " steps; allowed 0 .. " + stepsLeft());
        long end = done + count;
        while (done < end) {
            if (current == null || done >= blockStart + blockLen) computeBlock(done);
            long to = Math.min(end, blockStart + blockLen);
            long t0 = System.nanoTime();
            readout(done, to);
            nanos[Phase.READOUT.ordinal()] += System.nanoTime() - t0;
            done = to;
        }
    }

    /** Features and labels of steps [start, start + len), len = min(B, steps left). */
    private void computeBlock(long start) {
        int len = (int) Math.min(blockSteps, horizon - start);
        Block blk;
        if (len == blockSteps) {
            if (full == null) full = new Block(len);
            blk = full;
        } else {
            if (tail == null || tail.steps != len) {
                if (tail != null) tail.close();
                tail = new Block(len);
            }
            blk = tail;
        }
        int cols = len * r;
        long t0 = System.nanoTime();
        be.fillGaussian(blk.x, data, start * n * r, 1.0);
        if (noiseSd > 0) Philox.fillGaussian(setup.seed(), OnlineSimulation.STREAM_NOISE, start * r, noiseSd, blk.noise, 0, cols);
        long t1 = System.nanoTime();
        be.gemm(Trans.N, Trans.N, invSqrtN, w, blk.x, 0, blk.gs);
        be.gemm(Trans.N, Trans.N, invSqrtN, bT, blk.x, 0, blk.gt);
        long t2 = System.nanoTime();
        be.activate(blk.gs, plan);
        be.activate(blk.gt, plan);
        long t3 = System.nanoTime();
        be.gemm(Trans.N, Trans.N, 1, ones, blk.gt, 0, blk.y);          // teacher: Σ_n g(B_n·x/√N)
        long t4 = System.nanoTime();
        be.download(blk.gs, blk.features);
        be.download(blk.y, blk.labels);
        for (int c = 0; c < cols; c++) blk.labels[c] += blk.noise[c];
        long t5 = System.nanoTime();
        nanos[Phase.DATA.ordinal()] += t1 - t0;
        nanos[Phase.GEMM.ordinal()] += (t2 - t1) + (t4 - t3);
        nanos[Phase.ACTIVATION.ordinal()] += t3 - t2;
        nanos[Phase.TRANSFER.ordinal()] += t5 - t4;
        current = blk;
        blockStart = start;
        blockLen = len;
    }

    /** Steps [from, to) of the current block, replica after replica (each replica's readout stays in cache). */
    private void readout(long from, long to) {
        double[] g = current.features, y = current.labels;
        for (int i = 0; i < r; i++) {
            if (stopped[i]) continue;
            int vOff = i * k;
            for (long s = from; s < to; s++) {
                int c = (int) (s - blockStart) * r + i;
                int gOff = c * k;
                double e = y[c] - dot(v, vOff, g, gOff, k);
                if (!Double.isFinite(e) || Math.abs(e) > 1e150) {
                    stopped[i] = true;
                    stoppedAt[i] = (double) s / n;
                    break;
                }
                double a = etaS * e;
                for (int j = 0; j < k; j++) v[vOff + j] += a * g[gOff + j];
            }
        }
    }

    /** Σ a[ao+j]·b[bo+j] in four interleaved partial sums: a fixed order, four times the latency-bound speed. */
    static double dot(double[] a, int ao, double[] b, int bo, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            s0 += a[ao + j] * b[bo + j];
            s1 += a[ao + j + 1] * b[bo + j + 1];
            s2 += a[ao + j + 2] * b[bo + j + 2];
            s3 += a[ao + j + 3] * b[bo + j + 3];
        }
        for (; j < len; j++) s0 += a[ao + j] * b[bo + j];
        return (s0 + s1) + (s2 + s3);
    }

    private int checkReplica(int i) {
        if (i < 0 || i >= r) throw new IllegalArgumentException("online: replica " + i + " does not exist; allowed 0 .. " + (r - 1));
        return i;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("online: this run is closed");
    }

    /** Frees the weights and block matrices; idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        closeAll(w, bT, ones);
        if (full != null) full.close();
        if (tail != null) tail.close();
    }

    private static void closeAll(Matrix... ms) {
        for (Matrix m : ms) if (m != null) m.close();
    }

    /** Backend matrices and host arrays of one feature block of {@code steps} steps. */
    private final class Block implements AutoCloseable {
        final int steps;
        final Matrix x, gs, gt, y;
        final double[] features, labels, noise;

        Block(int steps) {
            this.steps = steps;
            int cols = steps * r;
            Matrix x0 = null, gs0 = null, gt0 = null, y0 = null;
            try {
                x0 = be.allocate(n, cols);
                gs0 = be.allocate(k, cols);
                gt0 = be.allocate(setup.m(), cols);
                y0 = be.allocate(1, cols);
            } catch (RuntimeException e) {
                closeAll(x0, gs0, gt0, y0);
                throw e;
            }
            x = x0;
            gs = gs0;
            gt = gt0;
            y = y0;
            features = new double[k * cols];
            labels = new double[cols];
            noise = new double[cols];
        }

        @Override
        public void close() { closeAll(x, gs, gt, y); }
    }
}
