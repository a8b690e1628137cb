package deeprf.ffi;

import java.util.List;

/**
 * A native library could not be loaded, or it loaded but lacks a symbol. Thrown at the first call of a binding
 * (never while a class initialises); the message names the library, the symbol where one was asked for, and every
 * location tried with why it failed.
 */
public class NativeUnavailableException extends RuntimeException {
    private final List<String> reasons;

    public NativeUnavailableException(String message, List<String> reasons) {
        super(reasons.isEmpty() ? message : message + ": " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    /** A fresh exception (with the caller's stack trace) carrying the message and reasons of a recorded one. */
    NativeUnavailableException(NativeUnavailableException recorded) {
        super(recorded.getMessage(), recorded);
        this.reasons = recorded.reasons;
    }

    /** Each location tried and why it failed, or the missing symbol. */
    public List<String> reasons() { return reasons; }
}
