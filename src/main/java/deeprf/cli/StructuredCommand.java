package deeprf.cli;

import deeprf.structured.StructuredRunner;
import deeprf.structured.StructuredSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code deeprf structured SPEC --out DIR}: deep structured Gaussian features, simulation beside theory. */
@Command(name = "structured", description = "Deep linear structured Gaussian features (THEORY.md §8): simulation, exact conditional theory "
        + "and weight-free S-transform theory over sample ratios; tidy/aggregated CSV, PNG plots, summary.json; resumable.")
final class StructuredCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "TOML spec with kind = \"structured\" (see examples/structured-*.toml)")
    Path spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (rerunning into it resumes)")
    Path out;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, java, blas, cuda (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores)")
    Integer threads;

    @Option(names = "--quiet", description = "no progress lines or closing report, only errors")
    boolean quiet;

    @Override
    public Integer call() {
        return run(spec, out, backend, threads, quiet);
    }

    /**
     * Shared by {@code deeprf structured} and {@code deeprf run} on a spec with {@code kind = "structured"}; the
     * backend, thread check and output errors are {@link BackendRun}'s, as for every run kind.
     */
    static int run(Path spec, Path out, String backend, Integer threads, boolean quiet) {
        StructuredSpec s = StructuredSpec.load(spec);
        StructuredRunner.Result r = BackendRun.run(backend, threads, quiet, out, "n0, the layers' ratio, sample_ratios or block",
                (be, dir, progress) -> StructuredRunner.run(s, dir, be, quiet ? null : System.err::println));
        if (!quiet)                                     // --quiet: only errors, as for the other kinds
            System.out.printf("structured: %d draws run now, %d already done, %.1f s; results in %s (results.csv, aggregated.csv, theory_curves.csv%s, summary.json)%n",
                    r.unitsRun(), r.unitsSkipped(), r.wallSeconds(), out,
                    deeprf.report.ChartSupport.unavailableReason() == null ? ", test_error_lambda_*.png" : "");
        return 0;
    }
}
