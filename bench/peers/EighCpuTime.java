import deeprf.backend.*;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;

import java.lang.management.*;
import java.util.Arrays;

/**
 * Thread-CPU seconds of a symmetric eigendecomposition with vectors on 1 thread, candidates interleaved rep by rep
 * (a yardstick that survives a contended host better than wall time: other processes steal wall time, not this
 * thread's CPU time). Candidates: deeprf backend names (syevd through Backends.open(name, threads(1))) and "ejml"
 * (EJML's symmetric solver). One untimed warm-up round first.
 * usage: java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:OptoLoopAlignment=32 -cp bench/target/benchmarks.jar \
 *          bench/peers/EighCpuTime.java N REPS java,blas[,ejml]
 */
public class EighCpuTime {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]), reps = Integer.parseInt(args[1]);
        String[] names = args[2].split(",");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        java.util.Random r = new java.util.Random(42);
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++) {
                double v = r.nextGaussian();
                a[i + j * n] = v;
                a[j + i * n] = v;
            }
        Backend[] be = new Backend[names.length];
        Matrix[] in = new Matrix[names.length], work = new Matrix[names.length];
        for (int b = 0; b < names.length; b++) {
            if (names[b].equals("ejml")) continue;
            be[b] = Backends.open(names[b], BackendOptions.threads(1));
            in[b] = be[b].upload(a, n, n);
            work[b] = be[b].allocate(n, n);
        }
        DMatrixRMaj ejmlInput = new DMatrixRMaj(n, n);
        ejmlInput.setData(a.clone());
        double[][] c = new double[names.length][reps], wl = new double[names.length][reps];
        for (int rep = -1; rep < reps; rep++)
            for (int b = 0; b < names.length; b++) {
                long c0, c1, t0, t1;
                if (be[b] == null) {
                    var eig = DecompositionFactory_DDRM.eig(n, true, true);
                    DMatrixRMaj m = ejmlInput.copy();
                    c0 = cpu.getCurrentThreadCpuTime();
                    t0 = System.nanoTime();
                    if (!eig.decompose(m)) throw new IllegalStateException("EJML failed");
                } else {
                    be[b].copy(in[b], work[b]);
                    double[] w = new double[n];
                    c0 = cpu.getCurrentThreadCpuTime();
                    t0 = System.nanoTime();
                    be[b].syevd(work[b], w, true);
                }
                c1 = cpu.getCurrentThreadCpuTime();
                t1 = System.nanoTime();
                if (rep >= 0) {
                    c[b][rep] = (c1 - c0) / 1e9;
                    wl[b][rep] = (t1 - t0) / 1e9;
                }
            }
        for (int b = 0; b < names.length; b++) {
            Arrays.sort(c[b]);
            Arrays.sort(wl[b]);
            System.out.printf("n=%d %s 1 thread: thread-CPU median %.3f s (min %.3f, max %.3f); wall median %.3f s; %d reps%n",
                    n, names[b], c[b][reps / 2], c[b][0], c[b][reps - 1], wl[b][reps / 2], reps);
            if (be[b] != null) be[b].close();
        }
    }
}
