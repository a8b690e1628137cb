import deeprf.backend.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Activations against the backend's own copy of the same matrix, interleaved call by call in one process: JMH runs
 * each benchmark in its own fork one after the other, and on this shared host the copy's GB/s moved between forks
 * of one sitting by ±25 % (27–37 GB/s at n = 4096), which is as large as the effect being judged. Here each round
 * times one backend copy and then each activation, back to back (wall time; the matrix is re-uploaded untimed before
 * each activation, as it is modified in place), and the activation/copy ratio is taken per round. 16 bytes per
 * element for both, as ActivationBenchmark counts them. The preactivations are N(0, σ²), σ = 1 unless a list of σ is
 * given: erf's cost depends on it, as lanes with |x| ≥ 3.25 take its tail formula (0.9 % of 8-lane vectors at
 * σ = 1, 22 % at 1.5, 82 % at 2.5, none at 0.3).
 * usage: java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:OptoLoopAlignment=32 -cp "target/deeprf.jar:target/lib/*" \
 *          bench/peers/ActivationAB.java N THREADS ROUNDS tanh,sigmoid,erf,relu [0.3,1,1.5,2.5]
 */
public class ActivationAB {
    /**
     * Untimed rounds first, at least WARMUPS and at least WARMUP_NS: C2 must have compiled the loops before anything
     * is timed. A count alone was not enough: erf run after tanh stayed in C1's code (boxed vectors, 3.5 GB/s
     * instead of 13) for the first ~8 rounds at n = 2048, its tier-4 compile waiting behind the others.
     */
    private static final int WARMUPS = 5;
    private static final long WARMUP_NS = 6_000_000_000L;

    public static void main(String[] args) {
        if (args.length != 4 && args.length != 5)
            throw new IllegalArgumentException("usage: ActivationAB N THREADS ROUNDS ACTIVATION[,ACTIVATION…] [SIGMA[,SIGMA…]]");
        int n = Integer.parseInt(args[0]), threads = Integer.parseInt(args[1]), rounds = Integer.parseInt(args[2]);
        String[] names = args[3].split(",");
        String[] sigmas = args.length == 5 ? args[4].split(",") : new String[] {"1"};
        try (Backend be = Backends.open("java", BackendOptions.threads(threads))) {
            Matrix h = be.allocate(n, n), target = be.allocate(n, n);
            double[][] sources = new double[sigmas.length][];
            for (int k = 0; k < sigmas.length; k++) {
                be.fillGaussian(h, new GaussianStream(3, 0), 0, Double.parseDouble(sigmas[k]));
                sources[k] = be.download(h);
            }
            List<NeuronActivations> plans = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            List<double[]> inputs = new ArrayList<>();
            for (String name : names)
                for (int k = 0; k < sigmas.length; k++) {
                    plans.add(new NeuronActivations(List.of(Activation.of(ActivationKind.valueOf(name.toUpperCase(Locale.ROOT)))), null, null));
                    labels.add(args.length == 5 ? name + " σ = " + sigmas[k] : name);
                    inputs.add(sources[k]);
                }
            double bytes = 16.0 * n * n;
            double[] copy = new double[rounds];
            double[][] act = new double[plans.size()][rounds];
            long warmupEnd = System.nanoTime() + WARMUP_NS;
            for (int r = -WARMUPS; r < rounds; r++) {
                if (r == 0 && System.nanoTime() < warmupEnd) r = -1;   // keep warming up
                long t0 = System.nanoTime();
                be.copy(h, target);
                be.synchronize();
                long t1 = System.nanoTime();
                if (r >= 0) copy[r] = bytes / (t1 - t0);
                for (int i = 0; i < plans.size(); i++) {
                    be.upload(inputs.get(i), h);
                    long a0 = System.nanoTime();
                    be.activate(h, plans.get(i));
                    be.synchronize();
                    long a1 = System.nanoTime();
                    if (r >= 0) act[i][r] = bytes / (a1 - a0);
                }
            }
            System.out.printf("activations n = %d (%d MiB), %d thread(s), wall time, %d interleaved rounds; load average %s%n",
                    n, (long) n * n * 8 >> 20, threads, rounds, PeerStats.loadAverage());
            System.out.printf("  %-8s GB/s %s%n", "copy", PeerStats.medianQuartiles(copy, "%.1f"));
            for (int i = 0; i < plans.size(); i++) {
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) ratio[r] = act[i][r] / copy[r];
                System.out.printf("  %-8s GB/s %s; per-round ratio to copy: %s%n", labels.get(i),
                        PeerStats.medianQuartiles(act[i], "%.1f"), PeerStats.medianQuartiles(ratio, "%.3f"));
            }
        }
    }
}
