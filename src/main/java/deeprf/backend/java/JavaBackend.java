package deeprf.backend.java;

import deeprf.backend.AbstractBackend;
import deeprf.backend.Activation;
import deeprf.backend.EigenBasis;
import deeprf.backend.GaussianStream;
import deeprf.backend.NeuronActivations;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;
import deeprf.backend.java.eigen.SymmetricEigenSolver;
import deeprf.random.Philox;

import java.util.Arrays;
import java.util.logging.Logger;

/**
 * The pure-Java backend: heap arrays, a worker pool of the caller's size, packed GEMM with Vector API
 * micro-kernels when the incubator module is present (scalar otherwise). The embedded default.
 */
public final class JavaBackend extends AbstractBackend<JavaMatrix> {
    private static final Logger LOG = Logger.getLogger(JavaBackend.class.getName());
    /** Elements per fillGaussian task: fixed so chunk boundaries never depend on the thread count. */
    private static final int GAUSS_GRAIN = 1 << 14;

    private final WorkerPool pool;
    private final VectorSupport vectors;

    public JavaBackend(int threads) {
        this(threads, VectorSupport.detect());
    }

    public JavaBackend(int threads, VectorSupport vectors) {
        super(JavaMatrix.class);
        this.pool = new WorkerPool(threads);
        this.vectors = vectors;
        LOG.fine(() -> "java backend: " + vectors.reason());
        if (vectors.enabled()) VectorKernels.warmUpInBackground();
    }

    @Override public String name() { return "java"; }

    @Override
    public String description() {
        return "pure Java, " + pool.threads() + " thread(s), " + vectors.reason() + ", JDK " + Runtime.version();
    }

    @Override public int threads() { return pool.threads(); }

    /** Whether this instance runs the Vector API kernels, and why (or why not). */
    public VectorSupport vectorSupport() { return vectors; }

    WorkerPool pool() { return pool; }

    // ---------------------------------------------------------------- memory

    @Override
    protected JavaMatrix doAllocate(long rows, long cols) {
        return new JavaMatrix(this, (int) rows, (int) cols);
    }

    @Override
    protected void doUpload(double[] src, JavaMatrix dst) {
        System.arraycopy(src, 0, dst.data, 0, src.length);
    }

    @Override
    protected void doDownload(JavaMatrix src, double[] dst) {
        System.arraycopy(src.data, 0, dst, 0, dst.length);
    }

    @Override
    protected void doCopy(JavaMatrix src, JavaMatrix dst) {
        // Split over the pool: one thread does not saturate this machine's memory bandwidth (a 32 MiB copy measured
        // 14 GB/s on one thread, 19 GB/s on two). Chunks of at least 64 Ki doubles, so small copies stay on the caller.
        double[] s = src.data, d = dst.data;
        pool.forRange(s.length, pool.grainFor(s.length, 1 << 16), (i0, i1) -> System.arraycopy(s, i0, d, i0, i1 - i0));
    }

    @Override
    protected void doFill(JavaMatrix m, double value) {
        Arrays.fill(m.data, value);
    }

    // ---------------------------------------------------------------- BLAS

    @Override
    protected void doGemm(Trans ta, Trans tb, int m, int n, int k, double alpha, JavaMatrix a, JavaMatrix b, double beta, JavaMatrix c) {
        // One column or one row of output: a matrix–vector product (op(B) or op(A) is then a contiguous vector).
        if (n == 1) {
            if (ta.transposed()) Gemv.dots(pool, m, k, alpha, a.data, a.r(), b.data, beta, c.data);
            else Gemv.columns(pool, m, k, alpha, a.data, a.r(), b.data, beta, c.data);
            return;
        }
        if (m == 1) {
            if (tb.transposed()) Gemv.columns(pool, n, k, alpha, b.data, b.r(), a.data, beta, c.data);
            else Gemv.dots(pool, n, k, alpha, b.data, b.r(), a.data, beta, c.data);
            return;
        }
        Dgemm.gemm(pool, vectors, ta.transposed(), tb.transposed(), m, n, k, alpha, a.data, a.r(), b.data, b.r(), beta, c.data, c.r());
    }

    @Override
    protected void doSyrk(Uplo uplo, Trans trans, int n, int k, double alpha, JavaMatrix a, double beta, JavaMatrix c) {
        Dsyrk.syrk(pool, vectors, uplo == Uplo.LOWER, trans.transposed(), n, k, alpha, a.data, a.r(), beta, c.data, c.r());
    }

    @Override
    protected void doSymmetrize(Uplo from, JavaMatrix c) {
        int n = c.r();
        double[] d = c.data;
        pool.forRange(n, pool.grainFor(n, 64), (j0, j1) -> {
            for (int j = j0; j < j1; j++)
                for (int i = j + 1; i < n; i++) {
                    if (from == Uplo.LOWER) d[j + i * n] = d[i + j * n];
                    else d[i + j * n] = d[j + i * n];
                }
        });
    }

