package deeprf.ffi;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Holds the JVM's exit until no thread is inside a long native call (BLAS, LAPACK), and starts none after it.
 *
 * <p>Why: OpenBLAS frees its buffers in a C exit handler. Ctrl-C during a {@code cblas_dgemm} or {@code dsyevd}
 * exited the JVM under the running call, which then read freed memory: "A fatal error has been detected by the
 * Java Runtime Environment: SIGSEGV" or "BLAS : Bad memory unallocation!" after deeprf's own interrupt notice (3 of 4
 * interrupts of a blas run at d = 1500, width 3000). A shutdown hook now waits for the calls in flight (up to
 * {@link #WAIT_SECONDS}); a thread that would start one after that parks until the JVM is gone.
 *
 * <p>Process-wide on purpose: the exit handlers it guards against are the process's, as the JVM's exit is.
 */
public final class ExitGate {
    private ExitGate() {}

    /** How long an exit waits for a call in flight (an eigendecomposition of p = 20000 takes minutes: not all). */
    static final long WAIT_SECONDS = 30;

    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    private static final Object DRAINED = new Object();
    private static volatile boolean exiting;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitGate::drain, "deeprf-native-exit-gate"));
    }

    /** Call before a long native call; pair with {@link #leave()} in a finally. Never returns once the JVM exits. */
    public static void enter() {
        if (exiting) parkForever();
        IN_FLIGHT.incrementAndGet();
        if (exiting) {                        // the exit began between the check and the count: do not start
            leave();
            parkForever();
        }
    }

    public static void leave() {
        if (IN_FLIGHT.decrementAndGet() == 0 && exiting)
            synchronized (DRAINED) {
                DRAINED.notifyAll();
            }
    }

    /** Native calls in flight now (tests). */
    static int inFlight() { return IN_FLIGHT.get(); }

    private static void drain() {
        exiting = true;
        if (IN_FLIGHT.get() == 0) return;
        System.err.println("deeprf: waiting up to " + WAIT_SECONDS + " s for the BLAS/LAPACK call in progress to end before exiting");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        synchronized (DRAINED) {
            long left;
            while (IN_FLIGHT.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(DRAINED, left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static void parkForever() {
        while (true) LockSupport.park();
    }
}
