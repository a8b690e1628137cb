package deeprf.backend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Base of every backend: checks arguments, shapes, ownership and lifetimes once, with messages that name the
 * operation and the offending value, then calls the unchecked {@code do*} primitives of the implementation.
 *
 * @param <M> the implementation's matrix type
 */
public abstract class AbstractBackend<M extends AbstractMatrix> implements Backend {
    private final Class<M> matrixType;
    private final Set<AbstractMatrix> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    protected AbstractBackend(Class<M> matrixType) { this.matrixType = matrixType; }

    @Override
    public final boolean isClosed() { return closed; }

    // ---------------------------------------------------------------- primitives for implementations

    protected abstract M doAllocate(long rows, long cols);
    protected abstract void doUpload(double[] src, M dst);
    protected abstract void doDownload(M src, double[] dst);
    protected abstract void doCopy(M src, M dst);
    protected abstract void doFill(M m, double value);
    protected abstract void doGemm(Trans ta, Trans tb, int m, int n, int k, double alpha, M a, M b, double beta, M c);
    protected abstract void doSyrk(Uplo uplo, Trans trans, int n, int k, double alpha, M a, double beta, M c);
    protected abstract void doSymmetrize(Uplo from, M c);
    protected abstract void doScale(double alpha, M m);
    protected abstract void doAxpy(double alpha, M x, M y);
    protected abstract void doActivate(M m, NeuronActivations plan);
    protected abstract void doAddToRows(M m, double[] v, double alpha);
    protected abstract void doRowSums(M m, double[] out);
    protected abstract void doColumnSquaredNorms(M m, double[] out);
    protected abstract void doFillGaussian(M m, GaussianStream stream, long offset, double stddev);
    protected abstract void doSyevd(M a, double[] w, boolean vectors);
    protected abstract void doPosv(M a, M b);
    /** Releases backend-wide resources (thread pools, handles) after all matrices were closed. */
    protected abstract void doClose();

    /** Largest element count of one matrix this backend can hold (Java arrays: 2³¹−9; native: larger). */
    protected long maxElements() { return Integer.MAX_VALUE - 8; }

    /** Largest single dimension the backend's kernels index (32-bit BLAS integers). */
    protected long maxDimension() { return Integer.MAX_VALUE; }

    // ---------------------------------------------------------------- checked public API

    @Override
    public final Matrix allocate(long rows, long cols) {
        checkOpen("allocate");
        checkShape("allocate", rows, cols);
        M m;
        try {
            m = doAllocate(rows, cols);
        } catch (OutOfMemoryError e) {
            throw sized(e, rows, cols);
        }
        live.add(m);
        return m;
    }

