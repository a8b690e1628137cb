package deeprf.cli;

import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.Backends;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/** Backend self-check: multiplies, decomposes, reports GFLOP/s and residuals on the chosen backend. */
@Command(name = "selfcheck", description = "Backend self-check: GEMM GFLOP/s and eigendecomposition residuals.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--backend", defaultValue = "auto", description = "auto, java, blas, cuda (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--threads", description = "CPU threads (default: all cores)")
    Integer threads;

    @Option(names = "-n", defaultValue = "1024", description = "GEMM matrix size, 1 to 20000 (default: ${DEFAULT-VALUE}); the eigendecomposition takes min(n, 1000)")
    int n;

    /**
     * Residuals within this many n·ε pass (the contract suite's bound is 30·n·ε; the java eigensolver stays within 4 on
     * its hard cases).
     */
    private static final double PASS_EPSILONS = 30;

    @Override
    public Integer call() {
        if (n < 1 || n > 20000) throw new UserError("-n must be in [1, 20000], got " + n);
        BackendRun.checkThreads(threads);
        BackendOptions opts = threads == null ? BackendOptions.defaults() : BackendOptions.threads(threads);
        try (Backend be = Backends.open(backend, opts)) {
            if (backend.trim().equalsIgnoreCase("auto")) System.err.println(BackendRun.autoChoice(be.name()));
            System.out.println("backend: " + be.name() + " — " + be.description());
            checkMemory(be);
            return check(be);
        } catch (OutOfMemoryError ex) {
            throw new UserError("out of memory (" + deeprf.backend.AllocationError.whatOf(ex) + "): selfcheck -n " + n + " holds three " + n + " × " + n + " matrices ("
                    + mib(3L * n * n) + " MiB); give a smaller -n, or raise the heap with DEEPRF_JVM_OPTS=-Xmx<size>", ex);
        }
    }

    /**
     * The java backend holds its matrices on the heap: a size that cannot fit is refused before the work (-n 20000
     * asks 9.6 GB; it ended in an OutOfMemoryError's stack trace).
     */
    private void checkMemory(Backend be) {
        if (!be.name().equals("java")) return;
        String refusal = heapRefusal(n, Runtime.getRuntime().maxMemory());
        if (refusal != null) throw new UserError(refusal);
    }

    /** Why {@code selfcheck -n n} cannot fit in a heap of {@code heap} bytes, or null when it can. */
    static String heapRefusal(int n, long heap) {
        int m = Math.min(n, 1000);
        long doubles = 3L * n * n + 4L * m * m;       // a, b, c; the Gram, its copy, X (m × 2m)
        if (doubles * 8 <= heap * 0.9) return null;
        return "selfcheck -n " + n + " on the java backend needs about " + mib(doubles) + " MiB of heap and the Java heap is at most "
                + heap / (1L << 20) + " MiB; allowed: a smaller -n, or more heap with DEEPRF_JVM_OPTS=-Xmx<size>";
    }

    private static long mib(long doubles) {
        return doubles * 8 / (1L << 20);
    }

    /**
     * Freivalds' check of C = A·B without a second product: with x Gaussian, each (C·x)_i against (A·(B·x))_i, whose
     * difference rounding bounds by 30·n·ε·‖A_i‖·‖B‖_F·‖x‖ (Cauchy–Schwarz on |ΔC_ij| ≤ n·ε·Σ_k|a_ik||b_kj|). A wrong
     * entry of C (of order √n) is 10³ times that bound at n = 20000. The row norms of A and ‖B‖_F come from the same
     * generator numbers on the host, so the check holds no second n × n matrix. Returns max_i error_i / bound_i.
     */
    static double freivalds(Backend be, GaussianStream s, Matrix a, Matrix b, Matrix c) {
        int n = (int) a.rows();
        double[] x = new double[n];
        deeprf.random.Philox.fillGaussian(s.seed(), s.stream() + 1, 0, 1.0, x, 0, n);
        double[] ab, cx;
        try (Matrix xv = be.upload(x, n, 1); Matrix bx = be.allocate(n, 1); Matrix abx = be.allocate(n, 1); Matrix cxv = be.allocate(n, 1)) {
            be.gemm(Trans.N, Trans.N, 1, b, xv, 0, bx);
            be.gemm(Trans.N, Trans.N, 1, a, bx, 0, abx);
            be.gemm(Trans.N, Trans.N, 1, c, xv, 0, cxv);
            ab = be.download(abx);
            cx = be.download(cxv);
        }
        double xSq = 0;
        for (double v : x) xSq += v * v;
        // A and B column by column, as fillGaussian laid them out; 2n² numbers (7 s on one thread at n = 20000), so
        // split over the cores in column ranges, each with its own row sums
        int parts = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), n / 64));
        double[][] partial = new double[parts][];
        double[] bPartial = new double[parts];
        java.util.stream.IntStream.range(0, parts).parallel().forEach(t -> {
            double[] rows = new double[n], col = new double[n];
            double sq = 0;
            for (int j = (int) ((long) n * t / parts); j < (int) ((long) n * (t + 1) / parts); j++) {
                deeprf.random.Philox.fillGaussian(s.seed(), s.stream(), (long) j * n, 1.0, col, 0, n);
                for (int i = 0; i < n; i++) rows[i] += col[i] * col[i];
                deeprf.random.Philox.fillGaussian(s.seed(), s.stream(), (long) n * n + (long) j * n, 1.0, col, 0, n);
                for (double v : col) sq += v * v;
            }
            partial[t] = rows;
            bPartial[t] = sq;
        });
        double[] rowSq = new double[n];
        double bSq = 0;
        for (int t = 0; t < parts; t++) {
            for (int i = 0; i < n; i++) rowSq[i] += partial[t][i];
            bSq += bPartial[t];
        }
        double worst = 0, scale = PASS_EPSILONS * n * Math.ulp(1.0) * Math.sqrt(bSq) * Math.sqrt(xSq);
        for (int i = 0; i < n; i++) {
            double r = Math.abs(cx[i] - ab[i]) / (scale * Math.sqrt(rowSq[i]));
            worst = Double.isNaN(r) ? Double.POSITIVE_INFINITY : Math.max(worst, r);       // a NaN in C fails
        }
        return worst;
    }

    private int check(Backend be) {
        GaussianStream s = new GaussianStream(1, 0);
        double gemmRatio;                          // the GEMM check's max error over its bound (≤ 1 passes)
        try (Matrix a = be.allocate(n, n); Matrix b = be.allocate(n, n); Matrix c = be.allocate(n, n)) {
            be.fillGaussian(a, s, 0, 1);
            be.fillGaussian(b, s, (long) n * n, 1);
            // Untimed calls until they stop getting faster (warmUp), then the fastest of half a second of timed ones:
            // the first calls run before the JIT has compiled the kernels (one call at n = 300 read 0.2 GFLOP/s
            // against 14 at n = 1000; at n = 64 a fixed second of warm-up still timed interpreted code, 0.0 GFLOP/s).
            Runnable gemm = () -> be.gemm(Trans.N, Trans.N, 1, a, b, 0, c);
            warmUp(be::synchronize, () -> { }, gemm);
            double[] best = fastest(be::synchronize, 0.5, 5, () -> { }, gemm);
            double sec = best[0];
            int reps = (int) best[1];
            System.out.printf("gemm  n=%d: %.3g s, %.1f GFLOP/s (best of %d calls)%n", n, sec, 2.0 * n * n * n / sec * 1e-9, reps);
            gemmRatio = freivalds(be, s, a, b, c);
            System.out.printf("gemm  check (C·x against A·(B·x), Freivalds): max error / its rounding bound = %.2e%n", gemmRatio);
        }
        int m = Math.min(n, 1000);
        try (Matrix g = be.allocate(m, m); Matrix x = be.allocate(m, 2 * m)) {
            be.fillGaussian(x, s, 7L * n * n, 1.0 / Math.sqrt(2 * m));
            be.syrk(Uplo.LOWER, Trans.N, 1, x, 0, g);
            be.symmetrize(Uplo.LOWER, g);
            double[] gram = be.download(g);
            double[] w = new double[m];
            // As for GEMM: untimed calls first, then the fastest of the timed ones, each on a fresh copy of the Gram
            // matrix (syevd overwrites it); the last leaves its vectors in g for the residuals below.
            Runnable fresh = () -> be.upload(gram, g), eigh = () -> be.syevd(g, w, true);
            warmUp(be::synchronize, fresh, eigh);
            double[] best = fastest(be::synchronize, 0.5, 1, fresh, eigh);
            double sec = best[0];
            int eighCalls = (int) best[1];
            double[] v = be.download(g);
            double res = 0, orth = 0, norm = 0;
            for (int j = 0; j < m; j++)
                for (int i = 0; i < m; i++) {
                    double av = 0, vv = 0;
                    for (int l = 0; l < m; l++) {
                        av += gram[i + l * m] * v[l + j * m];
                        vv += v[l + i * m] * v[l + j * m];
                    }
                    res = Math.max(res, Math.abs(av - w[j] * v[i + j * m]));
                    orth = Math.max(orth, Math.abs(vv - (i == j ? 1 : 0)));
                    norm = Math.max(norm, Math.abs(gram[i + j * m]));
                }
            System.out.printf("syevd n=%d: %.3g s (best of %d calls), max|AV-VΛ|/max|A| = %.2e, max|VᵀV-I| = %.2e, eigenvalues in [%.4f, %.4f]%n",
                    m, sec, eighCalls, res / norm, orth, w[0], w[m - 1]);
            double bound = PASS_EPSILONS * m * Math.ulp(1.0);
            boolean eighOk = res / norm <= bound && orth <= bound, gemmOk = gemmRatio <= 1;
            System.out.printf("%s: gemm %s its bound; syevd residuals %s %.0f·m·ε = %.2e (m = %d)%n", eighOk && gemmOk ? "PASS" : "FAIL",
                    gemmOk ? "within" : "NOT within", eighOk ? "within" : "NOT within", PASS_EPSILONS, bound, m);
            return eighOk && gemmOk ? 0 : 1;
        }
    }

    /**
     * Calls {@code call} for at least {@code seconds} of its own time, and at least {@code minCalls} times unless they
     * take 3 s or more in all (large n), running {@code setup} untimed before each; returns {fastest call's seconds,
     * calls}.
     */
    static double[] fastest(Runnable synchronize, double seconds, int minCalls, Runnable setup, Runnable call) {
        double fastest = Double.POSITIVE_INFINITY, spent = 0;
        int calls = 0;
        while (spent < seconds || (calls < minCalls && spent < 3.0)) {
            double one = timed(synchronize, setup, call);
            fastest = Math.min(fastest, one);
            spent += one;
            calls++;
        }
        return new double[] {fastest, calls};
    }

    /**
     * Untimed calls for at least a second (and three calls unless they take 3 s), and on while the JIT is still
     * compiling or the calls still getting faster (either within the last half second of calls), 20 s at most: the
     * Vector API kernels are slow until C2 compiles them, which takes a number of calls, not a time (interpreted, one
     * 64² GEMM took 0.08 s, and a fixed second of warm-up timed that: 0.0 GFLOP/s). Returns the calls made.
     */
    static int warmUp(Runnable synchronize, Runnable setup, Runnable call) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean watch = jit != null && jit.isCompilationTimeMonitoringSupported();
        return warmUp(synchronize, setup, call, watch ? jit::getTotalCompilationTime : () -> 0L);
    }

    /** As above, with the JIT's total compilation time (ms) from {@code compileMillis}: a seam for tests. */
    static int warmUp(Runnable synchronize, Runnable setup, Runnable call, LongSupplier compileMillis) {
        double fastest = Double.POSITIVE_INFINITY, spent = 0, busyAt = 0;
        long compiled = compileMillis.getAsLong();
        int calls = 0;
        while (spent < 1.0 || (calls < 3 && spent < 3.0) || (spent - busyAt < 0.5 && spent < 20.0)) {
            double one = timed(synchronize, setup, call);
            spent += one;
            long now = compileMillis.getAsLong();
            if (one < 0.9 * fastest || now != compiled) busyAt = spent;
            compiled = now;
            fastest = Math.min(fastest, one);
            calls++;
        }
        return calls;
    }

    private static double timed(Runnable synchronize, Runnable setup, Runnable call) {
        setup.run();
        long t = System.nanoTime();
        call.run();
        synchronize.run();
        return (System.nanoTime() - t) * 1e-9;
    }
}
