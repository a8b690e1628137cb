package deeprf.ffi;

/**
 * A native function returned a failure status (a cuBLAS status, a CUDA error, a LAPACK {@code info}). The message
 * names the function, the decoded status and its number; callers that must react to one status read
 * {@link #status()}.
 */
public class NativeStatusException extends RuntimeException {
    private final String function;
    private final long status;

    public NativeStatusException(String function, long status, String meaning) {
        super(function + " failed with status " + status + (meaning == null || meaning.isBlank() ? "" : " (" + meaning + ")"));
        this.function = function;
        this.status = status;
    }

    /** The exact C name of the function that failed. */
    public String function() { return function; }

    /** The raw status or info value it returned. */
    public long status() { return status; }
}
