package deeprf.bench;

import deeprf.backend.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.openjdk.jmh.annotations.*;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Symmetric eigendecomposition with eigenvectors (LAPACK dsyevd semantics) on a fixed random symmetric matrix,
 * seconds per decomposition. {@link #eigh} runs a deeprf backend; {@link #ejml} is the EJML 0.43.1 yardstick
 * (its symmetric QR-based solver, single-threaded). The NumPy/LAPACK yardstick is bench/peers/numpy_eigh.py.
 * Each invocation first restores the input with an O(n²) copy (syevd destroys it), negligible next to O(n³).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:OptoLoopAlignment=32", "-Xmx4g"})
public class EighBenchmark {

    /** Gaussian symmetric test matrix, column-major (symmetric, so also row-major). */
    static double[] symmetric(int n, long seed) {
        Random r = new Random(seed);
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++) {
                double v = r.nextGaussian();
                a[i + j * n] = v;
                a[j + i * n] = v;
            }
        return a;
    }

    public static class BackendState extends BackendTrial {
        @Param({"2000", "4000"})
        public int n;

        Matrix input, work;
        double[] w;

        @Override
        protected void prepare() {
            input = be.upload(symmetric(n, 42), n, n);
            work = be.allocate(n, n);
            w = new double[n];
        }
    }

    @Benchmark
    public double eigh(BackendState s) {
        s.be.copy(s.input, s.work);
        s.be.syevd(s.work, s.w, true);
        s.be.synchronize();   // cuda: already complete (the eigenvalues were downloaded); explicit so no backend can queue past it
        return s.w[s.n - 1];
    }

    @State(Scope.Benchmark)
    public static class EjmlState {
        @Param({"2000", "4000"})
        public int n;

        DMatrixRMaj input;

        @Setup(Level.Trial)
        public void setUp() {
            input = new DMatrixRMaj(n, n);
            input.setData(symmetric(n, 42));
        }
    }

    @Benchmark
    public double ejml(EjmlState s) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(s.n, true, true);
        if (!eig.decompose(s.input.copy())) throw new IllegalStateException("EJML eigendecomposition failed");
        return eig.getEigenvalue(0).real;
    }
}
