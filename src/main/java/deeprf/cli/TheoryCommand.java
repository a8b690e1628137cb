package deeprf.cli;

import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.Backends;
import deeprf.backend.NumericalException;
import deeprf.experiment.Aggregate;
import deeprf.experiment.DrawMemory;
import deeprf.experiment.ExperimentSpec;
import deeprf.experiment.OutputFolder;
import deeprf.experiment.PointSpec;
import deeprf.experiment.SpectraPlots;
import deeprf.experiment.TeacherSpec;
import deeprf.experiment.TheoryColumns;
import deeprf.experiment.Trial;
import deeprf.io.AtomicFiles;
import deeprf.io.FileErrors;
import deeprf.io.OutputException;
import deeprf.model.Network;
import deeprf.model.Teacher;
import deeprf.report.ChartFiles;
import deeprf.theory.Asymptotics;
import deeprf.theory.ConditionalTheory;
import deeprf.theory.RidgeTheory;
import deeprf.theory.model.ModelTheory;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Computes the theory of an experiment spec alone, without simulating: for every point and seed the conditional
 * theory on the sampled weights (the same draws as {@code run}: learner streams 2000+ℓ, teacher streams as in
 * {@link Teacher}) and the same readout.theory_target, computed by run's own code ({@link TheoryColumns}), and the
 * weight-free asymptotic curve where one exists. Points that differ only in n share one
 * eigendecomposition per seed, so dense n/d and λ' grids are cheap.
 */
