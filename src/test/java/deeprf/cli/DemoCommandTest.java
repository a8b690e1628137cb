package deeprf.cli;

import org.junit.jupiter.api.Test;

import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.*;

/** selfcheck's timing: the warm-up lasts while the JIT compiles or calls get faster, so the timed calls see compiled code. */
class DemoCommandTest {
    /** A call that takes 40 ms for its first {@code slow} runs (code not yet compiled), then 2 ms. */
    private static Runnable slowThenFast(int slow) {
        int[] calls = {0};
        return () -> LockSupport.parkNanos(calls[0]++ < slow ? 40_000_000L : 2_000_000L);
    }

    @Test
    void warmUpGoesOnUntilTheCallsStopGettingFaster() {
        // 30 slow calls are 1.2 s: a fixed second of warm-up would end among them and time the slow calls
        // the JIT reports compilations finishing until the 30th call, as C2 does while it compiles the kernels
        Runnable call = slowThenFast(30);
        int[] seen = {0};
        int warm = DemoCommand.warmUp(() -> { }, () -> seen[0]++, call, () -> Math.min(seen[0], 30));
        assertTrue(warm > 30, "warm-up stopped after " + warm + " calls, before the calls got faster");
        double fastest = DemoCommand.fastest(() -> { }, 0.1, 5, () -> { }, call)[0];
        assertTrue(fastest < 0.02, "timed calls still slow: " + fastest + " s");
    }

    /** A second, then half a second without a faster call or a compilation: 1.5 s of calls (3 s allows a loaded host). */
    @Test
    void warmUpOfCallsThatNeverGetFasterEndsSoonAfterItsFirstSecond() {
        long t = System.nanoTime();
        int warm = DemoCommand.warmUp(() -> { }, () -> { }, slowThenFast(Integer.MAX_VALUE), () -> 7L);   // JIT idle
        double s = (System.nanoTime() - t) * 1e-9;
        assertTrue(warm >= 3 && s < 3.0, warm + " calls in " + s + " s");
    }
}
