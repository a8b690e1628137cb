package deeprf.cli;

import deeprf.experiment.Experiment;
import deeprf.experiment.ExperimentSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** A small real experiment (examples/demo.toml, bundled in the jar): double descent of a tanh random-feature model. */
@Command(name = "demo", description = "Run a small real experiment (double descent of tanh random features, with its Gaussian-equivalent surrogate) in seconds.")
final class DemoExperimentCommand implements Callable<Integer> {
    static final String RESOURCE = "/deeprf/demo.toml";

    @Option(names = "--out", defaultValue = "deeprf-demo", paramLabel = "DIR", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, java, blas, cuda (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--threads", description = "CPU threads (default: all cores)")
    Integer threads;

    @Option(names = "--quiet", description = "no banner, progress bar or report, only errors")
    boolean quiet;

    static String demoSpec() {
        try (InputStream in = DemoExperimentCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("demo spec " + RESOURCE + " is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the demo spec", e);
        }
    }

    @Override
    public Integer call() {
        ExperimentSpec spec = ExperimentSpec.parse(demoSpec(), "demo.toml");
        Experiment experiment = new Experiment(spec);
        // The banner is printed once the backend is open, so that a bad --threads, --out or --backend comes first, alone.
        Experiment.Report r = BackendRun.run(backend, threads, quiet, out, (be, dir, progress) -> {
            if (!quiet) {
                System.out.println("deeprf demo: " + spec.title());
                System.out.println("  " + spec.points().size() + " sweep points x " + spec.seeds().size() + " seeds (spec: examples/demo.toml)");
            }
            return experiment.run(be, dir, progress);
        });
        if (quiet) return 0;   // as run --quiet: only errors
        RunCommand.report(System.out, r);
        System.out.println("Open " + r.folder().resolve("test_error.png") + " to see simulated test error (points, error bars over seeds)");
        System.out.println("against n/d, beside its Gaussian-equivalent surrogate. Run your own: ./deeprf run SPEC --out DIR");
        return 0;
    }
}
