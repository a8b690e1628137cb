package deeprf.backend;

/**
 * An allocation a backend could not get: {@link #what()} names the matrix, its size and why ("Java heap space"), and
 * {@link #getMessage()} adds how to raise the Java heap, for callers of the library. The command line, which has its
 * own advice (the spec's sizes, DEEPRF_JVM_OPTS), prints {@link #what()} beside it instead.
 */
public final class AllocationError extends OutOfMemoryError {
    private final String what;

    public AllocationError(String what, String remedy, OutOfMemoryError cause) {
        super(remedy.isEmpty() ? what : what + " (" + remedy + ")");
        this.what = what;
        initCause(cause);
    }

    /** The failure without the remedy: "allocate: backend 'java' cannot hold a 4000x4000 matrix (122.1 MiB): Java heap space". */
    public String what() { return what; }

    /** What an out-of-memory error says, less the library's remedy where it is an {@link AllocationError}. */
    public static String whatOf(OutOfMemoryError e) {
        return e instanceof AllocationError a ? a.what() : e.getMessage();
    }
}
