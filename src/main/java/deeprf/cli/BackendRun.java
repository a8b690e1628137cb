package deeprf.cli;

import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.Backends;
import deeprf.experiment.OutputException;
import deeprf.experiment.Progress;

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

    /** Opens the backend, picks a progress bar (terminal) or none, runs, and turns output failures into user errors. */
    static <R> R run(String backend, Integer threads, boolean quiet, Path out, Task<R> task) {
        if (threads != null && (threads < 1 || threads > 4096)) throw new UserError("--threads must be in [1, 4096], got " + threads);
        BackendOptions opts = threads == null ? BackendOptions.defaults() : BackendOptions.threads(threads);
        java.io.Console console = System.console();
        boolean terminal = console != null && console.isTerminal();
        Progress progress = quiet || !terminal ? Progress.none() : Progress.bar(System.err);
        try (Backend be = Backends.open(backend, opts)) {
            return task.run(be, out, progress);
        } catch (OutputException ex) {
            throw new UserError(ex.getMessage(), ex);
        }
    }
}
