package deeprf.backend.java;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The java backend's worker threads, owned by one backend and shut down with it. Work is split into tasks whose
 * boundaries do not depend on the thread count, so every result is bit-identical for 1, 2 or 64 threads.
 */
public final class WorkerPool implements AutoCloseable {
    /** A body over a half-open index range [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private final int threads;
    private final ForkJoinPool pool;

    public WorkerPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("deeprf-java-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    public int threads() { return threads; }

    /**
     * Runs body over [0, n) in chunks of {@code grain} (the last may be shorter). Chunk boundaries depend only on
     * n and grain. Exceptions from a chunk are rethrown in the caller.
     */
    public void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) return;
        int g = Math.max(1, grain);
        int chunks = (n + g - 1) / g;
        if (pool == null || chunks == 1 || inWorker()) {
            for (int c = 0; c < chunks; c++) body.run(c * g, Math.min(n, (c + 1) * g));
            return;
        }
        List<Future<?>> futures = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int from = c * g, to = Math.min(n, (c + 1) * g);
            futures.add(pool.submit(() -> body.run(from, to)));
        }
        RuntimeException first = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Error err) throw err;
                if (first == null) first = cause instanceof RuntimeException re ? re : new RuntimeException(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for java backend workers", e);
            }
        }
        if (first != null) throw first;
    }

    /** A grain that gives about {@code 4·threads} chunks but never fewer than {@code minGrain} items per chunk. */
    public int grainFor(int n, int minGrain) {
        return Math.max(minGrain, (n + 4 * threads - 1) / (4 * threads));
    }

    private boolean inWorker() {
        return Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool;
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
