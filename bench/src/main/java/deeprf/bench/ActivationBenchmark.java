package deeprf.bench;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.NeuronActivations;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * In-place activation of an n×n matrix of N(0,1) preactivations (per-neuron bias or not) against two plain copies
 * of the same number of doubles: a single-threaded array copy and the backend's own copy on its threads. All move
 * 16 bytes per element (read 8, write 8); the {@code :bytes} rows (ops/ns) read as GB/s, so activation/copy is the
 * fraction of memory bandwidth the activation reaches. The matrix is
 * re-filled before every call (it is modified in place), outside the measured time.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:OptoLoopAlignment=32"})
public class ActivationBenchmark extends BackendTrial {
    @Param({"2048"})
    public int n;
    @Param({"relu", "tanh", "erf", "sigmoid"})
    public String activation;
    @Param({"false"})
    public boolean bias;

    private Matrix h, copyTarget;
    private double[] source, copySrc, copyDst;
    private NeuronActivations plan;

    @Override
    protected void prepare() {
        h = be.allocate(n, n);
        copyTarget = be.allocate(n, n);
        be.fillGaussian(h, new GaussianStream(3, 0), 0, 1.0);
        source = be.download(h);
        copySrc = source.clone();
        copyDst = new double[source.length];
        Activation f = Activation.of(ActivationKind.valueOf(activation.toUpperCase(Locale.ROOT)));
        double[] b = null;
        if (bias) {
            b = new double[n];
            for (int i = 0; i < n; i++) b[i] = 0.1 * Math.sin(i);
        }
        plan = new NeuronActivations(java.util.List.of(f), null, b);
    }

    @Setup(Level.Invocation)
    public void refill() { be.upload(source, h); }

    @Benchmark
    public Matrix activate(Counters.Bytes c) {
        be.activate(h, plan);
        be.synchronize();   // no-op on CPU backends; on cuda the work, not its launch, is timed
        c.bytes += 16L * n * n;
        return h;
    }

    /**
     * Baseline with the backend's threads: {@code Backend.copy} of the same matrix (on java, System.arraycopy split
     * over the pool). With threads = 2 this, not the single-threaded arrayCopy, is the bandwidth an activation run on
     * two threads would have to reach to be memory-bound.
     */
    @Benchmark
    public Matrix backendCopy(Counters.Bytes c) {
        be.copy(h, copyTarget);
        be.synchronize();
        c.bytes += 16L * n * n;
        return copyTarget;
    }

    /** Baseline: one read and one write stream of the same length, single-threaded (System.arraycopy). */
    @Benchmark
    public double[] arrayCopy(Counters.Bytes c) {
        System.arraycopy(copySrc, 0, copyDst, 0, copySrc.length);
        c.bytes += 16L * n * n;
        return copyDst;
    }
}
