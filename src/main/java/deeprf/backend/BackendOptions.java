package deeprf.backend;

/**
 * How to open a backend.
 *
 * @param threads CPU threads the backend may use for its own work (>= 1); GPU backends use it for host-side work only
 * @param device  device ordinal for GPU backends (0 = first), ignored by CPU backends
 */
public record BackendOptions(int threads, int device) {
    public BackendOptions {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (threads > 4096) throw new IllegalArgumentException("threads must be <= 4096, got " + threads);
        if (device < 0) throw new IllegalArgumentException("device must be >= 0, got " + device);
    }

    public static BackendOptions defaults() {
        return new BackendOptions(Runtime.getRuntime().availableProcessors(), 0);
    }

    public static BackendOptions threads(int threads) {
        return new BackendOptions(threads, 0);
    }
}
