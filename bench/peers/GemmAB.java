import deeprf.backend.*;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * DGEMM C ← A·B (n×n) on several backends, interleaved call by call in one process, so that a host whose speed
 * drifts (a shared 2-core VM: neighbours' load changes from second to second) slows every backend alike. JMH runs
 * one backend's iterations after the other's, and on this host a drift between them moved the java/OpenBLAS ratio
 * by 10–20 %; here each round times one call of each backend back to back, and the ratio is taken per round.
 * With 1 thread it reports the calling thread's CPU time (steal and other tenants' time excluded), with more
 * threads wall time (each timed call follows an untimed call of the same backend). Prints GFLOP/s medians and
 * the median and quartiles of the per-round ratio.
 * usage: java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:OptoLoopAlignment=32 -cp "target/deeprf.jar:target/lib/*" \
 *          bench/peers/GemmAB.java N THREADS ROUNDS java,blas
 */
public class GemmAB {
    /** Untimed calls per backend first: C2 must have compiled the kernels before anything is timed. */
    private static final int WARMUPS = 6;

    public static void main(String[] args) {
        if (args.length != 4) throw new IllegalArgumentException("usage: GemmAB N THREADS ROUNDS BACKEND[,BACKEND…]");
        int n = Integer.parseInt(args[0]), threads = Integer.parseInt(args[1]), rounds = Integer.parseInt(args[2]);
        String[] names = args[3].split(",");
        boolean cpuTime = threads == 1;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Backend[] bes = new Backend[names.length];
        Matrix[][] abc = new Matrix[names.length][];
        for (int i = 0; i < names.length; i++) {
            bes[i] = Backends.open(names[i], BackendOptions.threads(threads));
            Matrix a = bes[i].allocate(n, n), b = bes[i].allocate(n, n), c = bes[i].allocate(n, n);
            bes[i].fillGaussian(a, new GaussianStream(1, 0), 0, 1.0);
            bes[i].fillGaussian(b, new GaussianStream(1, 1), 0, 1.0);
            abc[i] = new Matrix[] {a, b, c};
        }
        double flop = 2.0 * n * n * (double) n;
        double[][] gflops = new double[names.length][rounds];
        for (int r = -WARMUPS; r < rounds; r++)
            for (int i = 0; i < names.length; i++) {
                // With several threads, OpenBLAS's workers keep spinning for a while after a call returns and slow
                // whatever runs next (measured ~5 % on the following java call): one untimed call absorbs that.
                if (threads > 1) bes[i].gemm(Trans.N, Trans.N, 1.0, abc[i][0], abc[i][1], 0.0, abc[i][2]);
                long t0 = cpuTime ? cpu.getCurrentThreadCpuTime() : System.nanoTime();
                bes[i].gemm(Trans.N, Trans.N, 1.0, abc[i][0], abc[i][1], 0.0, abc[i][2]);
                bes[i].synchronize();
                long t1 = cpuTime ? cpu.getCurrentThreadCpuTime() : System.nanoTime();
                if (r >= 0) gflops[i][r] = flop / (t1 - t0);
            }
        System.out.printf("DGEMM n = %d, %d thread(s), %s time, %d interleaved rounds; load average %s%n", n, threads,
                cpuTime ? "calling-thread CPU" : "wall", rounds, PeerStats.loadAverage());
        for (int i = 0; i < names.length; i++)
            System.out.printf("  %-6s GFLOP/s %s%n", names[i], PeerStats.medianQuartiles(gflops[i], "%.1f"));
        for (int i = 0; i + 1 < names.length; i++) {
            int last = names.length - 1;
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) ratio[r] = gflops[i][r] / gflops[last][r];
            System.out.printf("  %s/%s per-round ratio: %s; min %.3f, max %.3f%n", names[i], names[last],
                    PeerStats.medianQuartiles(ratio, "%.3f"), PeerStats.quantile(ratio, 0), PeerStats.quantile(ratio, 1));
        }
        for (Backend be : bes) be.close();
    }
}
