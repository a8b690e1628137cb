package deeprf.backend.blas;

import deeprf.backend.AbstractBackend;
import deeprf.backend.Activation;
import deeprf.backend.GaussianStream;
import deeprf.backend.NeuronActivations;
import deeprf.backend.NumericalException;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;
import deeprf.backend.java.Activations;
import deeprf.backend.java.VectorSupport;
import deeprf.backend.java.WorkerPool;
import deeprf.ffi.ScratchBuffer;
import deeprf.ffi.blas.LapackException;
import deeprf.ffi.blas.Lapacke;
import deeprf.ffi.blas.OpenBlas;
import deeprf.random.Philox;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Backend over the system's OpenBLAS and LAPACKE through FFM: matrices live in native memory (one arena per
 * matrix, freed when it or the backend closes); GEMM and SYRK go to {@code cblas_dgemm}/{@code cblas_dsyrk}, the
 * eigensolver to {@code dsyevd} and the SPD solve to {@code dpotrf}/{@code dpotrs}. Elementwise work,
 * reductions and the Gaussian generator run in Java with exactly the arithmetic of the {@code java} backend (same
 * expressions, same summation order, the same Philox numbers), so those results are bit-identical to it.
 *
 * <p>Threads: OpenBLAS's thread count is process-wide, so the backend reasserts its own count before every native
 * call (two backends with different counts in one process each get theirs, one call at a time). LAPACK workspaces,
 * eigenvalues and out-parameters live in scratch buffers reused across calls; the GEMM/SYRK path allocates nothing.
 *
 * <p>Limits: single dimensions up to 2³¹−1 (32-bit BLAS integers); a matrix may exceed 2³¹ elements. The
 * eigensolver with vectors needs a workspace of 1 + 6n + 2n² doubles counted in a 32-bit integer, so n ≤ 32766.
 */
public final class BlasBackend extends AbstractBackend<BlasMatrix> {
    /** Elements per task of the Java-side loops over whole matrices. */
    private static final long GRAIN = 1 << 15;
    /** Elements per fillGaussian chunk (any split gives the same numbers: Philox is counter-based). */
    private static final int GAUSS_CHUNK = 1 << 13;
    /** Largest n for dsyevd with vectors: 1 + 6n + 2n² must fit LAPACK's 32-bit lwork. */
    static final int MAX_SYEVD_VECTORS_N = 32766;

    private final int threads;
    /** The threads OpenBLAS runs: {@link #threads}, or fewer where its build caps them (MAX_THREADS). */
    private final int blasThreads;
    private final WorkerPool pool;
    /** Whether activations run the java backend's Vector API kernels (as that backend decides, same property). */
    private final boolean vectors = VectorSupport.detect().enabled();
    private final ScratchBuffer eigenvalues = new ScratchBuffer("dsyevd eigenvalues");
    private final ScratchBuffer work = new ScratchBuffer("dsyevd work");
    private final ScratchBuffer iwork = new ScratchBuffer("dsyevd iwork");

    /** Opens the backend; the libraries must be available (see {@link BlasBackendProvider#probe()}). */
    public BlasBackend(int threads) {
        super(BlasMatrix.class);
        if (threads < 1) throw new IllegalArgumentException("blas backend: threads must be >= 1, got " + threads);
        OpenBlas.openblas_set_num_threads(threads);   // first: fails clearly, before any thread is started, without the library
        this.threads = threads;
        this.blasThreads = OpenBlas.openblas_get_num_threads();
        this.pool = new WorkerPool(threads);
    }

    @Override public String name() { return "blas"; }

    @Override
    public String description() {
        return describeLibraries() + ", " + threads + " thread(s)"
                + (blasThreads < threads ? " (OpenBLAS runs " + blasThreads + ", the most its build allows)" : "");
    }

    static String describeLibraries() {
        return OpenBlas.openblas_get_config().trim() + " (core " + OpenBlas.openblas_get_corename() + ") from "
                + OpenBlas.LIBRARY.location().orElse("?") + ", LAPACKE from " + Lapacke.LIBRARY.location().orElse("?");
    }

    @Override public int threads() { return threads; }

    @Override protected long maxElements() { return Long.MAX_VALUE / JAVA_DOUBLE.byteSize(); }

    @Override protected long maxDimension() { return Integer.MAX_VALUE; }

