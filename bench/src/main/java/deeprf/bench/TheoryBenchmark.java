package deeprf.bench;

import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.Backends;
import deeprf.experiment.ExperimentSpec;
import deeprf.experiment.PointSpec;
import deeprf.experiment.TheoryColumns;
import deeprf.model.Network;
import deeprf.model.Teacher;
import deeprf.theory.ConditionalTheory;
import deeprf.theory.RidgeTheory;
import org.openjdk.jmh.annotations.*;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cost of the conditional theory of one draw (issue 4, Performance): a two-layer tanh learner with p = width of
 * both layers on d = p/2 inputs, linear teacher, 50 λ' values on a log grid. {@link #conditional} propagates the
 * linearised covariances through the sampled layers (GEMMs/SYRK of p×p and p×d operands) and runs the one p×p
 * eigendecomposition with vectors; {@link #lambdaSweep} is what every further λ' costs afterwards (O(p) per value).
 * Compare {@code conditional} with {@code EighBenchmark} at the same n and backend to see how much of it is the
 * eigendecomposition.
 *
 * <p>{@code ./deeprf bench TheoryBenchmark -p backend=java -p p=4000 -p threads=2}
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:OptoLoopAlignment=32", "-Xmx6g"})
public class TheoryBenchmark {
    @Param({"java"})
    public String backend;
    @Param({"4000"})
    public int p;
    @Param({"2"})
    public int threads;

    private Backend be;
    private PointSpec point;
    private Teacher teacher;
    private Network net;
    private ConditionalTheory prepared;

    static String spec(int p) {
        return """
                seeds = 1
                [data]
                d = %d
                n = %d
                n_test = %d
                [teacher]
                kind = "linear"
                norm = 1.0
                noise = 0.1
                [[learner.layers]]
                width = %d
                activation = "tanh"
                [[learner.layers]]
                width = %d
                activation = "tanh"
                [readout]
                lambda_grid = { from = 1e-4, to = 10.0, count = 50 }
                """.formatted(p / 2, 2 * p, 2 * p, p, p);
    }

    @Setup(Level.Trial)
    public void setUp() {
        point = ExperimentSpec.parse(spec(p), "TheoryBenchmark p=" + p).points().get(0);
        be = Backends.open(backend, BackendOptions.threads(threads));
        teacher = Teacher.linear(be, point.d(), point.data(), point.teacher().norm(), 1);
        net = Network.sample(be, point.d(), point.data(), point.learner(), 1, 2000, null);
        prepared = theory();
    }

    private ConditionalTheory theory() {
        return TheoryColumns.of(be, point, net, teacher);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        prepared.close();
        net.close();
        teacher.close();
        be.close();
    }

    /** Covariance propagation through both layers plus one p×p eigendecomposition with vectors. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public double conditional() {
        try (ConditionalTheory t = theory()) {
            return t.eigenvalues()[p - 1];
        }
    }

    /** The 50-point λ' sweep on the prepared eigendecomposition: the per-λ' cost of the theory. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public List<RidgeTheory.Point> lambdaSweep() {
        return prepared.ridge().sweep(point.n(), point.lambdas());
    }
}
