package deeprf.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import deeprf.backend.Backend;
import deeprf.backend.Backends;
import deeprf.io.AtomicFiles;
import deeprf.io.FileErrors;
import deeprf.io.OutputException;
import deeprf.model.Linearisation;
import deeprf.model.LinearisationRule;
import deeprf.theory.Coefficients;
import deeprf.theory.GaussianEquivalence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Set;

/**
 * Runs an {@link ExperimentSpec}: every sweep point × seed as one {@link Trial} on a backend, in memory
 * ({@link #run(Backend)}) or into an output folder with resume, aggregates, summary, spectra and plots
 * ({@link #run(Backend, Path, Progress)}). This is everything {@code deeprf run} does, without the CLI.
 */
public final class Experiment {

    /** The Gaussian-equivalence coefficients of the theory package (THEORY.md §2), per neuron. */
    public static final LinearisationRule GAUSSIAN_EQUIVALENCE = (f, q, mean) -> {
        Coefficients c = GaussianEquivalence.of(f, q, mean);
        return new Linearisation(c.mu0(), c.mu1(), c.muStar());
    };

    private final ExperimentSpec spec;
    private final LinearisationRule rule;

    public Experiment(ExperimentSpec spec) {
        this(spec, GAUSSIAN_EQUIVALENCE);
    }

    /** @param rule the surrogate's per-neuron coefficients (used where the spec asks for the surrogate) */
    public Experiment(ExperimentSpec spec, LinearisationRule rule) {
        this.spec = Objects.requireNonNull(spec, "Experiment: spec must not be null");
        this.rule = Objects.requireNonNull(rule, "Experiment: rule must not be null (Experiment.GAUSSIAN_EQUIVALENCE is the default; "
                + "readout.surrogate = false runs without a surrogate)");
    }

    public ExperimentSpec spec() { return spec; }

    /**
     * Runs every draw in memory and returns the rows (point × seed × λ').
     *
     * @throws IllegalArgumentException where one draw cannot fit in memory (checked before the first draw)
     */
    public List<ResultRow> run(Backend be) {
        Backends.requireOpen(be, "Experiment.run");
        DrawMemory.check(spec, be);
        List<ResultRow> rows = new ArrayList<>();
        for (PointSpec p : spec.points())
            for (long seed : spec.seeds()) rows.addAll(Trial.run(be, p, seed, rule).rows());
        return rows;
    }

    /**
     * What a run into a folder did.
     *
     * @param folder   the output folder
     * @param rows     all rows now in results.csv (earlier runs included)
     * @param ran      draws run now
     * @param skipped  draws found finished in the folder
     * @param notOk    rows whose status is not ok
     * @param seconds  wall time of this run
     * @param plots    plot files written
     */
    public record Report(Path folder, List<ResultRow> rows, int ran, int skipped, int notOk, double seconds, List<Path> plots) {
        /** A summary line: the rows themselves are in {@link #rows()} (printing them all made logs unreadable). */
        @Override
        public String toString() {
            return String.format("Report[%s: %d rows, %d draws run, %d resumed, %d rows not ok, %.1f s, %d plots]",
                    folder, rows.size(), ran, skipped, notOk, seconds, plots.size());
        }
    }

    /**
     * Runs into {@code out}: draws already in its results.csv are skipped; each finished draw is appended at once
     * (see {@link ResultStore}); spectra go to {@code spectra/*.npy}; at the end aggregated.csv, summary.json and the
     * plots are (re)written atomically.
     *
     * @throws OutputException when the folder cannot be written, holds another experiment or another run is writing
     *                         into it
     */
    public Report run(Backend be, Path out, Progress progress) {
        return run(be, out, progress, ResultStore.Appender.FILE);
    }

