package deeprf.bench;

import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.Backends;
import deeprf.experiment.Experiment;
import deeprf.experiment.ExperimentSpec;
import deeprf.experiment.PointSpec;
import deeprf.experiment.ResultRow;
import deeprf.experiment.Trial;
import org.openjdk.jmh.annotations.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * End to end: one draw of examples/bench-deep-tanh.toml (d = 1000, two tanh layers of width 1000, n = n_test = 4000,
 * linear teacher, 20 λ' values from one eigendecomposition), seconds per draw, in process. Everything a draw does is
 * inside the measurement: weights, data, teacher, both layers, Gram, eigendecomposition, the λ' grid and the test
 * pass. The NumPy peer of the same pipeline is bench/peers/numpy_deep_tanh.py. Three warm-up draws: the Vector API
 * kernels (GEMM, activations, the Gaussian generator's lanes) run interpreted or in C1 until C2 has compiled them.
 *
 * <p>Run from the repository root (the spec is read from {@code examples/}, or from {@code -Ddeeprf.spec=PATH}):
 * {@code ./deeprf bench DeepTanhBenchmark -p backend=java -p threads=2}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:OptoLoopAlignment=32", "-Xmx4g"})
public class DeepTanhBenchmark {

    @State(Scope.Benchmark)
    public static class DrawState {
        @Param({"java"})
        public String backend;
        @Param({"2"})
        public int threads;

        Backend be;
        PointSpec point;
        /** Per-phase seconds of the draws of the current iteration (the rows' timings), printed at its end. */
        double features, solve, test, total;
        int draws;

        @Setup(Level.Trial)
        public void setUp() {
            Path spec = Path.of(System.getProperty("deeprf.spec", "examples/bench-deep-tanh.toml"));
            if (!Files.exists(spec))
                throw new IllegalStateException("DeepTanhBenchmark: " + spec.toAbsolutePath() + " not found; run from the repository root or pass -Ddeeprf.spec=PATH");
            point = ExperimentSpec.load(spec).points().get(0);
            be = Backends.open(backend, BackendOptions.threads(threads));
        }

        @TearDown(Level.Iteration)
        public void printPhases() {
            if (draws == 0) return;
            System.out.printf("%n  phases per draw (%s, %d thread(s), %d draw(s)): features %.3f s, solve %.3f s, test %.3f s, other %.3f s (weights, teacher), total %.3f s%n",
                    backend, threads, draws, features / draws, solve / draws, test / draws, (total - features - solve - test) / draws, total / draws);
            features = solve = test = total = 0;
            draws = 0;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            be.close();
        }
    }

    @Benchmark
    public double draw(DrawState s) {
        ResultRow first = Trial.run(s.be, s.point, 0, Experiment.GAUSSIAN_EQUIVALENCE).rows().get(0);
        if (!first.ok()) throw new IllegalStateException("bench-deep-tanh draw failed: " + first.message());
        s.features += first.featureSeconds();
        s.solve += first.solveSeconds();
        s.test += first.testSeconds();
        s.total += first.trialSeconds();
        s.draws++;
        return first.testError();
    }
}
