package deeprf.bench;

import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The Gram matrix C = A·Aᵀ (A n×n) two ways in one run: {@code syrk} (lower triangle only) and
 * {@code gemmEquivalent} (the full product by GEMM, what SYRK replaces). Compare the primary scores (calls/ns):
 * their ratio is SYRK's speed-up. {@code syrk:flop} counts the n(n+1)·n flops SYRK really does,
 * {@code gemmEquivalent:flop} the 2n³ of GEMM; both read as GFLOP/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:OptoLoopAlignment=32"})
public class SyrkBenchmark extends BackendTrial {
    @Param({"2048"})
    public int n;

    private Matrix a, c;

    @Override
    protected void prepare() {
        a = be.allocate(n, n);
        c = be.allocate(n, n);
        be.fillGaussian(a, new GaussianStream(2, 0), 0, 1.0);
    }

    @Benchmark
    public Matrix syrk(Counters.Flops f) {
        be.syrk(Uplo.LOWER, Trans.N, 1.0, a, 0.0, c);
        be.synchronize();   // no-op on CPU backends; on cuda the work, not its launch, is timed
        f.flop += (long) n * (n + 1) * n;
        return c;
    }

    @Benchmark
    public Matrix gemmEquivalent(Counters.Flops f) {
        be.gemm(Trans.N, Trans.T, 1.0, a, a, 0.0, c);
        be.synchronize();   // no-op on CPU backends; on cuda the work, not its launch, is timed
        f.flop += 2L * n * n * n;
        return c;
    }
}