    /** OpenBLAS's count is process-wide: put ours back if another user changed it. */
    private void ensureThreads() {
        if (OpenBlas.openblas_get_num_threads() != blasThreads) OpenBlas.openblas_set_num_threads(threads);
    }

    // ---------------------------------------------------------------- memory

    @Override
    protected BlasMatrix doAllocate(long rows, long cols) {
        return new BlasMatrix(this, rows, cols);
    }

    @Override
    protected void doUpload(double[] src, BlasMatrix dst) {
        MemorySegment.copy(src, 0, dst.seg, JAVA_DOUBLE, 0, src.length);
    }

    @Override
    protected void doDownload(BlasMatrix src, double[] dst) {
        MemorySegment.copy(src.seg, JAVA_DOUBLE, 0, dst, 0, dst.length);
    }

    @Override
    protected void doCopy(BlasMatrix src, BlasMatrix dst) {
        MemorySegment.copy(src.seg, 0, dst.seg, 0, src.seg.byteSize());
    }

    @Override
    protected void doFill(BlasMatrix m, double value) {
        if (Double.doubleToRawLongBits(value) == 0) {
            m.seg.fill((byte) 0);
            return;
        }
        MemorySegment s = m.seg;
        forRange(m.size(), (i0, i1) -> {
            for (long i = i0; i < i1; i++) s.setAtIndex(JAVA_DOUBLE, i, value);
        });
    }

    // ---------------------------------------------------------------- BLAS

    @Override
    protected void doGemm(Trans ta, Trans tb, int m, int n, int k, double alpha, BlasMatrix a, BlasMatrix b, double beta, BlasMatrix c) {
        ensureThreads();
        OpenBlas.cblas_dgemm(OpenBlas.CblasColMajor, trans(ta), trans(tb), m, n, k, alpha, a.seg, a.ld(), b.seg, b.ld(), beta, c.seg, c.ld());
    }

    @Override
    protected void doSyrk(Uplo uplo, Trans trans, int n, int k, double alpha, BlasMatrix a, double beta, BlasMatrix c) {
        ensureThreads();
        OpenBlas.cblas_dsyrk(OpenBlas.CblasColMajor, uplo == Uplo.LOWER ? OpenBlas.CblasLower : OpenBlas.CblasUpper, trans(trans),
                n, k, alpha, a.seg, a.ld(), beta, c.seg, c.ld());
    }

    private static int trans(Trans t) { return t.transposed() ? OpenBlas.CblasTrans : OpenBlas.CblasNoTrans; }

    @Override
    protected void doSymmetrize(Uplo from, BlasMatrix c) {
        long n = c.rows();
        MemorySegment d = c.seg;
        forColumns(c, 64, (j0, j1) -> {
            for (long j = j0; j < j1; j++)
                for (long i = j + 1; i < n; i++) {
                    if (from == Uplo.LOWER) d.setAtIndex(JAVA_DOUBLE, j + i * n, d.getAtIndex(JAVA_DOUBLE, i + j * n));
                    else d.setAtIndex(JAVA_DOUBLE, i + j * n, d.getAtIndex(JAVA_DOUBLE, j + i * n));
                }
        });
    }

    @Override
    protected void doScale(double alpha, BlasMatrix m) {
        MemorySegment d = m.seg;
        forRange(m.size(), (i0, i1) -> {
            for (long i = i0; i < i1; i++) d.setAtIndex(JAVA_DOUBLE, i, d.getAtIndex(JAVA_DOUBLE, i) * alpha);
        });
    }

    @Override
    protected void doAxpy(double alpha, BlasMatrix x, BlasMatrix y) {
        MemorySegment xd = x.seg, yd = y.seg;
        forRange(x.size(), (i0, i1) -> {
            for (long i = i0; i < i1; i++) yd.setAtIndex(JAVA_DOUBLE, i, yd.getAtIndex(JAVA_DOUBLE, i) + alpha * xd.getAtIndex(JAVA_DOUBLE, i));
        });
    }

    // ---------------------------------------------------------------- elementwise and reductions (java backend's arithmetic)

