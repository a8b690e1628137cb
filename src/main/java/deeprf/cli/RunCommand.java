package deeprf.cli;

import deeprf.experiment.Experiment;
import deeprf.experiment.ExperimentSpec;
import deeprf.experiment.OnlineExperiment;
import deeprf.experiment.OnlineSpec;
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
        OnlineExperiment.Report r = BackendRun.run(backend, threads, quiet, out, "online.n, online.k (or k_over_n), online.m or online.replicas", e::run);
        if (!quiet) {
            System.out.printf("%d rows (%d draws run now, %d already done, %d rows not ok) in %.1f s%n", r.rows(), r.ran(), r.skipped(), r.notOk(), r.seconds());
            System.out.println("results:    " + r.folder().resolve("results.csv"));
            System.out.println("aggregated: " + r.folder().resolve("aggregated.csv"));
            System.out.println("summary:    " + r.folder().resolve("summary.json"));
            for (Path p : r.plots()) System.out.println(label(p) + p);
        }
        return 0;
    }

    static Experiment.Report execute(Experiment e, String backend, Integer threads, Path out, boolean quiet) {
        return BackendRun.run(backend, threads, quiet, out, e::run);
    }

    static void report(PrintStream o, Experiment.Report r) {
        o.printf("%d rows (%d draws run now, %d already done, %d rows not ok) in %.1f s%n", r.rows().size(), r.ran(), r.skipped(), r.notOk(), r.seconds());
        o.println("results:    " + r.folder().resolve("results.csv"));
        o.println("aggregated: " + r.folder().resolve("aggregated.csv"));
        o.println("summary:    " + r.folder().resolve("summary.json"));
        for (Path p : r.plots()) o.println(label(p) + p);
        if (r.plots().isEmpty() && deeprf.report.ChartSupport.unavailableReason() == null)   // else the run said why already
            o.println("plot:       none (curves run along the first numeric sweep axis, or along λ' > 0 when there is none; "
                    + "this spec has neither, or no result at the plotted λ')");
    }

    /** The line's label for a file the plots wrote: a CSV beside them (layer_spectra.csv, the panels' numbers) is a table. */
    static String label(Path file) {
        return file.getFileName().toString().endsWith(".csv") ? "table:      " : "plot:       ";
    }
}