    @Override
    protected void doScale(double alpha, JavaMatrix m) {
        double[] d = m.data;
        pool.forRange(d.length, pool.grainFor(d.length, 1 << 15), (i0, i1) -> {
            for (int i = i0; i < i1; i++) d[i] *= alpha;
        });
    }

    @Override
    protected void doAxpy(double alpha, JavaMatrix x, JavaMatrix y) {
        double[] xd = x.data, yd = y.data;
        pool.forRange(xd.length, pool.grainFor(xd.length, 1 << 15), (i0, i1) -> {
            for (int i = i0; i < i1; i++) yd[i] += alpha * xd[i];
        });
    }

    // ---------------------------------------------------------------- elementwise and reductions

    @Override
    protected void doActivate(JavaMatrix m, NeuronActivations plan) {
        int rows = m.r(), cols = m.c();
        double[] d = m.data;
        Activations.apply(pool, plan, d, rows, cols, vectors.enabled());
    }

    @Override
    protected void doAddToRows(JavaMatrix m, double[] v, double alpha) {
        int rows = m.r(), cols = m.c();
        double[] d = m.data;
        pool.forRange(cols, pool.grainFor(cols, 16), (j0, j1) -> {
            for (int j = j0; j < j1; j++) {
                int off = j * rows;
                for (int i = 0; i < rows; i++) d[off + i] += alpha * v[i];
            }
        });
    }

    @Override
    protected void doRowSums(JavaMatrix m, double[] out) {
        int rows = m.r(), cols = m.c();
        double[] d = m.data;
        // Per-row sums in column order: each row's sum order is fixed whatever the split over rows.
        pool.forRange(rows, pool.grainFor(rows, 256), (i0, i1) -> {
            for (int i = i0; i < i1; i++) out[i] = 0;
            for (int j = 0; j < cols; j++) {
                int off = j * rows;
                for (int i = i0; i < i1; i++) out[i] += d[off + i];
            }
        });
    }

    @Override
    protected void doColumnSquaredNorms(JavaMatrix m, double[] out) {
        int rows = m.r(), cols = m.c();
        double[] d = m.data;
        pool.forRange(cols, pool.grainFor(cols, 4), (j0, j1) -> {
            for (int j = j0; j < j1; j++) {
                int off = j * rows;
                double s = 0;
                for (int i = 0; i < rows; i++) s += d[off + i] * d[off + i];
                out[j] = s;
            }
        });
    }

    // ---------------------------------------------------------------- random numbers

    @Override
    protected void doFillGaussian(JavaMatrix m, GaussianStream stream, long offset, double stddev) {
        double[] d = m.data;
        pool.forRange(d.length, GAUSS_GRAIN, (i0, i1) ->
                Philox.fillGaussian(stream.seed(), stream.stream(), offset + i0, stddev, d, i0, i1 - i0));
    }

    // ---------------------------------------------------------------- LAPACK

    @Override
    protected void doSyevd(JavaMatrix a, double[] w, boolean vectors) {
        SymmetricEigenSolver.solve(pool, a.r(), a.data, w, vectors);
    }

    /** U kept as reflectors and the tridiagonal's eigenvectors: no back-transformation of all n columns. */
    @Override
    protected EigenBasis doSyevdBasis(JavaMatrix a, double[] w) {
        SymmetricEigenSolver.Factors f = SymmetricEigenSolver.factor(pool, a.r(), a.data, w);
        return new Basis(a.r()) {
            @Override
            protected void apply(Trans trans, JavaMatrix x, JavaMatrix out) {
                if (trans.transposed()) f.applyUT(pool, x.data, out.data, Math.toIntExact(x.cols()));
                else f.applyU(pool, x.data, out.data, Math.toIntExact(x.cols()));
            }
        };
    }

    @Override
    protected void doPosv(JavaMatrix a, JavaMatrix b) {
        int n = a.r();
        // Checked before anything is overwritten: a NaN would otherwise pass through the solve silently.
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++)
                if (!Double.isFinite(a.data[i + j * n]))
                    throw new deeprf.backend.NumericalException("posv: A has a non-finite entry " + a.data[i + j * n] + " at (" + i + "," + j + ")");
        double[] bd = b.data;
        for (int e = 0; e < bd.length; e++)
            if (!Double.isFinite(bd[e]))
                throw new deeprf.backend.NumericalException("posv: B has a non-finite entry " + bd[e] + " at (" + e % n + "," + e / n + ")");
        Cholesky.factor(n, a.data);
        Cholesky.solve(n, a.data, b.data, b.c());
    }

    @Override
    protected void doClose() {
        pool.close();
    }

    /** Reference activation for one element (used by tests and the scalar path). */
    static double activateOne(Activation f, double x) { return f.apply(x); }
}