    @Override
    protected void doActivate(BlasMatrix m, NeuronActivations plan) {
        long rows = m.rows();
        MemorySegment d = m.seg;
        Activation only = plan.choiceOf() == null ? plan.choices().get(0) : null;
        double[] bias = plan.bias();
        forColumns(m, Math.max(1, 32768 / Math.max(1, rows)), (j0, j1) -> {
            double[] col = only != null ? new double[(int) rows] : null;
            for (long j = j0; j < j1; j++) {
                long off = j * rows;
                if (only != null) {
                    // Through a heap copy of the column: the java backend's (vectorised) kernel, hence its bits.
                    MemorySegment.copy(d, JAVA_DOUBLE, off * Double.BYTES, col, 0, (int) rows);
                    Activations.column(only, col, 0, (int) rows, bias, vectors);
                    MemorySegment.copy(col, 0, d, JAVA_DOUBLE, off * Double.BYTES, (int) rows);
                } else {
                    for (int i = 0; i < rows; i++)
                        d.setAtIndex(JAVA_DOUBLE, off + i, plan.activationOf(i).apply(d.getAtIndex(JAVA_DOUBLE, off + i) + plan.biasOf(i)));
                }
            }
        });
    }

    @Override
    protected void doAddToRows(BlasMatrix m, double[] v, double alpha) {
        long rows = m.rows();
        MemorySegment d = m.seg;
        forColumns(m, 16, (j0, j1) -> {
            for (long j = j0; j < j1; j++) {
                long off = j * rows;
                for (int i = 0; i < rows; i++) d.setAtIndex(JAVA_DOUBLE, off + i, d.getAtIndex(JAVA_DOUBLE, off + i) + alpha * v[i]);
            }
        });
    }

    @Override
    protected void doRowSums(BlasMatrix m, double[] out) {
        int rows = (int) m.rows();
        long cols = m.cols();
        MemorySegment d = m.seg;
        // Each row summed in column order, as in the java backend: the split over rows does not change any sum.
        pool.forRange(rows, pool.grainFor(rows, 256), (i0, i1) -> {
            for (int i = i0; i < i1; i++) out[i] = 0;
            for (long j = 0; j < cols; j++) {
                long off = j * rows;
                for (int i = i0; i < i1; i++) out[i] += d.getAtIndex(JAVA_DOUBLE, off + i);
            }
        });
    }

    @Override
    protected void doColumnSquaredNorms(BlasMatrix m, double[] out) {
        long rows = m.rows();
        MemorySegment d = m.seg;
        forColumns(m, 4, (j0, j1) -> {
            for (long j = j0; j < j1; j++) {
                long off = j * rows;
                double s = 0;
                for (long i = 0; i < rows; i++) {
                    double x = d.getAtIndex(JAVA_DOUBLE, off + i);
                    s += x * x;
                }
                out[(int) j] = s;
            }
        });
    }

    // ---------------------------------------------------------------- random numbers

    @Override
    protected void doFillGaussian(BlasMatrix m, GaussianStream stream, long offset, double stddev) {
        MemorySegment d = m.seg;
        forRange(m.size(), (i0, i1) -> {
            double[] chunk = new double[(int) Math.min(GAUSS_CHUNK, i1 - i0)];
            for (long i = i0; i < i1; i += chunk.length) {
                int len = (int) Math.min(chunk.length, i1 - i);
                Philox.fillGaussian(stream.seed(), stream.stream(), offset + i, stddev, chunk, 0, len);
                MemorySegment.copy(chunk, 0, d, JAVA_DOUBLE, i * Double.BYTES, len);
            }
        });
    }

    // ---------------------------------------------------------------- LAPACK

    @Override
    protected void doSyevd(BlasMatrix a, double[] w, boolean vectors) {
        long n = a.rows();
        checkSyevdSize(n, vectors);
        requireFiniteLower("syevd", a);
        int ni = (int) n;
        byte jobz = (byte) (vectors ? 'V' : 'N');
        MemorySegment wSeg = eigenvalues.ensure(n * Double.BYTES);
        // Workspace query (writes the optimal sizes into the scratch), then the solve with reused workspaces.
        MemorySegment q = work.ensure(Double.BYTES), iq = iwork.ensure(Integer.BYTES);
        ensureThreads();
        Lapacke.LAPACKE_dsyevd_work(Lapacke.LAPACK_COL_MAJOR, jobz, (byte) 'L', ni, a.seg, a.ld(), wSeg, q, -1, iq, -1);
        double lworkD = q.get(JAVA_DOUBLE, 0);
        int liwork = iq.get(JAVA_INT, 0);
        if (!(lworkD <= Integer.MAX_VALUE))
            throw new IllegalArgumentException("syevd: n=" + n + " needs a LAPACK workspace of " + (long) lworkD + " doubles, more than 32-bit LAPACK integers count");
        int lwork = (int) lworkD;
        MemorySegment wk = work.ensure((long) lwork * Double.BYTES), iwk = iwork.ensure((long) liwork * Integer.BYTES);
        try {
            Lapacke.LAPACKE_dsyevd_work(Lapacke.LAPACK_COL_MAJOR, jobz, (byte) 'L', ni, a.seg, a.ld(), wSeg, wk, lwork, iwk, liwork);
        } catch (LapackException e) {
            if (e.info() > 0) throw numerical("syevd: eigensolver did not converge (n=" + n + ")", e);
            throw e;
        }
        MemorySegment.copy(wSeg, JAVA_DOUBLE, 0, w, 0, ni);
    }

