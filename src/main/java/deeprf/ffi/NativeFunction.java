package deeprf.ffi;

import java.lang.invoke.MethodHandle;

/**
 * One C function of a {@link NativeLibrary}: its downcall handle, or the reason there is none. Created by the
 * static initialiser of a per-function holder class, which therefore never throws; the failure is thrown by
 * {@link #handle()} at the first call, naming library and symbol.
 */
public final class NativeFunction {
    private final String symbol;
    private final MethodHandle handle;
    private final NativeUnavailableException failure;

    private NativeFunction(String symbol, MethodHandle handle, NativeUnavailableException failure) {
        this.symbol = symbol;
        this.handle = handle;
        this.failure = failure;
    }

    static NativeFunction bound(String symbol, MethodHandle handle) { return new NativeFunction(symbol, handle, null); }

    static NativeFunction missing(String symbol, NativeUnavailableException failure) { return new NativeFunction(symbol, null, failure); }

    /** The exact C name. */
    public String symbol() { return symbol; }

    public boolean isAvailable() { return handle != null; }

    /** The downcall handle (traced when {@link Trace#ENABLED}); throws {@link NativeUnavailableException} if there is none. */
    public MethodHandle handle() {
        if (handle == null) {
            // A fresh exception per call keeps the caller's stack trace; the recorded one (its cause) says why.
            throw new NativeUnavailableException(failure);
        }
        return handle;
    }

    /** Why the function cannot be called, or null when it can. */
    public String unavailableReason() { return failure == null ? null : failure.getMessage(); }

    /**
     * Rethrows what a downcall handle threw: unchecked exceptions and errors as they are, anything else (which
     * downcalls do not throw) wrapped, naming the function.
     */
    public RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException re) return re;
        if (t instanceof Error err) throw err;
        return new IllegalStateException("downcall " + symbol + " threw " + t, t);
    }

    @Override
    public String toString() { return "NativeFunction[" + symbol + (handle != null ? "" : ", unavailable") + "]"; }
}
