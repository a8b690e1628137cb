import deeprf.backend.*;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Reproducer for the slow erf state of the eighth session (bench/RESULTS.md): with erfLoop's former per-call scratch
 * arrays, about one JVM in two to five that had first run other Vector API code (here ErfTableAB's table loop, with the
 * scalar reference beside it) then ran the backend's erf at ~5 GB/s instead of ~25 for its whole life. One JVM per
 * run, so loop over runs in the shell and count the slow ones; compare two builds by alternating their jars:
 *   for i in $(seq 16); do for jar in /tmp/before.jar target/deeprf.jar; do
 *     echo "$jar $(java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:OptoLoopAlignment=32 \
 *       -cp "$jar:target/lib/*" bench/peers/ErfSlowState.java 2>/dev/null)"; done; done
 * Prints the median GB/s of 12 timed rounds of erf (after 3 untimed), in place, on a 2048 × 64 matrix (1 MiB), one
 * thread.
 */
public class ErfSlowState {
    public static void main(String[] args) {
        Activation erf = Activation.of(ActivationKind.ERF);
        SplittableRandom r = new SplittableRandom(1);
        int points = 1 << 22;
        double[] x = new double[points], y = new double[points];
        double sink = 0;
        for (int rep = 0; rep < 8; rep++) {                 // the other Vector API code, and the scalar reference
            for (int i = 0; i < points; i++) x[i] = i % 2 == 0 ? r.nextDouble(-6.5, 6.5) : r.nextGaussian();
            System.arraycopy(x, 0, y, 0, points);
            ErfTableAB.tableErf(y, points);
            for (int i = 0; i < points; i++) sink += y[i] - erf.apply(x[i]);
        }
        int n = 2048, cols = 64, reps = (1 << 24) / (n * cols);
        double[] source = new double[n * cols];
        for (int i = 0; i < source.length; i++) source[i] = r.nextGaussian();
        NeuronActivations plan = new NeuronActivations(List.of(erf), null, null);
        double[] gbs = new double[12];
        try (Backend be = Backends.open("java", BackendOptions.threads(1))) {
            Matrix m = be.upload(source, n, cols);
            for (int round = -3; round < gbs.length; round++) {    // three untimed rounds: C2 compiles erf
                long t0 = System.nanoTime();
                for (int k = 0; k < reps; k++) be.activate(m, plan);
                be.synchronize();
                if (round >= 0) gbs[round] = 16.0 * n * cols * reps / (System.nanoTime() - t0);
            }
        }
        Arrays.sort(gbs);
        System.out.printf("erf %.1f GB/s (median of %d rounds; min %.1f, max %.1f)%s%n", gbs[gbs.length / 2], gbs.length,
                gbs[0], gbs[gbs.length - 1], Double.isNaN(sink) ? " NaN seen" : "");
    }
}