    /** A size for messages: "1.25 GiB", "3.0 MiB", "512 bytes". */
    public static String bytes(long b) {
        if (b >= 1L << 30) return String.format(java.util.Locale.ROOT, "%.2f GiB", b / (double) (1L << 30));
        if (b >= 1L << 20) return String.format(java.util.Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        return b + " bytes";
    }

    /** The error of an allocation that did not fit, naming its shape and size (the JVM's says "Java heap space" only). */
    private AllocationError sized(OutOfMemoryError e, long rows, long cols) {
        boolean heap = String.valueOf(e.getMessage()).contains("Java heap");
        String what = "allocate: backend '" + name() + "' cannot hold a " + rows + "x" + cols + " matrix (" + bytes(rows * cols * 8) + "): " + e.getMessage();
        return new AllocationError(what, heap ? "the Java heap is at most " + bytes(Runtime.getRuntime().maxMemory())
                + "; raise it with -Xmx<size>, for the deeprf launcher DEEPRF_JVM_OPTS=-Xmx<size>" : "", e);
    }

    @Override
    public final Matrix upload(double[] colMajor, long rows, long cols) {
        checkOpen("upload");
        checkShape("upload", rows, cols);
        if (colMajor == null) throw new IllegalArgumentException("upload: source array is null");
        if (colMajor.length != rows * cols)
            throw new IllegalArgumentException("upload: source has " + colMajor.length + " elements but a " + rows + "x" + cols + " matrix needs " + rows * cols);
        Matrix m = allocate(rows, cols);
        doUpload(colMajor, matrixType.cast(m));
        return m;
    }

    @Override
    public final void upload(double[] colMajor, Matrix dst) {
        M d = own("upload", "dst", dst);
        if (colMajor == null) throw new IllegalArgumentException("upload: source array is null");
        if (colMajor.length != d.size())
            throw new IllegalArgumentException("upload: source has " + colMajor.length + " elements but dst " + d.shape() + " needs " + d.size());
        doUpload(colMajor, d);
    }

    @Override
    public final void download(Matrix src, double[] dst) {
        M s = own("download", "src", src);
        if (dst == null) throw new IllegalArgumentException("download: destination array is null");
        if (dst.length != s.size())
            throw new IllegalArgumentException("download: destination has " + dst.length + " elements but src " + s.shape() + " has " + s.size());
        doDownload(s, dst);
    }

    @Override
    public final void copy(Matrix src, Matrix dst) {
        M s = own("copy", "src", src), d = own("copy", "dst", dst);
        sameShape("copy", "src", s, "dst", d);
        if (s != d) doCopy(s, d);
    }

    @Override
    public final void fill(Matrix m, double value) {
        doFill(own("fill", "m", m), value);
    }

    @Override
    public final void gemm(Trans transA, Trans transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        M ma = own("gemm", "A", a), mb = own("gemm", "B", b), mc = own("gemm", "C", c);
        if (transA == null || transB == null) throw new IllegalArgumentException("gemm: transA and transB must not be null");
        finite("gemm", "alpha", alpha);
        finite("gemm", "beta", beta);
        long m = transA.transposed() ? ma.cols() : ma.rows();
        long k = transA.transposed() ? ma.rows() : ma.cols();
        long kb = transB.transposed() ? mb.cols() : mb.rows();
        long n = transB.transposed() ? mb.rows() : mb.cols();
        if (k != kb)
            throw new IllegalArgumentException("gemm: inner dimensions differ: op(A) is " + m + "x" + k + " (A " + ma.shape() + ", " + transA + ") but op(B) is " + kb + "x" + n + " (B " + mb.shape() + ", " + transB + ")");
        if (mc.rows() != m || mc.cols() != n)
            throw new IllegalArgumentException("gemm: C is " + mc.shape() + " but op(A)·op(B) is " + m + "x" + n);
        if (mc == ma || mc == mb) throw new IllegalArgumentException("gemm: C must not be the same matrix as A or B (aliasing)");
        if (m == 0 || n == 0) return;
        doGemm(transA, transB, (int) m, (int) n, (int) k, alpha, ma, mb, beta, mc);
    }

    @Override
    public final void syrk(Uplo uplo, Trans trans, double alpha, Matrix a, double beta, Matrix c) {
        M ma = own("syrk", "A", a), mc = own("syrk", "C", c);
        if (uplo == null || trans == null) throw new IllegalArgumentException("syrk: uplo and trans must not be null");
        finite("syrk", "alpha", alpha);
        finite("syrk", "beta", beta);
        long n = trans.transposed() ? ma.cols() : ma.rows();
        long k = trans.transposed() ? ma.rows() : ma.cols();
        if (mc.rows() != n || mc.cols() != n)
            throw new IllegalArgumentException("syrk: C is " + mc.shape() + " but must be " + n + "x" + n + " for A " + ma.shape() + " with trans=" + trans);
        if (mc == ma) throw new IllegalArgumentException("syrk: C must not be the same matrix as A (aliasing)");
        if (n == 0) return;
        doSyrk(uplo, trans, (int) n, (int) k, alpha, ma, beta, mc);
    }

    @Override
    public final void symmetrize(Uplo from, Matrix c) {
        M mc = own("symmetrize", "C", c);
        square("symmetrize", "C", mc);
        if (from == null) throw new IllegalArgumentException("symmetrize: uplo must not be null");
        doSymmetrize(from, mc);
    }

    @Override
    public final void scale(double alpha, Matrix m) {
        M mm = own("scale", "m", m);
        finite("scale", "alpha", alpha);
        doScale(alpha, mm);
    }

    @Override
    public final void axpy(double alpha, Matrix x, Matrix y) {
        M mx = own("axpy", "x", x), my = own("axpy", "y", y);
        finite("axpy", "alpha", alpha);
        sameShape("axpy", "x", mx, "y", my);
        doAxpy(alpha, mx, my);
    }

    @Override
    public final void activate(Matrix m, NeuronActivations plan) {
        M mm = own("activate", "m", m);
        if (plan == null) throw new IllegalArgumentException("activate: plan must not be null");
        if (plan.neurons() >= 0 && plan.neurons() != mm.rows())
            throw new IllegalArgumentException("activate: plan is for " + plan.neurons() + " neurons but the matrix has " + mm.rows() + " rows (one row per neuron)");
        doActivate(mm, plan);
    }

    @Override
    public final void addToRows(Matrix m, double[] v, double alpha) {
        M mm = own("addToRows", "m", m);
        if (v == null) throw new IllegalArgumentException("addToRows: vector is null");
        if (v.length != mm.rows())
            throw new IllegalArgumentException("addToRows: vector has " + v.length + " entries but the matrix has " + mm.rows() + " rows");
        finite("addToRows", "alpha", alpha);
        doAddToRows(mm, v, alpha);
    }

    @Override
    public final void rowSums(Matrix m, double[] out) {
        M mm = own("rowSums", "m", m);
        if (out == null) throw new IllegalArgumentException("rowSums: output array is null");
        if (out.length != mm.rows())
            throw new IllegalArgumentException("rowSums: output has " + out.length + " entries but the matrix has " + mm.rows() + " rows");
        doRowSums(mm, out);
    }

    @Override
    public final void columnSquaredNorms(Matrix m, double[] out) {
        M mm = own("columnSquaredNorms", "m", m);
        if (out == null) throw new IllegalArgumentException("columnSquaredNorms: output array is null");
        if (out.length != mm.cols())
            throw new IllegalArgumentException("columnSquaredNorms: output has " + out.length + " entries but the matrix has " + mm.cols() + " columns");
        doColumnSquaredNorms(mm, out);
    }

    @Override
    public final void fillGaussian(Matrix m, GaussianStream stream, long offset, double stddev) {
        M mm = own("fillGaussian", "m", m);
        if (stream == null) throw new IllegalArgumentException("fillGaussian: stream must not be null");
        if (offset < 0) throw new IllegalArgumentException("fillGaussian: offset must be >= 0, got " + offset);
        if (offset > Long.MAX_VALUE - mm.size()) throw new IllegalArgumentException("fillGaussian: offset " + offset + " + size " + mm.size() + " overflows the stream");
        if (!Double.isFinite(stddev) || stddev < 0) throw new IllegalArgumentException("fillGaussian: stddev must be finite and >= 0, got " + stddev);
        doFillGaussian(mm, stream, offset, stddev);
    }

    @Override
    public final void syevd(Matrix a, double[] w, boolean vectors) {
        M ma = own("syevd", "A", a);
        square("syevd", "A", ma);
        if (w == null) throw new IllegalArgumentException("syevd: eigenvalue array is null");
        if (w.length != ma.rows())
            throw new IllegalArgumentException("syevd: eigenvalue array has " + w.length + " entries but A is " + ma.shape());
        if (ma.rows() == 0) return;
        doSyevd(ma, w, vectors);
    }

    @Override
    public final EigenBasis syevdBasis(Matrix a, double[] w) {
        M ma = own("syevdBasis", "A", a);
        square("syevdBasis", "A", ma);
        if (w == null) throw new IllegalArgumentException("syevdBasis: eigenvalue array is null");
        if (w.length != ma.rows())
            throw new IllegalArgumentException("syevdBasis: eigenvalue array has " + w.length + " entries but A is " + ma.shape());
        return doSyevdBasis(ma, w);
    }

    /**
     * The factored eigendecomposition behind {@link #syevdBasis} (arguments checked, a square, w of length n, n may
     * be 0). This default forms U with {@link #doSyevd} on a copy of a and applies it by GEMM; a backend that can
     * apply U without forming it overrides this and returns a {@link Basis}.
     */
    protected EigenBasis doSyevdBasis(M a, double[] w) {
        int n = Math.toIntExact(a.rows());
        M u = matrixType.cast(allocate(n, n));
        try {
            if (n > 0) {
                doCopy(a, u);
                doSyevd(u, w, true);
            }
        } catch (RuntimeException | Error e) {
            u.close();
            throw e;
        }
        return new Basis(n) {
            @Override
            protected void apply(Trans trans, M x, M out) {
                doGemm(trans, Trans.N, n, Math.toIntExact(x.cols()), n, 1.0, u, x, 0.0, out);
            }

            @Override
            protected void release() { u.close(); }
        };
    }

    /** Base of this backend's {@link EigenBasis} implementations: checks lifetimes, ownership and shapes, then calls {@link #apply}. */
    protected abstract class Basis implements EigenBasis {
        private final int n;
        private boolean closed;

        protected Basis(int n) { this.n = n; }

        @Override
        public final int n() { return n; }

        @Override
        public final void multiply(Trans trans, Matrix x, Matrix out) {
            String op = "EigenBasis.multiply";
            if (closed) throw new IllegalStateException(op + ": the basis (n = " + n + ") is closed");
            M mx = own(op, "x", x), mo = own(op, "out", out);
            if (trans == null) throw new IllegalArgumentException(op + ": trans must not be null");
            if (mx.rows() != n) throw new IllegalArgumentException(op + ": x is " + mx.shape() + " but the basis has n = " + n + " rows");
            sameShape(op, "x", mx, "out", mo);
            if (mx == mo) throw new IllegalArgumentException(op + ": out must not be the same matrix as x (aliasing)");
            if (n == 0 || mx.cols() == 0) return;
            apply(trans, mx, mo);
        }

        /** out ← op(U)·x, arguments checked, n ≥ 1 and at least one column. */
        protected abstract void apply(Trans trans, M x, M out);

        @Override
        public final void close() {
            if (closed) return;
            closed = true;
            release();
        }

        /** Frees what the basis holds (called once). */
        protected void release() {}
    }

    @Override
    public final void posv(Matrix a, Matrix b) {
        M ma = own("posv", "A", a), mb = own("posv", "B", b);
        square("posv", "A", ma);
        if (mb.rows() != ma.rows())
            throw new IllegalArgumentException("posv: B has " + mb.rows() + " rows but A is " + ma.shape());
        if (ma == mb) throw new IllegalArgumentException("posv: B must not be the same matrix as A (aliasing)");
        if (ma.rows() == 0) return;
        doPosv(ma, mb);
    }

    @Override
    public final void close() {
        if (closed) return;
        List<AbstractMatrix> all = new ArrayList<>(live);
        for (AbstractMatrix m : all) m.close();
        closed = true;
        doClose();
    }

    // ---------------------------------------------------------------- helpers

    final void forget(AbstractMatrix m) { live.remove(m); }

    /** Number of matrices allocated and not yet closed (for leak checks in tests). */
    public final int liveMatrices() { return live.size(); }

    protected final void checkOpen(String op) {
        if (closed) throw new IllegalStateException(op + ": backend '" + name() + "' is closed");
    }

    private void checkShape(String op, long rows, long cols) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException(op + ": dimensions must be >= 0, got " + rows + "x" + cols);
        if (rows > maxDimension() || cols > maxDimension())
            throw new IllegalArgumentException(op + ": dimension " + Math.max(rows, cols) + " exceeds backend '" + name() + "' limit of " + maxDimension());
        if (cols != 0 && rows > Long.MAX_VALUE / cols)
            throw new IllegalArgumentException(op + ": " + rows + "x" + cols + " overflows a 64-bit element count");
        if (rows * cols > maxElements())
            throw new IllegalArgumentException(op + ": a " + rows + "x" + cols + " matrix has " + rows * cols + " elements; backend '" + name()
                    + "' holds at most " + maxElements() + " per matrix (use smaller blocks, or a native backend)");
    }

    private M own(String op, String role, Matrix m) {
        checkOpen(op);
        if (m == null) throw new IllegalArgumentException(op + ": " + role + " must not be null");
        if (m.isClosed()) throw new IllegalStateException(op + ": " + role + " (" + m.shape() + ") is closed");
        if (m.backend() != this || !matrixType.isInstance(m)) {
            Backend other = m.backend();
            throw new IllegalArgumentException(op + ": " + role + " (" + m.shape() + ") belongs to another backend instance ("
                    + (other == null ? "none" : "'" + other.name() + "'") + "), not to this '" + name()
                    + "' backend; a matrix works only with the backend that allocated it");
        }
        return matrixType.cast(m);
    }

    private static void sameShape(String op, String r1, Matrix a, String r2, Matrix b) {
        if (a.rows() != b.rows() || a.cols() != b.cols())
            throw new IllegalArgumentException(op + ": " + r1 + " is " + a.shape() + " but " + r2 + " is " + b.shape());
    }

    private static void square(String op, String role, Matrix m) {
        if (m.rows() != m.cols()) throw new IllegalArgumentException(op + ": " + role + " must be square, got " + m.shape());
    }

    private static void finite(String op, String role, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(op + ": " + role + " must be finite, got " + v);
    }
}
