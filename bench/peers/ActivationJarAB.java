import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of deeprf's java activation in one process, interleaved call by call: the A/B test for a change to an
 * activation loop. ActivationAB in two processes, one per build, could not judge a 5–10 % change: this host flips
 * between a fast and a slow phase from second to second (erf ~17 vs ~24 GB/s, bench/peers/ErfSeries.java), so two
 * runs of the same build differ by more than that. Here each build is loaded by its own class loader, the two take
 * turns call by call (order alternating by round), so adjacent calls share a phase and the per-round ratio cancels
 * it. Each call is in place on an N×N matrix of N(0, σ²) values re-uploaded untimed before it; wall time.
 *
 * usage: cp target/deeprf.jar /tmp/before.jar   # then make the change and rebuild (./deeprf backends)
 *        java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:OptoLoopAlignment=32 \
 *          bench/peers/ActivationJarAB.java /tmp/before.jar target/deeprf.jar N THREADS ROUNDS ACTIVATION [SIGMA [bias]]
 * (run from the repository root: target/lib holds the dependencies both builds use).
 */
public class ActivationJarAB {
    private static final int WARMUPS = 20;

    /** One backend of one build, driven through reflection (the two builds' classes are distinct types). */
    private static final class Build {
        final Object backend, h, plan;
        final Method upload, activate, synchronize;
        final double[] source;

        Build(ClassLoader cl, int n, int threads, String activation, double sigma, boolean bias) throws ReflectiveOperationException {
            Class<?> backends = cl.loadClass("deeprf.backend.Backends"), options = cl.loadClass("deeprf.backend.BackendOptions");
            Class<?> backendType = cl.loadClass("deeprf.backend.Backend"), matrix = cl.loadClass("deeprf.backend.Matrix");
            Class<?> stream = cl.loadClass("deeprf.backend.GaussianStream");
            Class<?> kind = cl.loadClass("deeprf.backend.ActivationKind"), act = cl.loadClass("deeprf.backend.Activation");
            Class<?> neurons = cl.loadClass("deeprf.backend.NeuronActivations");
            backend = backends.getMethod("open", String.class, options)
                    .invoke(null, "java", options.getMethod("threads", int.class).invoke(null, threads));
            h = backendType.getMethod("allocate", long.class, long.class).invoke(backend, (long) n, (long) n);
            backendType.getMethod("fillGaussian", matrix, stream, long.class, double.class)
                    .invoke(backend, h, stream.getConstructor(long.class, long.class).newInstance(3L, 0L), 0L, sigma);
            source = (double[]) backendType.getMethod("download", matrix).invoke(backend, h);
            Object k = kind.getMethod("valueOf", String.class).invoke(null, activation.toUpperCase(Locale.ROOT));
            Object one = act.getMethod("of", kind).invoke(null, k);
            double[] b = null;
            if (bias) {                                    // small per-neuron biases: the loops' bias path
                b = new double[n];
                for (int i = 0; i < n; i++) b[i] = 0.01 * (i % 7 - 3);
            }
            plan = neurons.getConstructors()[0].newInstance(List.of(one), null, b);
            upload = backendType.getMethod("upload", double[].class, matrix);
            activate = backendType.getMethod("activate", matrix, neurons);
            synchronize = backendType.getMethod("synchronize");
        }

        /** Seconds for one in-place activation (the upload before it is not timed). */
        double call() throws ReflectiveOperationException {
            upload.invoke(backend, source, h);
            long t0 = System.nanoTime();
            activate.invoke(backend, h, plan);
            synchronize.invoke(backend);
            return (System.nanoTime() - t0) * 1e-9;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6 || args.length > 8 || args.length == 8 && !args[7].equals("bias"))
            throw new IllegalArgumentException("usage: ActivationJarAB BEFORE.jar AFTER.jar N THREADS ROUNDS ACTIVATION [SIGMA [bias]]");
        int n = Integer.parseInt(args[2]), threads = Integer.parseInt(args[3]), rounds = Integer.parseInt(args[4]);
        double sigma = args.length >= 7 ? Double.parseDouble(args[6]) : 1;
        boolean bias = args.length == 8;
        Build[] b = new Build[2];
        for (int i = 0; i < 2; i++) b[i] = new Build(JarLoader.of(args[i]), n, threads, args[5], sigma, bias);
        double bytes = 16.0 * n * n;
        double[][] gbs = new double[2][rounds];
        for (int r = -WARMUPS; r < rounds; r++)
            for (int i : (r & 1) == 0 ? new int[] {0, 1} : new int[] {1, 0}) {
                double t = b[i].call();
                if (r >= 0) gbs[i][r] = bytes / t * 1e-9;
            }
        System.out.printf("%s σ = %s%s, n = %d, %d thread(s), wall time, %d rounds; load average %s%n",
                args[5], sigma, bias ? " with per-neuron bias" : "", n, threads, rounds, PeerStats.loadAverage());
        System.out.printf("  before GB/s %s%n", PeerStats.medianQuartiles(gbs[0], "%.1f"));
        System.out.printf("  after  GB/s %s%n", PeerStats.medianQuartiles(gbs[1], "%.1f"));
        double[] ab = new double[rounds];
        for (int r = 0; r < rounds; r++) ab[r] = gbs[1][r] / gbs[0][r];
        System.out.printf("  after/before per round: %s%n", PeerStats.medianQuartiles(ab, "%.3f"));
        System.exit(0);   // the backends' helper threads need not be waited for
    }
}
