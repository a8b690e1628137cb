package deeprf.backend.java;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.*;

/** The pool's contract: every index exactly once, failures reach the caller, concurrent and nested callers finish. */
class WorkerPoolTest {

    /** Runs forRange over n items and checks that every index was visited exactly once. */
    private static void assertEachOnce(WorkerPool pool, int n, int grain) {
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        pool.forRange(n, grain, (from, to) -> {
            assertTrue(0 <= from && from < to && to <= n, "chunk [" + from + ", " + to + ") outside [0, " + n + ")");
            for (int i = from; i < to; i++) seen.incrementAndGet(i);
        });
        for (int i = 0; i < n; i++) assertEquals(1, seen.get(i), "index " + i + " of " + n + " (grain " + grain + ")");
    }

    @Test
    void everyIndexOnceForManyBackToBackRegions() {
        for (int threads : new int[]{1, 2, 3}) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                // many short regions in a row: the helpers' wait-for-the-next-region path, and regions with fewer
                // chunks than threads
                for (int r = 0; r < 2000; r++) assertEachOnce(pool, 1 + r % 37, 1 + r % 5);
            }
        }
    }

    @Test
    void failureInAnyChunkReachesTheCallerAndThePoolStaysUsable() {
        try (WorkerPool pool = new WorkerPool(2)) {
            for (int bad = 0; bad < 8; bad++) {
                int b = bad;
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.forRange(8, 1, (from, to) -> {
                    if (from == b) throw new IllegalStateException("chunk " + b);
                }));
                assertEquals("chunk " + b, e.getMessage());
                assertEachOnce(pool, 100, 3);
            }
        }
    }

    @Test
    void concurrentCallersAndNestedCallsFinish() throws Exception {
        try (WorkerPool pool = new WorkerPool(2)) {
            Thread[] callers = new Thread[3];
            Throwable[] failures = new Throwable[callers.length];
            for (int t = 0; t < callers.length; t++) {
                int id = t;
                callers[t] = new Thread(() -> {
                    try {
                        for (int r = 0; r < 300; r++) {
                            assertEachOnce(pool, 64, 4);
                            // a nested region runs inline on whichever thread runs the outer chunk
                            pool.forRange(4, 1, (from, to) -> assertEachOnce(pool, 16, 2));
                        }
                    } catch (Throwable e) {
                        failures[id] = e;
                    }
                });
                callers[t].start();
            }
            for (Thread c : callers) c.join(60_000);
            for (int t = 0; t < callers.length; t++) {
                assertFalse(callers[t].isAlive(), "caller " + t + " did not finish within 60 s");
                if (failures[t] != null) throw new AssertionError("caller " + t + " failed", failures[t]);
            }
        }
    }

    @Test
    void afterCloseRegionsRunOnTheCaller() {
        WorkerPool pool = new WorkerPool(2);
        assertEachOnce(pool, 10, 1);
        pool.close();
        Thread me = Thread.currentThread();
        pool.forRange(10, 1, (from, to) -> assertSame(me, Thread.currentThread()));
    }

    @Test
    void rejectsFewerThanOneThread() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WorkerPool(0));
        assertTrue(e.getMessage().contains("threads must be >= 1"), e.getMessage());
    }
}
