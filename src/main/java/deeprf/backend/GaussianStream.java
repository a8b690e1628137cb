package deeprf.backend;

/**
 * Names a stream of standard normal numbers of the counter-based generator (Philox4x32-10, see
 * {@link deeprf.random.Philox}): number {@code i} of stream {@code (seed, stream)} is a pure function of the three,
 * identical on every backend, whatever the thread count or block size. Give every random object of an
 * experiment its own stream id (weights of layer 1, data, label noise, ...), and address samples by offset.
 */
public record GaussianStream(long seed, long stream) {
    public GaussianStream {
        if (stream < 0) throw new IllegalArgumentException("GaussianStream: stream id must be >= 0, got " + stream);
    }
}
