package deeprf.bench;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;
import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.BackendUnavailableException;
import deeprf.backend.Backends;
import deeprf.online.LearningRateScaling;
import deeprf.online.OnlineRun;
import deeprf.online.OnlineSetup;
import org.openjdk.jmh.annotations.*;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Online SGD of a random-feature student (issue 8): N = 1000, K = 4000, M = 4 teacher units, erf(x/√2), η = 1
 * (step η/N), no label noise, 64 replicas on one weight draw, stepped by {@link OnlineRun}. One invocation is one SGD
 * step of all replicas, so the score (ops/s) is <b>steps per second per replica</b>, and the {@code replicaSteps}
 * row is <b>replica-steps per second</b> (score × replicas). A feature block (B steps computed ahead in one
 * 4000×1000 by 1000×(B·64) GEMM) is computed every B-th invocation; a measurement iteration spans many blocks. The
 * first warm-up iteration mostly runs the GEMM interpreted (its score is ~0.1); three are given.
 *
 * <p>{@code block}: {@code auto} = {@link OnlineRun#defaultBlockSteps} (14 steps = 896 columns here), or a number;
 * {@code block=1} is the one-step-at-a-time schedule (a 64-column GEMM per step), so {@code auto}/{@code 1} inside one
 * run is the gain of computing features ahead.
 *
 * <p>Extrapolation to α = 100: a run to α steps every replica αN = 10⁵ times, so its SGD loop takes
 * 10⁵ / score seconds (e.g. 100 steps/s → 17 min). Recording ε_g costs 2K²R flops per recorded time (2 GFLOP here,
 * ~0.2 % of the 10⁵ steps' 5·10⁴ GFLOP for 50 records), and a run also computes the K×K second moments once
 * (exact kernel, 16·10⁶ arcsin evaluations) and the theory's K×K eigendecomposition; neither is measured here.
 *
 * <p>After the trial it prints where the time of {@code step} went ({@link OnlineRun.Phase}): the Philox draw of
 * the inputs, the GEMMs, the activation, the transfer of the feature block to the host, the sequential readout.
 *
 * <p>Backends: {@code java} always; {@code cuda} when a GPU and its libraries are present — elsewhere its trial
 * is skipped with a one-line reason (JMH lists it as failed and goes on with the others):
 * {@code ./deeprf bench OnlineSgdBenchmark -p backend=java -p threads=2}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 4, time = 10)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:OptoLoopAlignment=32", "-Xmx4g"})
public class OnlineSgdBenchmark {
    static final Activation ERF_SQRT2 = new Activation(ActivationKind.ERF, 1 / Math.sqrt(2), 0);

    @Param({"java", "cuda"})
    public String backend;
    @Param({"2"})
    public int threads;
    @Param({"1000"})
    public int n;
    @Param({"4000"})
    public int k;
    @Param({"64"})
    public int replicas;
    @Param({"auto", "1"})
    public String block;

    private Backend be;
    private OnlineSetup setup;
    private OnlineRun run;
    private int blockSteps;

    /** Replica-steps done: JMH prints its rate as the {@code replicaSteps} row (per second). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class ReplicaSteps {
        public long replicaSteps;

        @Setup(Level.Iteration)
        public void reset() { replicaSteps = 0; }
    }

    @Setup(Level.Trial)
    public void setUp() {
        try {
            be = Backends.open(backend, BackendOptions.threads(threads));
        } catch (BackendUnavailableException e) {
            throw new SkipBackend(backend, e.getMessage());
        }
        setup = new OnlineSetup(n, k, 4, ERF_SQRT2, 1.0, LearningRateScaling.N, 0.0, replicas, 100, 2, 1);
        blockSteps = block.equals("auto") ? OnlineRun.defaultBlockSteps(setup) : Integer.parseInt(block);
        run = new OnlineRun(be, setup, blockSteps);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (run != null) {
            double total = 0;
            for (OnlineRun.Phase p : OnlineRun.Phase.values()) total += run.seconds(p);
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "%nOnlineSgdBenchmark %s threads=%d B=%d: %d steps in %.1f s of step(); ",
                    be.name(), threads, blockSteps, run.stepsDone(), total));
            for (OnlineRun.Phase p : OnlineRun.Phase.values())
                sb.append(String.format(Locale.ROOT, "%s %.1f%% ", p.name().toLowerCase(Locale.ROOT), 100 * run.seconds(p) / total));
            System.out.println(sb);
            run.close();
        }
        if (be != null) be.close();
    }

    /** One SGD step of every replica (a new run from v = 0 in the unlikely case the 10⁵-step horizon is reached). */
    @Benchmark
    public long step(ReplicaSteps counter) {
        if (run.stepsLeft() == 0) {
            run.close();
            run = new OnlineRun(be, setup, blockSteps);
        }
        run.step(1);
        counter.replicaSteps += replicas;
        return run.stepsDone();
    }

    /** A backend that cannot run here: one line, no stack trace. */
    static final class SkipBackend extends RuntimeException {
        SkipBackend(String backend, String why) {
            super("backend " + backend + " skipped: " + why, null, false, false);
        }
    }
}
