package deeprf.backend;

/**
 * The eigenvectors U of a symmetric matrix A = U·Λ·Uᵀ, as {@link Backend#syevdBasis} returns them: applied to
 * matrices, not necessarily ever formed. It belongs to the backend that made it and is unusable once either is
 * closed ({@link IllegalStateException}).
 */
public interface EigenBasis extends AutoCloseable {

    /** The order n of A. */
    int n();

    /**
     * out ← U·x ({@code trans = N}) or out ← Uᵀ·x ({@code trans = T}). x and out are n×m matrices of the basis's
     * backend, and out must not be x.
     */
    void multiply(Trans trans, Matrix x, Matrix out);

    /** Frees what the basis holds; idempotent. */
    @Override
    void close();
}
