package deeprf.backend.cuda;

/**
 * A CUDA call failed in a way the caller cannot fix by changing arguments: a kernel launch failure, a library
 * internal error, or a sticky error after which the CUDA context is unusable. {@link #backendClosed()} says whether
 * the backend closed itself (sticky errors); its matrices are then gone and it must be reopened in a new process.
 */
public final class DeviceFailureException extends RuntimeException {
    private final boolean backendClosed;

    DeviceFailureException(String message, boolean backendClosed, Throwable cause) {
        super(message, cause);
        this.backendClosed = backendClosed;
    }

    public boolean backendClosed() { return backendClosed; }
}
