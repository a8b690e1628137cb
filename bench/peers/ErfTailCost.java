import deeprf.backend.*;

import java.util.List;

/**
 * The backend's erf on N(0, σ²) preactivations for several σ, against the backend's copy of the same matrix, interleaved
 * call by call (as ActivationAB, which uses σ = 1 only). Lanes with |x| ≥ 3.25 take erf's tail formula, and their
 * share grows fast with σ: 0.12 % of values at σ = 1 (0.9 % of 8-lane vectors), 3 % at 1.5 (22 % of vectors), 19 % at
 * 2.5 (82 %); at σ = 0.3 there are none. So this shows what the tail costs.
 * usage: java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:OptoLoopAlignment=32 -cp "target/deeprf.jar:target/lib/*" \
 *          bench/peers/ErfTailCost.java N ROUNDS
 */
public class ErfTailCost {
    private static final double[] SIGMAS = {0.3, 1.0, 1.5, 2.5};
    /** Untimed rounds first, at least this many and for at least WARMUP_NS, as in ActivationAB (C2 must be done). */
    private static final int WARMUPS = 5;
    private static final long WARMUP_NS = 6_000_000_000L;

    public static void main(String[] args) {
        if (args.length != 2) throw new IllegalArgumentException("usage: ErfTailCost N ROUNDS");
        int n = Integer.parseInt(args[0]), rounds = Integer.parseInt(args[1]);
        try (Backend be = Backends.open("java", BackendOptions.threads(1))) {
            Matrix h = be.allocate(n, n), target = be.allocate(n, n);
            double[][] sources = new double[SIGMAS.length][];
            for (int k = 0; k < SIGMAS.length; k++) {
                be.fillGaussian(h, new GaussianStream(3, 0), 0, SIGMAS[k]);
                sources[k] = be.download(h);
            }
            NeuronActivations erf = new NeuronActivations(List.of(Activation.of(ActivationKind.ERF)), null, null);
            double bytes = 16.0 * n * n;
            double[] copy = new double[rounds];
            double[][] act = new double[SIGMAS.length][rounds];
            long warmupEnd = System.nanoTime() + WARMUP_NS;
            for (int r = -WARMUPS; r < rounds; r++) {
                if (r == 0 && System.nanoTime() < warmupEnd) r = -1;   // keep warming up
                long t0 = System.nanoTime();
                be.copy(h, target);
                be.synchronize();
                long t1 = System.nanoTime();
                if (r >= 0) copy[r] = bytes / (t1 - t0);
                for (int k = 0; k < SIGMAS.length; k++) {
                    be.upload(sources[k], h);   // untimed: erf works in place
                    long a0 = System.nanoTime();
                    be.activate(h, erf);
                    be.synchronize();
                    long a1 = System.nanoTime();
                    if (r >= 0) act[k][r] = bytes / (a1 - a0);
                }
            }
            System.out.printf("erf by input scale, n = %d (%d MiB), 1 thread, wall time, %d interleaved rounds; load average %s%n",
                    n, (long) n * n * 8 >> 20, rounds, PeerStats.loadAverage());
            System.out.printf("  %-12s GB/s %s%n", "copy", PeerStats.medianQuartiles(copy, "%.1f"));
            for (int k = 0; k < SIGMAS.length; k++) {
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) ratio[r] = act[k][r] / copy[r];
                System.out.printf("  erf σ = %-4s GB/s %s; per-round ratio to copy: %s%n", SIGMAS[k],
                        PeerStats.medianQuartiles(act[k], "%.1f"), PeerStats.medianQuartiles(ratio, "%.3f"));
            }
        }
    }
}
