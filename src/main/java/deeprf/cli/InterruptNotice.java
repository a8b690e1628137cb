package deeprf.cli;

import deeprf.experiment.Progress;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * While a run is going, a JVM shutdown hook that tells a user who pressed Ctrl-C (or sent SIGTERM) that the finished
 * draws are on disk and how to resume; the JVM itself prints nothing and exits 130 (SIGINT) or 143 (SIGTERM). Registered for the run only:
 * {@link #close} removes it, so a normal exit (or a user error) prints nothing from here. It wraps the run's progress
 * sink to count the finished draws, which every run kind but structured reports there.
 */
final class InterruptNotice implements Progress, AutoCloseable {
    private final Progress inner;
    private final Thread hook;
    /** Finished draws (those found in the folder included) as last reported; -1 before the first report. */
    private volatile int finished = -1;

    private InterruptNotice(Progress inner, Path out, PrintStream err, boolean afterBar) {
        this.inner = inner;
        // A bar is redrawn in place on its line without a newline: the notice starts a line of its own.
        this.hook = new Thread(() -> err.println((afterBar ? System.lineSeparator() : "") + message(out, finished)), "deeprf-interrupt-notice");
    }

    /** Registers the hook; {@code afterBar}: a progress bar may be on the current line of {@code err}. */
    static InterruptNotice register(Progress inner, Path out, PrintStream err, boolean afterBar) {
        InterruptNotice n = new InterruptNotice(inner, out, err, afterBar);
        Runtime.getRuntime().addShutdownHook(n.hook);
        return n;
    }

    static String message(Path out, int finished) {
        String kept = finished < 0 ? "finished draws are kept" : finished == 1 ? "1 finished draw is kept" : finished + " finished draws are kept";
        return "deeprf: interrupted; " + kept + " in " + out + "; rerun the same command to resume";
    }

    /**
     * A hook that prints {@code message} on Ctrl-C or SIGTERM, for commands that keep nothing until they end (theory:
     * it exited 130 in silence); closing it removes it.
     */
    static Hook saying(String message, PrintStream err) {
        Thread t = new Thread(() -> err.println(System.lineSeparator() + message), "deeprf-interrupt-notice");
        Runtime.getRuntime().addShutdownHook(t);
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(t);
            } catch (IllegalStateException shuttingDown) {
                // exiting already: the hook says it
            }
        };
    }

    /** A registered notice; closing removes it (and throws nothing). */
    interface Hook extends AutoCloseable {
        @Override
        void close();
    }

    /** The hook thread (tests: whether it is still registered). */
    Thread hook() { return hook; }

    @Override
    public void update(int done, int total, int skipped, String last) {
        finished = done;
        inner.update(done, total, skipped, last);
    }

    @Override
    public void finish() { inner.finish(); }

    @Override
    public void note(String line) { inner.note(line); }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting (the interrupt came as the run ended): the hook is what tells the user.
        }
    }
}
