package deeprf.backend.java;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Entry point to the Vector API kernels. This class must only be loaded when {@link VectorSupport#enabled()} is true:
 * the classes it reaches reference {@code jdk.incubator.vector}, which is absent unless the JVM was started with
 * {@code --add-modules jdk.incubator.vector}.
 */
final class VectorKernels {
    private VectorKernels() {}

    /**
     * The GEMM/SYRK micro-kernel for this JVM's preferred species: (2·L)×8 where doubles come 8 to a vector (AVX-512,
     * whose 32 registers hold its sixteen accumulators), else (2·L)×4. Both index A as a whole multiple of B
     * (MR = 2·lanes doubles per k step against NR), so a species too short for that (a JVM run with
     * -XX:MaxVectorSize=8: 1 lane) takes the scalar kernel.
     */
    static MicroKernel gemmKernel() {
        if (WideVectorGemmKernel.MR >= 16 && WideVectorGemmKernel.MR % WideVectorGemmKernel.NR == 0)
            return WideVectorGemmKernel.INSTANCE;
        return VectorGemmKernel.MR % VectorGemmKernel.NR == 0 ? VectorGemmKernel.INSTANCE : ScalarKernel.INSTANCE;
    }

    /**
     * Whether this JVM's warm-up thread was started: process-wide on purpose (compiled code is process-wide too);
     * it changes speed only, never a number.
     */
    private static final AtomicBoolean warming = new AtomicBoolean();
    /** Calls per kernel: past C2's invocation threshold (5 000 at the default tiers), with margin for OSR loops. */
    private static final int WARM_CALLS = 12_000;

    /**
     * Starts, once per JVM, a low-priority daemon thread that runs the GEMM micro-kernel and the activation loops on
     * small dummy arrays until C2 has had reason to compile them. Why: until then they run in the interpreter or in
     * C1, where every vector operation allocates, 50–100× slower than compiled; a fresh process spent seconds in its
     * first GEMM and its first tanh (bench-deep-tanh: features 3.3 s in a new JVM against 0.4 s warm). The thread
     * runs the very code the backend runs, so nothing but timing changes; the caller meanwhile draws weights and data.
     */
    static void warmUpInBackground() {
        if (!warming.compareAndSet(false, true)) return;
        // Two threads: a pipeline's first GEMM and first activation come within milliseconds of each other.
        start(VectorKernels::warmUpGemm, "deeprf-java-jit-warmup-gemm");
        start(VectorKernels::warmUpActivations, "deeprf-java-jit-warmup-activations");
    }

    private static void start(Runnable body, String name) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (OutOfMemoryError e) {
                // the run is out of memory too and says so itself; a warm-up changes speed only, so it stops quietly
                // (uncaught, the JVM's handler printed "OutOfMemoryError thrown from the UncaughtExceptionHandler")
            }
        }, name);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Short calls: C2 compiles a method once its calls plus loop iterations pass ~15 000 (tiered defaults). */
    private static void warmUpActivations() {
        double[] x = new double[32], bias = new double[32];
        for (ActivationKind kind : new ActivationKind[]{ActivationKind.TANH, ActivationKind.RELU, ActivationKind.SIGMOID, ActivationKind.ERF}) {
            Activation f = Activation.of(kind);
            for (int call = 0; call < WARM_CALLS; call++) {
                for (int i = 0; i < x.length; i++) x[i] = (i - 16) * 0.3;
                VectorActivations.apply(f, x, 0, x.length, (call & 1) == 0 ? null : bias, 0);
            }
        }
    }

    private static void warmUpGemm() {
        MicroKernel k = gemmKernel();
        int kc = 16;
        double[] a = new double[k.mr() * kc], b = new double[k.nr() * kc], c = new double[k.mr() * k.nr()];
        for (int i = 0; i < a.length; i++) a[i] = 1e-3 * (i % 7);
        for (int i = 0; i < b.length; i++) b[i] = 1e-3 * (i % 5);
        for (int call = 0; call < WARM_CALLS; call++)
            k.tile(kc, a, 0, b, 0, 1.0, (call & 1) == 0 ? 0.0 : 0.5, c, 0, k.mr());
    }
}
