package deeprf.cli;

import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.BackendProbe;
import deeprf.backend.Backends;
import deeprf.experiment.OutputFolder;
import deeprf.experiment.Progress;
import deeprf.io.OutputException;

import java.nio.file.Path;

/**
 * How every run-kind command ({@code run}, {@code structured}, {@code demo}) executes: one place for the
 * {@code --threads} check, backend opening and closing, the progress sink, and output failures turned into user errors.
 */
final class BackendRun {
    private BackendRun() {}

    /** What a run kind does with an open backend, an output folder and a progress sink. */
    interface Task<R> {
        R run(Backend be, Path out, Progress progress);
    }

    /** Seconds between progress lines when stderr is not a terminal. */
    private static final double LOG_PROGRESS_SECONDS = 30;

    /**
     * Opens the backend, picks a progress bar (terminal), progress lines (a log) or none (--quiet), runs (saying on
     * Ctrl-C what is kept: {@link InterruptNotice}), and turns output failures and running out of memory into user errors.
     */
    static <R> R run(String backend, Integer threads, boolean quiet, Path out, Task<R> task) {
        return run(backend, threads, quiet, out, "data.d, n, n_test, the layer widths or [compute] block_size", task);
    }

    /** As above; {@code sizeKeys} names the spec keys that set the run's memory, for the out-of-memory message. */
    static <R> R run(String backend, Integer threads, boolean quiet, Path out, String sizeKeys, Task<R> task) {
        checkThreads(threads);
        checkOut(out);
        BackendOptions opts = threads == null ? BackendOptions.defaults() : BackendOptions.threads(threads);
        boolean terminal = stderrIsTerminal();
        Progress progress = quiet ? Progress.none() : terminal ? Progress.bar(System.err) : Progress.lines(System.err, LOG_PROGRESS_SECONDS);
        try (Backend be = Backends.open(backend, opts);
             InterruptNotice notice = InterruptNotice.register(progress, out, System.err, terminal && !quiet)) {
            if (!quiet && backend.trim().equalsIgnoreCase("auto")) System.err.println(autoChoice(be.name()));
            return task.run(be, out, notice);
        } catch (OutputException ex) {
            throw new UserError(ex.getMessage(), ex);
        } catch (OutOfMemoryError ex) {
            // Caught here, after the backend has freed its matrices: sizes the spec allows can still exceed this
            // machine. The rows finished so far are in the folder; a rerun with more memory resumes from them.
            throw new UserError("out of memory (" + deeprf.backend.AllocationError.whatOf(ex) + "): the run needs more than this machine or JVM gives it (Java heap at most "
                    + Runtime.getRuntime().maxMemory() / (1L << 20) + " MiB); make " + sizeKeys + " smaller, or raise the heap with "
                    + "DEEPRF_JVM_OPTS=-Xmx<size> (blas and cuda hold their matrices outside the heap); finished rows are kept and a rerun resumes", ex);
        }
    }

    /**
     * "deeprf: backend auto: blas (skipped cuda: no driver …)": which backend auto took and why it passed over the ones
     * it prefers, so that a BLAS library pointed at but not loadable does not go unnoticed.
     */
    static String autoChoice(String chosen) {
        StringBuilder skipped = new StringBuilder();
        for (BackendProbe p : Backends.probeAll()) {
            if (p.name().equals(chosen)) break;
            skipped.append(skipped.isEmpty() ? " (skipped " : "; ").append(p.name()).append(": ")
                    .append(p.available() ? "failed to open" : p.reasons().get(0));
        }
        return "deeprf: backend auto: " + chosen + (skipped.isEmpty() ? "" : skipped + ")");
    }

    /**
     * Whether stderr, where progress goes, is a terminal: the launcher says (-Ddeeprf.stderr.terminal, from the
     * shell's test -t 2); embedded without it, the console's answer, which is about stdin and stdout.
     */
    private static boolean stderrIsTerminal() {
        String said = System.getProperty("deeprf.stderr.terminal");
        if (said != null) return Boolean.parseBoolean(said);
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** The --threads check of every command that takes it (null: all cores), so that all say the same. */
    static void checkThreads(Integer threads) {
        if (threads != null && (threads < 1 || threads > 4096)) throw new UserError("--threads must be in [1, 4096], got " + threads);
    }

    /**
     * --out must not be empty (an empty path is the working folder, which nobody means) nor a file — checked here so
     * that the error comes before any banner or work; the rest (another spec's results, a run in progress) is
     * {@link OutputFolder}'s to say when the run claims the folder, for the CLI and the Java API alike.
     */
    static void checkOut(Path out) {
        if (out == null || out.toString().isBlank()) throw new UserError("--out is empty; allowed: a folder path (created if missing)");
        try {
            OutputFolder.refuseFile(out);
        } catch (OutputException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
