package deeprf.backend.cuda;

/**
 * The GPU has too little free memory for an allocation. The backend stays usable: free matrices or use smaller blocks.
 * The message names the size asked for, the free and total device memory, and what to do.
 */
public final class DeviceOutOfMemoryException extends RuntimeException {
    private final long requestedBytes, freeBytes, totalBytes;

    DeviceOutOfMemoryException(String what, long requestedBytes, long freeBytes, long totalBytes, Throwable cause) {
        super("cuda: out of device memory allocating " + CudaBackend.bytes(requestedBytes) + " for " + what + ": "
                + CudaBackend.bytes(freeBytes) + " free of " + CudaBackend.bytes(totalBytes)
                + "; lower the block size (fewer samples per block) or stream the samples through smaller blocks, and close matrices no longer needed", cause);
        this.requestedBytes = requestedBytes;
        this.freeBytes = freeBytes;
        this.totalBytes = totalBytes;
    }

    public long requestedBytes() { return requestedBytes; }

    public long freeBytes() { return freeBytes; }

    public long totalBytes() { return totalBytes; }
}