    /** As {@link #run(Backend, Path, Progress)}, appending to results.csv through {@code appender} (tests: a full disk). */
    Report run(Backend be, Path out, Progress progress, ResultStore.Appender appender) {
        Backends.requireOpen(be, "Experiment.run");
        Objects.requireNonNull(out, "Experiment.run: out must not be null");
        Objects.requireNonNull(progress, "Experiment.run: progress must not be null (Progress.none() for none)");
        DrawMemory.check(spec, be);                          // before the folder is touched
        try (OutputFolder.Lock lock = OutputFolder.lock(out)) {
            return runLocked(be, out, progress, appender);
        }
    }

    private Report runLocked(Backend be, Path out, Progress progress, ResultStore.Appender appender) {
        long t0 = System.nanoTime();
        String started = Instant.now().toString();
        ResultTable table = ResultTable.of(spec);
        int total = spec.points().size() * spec.seeds().size();
        int ran = 0, skipped;
        List<ResultRow> rows;
        try (ResultStore store = ResultStore.open(out, spec, table, appender)) {
            Set<String> done = store.finished();
            skipped = done.size();
            Path spectra = out.resolve("spectra");
            int count = skipped;
            if (store.repairs() != null) progress.note(store.repairs());   // said, not silent
            progress.update(count, total, skipped, skipped > 0 ? "resumed " + skipped + " draws" : "");
            for (PointSpec p : spec.points()) {
                for (long seed : spec.seeds()) {
                    if (done.contains(ResultStore.key(p.index(), seed))) continue;
                    Trial.Outcome o = Trial.run(be, p, seed, rule);
                    writeSpectra(spectra, p, seed, o.spectra());
                    store.append(o.rows());
                    ran++;
                    count++;
                    progress.update(count, total, skipped, "point " + p.index() + " seed " + seed);
                }
            }
            rows = new ArrayList<>(store.rows());
        } finally {
            progress.finish();
        }
        rows.sort(java.util.Comparator.comparingInt(ResultRow::point).thenComparingInt(r -> spec.seeds().indexOf(r.seed())));
        List<Aggregate> aggs = Aggregate.of(rows);
        List<Path> plots;
        int notOk = 0;
        for (ResultRow r : rows) if (!r.ok()) notOk++;
        double seconds;
        try {
            AtomicFiles.write(out.resolve("aggregated.csv"), Aggregate.csv(aggs, table.parameterNames, table.surrogate, table.theory).getBytes(StandardCharsets.UTF_8));
            plots = new ArrayList<>();
            if (deeprf.report.ChartSupport.availableOrWarn()) {
                plots.addAll(Plots.write(out, spec, aggs, table.surrogate, table.theory));
                plots.addAll(layerSpectraPlots(out, progress));
            }
            seconds = (System.nanoTime() - t0) * 1e-9;          // the whole run, plots included, as online and structured runs count it
            AtomicFiles.write(out.resolve("summary.json"), summary(be, started, seconds, total, ran, skipped, rows.size(), notOk, plots).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OutputException("cannot write " + FileErrors.subject(e, out) + ": " + FileErrors.reason(e) + "; results.csv is intact", e);
        }
        return new Report(out, rows, ran, skipped, notOk, seconds, plots);
    }

    /**
     * For every point that keeps layer spectra: one figure with a panel per layer, the eigenvalues of all its finished
     * draws (read back from spectra/*.npy, so a resumed run plots every draw) against the predicted density.
     */
    private List<Path> layerSpectraPlots(Path out, Progress progress) throws IOException {
        List<Path> written = new ArrayList<>();
        List<PointSpec> withSpectra = spec.points().stream().filter(PointSpec::layerSpectra).toList();
        // each panel's predicted density is hundreds of fixed-point solves: seconds per layer, after the last draw's line
        int panels = withSpectra.stream().mapToInt(p -> p.learner().size()).sum();
        if (panels > 0) progress.note("plotting layer spectra: the predicted density of " + panels + (panels == 1 ? " layer" : " layers") + " ...");
        StringBuilder agreementCsv = new StringBuilder("point,layer,draws,eigenvalues,ks_n_sample_law,ks_population_law,notes\n");
        boolean anyAgreement = false;
        for (PointSpec p : withSpectra) {
            List<List<double[]>> perLayer = new ArrayList<>();
            for (int l = 1; l <= p.learner().size(); l++) {
                List<double[]> draws = new ArrayList<>();
                for (long seed : spec.seeds()) {
                    Path f = out.resolve("spectra").resolve(String.format("point%04d_seed%d_layer%d.npy", p.index(), seed, l));
                    if (Files.exists(f)) draws.add(Npy.decode(Files.readAllBytes(f)));
                }
                perLayer.add(draws);
            }
            String stem = withSpectra.size() == 1 ? "layer_spectra" : String.format("layer_spectra_point%04d", p.index());
            List<SpectraPlots.Agreement> agreement = new ArrayList<>();
            written.addAll(SpectraPlots.write(out, stem, SpectraPlots.title(spec.title(), p), p.n(), SpectraPlots.panels(p, perLayer), agreement));
            for (SpectraPlots.Agreement a : agreement) {
                agreementCsv.append(Csv.line(List.of(Integer.toString(p.index()), Integer.toString(a.layer()), Integer.toString(a.draws()),
                        Integer.toString(a.eigenvalues()), Csv.num(a.ksSampled()), Csv.num(a.ksPopulation()), a.notes())));
                anyAgreement = true;
            }
        }
        // the numbers behind "the histogram follows the law": each layer's Kolmogorov distance, to plot or test against
        if (anyAgreement) {
            Path csv = out.resolve("layer_spectra.csv");
            AtomicFiles.write(csv, agreementCsv.toString().getBytes(StandardCharsets.UTF_8));
            written.add(csv);
        }
        return written;
    }

    private static void writeSpectra(Path dir, PointSpec p, long seed, Map<String, double[]> spectra) {
        if (spectra.isEmpty()) return;
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, double[]> e : spectra.entrySet())
                AtomicFiles.write(dir.resolve(String.format("point%04d_seed%d_%s.npy", p.index(), seed, e.getKey())), Npy.encode(e.getValue()));
        } catch (IOException e) {
            throw new OutputException("cannot write " + FileErrors.subject(e, dir) + ": " + FileErrors.reason(e) + "; results.csv is intact", e);
        }
    }

    private String summary(Backend be, String started, double seconds, int total, int ran, int skipped, int rows, int notOk, List<Path> plots) throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode s = SummaryJson.start("ridge", spec.title(), be, spec.seeds());
        SummaryJson.counts(s, total, ran, skipped, started, seconds);
        s.put("points", spec.points().size());
        ObjectNode axes = s.putObject("sweep");
        // the axes as the spec gave them (sweepAxes holds them as text): numbers stay numbers
        for (String k : spec.sweepAxes().keySet()) axes.set(k, spec.raw().path("sweep").path(k).deepCopy());
        s.put("rows", rows);
        s.put("rows_not_ok", notOk);
        s.put("test_error", "mean squared error on n_test fresh samples against the clean target f*(x)");
        s.put("train_error", "(1/n)||y - Phi w||^2 against the noisy training labels");
        s.put("theory", "conditional theory on each draw's weights: per-neuron Gaussian equivalence (deeprf.theory.ConditionalTheory, PER_NEURON route) and the kappa-form of THEORY.md section 3.1, averaged over the target readout direction (on the draw's own direction with readout.theory_target = drawn), on feature and label covariances where readout.centre = true and on second moments (means included) where it is false, as the readout fits them");
        s.put("lambda", "canonical ridge lambda': w = (Phi^T Phi/n + lambda')^-1 Phi^T y/n (THEORY.md section 1)");
        List<String> files = new ArrayList<>(List.of("results.csv", "aggregated.csv", "spec.json",
                "spectra/ (NumPy .npy eigenvalues: pointPPPP_seedS_<readout|surrogate_readout|layerL>.npy)"));
        for (Path p : plots) files.add(p.getFileName().toString());
        SummaryJson.finish(s, files, spec.raw());
        return om.writeValueAsString(s);
    }
}
