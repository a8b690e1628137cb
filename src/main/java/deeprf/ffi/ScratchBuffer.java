package deeprf.ffi;

import java.lang.foreign.MemorySegment;

/**
 * Reusable native scratch space (workspaces, out-parameters, eigenvalue vectors) so that hot paths allocate nothing
 * per call: {@link #ensure} hands back the same memory while it is large enough and grows it geometrically
 * otherwise. The contents are not preserved across growth. Not thread-safe; owned by one backend.
 */
public final class ScratchBuffer implements AutoCloseable {
    private final String purpose;
    private NativeBuffer buffer;
    private boolean closed;

    /** @param purpose what the scratch is for, used in messages */
    public ScratchBuffer(String purpose) { this.purpose = purpose; }

    /** At least {@code bytes} bytes, 64-byte aligned; the slice returned is exactly {@code bytes} long. */
    public MemorySegment ensure(long bytes) {
        if (closed) throw new IllegalStateException("scratch buffer '" + purpose + "' is closed");
        if (bytes < 0) throw new IllegalArgumentException("scratch buffer '" + purpose + "': size must be >= 0, got " + bytes);
        if (buffer == null || buffer.byteSize() < bytes) {
            long grown = buffer == null ? bytes : Math.max(bytes, buffer.byteSize() + buffer.byteSize() / 2);
            if (buffer != null) buffer.close();
            buffer = null;
            buffer = NativeBuffer.allocate(grown);
        }
        return buffer.segment().asSlice(0, bytes);
    }

    /** Bytes currently held. */
    public long capacity() { return buffer == null ? 0 : buffer.byteSize(); }

    @Override
    public void close() {
        closed = true;
        if (buffer != null) buffer.close();
        buffer = null;
    }
}
