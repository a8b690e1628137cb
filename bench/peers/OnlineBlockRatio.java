import deeprf.backend.*;
import deeprf.online.*;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * Online SGD at the size (N = 1000, K = 4000, M = 4, erf(x/√2), 64 replicas) with the feature block sizes
 * given, interleaved round by round in ONE process, so that the ratio between them survives a contended host better
 * than separate JMH trials do. Per round and block size: wall steps/s and process-CPU seconds per step of
 * {@code OnlineRun.step(steps)}; then the median of each and the median of the per-round ratios to the first.
 * One untimed warm-up round first (the packed GEMM runs interpreted until C2 has compiled it).
 * usage: java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:OptoLoopAlignment=32 -cp bench/target/benchmarks.jar \
 *          bench/peers/OnlineBlockRatio.java THREADS ROUNDS STEPS 1,auto[,4,32] [backend]
 */
public class OnlineBlockRatio {
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]), rounds = Integer.parseInt(args[1]);
        long steps = Long.parseLong(args[2]);
        String[] blocks = args[3].split(",");
        String backend = args.length > 4 ? args[4] : "java";
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Activation erf = new Activation(ActivationKind.ERF, 1 / Math.sqrt(2), 0);
        OnlineSetup setup = new OnlineSetup(1000, 4000, 4, erf, 1.0, LearningRateScaling.N, 0, 64, 100, 2, 1);
        try (Backend be = Backends.open(backend, BackendOptions.threads(threads))) {
            System.out.println("# " + be.description() + "; load average " + os.getSystemLoadAverage());
            OnlineRun[] runs = new OnlineRun[blocks.length];
            for (int b = 0; b < blocks.length; b++)
                runs[b] = new OnlineRun(be, setup, blocks[b].equals("auto") ? OnlineRun.defaultBlockSteps(setup) : Integer.parseInt(blocks[b]));
            double[][] rate = new double[blocks.length][rounds], cpu = new double[blocks.length][rounds];
            for (int round = -1; round < rounds; round++) {
                StringBuilder line = new StringBuilder(round < 0 ? "warm-up" : "round " + round);
                for (int b = 0; b < blocks.length; b++) {
                    if (runs[b].stepsLeft() < steps) throw new IllegalStateException("horizon reached; use fewer rounds or steps");
                    long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
                    runs[b].step(steps);
                    double wall = (System.nanoTime() - t0) * 1e-9, c = (os.getProcessCpuTime() - c0) * 1e-9;
                    if (round >= 0) { rate[b][round] = steps / wall; cpu[b][round] = c / steps; }
                    line.append(String.format(Locale.ROOT, "  B=%d: %.2f steps/s, %.3f CPU-s/step", runs[b].blockSteps(), steps / wall, c / steps));
                }
                System.out.println(line);
            }
            System.out.println("# load average " + os.getSystemLoadAverage());
            for (int b = 0; b < blocks.length; b++) {
                double[] ratio = new double[rounds], cpuRatio = new double[rounds];
                for (int i = 0; i < rounds; i++) { ratio[i] = rate[b][i] / rate[0][i]; cpuRatio[i] = cpu[0][i] / cpu[b][i]; }
                System.out.printf(Locale.ROOT, "B=%d (%s): median %.2f steps/s per replica = %.0f replica-steps/s, %.3f CPU-s/step;"
                                + " median per-round speed-up over B=%d: wall %.2fx, CPU %.2fx%n",
                        runs[b].blockSteps(), blocks[b], median(rate[b]), 64 * median(rate[b]), median(cpu[b]),
                        runs[0].blockSteps(), median(ratio), median(cpuRatio));
                StringBuilder ph = new StringBuilder("   phases:");
                double tot = 0;
                for (OnlineRun.Phase p : OnlineRun.Phase.values()) tot += runs[b].seconds(p);
                for (OnlineRun.Phase p : OnlineRun.Phase.values())
                    ph.append(String.format(Locale.ROOT, " %s %.1f%%", p.name().toLowerCase(Locale.ROOT), 100 * runs[b].seconds(p) / tot));
                System.out.println(ph);
                runs[b].close();
            }
        }
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
