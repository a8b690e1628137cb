package deeprf.backend.java;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

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
    /** threads − 1 helpers: the calling thread always takes a share itself (no hand-off for the first chunk). */
    private final ForkJoinPool pool;
    /** Set while this pool's caller runs chunks, so a nested forRange from the caller runs inline like a worker's. */
    private final ThreadLocal<Boolean> callerInside = ThreadLocal.withInitial(() -> false);

    public WorkerPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads - 1, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("deeprf-java-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    public int threads() { return threads; }

    /**
     * Runs body over [0, n) in chunks of {@code grain} (the last may be shorter). Chunk boundaries depend only on
     * n and grain. The calling thread and up to threads − 1 helpers take chunks from a shared counter, so the caller
     * starts at once and a helper that is slow to wake costs nothing but its share. Exceptions from a chunk are
     * rethrown in the caller (the first one; the others are suppressed into it).
     */
    public void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) return;
        int g = Math.max(1, grain);
        int chunks = (n + g - 1) / g;
        if (pool == null || chunks == 1 || inWorker() || callerInside.get()) {
            for (int c = 0; c < chunks; c++) body.run(c * g, Math.min(n, (c + 1) * g));
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable share = () -> {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement())
                body.run(c * g, Math.min(n, (c + 1) * g));
        };
        int helpers = Math.min(threads - 1, chunks - 1);
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int h = 0; h < helpers; h++) futures.add(pool.submit(share));
        Throwable first = null;
        callerInside.set(true);
        try {
            share.run();
        } catch (RuntimeException | Error e) {
            first = e;
            next.set(chunks);              // stop handing out chunks; helpers finish the one they hold
        } finally {
            callerInside.set(false);
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (first == null) first = cause;
                else first.addSuppressed(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for java backend workers", e);
            }
        }
        if (first instanceof Error err) throw err;
        if (first instanceof RuntimeException re) throw re;
        if (first != null) throw new RuntimeException(first);
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