@Command(name = "theory", description = "Compute the theory curves of an experiment spec (no simulation): conditional theory on the sampled weights per seed, and the weight-free asymptotic curve where one exists.")
final class TheoryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "experiment spec (TOML), see examples/")
    Path spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (theory.csv, theory_aggregated.csv, plots)")
    Path out;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, java, blas, cuda (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--threads", description = "CPU threads (default: all cores)")
    Integer threads;

    @Option(names = "--asymptotic-only", description = "skip the conditional theory (no weights drawn)")
    boolean asymptoticOnly;

    @Option(names = "--quiet", description = "print only errors")
    boolean quiet;

    /**
     * One output row. seed < 0 for asymptotic rows; target is the readout.theory_target the row used ("averaged" for
     * the weight-free curve, which knows no drawn direction).
     */
    record Row(int point, String source, long seed, double lambda, String method, String target, String status, String message,
               double testClean, double testNoisy, double train) {}

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        String kind = ExperimentSpec.kindOf(spec);     // another kind's theory has its own way: say which, not "allowed: ridge"
        if (kind.equals("online"))
            throw new UserError("theory takes ridge specs; " + spec + " is kind = \"online\", whose theory (theory_finite_eta, "
                    + "theory_small_eta_ode, eps_inf) is in the columns of ./deeprf run SPEC --out DIR");
        if (kind.equals("structured"))
            throw new UserError("theory takes ridge specs; " + spec + " is kind = \"structured\": for its theory alone set "
                    + "simulate = false in the spec and use ./deeprf run SPEC --out DIR");
        ExperimentSpec s = ExperimentSpec.load(spec);
        BackendRun.checkThreads(threads);
        BackendRun.checkOut(out);
        try {
            return compute(s, t0);
        } finally {
            if (lock != null) lock.close();
        }
    }

    /** The folder's lock from {@link #claim} to the last file written; null before the claim. */
    private OutputFolder.Lock lock;

    private int compute(ExperimentSpec s, long t0) {
        List<Row> rows;
        // while computing, nothing is written (the tables come at the end): an interrupt says so; the writes after it
        // are each atomic, and a rerun recomputes everything
        try (InterruptNotice.Hook notice = InterruptNotice.saying("deeprf: interrupted before theory wrote its tables; rerun the same command"
                + " (theory recomputes everything)", System.err)) {
            rows = computeRows(s);
        }
        return writeAll(s, rows, t0);
    }

    private List<Row> computeRows(ExperimentSpec s) {
        List<Row> rows = new ArrayList<>(), curves = new ArrayList<>();
        if (asymptoticOnly) {
            // nothing but the weight-free curve (and layer spectra): where no point has either, a folder of empty rows
            // would be all it wrote. A deep learner often has a spectrum law without a curve (examples/paper2prime-fig4)
            for (PointSpec p : s.points()) curves.addAll(asymptotic(p));
            boolean spectra = deeprf.report.ChartSupport.unavailableReason() == null && s.points().stream().filter(PointSpec::layerSpectra)
                    .anyMatch(p -> ModelTheory.layerSpectra(p.d(), p.data(), p.learner(), p.n()).stream().anyMatch(ModelTheory.LayerSpectrumPrediction::available));
            if (!spectra && curves.stream().allMatch(r -> r.status().equals("unavailable")))
                throw new UserError("--asymptotic-only: no point of this spec has a weight-free curve (" + curves.get(0).message()
                        + "); allowed: drop --asymptotic-only for the conditional theory on sampled weights");
            claim(s);
        } else {
            BackendOptions opts = threads == null ? BackendOptions.defaults() : BackendOptions.threads(threads);
            // the folder is claimed only once the backend opened, as run does: a bad --backend leaves nothing behind
            try (Backend be = Backends.open(backend, opts)) {
                DrawMemory.checkConditionalTheory(s, be);     // before the folder is touched
                claim(s);
                for (List<PointSpec> group : groups(s.points()))
                    for (long seed : s.seeds()) rows.addAll(conditional(be, group, seed));
            } catch (OutOfMemoryError ex) {
                // past the lower bound DrawMemory checks: the propagation's blocks, the eigensolver's workspace
                throw new UserError("out of memory (" + deeprf.backend.AllocationError.whatOf(ex) + "): the conditional theory needs more than this machine or JVM gives it"
                        + " (Java heap at most " + Runtime.getRuntime().maxMemory() / (1L << 20) + " MiB); make data.d or the layer widths smaller,"
                        + " raise the heap with DEEPRF_JVM_OPTS=-Xmx<size>, or use --asymptotic-only", ex);
            }
        }
        if (!asymptoticOnly) for (PointSpec p : s.points()) curves.addAll(asymptotic(p));
        rows.addAll(curves);
        rows.sort(java.util.Comparator.comparingInt(Row::point).thenComparing(Row::source).thenComparingLong(Row::seed).thenComparingDouble(Row::lambda));
        return rows;
    }

    private int writeAll(ExperimentSpec s, List<Row> rows, long t0) {
        List<Path> written = new ArrayList<>();
        try {
            removeEarlierPlots();
            written.add(writeRows(s, rows));
            written.add(writeAggregated(s, rows));
            if (deeprf.report.ChartSupport.availableOrWarn()) written.addAll(plot(s, rows));
            written.addAll(layerSpectra(s));
        } catch (IOException e) {
            // AtomicFiles names the file it could not write; other failures (the plots' clean-up, spectra) the folder
            throw new UserError("cannot write " + FileErrors.subject(e, out) + ": " + FileErrors.reason(e), e);
        }
        if (!quiet) {
            // "unavailable": no formula for this model (e.g. no weight-free curve for structured weights) — expected,
            // and told apart from rows where a formula exists but failed
            long unavailable = rows.stream().filter(r -> r.status().equals("unavailable")).count();
            long failed = rows.stream().filter(r -> !r.status().equals("ok") && !r.status().equals("unavailable")).count();
            System.out.printf("%d theory rows (%d ok, %d unavailable%s, %d failed%s) in %.1f s%n", rows.size(), rows.size() - unavailable - failed,
                    unavailable, firstMessage(rows, true), failed, firstMessage(rows, false), (System.nanoTime() - t0) * 1e-9);
            for (Path p : written) System.out.println("wrote " + p);
            for (String note : spectraNotes) System.out.println(note);
        }
        return 0;
    }

    /** Locks {@code out} and makes it this spec's theory folder (refused when it holds another spec's results or another run writes into it). */
    private void claim(ExperimentSpec s) {
        try {
            lock = OutputFolder.lock(out);
            OutputFolder.claimForTheory(out, s.raw(), ExperimentSpec::seedsOf);
        } catch (OutputException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** ": …" with the message of the first row that is unavailable (or, when {@code unavailable} is false, failed). */
    private static String firstMessage(List<Row> rows, boolean unavailable) {
        return rows.stream().filter(r -> !r.status().equals("ok") && r.status().equals("unavailable") == unavailable).map(Row::message)
                .filter(m -> !m.isEmpty()).findFirst().map(m -> ": " + m).orElse("");
    }

    /**
     * The plots of an earlier theory run into the same folder: a spec that draws fewer (or none) would otherwise leave
     * them beside its own CSVs, looking like its results. Only this command's own file names are touched.
     */
    private void removeEarlierPlots() throws IOException {
        try (java.nio.file.DirectoryStream<Path> old = Files.newDirectoryStream(out, "theory_{test_error,layer_spectra}*.{png,svg}")) {
            for (Path p : old) Files.deleteIfExists(p);
        }
    }

    /**
     * Points that differ only in n and n_test share the draws, and with them one conditional theory; so a group also
     * shares its theory target.
     */
    static List<List<PointSpec>> groups(List<PointSpec> points) {
        Map<String, List<PointSpec>> g = new LinkedHashMap<>();
        for (PointSpec p : points) {
            Map<String, String> key = new LinkedHashMap<>(p.parameters());
            key.remove("n");
            key.remove("n_over_d");
            key.remove("n_test");
            key.remove("n_test_over_d");
            key.put("theory_target", TheoryColumns.target(p));
            g.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(p);
        }
        return new ArrayList<>(g.values());
    }

    /** The weight-free curve averages over the target direction by construction. */
    private static final String AVERAGED = "averaged";

    static List<Row> asymptotic(PointSpec p) {
        TeacherSpec t = p.teacher();
        List<Row> rows = new ArrayList<>();
        // each λ' alone: one that fails, or that the formula does not cover, is that λ''s row with its own message
        for (double lam : p.lambdas()) {
            try {
                Asymptotics.Curve c = ModelTheory.asymptotic(p.d(), p.data(), p.learner(), t.kind() == TeacherSpec.Kind.NETWORK, t.function(),
                        t.norm(), t.noise(), p.n(), new double[]{lam}, p.centre());
                if (!c.available()) {
                    rows.add(new Row(p.index(), "asymptotic", -1, lam, "", AVERAGED, "unavailable", c.unavailable(), Double.NaN, Double.NaN, Double.NaN));
                    continue;
                }
                Asymptotics.Point pt = c.points().get(0);
                rows.add(finite(new Row(p.index(), "asymptotic", -1, pt.lambda(), c.method(), AVERAGED, "ok", "", pt.testClean(), pt.testNoisy(), pt.train())));
            } catch (NumericalException | IllegalArgumentException e) {
                rows.add(new Row(p.index(), "asymptotic", -1, lam, "", AVERAGED, "failed", e.getMessage(), Double.NaN, Double.NaN, Double.NaN));
            }
        }
        return rows;
    }

    /**
     * An infinite error (λ' = 0 at the interpolation threshold) becomes an empty cell and "… is +infinite (diverges)"
     * in the message, as run's results.csv writes it: the CSVs hold finite numbers only.
     */
    static Row finite(Row r) {
        String m = r.message();
        double[] v = {r.testClean(), r.testNoisy(), r.train()};
        String[] names = {"test_error", "test_error_noisy", "train_error"};
        for (int i = 0; i < v.length; i++)
            if (Double.isInfinite(v[i])) {
                m = (m.isEmpty() ? "" : m + "; ") + names[i] + " is " + (v[i] > 0 ? "+" : "-") + "infinite (diverges)";
                v[i] = Double.NaN;
            }
        return m.equals(r.message()) ? r
                : new Row(r.point(), r.source(), r.seed(), r.lambda(), r.method(), r.target(), r.status(), m, v[0], v[1], v[2]);
    }

    /**
     * The conditional rows of one seed for a group of points sharing its draws, by the code path of run's theory
     * columns ({@link TheoryColumns}), so both give the same numbers on the same readout.theory_target. A failure
     * at one point's n (κ0) is that point's alone; every message names its own point.
     */
    static List<Row> conditional(Backend be, List<PointSpec> group, long seed) {
        PointSpec p0 = group.get(0);
        String target = TheoryColumns.target(p0);
        List<Row> rows = new ArrayList<>();
        java.util.Set<Integer> done = new java.util.HashSet<>();
        try (Teacher teacher = Trial.teacher(be, p0, seed);
             Network net = Network.sample(be, p0.d(), p0.data(), p0.learner(), seed, Trial.LEARNER_BASE, teacher.network());
             ConditionalTheory t = TheoryColumns.of(be, p0, net, teacher)) {
            for (PointSpec p : group) {
                List<RidgeTheory.Attempt> at;
                try {
                    at = TheoryColumns.at(t, p);
                } catch (NumericalException | IllegalArgumentException e) {
                    rows.addAll(failedRows(p, seed, target, e.getMessage()));
                    done.add(p.index());
                    continue;
                }
                rows.addAll(conditionalRows(p, seed, target, at));
                done.add(p.index());
            }
        } catch (NumericalException | IllegalArgumentException | IllegalStateException e) {
            // the draws or their eigendecomposition, shared by the group: built (and named) for p0, the same for all
            String m = e.getMessage() == null ? e.toString() : e.getMessage(), own = "point " + p0.index() + ": ";
            for (PointSpec p : group)
                if (!done.contains(p.index()))
                    rows.addAll(failedRows(p, seed, target, p != p0 && m.startsWith(own) ? "point " + p.index() + ": " + m.substring(own.length()) : m));
        }
        return rows;
    }

    private static List<Row> failedRows(PointSpec p, long seed, String target, String message) {
        List<Row> rows = new ArrayList<>();
        for (double lam : p.lambdas()) rows.add(new Row(p.index(), "conditional", seed, lam, "kappa-form", target, "failed", message, Double.NaN, Double.NaN, Double.NaN));
        return rows;
    }

    /** One row per λ': the solved ones ok, one that failed alone "failed" with its reason. */
    static List<Row> conditionalRows(PointSpec p, long seed, String target, List<RidgeTheory.Attempt> attempts) {
        List<Row> rows = new ArrayList<>(attempts.size());
        for (RidgeTheory.Attempt a : attempts) {
            RidgeTheory.Point pt = a.point();
            rows.add(a.ok()
                    ? finite(new Row(p.index(), "conditional", seed, a.lambda(), "kappa-form", target, "ok", "", pt.testClean(), pt.testNoisy(), pt.train()))
                    : new Row(p.index(), "conditional", seed, a.lambda(), "kappa-form", target, "failed", a.failure(), Double.NaN, Double.NaN, Double.NaN));
        }
        return rows;
    }

    // ---------------------------------------------------------------- output

    private static String field(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) return v;
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    private static String num(double v) { return Double.isNaN(v) ? "" : Double.toString(v); }

    private Path writeRows(ExperimentSpec s, List<Row> rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        List<String> params = new ArrayList<>(s.points().get(0).parameters().keySet());
        sb.append("point,");
        for (String k : params) sb.append(field(k)).append(',');
        sb.append("source,seed,lambda,method,theory_target,status,message,test_error,test_error_noisy,train_error\n");
        for (Row r : rows) {
            Map<String, String> pm = s.points().get(r.point()).parameters();
            sb.append(r.point()).append(',');
            for (String k : params) sb.append(field(pm.getOrDefault(k, ""))).append(',');
            sb.append(r.source()).append(',').append(r.seed() < 0 ? "" : Long.toString(r.seed())).append(',').append(r.lambda()).append(',')
                    .append(field(r.method())).append(',').append(r.target()).append(',').append(r.status()).append(',').append(field(r.message())).append(',')
                    .append(num(r.testClean())).append(',').append(num(r.testNoisy())).append(',').append(num(r.train())).append('\n');
        }
        Path csv = out.resolve("theory.csv");
        AtomicFiles.write(csv, sb.toString());
        return csv;
    }

    /**
     * Mean and standard error over seeds of the conditional rows, and the asymptotic value, per (point, λ');
     * {@code seedsOk} conditional rows solved (status ok), each mean over those of them where its value is finite
     * ({@link Aggregate.MeanSe}, as run's aggregated.csv: at n = p, λ' = 0 the test error diverges, the train error
     * does not); {@code message} why a cell is empty (README: never without a reason).
     */
    record Agg(int point, double lambda, double mean, double se, double trainMean, double trainSe, double asym, double asymTrain, String method,
               int seedsOk, String message) {}

    static List<Agg> aggregate(List<Row> rows) {
        Map<String, List<Row>> by = new LinkedHashMap<>();
        for (Row r : rows) by.computeIfAbsent(r.point() + "@" + r.lambda(), k -> new ArrayList<>()).add(r);
        List<Agg> out = new ArrayList<>();
        for (List<Row> rs : by.values()) {
            double asym = Double.NaN, asymTrain = Double.NaN;
            String method = "", conditionalWhy, asymptoticWhy = "";
            Map<String, List<Long>> conditionalReasons = new LinkedHashMap<>();   // each reason once, with its seeds
            List<Row> ok = new ArrayList<>();
            int conditional = 0;
            for (Row r : rs) {
                if (r.source().equals("asymptotic")) {
                    if (r.status().equals("ok")) { asym = r.testClean(); asymTrain = r.train(); method = r.method(); }
                    if (!r.message().isEmpty()) asymptoticWhy = "asymptotic: " + r.message();
                } else {
                    conditional++;
                    if (r.status().equals("ok")) ok.add(r);
                    // a failed row, or a solved one with a diverging value: says why its cells are empty
                    if (!r.status().equals("ok") || !r.message().isEmpty())
                        conditionalReasons.computeIfAbsent(r.message(), m -> new ArrayList<>()).add(r.seed());
                }
            }
            conditionalWhy = conditional == 0 ? "conditional: not computed (--asymptotic-only)" : conditionalReasons.entrySet().stream()
                    .map(e -> "conditional (seed" + (e.getValue().size() > 1 ? "s " : " ")
                            + e.getValue().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + "): " + e.getKey())
                    .collect(java.util.stream.Collectors.joining("; "));
            Aggregate.MeanSe test = Aggregate.MeanSe.of(ok.stream().mapToDouble(Row::testClean).toArray());
            Aggregate.MeanSe train = Aggregate.MeanSe.of(ok.stream().mapToDouble(Row::train).toArray());
            String why = conditionalWhy.isEmpty() ? asymptoticWhy : asymptoticWhy.isEmpty() ? conditionalWhy : conditionalWhy + "; " + asymptoticWhy;
            out.add(new Agg(rs.get(0).point(), rs.get(0).lambda(), test.mean(), test.se(), train.mean(), train.se(), asym, asymTrain, method, ok.size(), why));
        }
        return out;
    }

    private Path writeAggregated(ExperimentSpec s, List<Row> rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        List<String> params = new ArrayList<>(s.points().get(0).parameters().keySet());
        sb.append("point,");
        for (String k : params) sb.append(field(k)).append(',');
        sb.append("lambda,seeds_ok,conditional_test_error_mean,conditional_test_error_se,conditional_train_error_mean,conditional_train_error_se,asymptotic_test_error,asymptotic_train_error,asymptotic_method,message\n");
        for (Agg a : aggregate(rows)) {
            Map<String, String> pm = s.points().get(a.point()).parameters();
            sb.append(a.point()).append(',');
            for (String k : params) sb.append(field(pm.getOrDefault(k, ""))).append(',');
            sb.append(a.lambda()).append(',').append(a.seedsOk()).append(',').append(num(a.mean())).append(',').append(num(a.se())).append(',')
                    .append(num(a.trainMean())).append(',').append(num(a.trainSe())).append(',').append(num(a.asym())).append(',').append(num(a.asymTrain())).append(',')
                    .append(field(a.method())).append(',').append(field(a.message())).append('\n');
        }
        Path csv = out.resolve("theory_aggregated.csv");
        AtomicFiles.write(csv, sb.toString());
        return csv;
    }

    /**
     * For every point that asks for layer spectra: the predicted density of each layer's empirical covariance at the
     * point's n and the population law, one panel per layer (no simulation, so lines only).
     */
    private List<Path> layerSpectra(ExperimentSpec s) throws IOException {
        List<PointSpec> points = s.points().stream().filter(PointSpec::layerSpectra).toList();
        List<Path> written = new ArrayList<>();
        if (points.isEmpty() || deeprf.report.ChartSupport.unavailableReason() != null) return written;   // warned once above
        for (PointSpec p : points) {
            String stem = points.size() == 1 ? "theory_layer_spectra" : String.format("theory_layer_spectra_point%04d", p.index());
            List<SpectraPlots.Panel> panels = SpectraPlots.panels(p, null);
            // no law for any layer and no simulation: a figure of empty panels would say nothing the reason does not
            if (panels.stream().noneMatch(panel -> panel.prediction().available())) {
                String why = panels.stream().map(panel -> panel.prediction().unavailable()).distinct().collect(java.util.stream.Collectors.joining("; "));
                spectraNotes.add("no " + stem + " plot (" + (points.size() == 1 ? "" : "point " + p.index() + ": ") + "no weight-free spectrum for any layer: " + why
                        + "; ./deeprf run draws the layers' empirical spectra)");
                continue;
            }
            written.addAll(SpectraPlots.write(out, stem, SpectraPlots.title(s.title() + " (theory)", p), p.n(), panels));
        }
        return written;
    }

    /** Why a point that asks for layer spectra has no plot (said after the tables are written). */
    private final List<String> spectraNotes = new ArrayList<>();

    /**
     * The cap above which a value is left off the plot: 10⁶× the median of the finite values when some exceed it,
     * else NaN (all drawn). A huge but finite error (1.5e15 at λ' = 1e-300 beside n = p) on the linear y axis
     * otherwise flattens every other point onto 0; a double-descent peak stays below the cap (ridgeless next to
     * n = p the error is of order noise²·p, ~2000 at p = 2000 beside a median below 1 — why 10³× was too low).
     */
    static double yAxisCap(double[] ys) {
        double[] v = java.util.Arrays.stream(ys).filter(Double::isFinite).map(Math::abs).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        double cap = 1e6 * v[(v.length - 1) / 2];
        return cap > 0 && v[v.length - 1] > cap ? cap : Double.NaN;
    }

    /**
     * Test error against the first numeric sweep axis at the plot λ' (or, with none, against λ' on a log axis, as
     * run's test_error plot): conditional mean ± se and the asymptotic line.
     */
    private List<Path> plot(ExperimentSpec s, List<Row> rows) throws IOException {
        XYChart chart = chart(s, rows);
        return chart == null ? List.of() : ChartFiles.save(chart, out, "theory_test_error", true);
    }

    /** The chart of {@link #plot}, or null when it would show nothing. */
    static XYChart chart(ExperimentSpec s, List<Row> rows) {
        String axis = null;
        for (Map.Entry<String, List<String>> e : s.sweepAxes().entrySet()) {
            boolean numeric = true;
            for (String v : e.getValue()) {
                try { Double.parseDouble(v); } catch (NumberFormatException ex) { numeric = false; }
            }
            if (numeric) { axis = e.getKey(); break; }
        }
        boolean byLambda = axis == null;      // a λ' grid alone (the dense-grid use): λ' is the x axis
        double[] grid = s.points().get(0).lambdas();
        double lam = grid[0];
        if (Double.isFinite(s.plotLambda())) {
            for (double l : grid) if (Math.abs(Math.log(Math.max(l, 1e-300)) - Math.log(s.plotLambda())) < Math.abs(Math.log(Math.max(lam, 1e-300)) - Math.log(s.plotLambda()))) lam = l;
        }
        Map<String, List<Agg>> series = new LinkedHashMap<>();
        for (Agg a : aggregate(rows)) {
            if (byLambda ? !(a.lambda() > 0) : a.lambda() != lam) continue;
            StringBuilder key = new StringBuilder();
            for (String other : s.sweepAxes().keySet())
                if (!other.equals(axis)) key.append(key.isEmpty() ? "" : ", ").append(other).append('=').append(s.points().get(a.point()).sweepValues().get(other));
            series.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(a);
        }
        if (series.isEmpty() || byLambda && java.util.Arrays.stream(grid).filter(l -> l > 0).count() < 2) return null;
        final String ax = axis;
        java.util.function.ToDoubleFunction<Agg> xOf = byLambda ? Agg::lambda
                : a -> Double.parseDouble(s.points().get(a.point()).sweepValues().get(ax));
        // the legend beside the plot, as run's plots have it (inside, it covers the curves' corner)
        XYChart chart = new XYChartBuilder().width(series.size() > 1 ? 1180 : 1060).height(620).title(s.title().isEmpty() ? "theory" : s.title())
                .xAxisTitle(byLambda ? "λ' (canonical ridge)" : axis + "   (λ' = " + deeprf.model.Num.label(lam) + ")").yAxisTitle("test error (clean target)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLogarithmic(byLambda);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        Color[] palette = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};
        int c = 0;
        boolean any = false;
        List<Double> all = new ArrayList<>();
        for (List<Agg> as : series.values()) for (Agg a : as) { all.add(a.mean()); all.add(a.asym()); }
        double cap = yAxisCap(all.stream().mapToDouble(Double::doubleValue).toArray());
        int dropped = 0;
        Map<ChartFiles.NotDrawn, Integer> notDrawn = new LinkedHashMap<>();
        for (Map.Entry<String, List<Agg>> e : series.entrySet()) {
            Color color = palette[c++ % palette.length];
            List<Agg> as = new ArrayList<>(e.getValue());
            as.sort(java.util.Comparator.comparingDouble(xOf));
            for (int kind = 0; kind < 2; kind++) {
                List<double[]> pts = new ArrayList<>();
                List<ChartFiles.NotDrawn> missing = new ArrayList<>();
                for (Agg a : as) {
                    double x = xOf.applyAsDouble(a);
                    double y = kind == 0 ? a.mean() : a.asym();
                    // solved (seeds ok, a method) without a finite value: the error diverges there (n = p, λ' = 0)
                    if (!Double.isFinite(y))
                        missing.add(new ChartFiles.NotDrawn(kind == 0 ? "conditional theory" : "asymptotic",
                                (kind == 0 ? a.seedsOk() > 0 : !a.method().isEmpty()) ? "diverging" : "missing"));
                    // a value not drawn (above the cap, diverging or missing) is a gap: the line breaks there rather
                    // than bridging the interpolation peak as if the curve were finite across it
                    boolean over = Double.isFinite(cap) && Math.abs(y) > cap;
                    if (over) dropped++;
                    pts.add(!over && Double.isFinite(y) ? new double[]{x, y, kind == 0 && Double.isFinite(a.se()) ? a.se() : 0} : new double[]{x, Double.NaN, 0});
                }
                if (pts.stream().noneMatch(v -> Double.isFinite(v[1]))) continue;
                for (ChartFiles.NotDrawn m : missing) notDrawn.merge(m, 1, Integer::sum);    // the gaps of a curve that is drawn
                double[] xs = new double[pts.size()], ys = new double[pts.size()], es = new double[pts.size()];
                boolean isolated = false;    // a finite value with no finite neighbour: a line alone would not show it
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = pts.get(i)[0]; ys[i] = pts.get(i)[1]; es[i] = pts.get(i)[2];
                    if (Double.isFinite(ys[i]))
                        isolated |= (i == 0 || !Double.isFinite(pts.get(i - 1)[1])) && (i == xs.length - 1 || !Double.isFinite(pts.get(i + 1)[1]));
                }
                String name = (kind == 0 ? "conditional theory" : "asymptotic") + (e.getKey().isEmpty() ? "" : ": " + e.getKey());
                XYSeries ser = kind == 0 ? chart.addSeries(name, xs, ys, es) : chart.addSeries(name, xs, ys);
                ser.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                ser.setLineColor(color);
                ser.setLineStyle(kind == 0 ? SeriesLines.SOLID : SeriesLines.DASH_DASH);
                ser.setMarker(kind == 0 ? SeriesMarkers.CIRCLE : isolated ? SeriesMarkers.CROSS : SeriesMarkers.NONE);
                ser.setMarkerColor(color);
                any = true;
            }
        }
        if (!any) return null;
        if (dropped > 0)
            chart.setYAxisTitle("test error (clean target; " + dropped + (dropped == 1 ? " value" : " values") + " above "
                    + String.format(java.util.Locale.ROOT, "%.3g", cap) + " not drawn)");
        if (!notDrawn.isEmpty()) chart.setXAxisTitle(chart.getXAxisTitle() + "   " + ChartFiles.notDrawnNote(notDrawn, "theory_aggregated.csv"));
        return chart;
    }
}
