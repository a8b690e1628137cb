package deeprf.backend.blas;

import deeprf.backend.AbstractMatrix;
import deeprf.ffi.NativeBuffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A column-major matrix in native memory (leading dimension = rows), owned by a {@link NativeBuffer} whose arena
 * this matrix closes. Indexed with longs, so it may hold more than 2³¹ elements.
 */
final class BlasMatrix extends AbstractMatrix {
    private final NativeBuffer buffer;
    /** The memory (cached: the buffer's segment is fixed for its life). */
    final MemorySegment seg;

    BlasMatrix(BlasBackend owner, long rows, long cols) {
        super(owner, rows, cols);
        this.buffer = NativeBuffer.allocate(rows * cols * ValueLayout.JAVA_DOUBLE.byteSize());
        this.seg = buffer.segment();
    }

    /** BLAS leading dimension: rows, at least 1 as BLAS requires even for empty matrices. */
    int ld() { return (int) Math.max(1, rows()); }

    @Override
    protected void release() { buffer.close(); }
}
