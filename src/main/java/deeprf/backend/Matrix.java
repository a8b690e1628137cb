package deeprf.backend;

/**
 * A dense column-major matrix of doubles owned by the {@link Backend} that allocated it (Java heap, native
 * memory or device memory). Element (i, j) sits at linear index {@code i + j * rows()}. A matrix is only
 * valid with the backend that made it, and only until it or its backend is closed; using it afterwards
 * throws {@link IllegalStateException}. Not thread-safe: one thread at a time uses a matrix.
 */
public interface Matrix extends AutoCloseable {
    long rows();

    long cols();

    default long size() { return rows() * cols(); }

    /** The backend that owns this matrix. */
    Backend backend();

    boolean isClosed();

    /** Frees the storage; idempotent. */
    @Override
    void close();

    default String shape() { return rows() + "x" + cols(); }
}
