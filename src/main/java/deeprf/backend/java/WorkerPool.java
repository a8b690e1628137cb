package deeprf.backend.java;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The java backend's worker threads, owned by one backend and shut down with it. Work is split into tasks whose
 * boundaries do not depend on the thread count, so every result is bit-identical for 1, 2 or 64 threads.
 *
 * <p>Parallel regions are often short and back to back (the eigensolver's tridiagonalisation runs ~1600
 * matrix-vector products of 50–400 µs each at n = 2000, with tens of microseconds of sequential work between
 * them), so waking a parked thread per region would cost as much as the region. The helpers therefore wait for
 * the next region for {@link #SPIN_NANOS} after each one, spinning briefly and then yielding, before they park
 * (the OpenMP/OpenBLAS policy, bounded, and polite to an oversubscribed host). One caller at a time owns the helpers; a second thread calling in while they are busy gets its
 * helpers from a fallback fork/join pool, so concurrent callers never wait on each other.
 */
public final class WorkerPool implements AutoCloseable {
    /** A body over a half-open index range [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** How long an idle helper spins for the next region before it parks (and how long a caller spins on helpers). */
    static final long SPIN_NANOS = 200_000;
    /**
     * Busy-wait iterations before a waiting thread starts yielding: the first microsecond or so. After it, waiting
     * threads call Thread.yield() between checks, so on a host with more runnable threads than cores a waiting
     * helper hands its core to whoever has work (the caller's sequential code above all) instead of burning it.
     */
    static final int PURE_SPINS = 256;
    /** A helper parked this long without work ends; the next region starts a fresh one. */
    static final long KEEP_ALIVE_NANOS = 10_000_000_000L;

    private final int threads;
    /** threads − 1 spinning helpers, started on first use; the calling thread always takes a share itself. */
    private final Helper[] helpers;
    /** Held by the thread whose region the helpers run. */
    private final ReentrantLock owner = new ReentrantLock();
    /** Helpers for callers that find the spinning helpers busy (created on first such call). */
    private volatile ForkJoinPool fallback;
    /** Set while a thread runs chunks of this pool's region, so a nested forRange from it runs inline. */
    private final ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> false);
    private volatile boolean closed;

    /** The region the helpers run; a new object per region, published by the volatile write of {@code job}. */
    private static final class Job {
        final int n, g, chunks;
        final RangeBody body;
        final AtomicInteger next = new AtomicInteger();
        /** Helpers that joined this region, and of those, the ones that finished. */
        final AtomicInteger joined = new AtomicInteger(), finished = new AtomicInteger();
        volatile Thread waiter;
        Throwable failure;   // guarded by this

        Job(int n, int g, int chunks, RangeBody body) {
            this.n = n;
            this.g = g;
            this.chunks = chunks;
            this.body = body;
        }

        /** Takes chunks until none is left; a failure stops the handing out of chunks. */
        void runShare() {
            try {
                for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement())
                    body.run(c * g, Math.min(n, (c + 1) * g));
            } catch (RuntimeException | Error e) {
                next.set(chunks);
                synchronized (this) {
                    if (failure == null) failure = e;
                    else failure.addSuppressed(e);
                }
            }
        }
    }

    private final class Helper extends Thread {
        /** The region to run next; a helper runs each published Job once. */
        volatile Job job;
        volatile boolean parked, retired;
        private Job last;

        Helper(int index) {
            super("deeprf-java-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            inside.set(true);
            while (!closed) {
                Job j = awaitJob();
                if (j == null) {
                    if (retired) return;
                    continue;
                }
                last = j;
                j.joined.incrementAndGet();
                j.runShare();
                j.finished.incrementAndGet();
                Thread w = j.waiter;
                if (w != null) LockSupport.unpark(w);
            }
        }

        private Job awaitJob() {
            long deadline = 0;
            for (int spins = 0; ; spins++) {
                Job j = job;
                if (j != last) return j;
                if (closed) return null;
                if (spins >= PURE_SPINS) {
                    long now = System.nanoTime();
                    if (deadline == 0) deadline = now + SPIN_NANOS;
                    else if (now > deadline) break;
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
            parked = true;
            try {
                long since = System.nanoTime();
                while (job == last && !closed) {
                    LockSupport.parkNanos(this, KEEP_ALIVE_NANOS);
                    if (job == last && System.nanoTime() - since >= KEEP_ALIVE_NANOS) {
                        // idle: end; a region published to this helper from now on is run by its caller alone
                        retired = true;
                        return null;
                    }
                }
            } finally {
                parked = false;
            }
            Job j = job;
            return j == last ? null : j;
        }
    }

    public WorkerPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.helpers = new Helper[threads - 1];
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
        if (threads == 1 || chunks == 1 || inside.get() || closed) {
            for (int c = 0; c < chunks; c++) body.run(c * g, Math.min(n, (c + 1) * g));
            return;
        }
        Job job = new Job(n, g, chunks, body);
        if (owner.tryLock()) {
            try {
                runWithHelpers(job);
            } finally {
                owner.unlock();
            }
        } else {
            runWithFallback(job);
        }
        Throwable first = job.failure;
        if (first instanceof Error err) throw err;
        if (first instanceof RuntimeException re) throw re;
        if (first != null) throw new RuntimeException(first);
    }

    private void runWithHelpers(Job job) {
        int use = Math.min(helpers.length, job.chunks - 1);
        for (int h = 0; h < use; h++) {
            Helper helper = helpers[h];
            if (helper == null || helper.retired) {
                helpers[h] = helper = new Helper(h);
                helper.start();
            }
            helper.job = job;
            if (helper.parked) LockSupport.unpark(helper);
        }
        inside.set(true);
        try {
            job.runShare();
        } finally {
            inside.set(false);
        }
        // every chunk is taken; wait for the helpers that joined (one that joins later finds nothing to do)
        awaitHelpers(job);
    }

    private static void awaitHelpers(Job job) {
        long deadline = 0;
        for (int spins = 0; job.finished.get() != job.joined.get(); spins++) {
            if (spins >= PURE_SPINS) {
                long now = System.nanoTime();
                if (deadline == 0) deadline = now + SPIN_NANOS;
                else if (now > deadline) {
                    job.waiter = Thread.currentThread();
                    while (job.finished.get() != job.joined.get()) LockSupport.park(job);
                    return;
                }
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private void runWithFallback(Job job) {
        ForkJoinPool fj = fallback;
        if (fj == null) {
            synchronized (this) {
                fj = fallback;
                if (fj == null) {
                    fj = new ForkJoinPool(threads - 1, p -> {
                        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                        t.setName("deeprf-java-fallback-" + t.getPoolIndex());
                        t.setDaemon(true);
                        return t;
                    }, null, false);
                    fallback = fj;
                }
            }
        }
        Runnable share = () -> {
            inside.set(true);
            try {
                job.runShare();
            } finally {
                inside.set(false);
            }
        };
        int use = Math.min(threads - 1, job.chunks - 1);
        Future<?>[] futures = new Future<?>[use];
        for (int h = 0; h < use; h++) futures[h] = fj.submit(share);
        share.run();
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("java backend worker failed outside its chunk", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for java backend workers", e);
            }
        }
    }

    /** A grain that gives about {@code 4·threads} chunks but never fewer than {@code minGrain} items per chunk. */
    public int grainFor(int n, int minGrain) {
        return Math.max(minGrain, (n + 4 * threads - 1) / (4 * threads));
    }

    @Override
    public void close() {
        closed = true;
        for (Helper h : helpers) if (h != null) LockSupport.unpark(h);
        ForkJoinPool fj = fallback;
        if (fj != null) fj.shutdownNow();
    }
}
