package deeprf.io;

/** The output folder cannot be written (unwritable, disk full, or it holds another experiment): one clear line. */
public final class OutputException extends RuntimeException {
    public OutputException(String message, Throwable cause) { super(message, cause); }

    public OutputException(String message) { super(message); }
}
