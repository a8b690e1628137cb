package deeprf.backend;

/**
 * The narrow compute contract every engine (pure Java, system BLAS/LAPACK, CUDA) implements, in BLAS/LAPACK
 * words, over backend-owned dense column-major double matrices ({@link Matrix}).
 *
 * <p>Threading: a backend and its matrices are used by one thread at a time (the backend may use its own worker
 * threads inside a call). Lifetime: closing the backend frees every matrix it allocated; use after close throws
 * {@link IllegalStateException}. Errors: shape and argument mistakes throw {@link IllegalArgumentException} naming
 * the operation and the offending value; numerical failures throw {@link NumericalException}; memory the backend
 * cannot get throws {@link OutOfMemoryError} naming the size ({@link AllocationError} from allocate; the java backend
 * refuses a matrix beyond one Java array, 2³¹ − 9 elements, with an IllegalArgumentException before trying).
 *
 * <p>deeprf's implementations extend {@link AbstractBackend}, which performs those checks once for all of them, and
 * are held to {@code BackendContractTest} (a decorator or an embedder's own backend may implement this directly).
 */
public interface Backend extends AutoCloseable {

    /** Short name used on the command line: {@code java}, {@code blas}, {@code cuda}. */
    String name();

    /** Human description of what runs the work (CPU model and threads, GPU name, library versions). */
    String description();

    /** Worker threads used for CPU-side work. */
    int threads();

    // ---------------------------------------------------------------- memory

    /** A new zero-filled rows×cols matrix; {@link OutOfMemoryError} where the heap, the machine or the GPU cannot hold it. */
    Matrix allocate(long rows, long cols);

    /** A new rows×cols matrix holding {@code colMajor} (length rows·cols). */
    Matrix upload(double[] colMajor, long rows, long cols);

    /** Overwrites {@code dst} with {@code colMajor} (length must equal dst's size). */
    void upload(double[] colMajor, Matrix dst);

    /** Copies {@code src} into {@code dst} (length must equal src's size). */
    void download(Matrix src, double[] dst);

    default double[] download(Matrix src) {
        if (src == null) throw new IllegalArgumentException("download: src must not be null");
        long size = src.size();
        if (size > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("download: matrix " + src.shape() + " has " + size + " elements, more than a Java array holds");
        double[] out = new double[(int) size];
        download(src, out);
        return out;
    }

    /** dst ← src (same shape). */
    void copy(Matrix src, Matrix dst);

    /** Every element ← value. */
    void fill(Matrix m, double value);

    // ---------------------------------------------------------------- BLAS

    /** C ← alpha·op(A)·op(B) + beta·C. With beta = 0, C's old contents (even NaN) are ignored. C must not alias A or B. */
    void gemm(Trans transA, Trans transB, double alpha, Matrix a, Matrix b, double beta, Matrix c);

    /**
     * Symmetric rank-k update of one triangle: C ← alpha·A·Aᵀ + beta·C ({@code trans = N}, A is n×k) or
     * C ← alpha·Aᵀ·A + beta·C ({@code trans = T}, A is k×n). Only the {@code uplo} triangle of C (diagonal
     * included) is read or written; the other is left untouched.
     */
    void syrk(Uplo uplo, Trans trans, double alpha, Matrix a, double beta, Matrix c);

    /** Copies the {@code from} triangle of square C onto the other, making C exactly symmetric. */
    void symmetrize(Uplo from, Matrix c);

    /** m ← alpha·m. */
    void scale(double alpha, Matrix m);

    /** y ← alpha·x + y (same shape). */
    void axpy(double alpha, Matrix x, Matrix y);

    // ---------------------------------------------------------------- elementwise and reductions

    /** In place, neuron i = row i: m[i][j] ← f_{choice(i)}(m[i][j] + bias(i)). See {@link NeuronActivations}. */
    void activate(Matrix m, NeuronActivations plan);

    /** m[i][j] ← m[i][j] + alpha·v[i] (v has m.rows() entries): centring, intercepts, residuals y − Φᵀw. */
    void addToRows(Matrix m, double[] v, double alpha);

    /** out[i] ← Σ_j m[i][j] (out has m.rows() entries). */
    void rowSums(Matrix m, double[] out);

    /** out[j] ← Σ_i m[i][j]² (out has m.cols() entries): squared errors per column. */
    void columnSquaredNorms(Matrix m, double[] out);

    // ---------------------------------------------------------------- random numbers

    /**
     * Fills m with stddev·z where z are the standard normals number {@code offset + e} of {@code stream}, e being
     * the element's column-major linear index: the same numbers on every backend (to rounding of the transcendental
     * functions) and the same bits on one backend whatever its thread count. Sample s of a d-row data matrix thus
     * starts at offset s·d, independent of how samples are blocked.
     */
    void fillGaussian(Matrix m, GaussianStream stream, long offset, double stddev);

    // ---------------------------------------------------------------- LAPACK

    /**
     * Symmetric eigendecomposition (LAPACK {@code dsyevd} semantics). Reads only the lower triangle of square
     * {@code a}. Writes the eigenvalues in ascending order into {@code w} (length n). If {@code vectors}, {@code a}
     * is overwritten by the orthonormal eigenvectors (column j belongs to w[j]); otherwise {@code a}'s contents are
     * destroyed. Non-finite input throws {@link NumericalException}.
     */
    void syevd(Matrix a, double[] w, boolean vectors);

    /**
     * The same eigendecomposition A = U·Λ·Uᵀ kept as an {@link EigenBasis}, for callers that need U only applied to
     * a few columns — the ridge readout needs Uᵀb once and U times one column per λ. A backend may then skip forming
     * U, about a third of {@link #syevd}'s time (LAPACK's dsytrd and dstedc, with the dormtr step applied to the few
     * columns instead of to n). Reads only the lower triangle of square {@code a} and leaves {@code a} unchanged;
     * writes the ascending eigenvalues into {@code w}; the basis's U meets {@link #syevd}'s accuracy (‖AU−UΛ‖ and
     * ‖UᵀU−I‖ within small multiples of n·ε). Non-finite input throws {@link NumericalException}. Close the basis
     * when done.
     */
    EigenBasis syevdBasis(Matrix a, double[] w);

    /**
     * Solves A·X = B for symmetric positive definite A by Cholesky (LAPACK {@code dposv}). Reads the lower triangle
     * of A and overwrites it with the factor L; overwrites B with X. Not positive definite: {@link NumericalException}
     * naming the leading minor. A non-finite entry in A's lower triangle or in B: {@link NumericalException} naming it.
     */
    void posv(Matrix a, Matrix b);

    // ---------------------------------------------------------------- ordering

    /**
     * Waits until every operation issued so far has finished, and reports failures of work that ran asynchronously.
     * Backends that compute synchronously (java, blas) return at once; an asynchronous one (cuda) queues its work, so
     * a timing of it must end with this call or it measures the launch instead of the work. Results the host reads
     * (downloads, reductions, eigenvalues) are always complete without it.
     */
    default void synchronize() {}

    /** Frees every matrix this backend allocated and its worker threads; idempotent. */
    @Override
    void close();

    /**
     * Whether {@link #close()} has been called (every operation then throws {@link IllegalStateException}); a backend
     * that does not track it (not an {@link AbstractBackend}: a decorator, an embedder's own) answers false.
     */
    default boolean isClosed() { return false; }
}
