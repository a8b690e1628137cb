package deeprf.backend.java;

import deeprf.backend.BackendOptions;
import deeprf.backend.Backends;
import deeprf.backend.Backend;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.Trans;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How the GEMM micro-kernel fares in this host's fast and slow phases (bench/RESULTS.md, fourth session): in short
 * chunks (≈ 1.5 ms) it alternates the kernel alone on L2-resident packed panels (the driver's KC × MC block against
 * 64 columns of B) with OpenBLAS's DGEMM n = 256 (also in cache), then sorts the chunks by OpenBLAS's speed — fast:
 * within 7 % of its 90th percentile in this run; slow: more than 15 % below it — and prints both medians per phase.
 * A kernel change that is bound by its instruction stream shows in the slow phases first. The phases are relative to
 * the run, so a run that stayed in one phase reports it as "fast": run it a few times.
 *
 * <p>It lives in the kernel's package (in the benchmarks jar, on the class path) because the kernel is package-private.
 * usage: ./deeprf bench-build && java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *          -XX:OptoLoopAlignment=32 -cp bench/target/benchmarks.jar deeprf.backend.java.KernelPhases [CHUNKS]
 */
public final class KernelPhases {
    private static final int KC = PackedGemm.KC, MC = PackedGemm.MC, NCOLS = 64, REPS = 8, N_BLAS = 256, BLAS_CALLS = 2;

    private KernelPhases() {}

    public static void main(String[] args) {
        int chunks = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        MicroKernel kernel = MicroKernel.forSupport(VectorSupport.detect());
        int mr = kernel.mr(), nr = kernel.nr();
        SplittableRandom rnd = new SplittableRandom(1);
        double[] a = rnd.doubles(PackedGemm.A_PAD + MC * KC, -1, 1).toArray();
        double[] b = rnd.doubles((long) KC * NCOLS, -1, 1).toArray();
        double[] c = new double[MC * NCOLS];
        double[] kern = new double[chunks], blas = new double[chunks];
        try (Backend ob = Backends.open("blas", BackendOptions.threads(1))) {
            Matrix x = ob.allocate(N_BLAS, N_BLAS), y = ob.allocate(N_BLAS, N_BLAS), z = ob.allocate(N_BLAS, N_BLAS);
            ob.fillGaussian(x, new GaussianStream(1, 0), 0, 1.0);
            ob.fillGaussian(y, new GaussianStream(1, 1), 0, 1.0);
            for (int ch = -300; ch < chunks; ch++) {   // 300 untimed chunks: C2 compiles the kernel first
                long t0 = System.nanoTime();
                for (int rep = 0; rep < REPS; rep++)
                    for (int s = 0; s < NCOLS / nr; s++)
                        for (int ir = 0; ir < MC; ir += mr)
                            kernel.tile(KC, a, PackedGemm.A_PAD + ir * KC, b, s * nr * KC, 1.0, 1.0, c, ir + s * nr * MC, MC);
                long t1 = System.nanoTime();
                for (int i = 0; i < BLAS_CALLS; i++) ob.gemm(Trans.N, Trans.N, 1.0, x, y, 0.0, z);
                long t2 = System.nanoTime();
                if (ch >= 0) {
                    kern[ch] = 2.0 * REPS * MC * NCOLS * KC / (t1 - t0);
                    blas[ch] = 2.0 * BLAS_CALLS * N_BLAS * N_BLAS * (double) N_BLAS / (t2 - t1);
                }
            }
        }
        double p90 = quantile(blas, 0.9);
        System.out.printf("%d chunks; kernel %d×%d, KC = %d, MC = %d; OpenBLAS DGEMM n = %d (90th percentile %.1f GFLOP/s)%n",
                chunks, mr, nr, KC, MC, N_BLAS, p90);
        report("OpenBLAS near its best (fast phase)", kern, blas, v -> v >= 0.93 * p90);
        report("OpenBLAS 15 % or more below it (slow phase)", kern, blas, v -> v < 0.85 * p90);
        report("all", kern, blas, v -> true);
    }

    private static void report(String label, double[] kern, double[] blas, java.util.function.DoublePredicate in) {
        double[] k = new double[kern.length], o = new double[kern.length], r = new double[kern.length];
        int m = 0;
        for (int i = 0; i < kern.length; i++)
            if (in.test(blas[i])) { k[m] = kern[i]; o[m] = blas[i]; r[m] = kern[i] / blas[i]; m++; }
        if (m == 0) { System.out.printf("  %s: no chunks (the run stayed in one phase)%n", label); return; }
        k = Arrays.copyOf(k, m); o = Arrays.copyOf(o, m); r = Arrays.copyOf(r, m);
        System.out.printf("  %s, %d chunks: kernel %.1f GFLOP/s, OpenBLAS %.1f, kernel/OpenBLAS %.2f (medians)%n",
                label, m, quantile(k, 0.5), quantile(o, 0.5), quantile(r, 0.5));
    }

    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }
}
