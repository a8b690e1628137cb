import deeprf.backend.*;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.*;

/**
 * The operations of one bench-deep-tanh block (d = k = 1000, b = 4000 samples), one by one, on several backends,
 * interleaved rep by rep: the Gaussian fill of the inputs, a layer GEMM (k×d times d×b), tanh in place, the Gram SYRK
 * (k×k from k×b) and the readout's k×k eigendecomposition with vectors. It shows which operation a draw loses time
 * in against OpenBLAS/LAPACK (the `blas` backend) and how each scales from 1 to 2 threads. With 1 thread it reports
 * the calling thread's CPU seconds (robust to a loaded host), with more threads wall seconds (meaningful only on a
 * quiet machine). Medians after 4 warm-up rounds.
 * usage: java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:OptoLoopAlignment=32 -cp "target/deeprf.jar:target/lib/*" \
 *          bench/peers/DeepTanhOps.java REPS THREADS java,blas
 */
public class DeepTanhOps {
    /** Untimed rounds first: C2 must have compiled the kernels (the eigensolver's last) before anything is timed. */
    private static final int WARMUPS = 4;

    public static void main(String[] args) {
        if (args.length != 3) throw new IllegalArgumentException("usage: DeepTanhOps REPS THREADS BACKEND[,BACKEND…]");
        int reps = Integer.parseInt(args[0]), threads = Integer.parseInt(args[1]);
        String[] names = args[2].split(",");
        boolean cpuTime = threads == 1;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        int d = 1000, k = 1000, b = 4000;
        List<Backend> backends = new ArrayList<>();
        List<Map<String, Runnable>> ops = new ArrayList<>();
        for (String name : names) {
            Backend be = Backends.open(name, BackendOptions.threads(threads));
            backends.add(be);
            Matrix w = be.allocate(k, d), z = be.allocate(d, b), h = be.allocate(k, b), g = be.allocate(k, k), e = be.allocate(k, k);
            be.fillGaussian(w, new GaussianStream(1, 1), 0, 1.0 / Math.sqrt(d));
            NeuronActivations tanh = NeuronActivations.uniform(Activation.TANH);
            double[] values = new double[k];
            Map<String, Runnable> m = new LinkedHashMap<>();
            m.put("gaussian d×b", () -> be.fillGaussian(z, new GaussianStream(1, 2), 0, 1.0));
            m.put("gemm k×d · d×b", () -> be.gemm(Trans.N, Trans.N, 1, w, z, 0, h));
            m.put("tanh k×b", () -> be.activate(h, tanh));
            m.put("syrk k×k from k×b", () -> be.syrk(Uplo.LOWER, Trans.N, 1, h, 0, g));
            m.put("eigh k (+copy)", () -> { be.copy(g, e); be.syevd(e, values, true); });
            ops.add(m);
        }
        Map<String, double[][]> seconds = new LinkedHashMap<>();
        for (int rep = -WARMUPS; rep < reps; rep++)
            for (int i = 0; i < names.length; i++)
                for (var op : ops.get(i).entrySet()) {
                    long t0 = cpuTime ? cpu.getCurrentThreadCpuTime() : System.nanoTime();
                    op.getValue().run();
                    backends.get(i).synchronize();
                    long t1 = cpuTime ? cpu.getCurrentThreadCpuTime() : System.nanoTime();
                    if (rep >= 0) seconds.computeIfAbsent(op.getKey(), x -> new double[names.length][reps])[i][rep] = (t1 - t0) / 1e9;
                }
        System.out.printf("%d thread(s), %s seconds, median of %d; load average %s%n", threads, cpuTime ? "calling-thread CPU" : "wall", reps,
                String.join(" ", Arrays.copyOf(readLoad().split(" "), 3)));
        System.out.printf("%-20s", "operation");
        for (String n : names) System.out.printf(" %10s", n);
        System.out.printf("  %s/%s%n", names[0], names[names.length - 1]);
        double[] sum = new double[names.length];
        for (var row : seconds.entrySet()) {
            System.out.printf("%-20s", row.getKey());
            double[] med = new double[names.length];
            for (int i = 0; i < names.length; i++) {
                double[] v = row.getValue()[i].clone();
                Arrays.sort(v);
                med[i] = v[v.length / 2];
                sum[i] += med[i];
                System.out.printf(" %10.4f", med[i]);
            }
            System.out.printf("  %.2f%n", med[0] / med[names.length - 1]);
        }
        System.out.printf("%-20s", "sum");
        for (double s : sum) System.out.printf(" %10.4f", s);
        System.out.printf("  %.2f%n", sum[0] / sum[names.length - 1]);
        for (Backend be : backends) be.close();
    }

    private static String readLoad() {
        try { return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim(); }
        catch (java.io.IOException e) { return "unknown"; }
    }
}
