package deeprf.backend.cuda;

import deeprf.backend.AbstractMatrix;

/** A column-major matrix in device memory (leading dimension = rows), freed with its owner. */
final class CudaMatrix extends AbstractMatrix {
    private final CudaBackend owner;
    /** Device address; 0 for an empty matrix. */
    final long ptr;

    CudaMatrix(CudaBackend owner, long rows, long cols, long ptr) {
        super(owner, rows, cols);
        this.owner = owner;
        this.ptr = ptr;
    }

    long bytes() { return size() * Double.BYTES; }

    /** Leading dimension for cuBLAS/cuSOLVER (which want >= 1 even for empty matrices). */
    int ld() { return (int) Math.max(1, rows()); }

    @Override
    protected void release() { owner.freeDevice(ptr, bytes()); }
}