    /** Refuses sizes whose LAPACK workspace a 32-bit lwork cannot count, before any memory is touched. */
    static void checkSyevdSize(long n, boolean vectors) {
        if (vectors && n > MAX_SYEVD_VECTORS_N)
            throw new IllegalArgumentException("syevd: n=" + n + " with eigenvectors needs a LAPACK workspace of 1 + 6n + 2n² = "
                    + (1 + 6 * n + 2 * n * n) + " doubles, more than LAPACK's 32-bit lwork can count; the largest n with vectors is "
                    + MAX_SYEVD_VECTORS_N + " (values only have no such limit)");
    }

    @Override
    protected void doPosv(BlasMatrix a, BlasMatrix b) {
        requireFiniteLower("posv", a);
        requireFinite("posv", "B", b);
        int n = (int) a.rows();
        ensureThreads();
        try {
            Lapacke.LAPACKE_dpotrf_work(Lapacke.LAPACK_COL_MAJOR, (byte) 'L', n, a.seg, a.ld());
        } catch (LapackException e) {
            if (e.info() > 0) throw numerical("posv: matrix is not positive definite (leading minor of order " + e.info() + ")", e);
            throw e;
        }
        if (b.cols() == 0) return;
        Lapacke.LAPACKE_dpotrs_work(Lapacke.LAPACK_COL_MAJOR, (byte) 'L', n, (int) b.cols(), a.seg, a.ld(), b.seg, b.ld());
    }

    private static NumericalException numerical(String message, LapackException cause) {
        NumericalException e = new NumericalException(message + ": " + cause.getMessage());
        e.initCause(cause);
        return e;
    }

    /** LAPACK would propagate NaN/Inf silently (LAPACKE's own check, skipped by the _work calls, sees only NaN). */
    private static void requireFiniteLower(String op, BlasMatrix a) {
        long n = a.rows();
        MemorySegment d = a.seg;
        for (long j = 0; j < n; j++)
            for (long i = j; i < n; i++) {
                double v = d.getAtIndex(JAVA_DOUBLE, i + j * n);
                if (!Double.isFinite(v)) throw new NumericalException(op + ": A has a non-finite entry " + v + " at (" + i + "," + j + ")");
            }
    }

    private static void requireFinite(String op, String role, BlasMatrix m) {
        long rows = m.rows(), size = m.size();
        MemorySegment d = m.seg;
        for (long e = 0; e < size; e++) {
            double v = d.getAtIndex(JAVA_DOUBLE, e);
            if (!Double.isFinite(v))
                throw new NumericalException(op + ": " + role + " has a non-finite entry " + v + " at (" + e % rows + "," + e / rows + ")");
        }
    }

    @Override
    protected void doClose() {
        eigenvalues.close();
        work.close();
        iwork.close();
        pool.close();
    }

    // ---------------------------------------------------------------- parallel loops over long ranges

    @FunctionalInterface
    private interface LongRange {
        void run(long from, long to);
    }

    /** Runs body over [0, n) in chunks whose boundaries depend only on n and the thread count's grain. */
    private void forRange(long n, LongRange body) {
        if (n <= 0) return;
        long grain = Math.max(GRAIN, (n + 4L * threads - 1) / (4L * threads));
        int chunks = (int) ((n + grain - 1) / grain);
        pool.forRange(chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) body.run(c * grain, Math.min(n, (c + 1) * grain));
        });
    }

    /** Runs body over the columns in chunks of at least {@code minGrain} columns. */
    private void forColumns(BlasMatrix m, long minGrain, LongRange body) {
        int cols = (int) m.cols();
        if (cols == 0) return;
        pool.forRange(cols, pool.grainFor(cols, (int) Math.min(Integer.MAX_VALUE, minGrain)), (j0, j1) -> body.run(j0, j1));
    }
}
