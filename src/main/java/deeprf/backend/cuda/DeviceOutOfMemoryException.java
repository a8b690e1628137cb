package deeprf.backend.cuda;

/**
 * The GPU has too little free memory for an allocation. The backend stays usable: free matrices or use smaller blocks.
 * The message names the size asked for, the free and total device memory, and what to do.
 */
public final class DeviceOutOfMemoryException extends RuntimeException {
    private final long requestedBytes, freeBytes, totalBytes;

    /**
     * @param requestedBytes the size asked for, or -1 when a library (cuBLAS, cuSOLVER) allocated inside a call
     * @param freeBytes      free device memory after the failure, or -1 when the driver could not say
     */
    DeviceOutOfMemoryException(String what, long requestedBytes, long freeBytes, long totalBytes, Throwable cause) {
        super(message(what, requestedBytes, freeBytes, totalBytes), cause);
        this.requestedBytes = requestedBytes;
        this.freeBytes = freeBytes;
        this.totalBytes = totalBytes;
    }

    static String message(String what, long requestedBytes, long freeBytes, long totalBytes) {
        String asked = requestedBytes >= 0 ? "allocating " + deeprf.backend.AbstractBackend.bytes(requestedBytes) + " for " + what : what;
        String free = freeBytes >= 0 && totalBytes > 0 ? deeprf.backend.AbstractBackend.bytes(freeBytes) + " free of " + deeprf.backend.AbstractBackend.bytes(totalBytes)
                : "free memory unknown";
        return "cuda: out of device memory " + asked + ": " + free
                + "; lower the block size ([compute] block_size: fewer samples per block) so the samples stream through smaller blocks, and close matrices no longer needed";
    }

    /** The size asked for, or -1 when a library ran out inside a call. */
    public long requestedBytes() { return requestedBytes; }

    public long freeBytes() { return freeBytes; }

    public long totalBytes() { return totalBytes; }
}
