import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;

/**
 * Two builds of deeprf's java DGEMM in one process, interleaved call by call with OpenBLAS: the A/B test for a change
 * to the GEMM code. Each build is loaded by its own class loader (so both are compiled by the same JIT, on the same
 * host, in the same seconds), the order of the two alternates from round to round, and the ratio is taken per round —
 * on this host separate processes or JMH forks drift by 10–20 % between runs, which hides a 5 % change.
 * With 1 thread it times the calling thread's CPU, with more the wall (each timed call follows an untimed one).
 *
 * usage: cp target/deeprf.jar /tmp/before.jar   # then make the change and rebuild (./deeprf backends)
 *        java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:OptoLoopAlignment=32 \
 *          bench/peers/JarAB.java /tmp/before.jar target/deeprf.jar N THREADS ROUNDS
 * (run from the repository root: target/lib holds the dependencies both builds use).
 */
public class JarAB {
    private static final int WARMUPS = 5;

    /** One backend of one build, driven through reflection (the two builds' classes are distinct types). */
    private static final class Gemm {
        final Object backend, a, b, c, transN;
        final Method gemm;

        Gemm(ClassLoader cl, String name, int n, int threads) throws ReflectiveOperationException {
            Class<?> backends = cl.loadClass("deeprf.backend.Backends"), options = cl.loadClass("deeprf.backend.BackendOptions");
            Class<?> backendType = cl.loadClass("deeprf.backend.Backend"), matrix = cl.loadClass("deeprf.backend.Matrix");
            Class<?> stream = cl.loadClass("deeprf.backend.GaussianStream"), trans = cl.loadClass("deeprf.backend.Trans");
            backend = backends.getMethod("open", String.class, options)
                    .invoke(null, name, options.getMethod("threads", int.class).invoke(null, threads));
            Method allocate = backendType.getMethod("allocate", long.class, long.class);
            a = allocate.invoke(backend, (long) n, (long) n);
            b = allocate.invoke(backend, (long) n, (long) n);
            c = allocate.invoke(backend, (long) n, (long) n);
            Method fill = backendType.getMethod("fillGaussian", matrix, stream, long.class, double.class);
            var streamOf = stream.getConstructor(long.class, long.class);
            fill.invoke(backend, a, streamOf.newInstance(1L, 0L), 0L, 1.0);
            fill.invoke(backend, b, streamOf.newInstance(1L, 1L), 0L, 1.0);
            transN = trans.getField("N").get(null);
            gemm = backendType.getMethod("gemm", trans, trans, double.class, matrix, matrix, double.class, matrix);
        }

        void call() throws ReflectiveOperationException { gemm.invoke(backend, transN, transN, 1.0, a, b, 0.0, c); }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) throw new IllegalArgumentException("usage: JarAB BEFORE.jar AFTER.jar N THREADS ROUNDS");
        int n = Integer.parseInt(args[2]), threads = Integer.parseInt(args[3]), rounds = Integer.parseInt(args[4]);
        Gemm[] g = new Gemm[3];
        String[] names = {"before", "after", "blas"};
        for (int i = 0; i < 3; i++) {
            g[i] = new Gemm(JarLoader.of(args[Math.min(i, 1)]), i < 2 ? "java" : "blas", n, threads);
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        boolean cpuTime = threads == 1;
        double flop = 2.0 * n * n * (double) n;
        double[][] gf = new double[3][rounds];
        for (int r = -WARMUPS; r < rounds; r++)
            for (int i : (r & 1) == 0 ? new int[] {0, 1, 2} : new int[] {1, 0, 2}) {
                if (threads > 1) g[i].call();
                long t0 = cpuTime ? cpu.getCurrentThreadCpuTime() : System.nanoTime();
                g[i].call();
                long t1 = cpuTime ? cpu.getCurrentThreadCpuTime() : System.nanoTime();
                if (r >= 0) gf[i][r] = flop / (t1 - t0);
            }
        System.out.printf("DGEMM n = %d, %d thread(s), %s time, %d rounds%n", n, threads, cpuTime ? "calling-thread CPU" : "wall", rounds);
        for (int i = 0; i < 3; i++)
            System.out.printf("  %-6s GFLOP/s %s%n", names[i], PeerStats.medianQuartiles(gf[i], "%.1f"));
        double[] ab = new double[rounds], bBlas = new double[rounds], aBlas = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ab[r] = gf[1][r] / gf[0][r];
            bBlas[r] = gf[0][r] / gf[2][r];
            aBlas[r] = gf[1][r] / gf[2][r];
        }
        System.out.printf("  after/before per round: %s; before/blas %.3f, after/blas %.3f%n",
                PeerStats.medianQuartiles(ab, "%.3f"), PeerStats.quantile(bBlas, .5), PeerStats.quantile(aBlas, .5));
        System.exit(0);   // the java backends' helper threads and OpenBLAS's need not be waited for
    }
}
