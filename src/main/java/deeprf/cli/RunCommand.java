package deeprf.cli;

import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.Backends;
import deeprf.experiment.Experiment;
import deeprf.experiment.ExperimentSpec;
import deeprf.experiment.OnlineExperiment;
import deeprf.experiment.OnlineSpec;
import deeprf.experiment.OutputException;
import deeprf.experiment.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Runs an experiment spec into an output folder (resumable). */
@Command(name = "run", description = "Run an experiment spec (TOML) into an output folder; a rerun into the same folder resumes.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "experiment spec (TOML), see examples/")
    Path spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created; reruns skip finished draws)")
    Path out;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, java, blas, cuda (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--threads", description = "CPU threads (default: all cores)")
    Integer threads;

    @Option(names = "--quiet", description = "no progress bar, only errors")
    boolean quiet;

    @Override
    public Integer call() {
        String kind = ExperimentSpec.kindOf(spec);
        if (kind.equals("online")) return runOnline();
        if (kind.equals("structured")) return StructuredCommand.run(spec, out, backend, threads, quiet);
        ExperimentSpec s = ExperimentSpec.load(spec);
        Experiment.Report r = execute(new Experiment(s), backend, threads, out, quiet);
        if (!quiet) report(System.out, r);
        return 0;
    }

    private int runOnline() {
        OnlineExperiment e = new OnlineExperiment(OnlineSpec.fromTree(ExperimentSpec.readTree(spec)));
        OnlineExperiment.Report r = withBackend(backend, threads, quiet, e::run, out);
        if (!quiet) {
            System.out.printf("%d rows (%d draws run now, %d already done) in %.1f s%n", r.rows(), r.ran(), r.skipped(), r.seconds());
            System.out.println("results:    " + r.folder().resolve("results.csv"));
            System.out.println("aggregated: " + r.folder().resolve("aggregated.csv"));
            System.out.println("summary:    " + r.folder().resolve("summary.json"));
            for (Path p : r.plots()) System.out.println("plot:       " + p);
        }
        return 0;
    }

    static Experiment.Report execute(Experiment e, String backend, Integer threads, Path out, boolean quiet) {
        return withBackend(backend, threads, quiet, e::run, out);
    }

    /** What a run kind does with an open backend, an output folder and a progress sink. */
    interface Runner<R> {
        R run(Backend be, Path out, Progress progress);
    }

    /** Opens the backend, picks a progress bar (terminal) or none, runs, and turns output failures into user errors. */
    static <R> R withBackend(String backend, Integer threads, boolean quiet, Runner<R> runner, Path out) {
        if (threads != null && (threads < 1 || threads > 4096)) throw new UserError("--threads must be in [1, 4096], got " + threads);
        BackendOptions opts = threads == null ? BackendOptions.defaults() : BackendOptions.threads(threads);
        java.io.Console console = System.console();
        boolean terminal = console != null && console.isTerminal();
        Progress progress = quiet || !terminal ? Progress.none() : Progress.bar(System.err);
        try (Backend be = Backends.open(backend, opts)) {
            return runner.run(be, out, progress);
        } catch (OutputException ex) {
            throw new UserError(ex.getMessage(), ex);
        }
    }

    static void report(PrintStream o, Experiment.Report r) {
        o.printf("%d rows (%d draws run now, %d already done, %d rows not ok) in %.1f s%n", r.rows().size(), r.ran(), r.skipped(), r.notOk(), r.seconds());
        o.println("results:    " + r.folder().resolve("results.csv"));
        o.println("aggregated: " + r.folder().resolve("aggregated.csv"));
        o.println("summary:    " + r.folder().resolve("summary.json"));
        for (Path p : r.plots()) o.println("plot:       " + p);
    }
}
