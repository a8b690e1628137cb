package deeprf.backend;

/** Bookkeeping shared by every backend's matrix: shape, owner, closed flag. Storage lives in the subclass. */
public abstract class AbstractMatrix implements Matrix {
    private final AbstractBackend<?> owner;
    private final long rows, cols;
    private boolean closed;

    protected AbstractMatrix(AbstractBackend<?> owner, long rows, long cols) {
        this.owner = owner;
        this.rows = rows;
        this.cols = cols;
    }

    @Override public final long rows() { return rows; }
    @Override public final long cols() { return cols; }
    @Override public final Backend backend() { return owner; }
    @Override public final boolean isClosed() { return closed || owner.isClosed(); }

    @Override
    public final void close() {
        if (closed) return;
        closed = true;
        owner.forget(this);
        release();
    }

    /** Frees the storage (called once). */
    protected abstract void release();

    @Override
    public String toString() { return getClass().getSimpleName() + "[" + shape() + (closed ? ", closed" : "") + "]"; }
}
