package deeprf.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Work counters reported beside each score. The benchmarks run in throughput mode with
 * {@code @OutputTimeUnit(NANOSECONDS)}, so a counter of floating-point operations reads directly as GFLOP/s
 * (flop/ns) and a counter of bytes as GB/s (byte/ns). JMH prints them as rows named {@code <method>:flop} etc.
 */
public final class Counters {
    private Counters() {}

    /** Floating-point operations done (2mnk for GEMM, n(n+1)k for SYRK). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flop;

        @Setup(Level.Iteration)
        public void reset() { flop = 0; }
    }

    /** Bytes read plus bytes written. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() { bytes = 0; }
    }
}
