package deeprf.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Owner of one block of native memory: allocated in its own shared arena (so it can be freed on its own, and read by
 * worker threads and native code alike) and freed by {@link #close()}. Never {@code Arena.global()} or
 * {@code Arena.ofAuto()}: large buffers must go back to the system when their owner says so, not when the garbage
 * collector gets round to it. Closing twice is harmless; using the segment after close throws
 * {@link IllegalStateException} from the FFM runtime rather than touching freed memory.
 */
public final class NativeBuffer implements AutoCloseable {
    /** Alignment of every buffer: a cache line, enough for any SIMD load the libraries use. */
    public static final long ALIGNMENT = 64;

    private final Arena arena;
    private final MemorySegment segment;

    private NativeBuffer(Arena arena, MemorySegment segment) {
        this.arena = arena;
        this.segment = segment;
    }

    /** A zero-filled buffer of {@code bytes} bytes; throws {@link OutOfMemoryError} naming the size if the system refuses. */
    public static NativeBuffer allocate(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("NativeBuffer: size must be >= 0 bytes, got " + bytes);
        Arena arena = Arena.ofShared();
        try {
            return new NativeBuffer(arena, arena.allocate(Math.max(bytes, 1), ALIGNMENT).asSlice(0, bytes));
        } catch (OutOfMemoryError | RuntimeException e) {
            arena.close();
            if (e instanceof OutOfMemoryError) {
                OutOfMemoryError oom = new OutOfMemoryError("NativeBuffer: cannot allocate " + bytes + " bytes of native memory");
                oom.initCause(e);
                throw oom;
            }
            throw e;
        }
    }

    /** The memory; valid until {@link #close()}. */
    public MemorySegment segment() { return segment; }

    public long byteSize() { return segment.byteSize(); }

    public boolean isOpen() { return arena.scope().isAlive(); }

    @Override
    public void close() {
        if (arena.scope().isAlive()) arena.close();
    }
}
