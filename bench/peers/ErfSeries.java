import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;
import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.Backends;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.NeuronActivations;

import java.util.List;

/**
 * erf and the backend's copy on the same N × N matrix, call after call for SECONDS seconds, one line per call (time
 * since start, erf GB/s, copy GB/s; 16 bytes per element): shows how the host's speed wanders within one JVM and one
 * array. On the shared 2-vCPU Zen 5 host erf calls flip between about 17 and 24 GB/s from second to second
 * (bench/RESULTS.md, tenth session), which is why a single run's median can understate erf by a third.
 * usage: java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:OptoLoopAlignment=32 \
 *          -cp "target/deeprf.jar:target/lib/*" bench/peers/ErfSeries.java N SECONDS > series.txt
 */
public class ErfSeries {
    public static void main(String[] args) {
        if (args.length != 2) throw new IllegalArgumentException("usage: ErfSeries N SECONDS");
        int n = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        try (Backend be = Backends.open("java", BackendOptions.threads(1))) {
            NeuronActivations erf = new NeuronActivations(List.of(Activation.of(ActivationKind.ERF)), null, null);
            Matrix h = be.allocate(n, n), g = be.allocate(n, n);
            be.fillGaussian(h, new GaussianStream(3, 0), 0, 1.0);
            double[] src = be.download(h);
            double bytes = 16.0 * n * n;
            long start = System.nanoTime();
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                be.upload(src, h);
                long t0 = System.nanoTime();
                be.activate(h, erf);
                long t1 = System.nanoTime();
                be.copy(h, g);
                long t2 = System.nanoTime();
                System.out.printf("%6.2f s  erf %5.1f  copy %5.1f%n", (t0 - start) / 1e9, bytes / (t1 - t0), bytes / (t2 - t1));
            }
        }
    }
}
