package deeprf.bench;

import deeprf.backend.Backend;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.Trans;
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
 * C ← A·B for square n×n operands on a backend opened with {@code threads} worker threads ({@link BackendTrial}).
 * The {@code gemm:flop} row (ops/ns) is GFLOP/s, counting 2n³ per call. Each call ends with
 * {@link Backend#synchronize()}, a no-op on the CPU backends and the wait for the device on cuda.
 * On the GPU: {@code -p backend=cuda -p n=8192 -p threads=1} (bench/gpu/validate.sh).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:OptoLoopAlignment=32"})
public class GemmBenchmark extends BackendTrial {
    @Param({"1024", "2048"})
    public int n;

    private Matrix a, b, c;

    @Override
    protected void prepare() {
        a = be.allocate(n, n);
        b = be.allocate(n, n);
        c = be.allocate(n, n);
        be.fillGaussian(a, new GaussianStream(1, 0), 0, 1.0);
        be.fillGaussian(b, new GaussianStream(1, 1), 0, 1.0);
    }

    @Benchmark
    public Matrix gemm(Counters.Flops f) {
        be.gemm(Trans.N, Trans.N, 1.0, a, b, 0.0, c);
        be.synchronize();   // cuda queues the product: without this the launch, not the work, would be timed
        f.flop += 2L * n * n * n;
        return c;
    }
}
