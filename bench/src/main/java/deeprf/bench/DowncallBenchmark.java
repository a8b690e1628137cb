package deeprf.bench;

import deeprf.ffi.blas.OpenBlas;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

/**
 * Cost of one FFM downcall into the system OpenBLAS, in nanoseconds: a function that does nothing
 * ({@code openblas_get_num_threads}) and {@code cblas_dgemm} at tiny n, where the call dominates the arithmetic.
 * Compare with the same calls from Python ({@code bench/peers/numpy_blas.py --overhead}) and with the time of a
 * GEMM at the sizes that matter (n = 256 is about 1 ms) to see that the binding's cost is invisible there.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:OptoLoopAlignment=32"})
public class DowncallBenchmark {
    @Param({"1", "8"})
    public int n;

    private Arena arena;
    private MemorySegment a, b, c;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofConfined();
        a = arena.allocate(JAVA_DOUBLE, (long) n * n);
        b = arena.allocate(JAVA_DOUBLE, (long) n * n);
        c = arena.allocate(JAVA_DOUBLE, (long) n * n);
        OpenBlas.openblas_set_num_threads(1);
    }

    @TearDown(Level.Trial)
    public void tearDown() { arena.close(); }

    @Benchmark
    public int emptyCall() {
        return OpenBlas.openblas_get_num_threads();
    }

    @Benchmark
    public MemorySegment dgemm() {
        OpenBlas.cblas_dgemm(OpenBlas.CblasColMajor, OpenBlas.CblasNoTrans, OpenBlas.CblasNoTrans, n, n, n, 1.0, a, n, b, n, 0.0, c, n);
        return c;
    }
}
