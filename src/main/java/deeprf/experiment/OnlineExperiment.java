package deeprf.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import deeprf.backend.Backend;
import deeprf.backend.Backends;
import deeprf.io.AtomicFiles;
import deeprf.io.FileErrors;
import deeprf.io.OutputException;
import deeprf.model.Num;
import deeprf.online.OnlineSetup;
import deeprf.online.OnlineSimulation;
import deeprf.online.OnlineTheory;
import deeprf.online.StudentTeacherMoments;
import deeprf.report.ChartFiles;
import deeprf.theory.Coefficients;
import deeprf.theory.GaussianEquivalence;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs an {@link OnlineSpec} into a folder. Each finished (point, seed) draw is written atomically as its own file
 * under {@code trials/}, so a kill at any moment loses no finished draw and leaves no half-written one, and a rerun
 * skips the draws already there. {@code results.csv} (tidy), {@code aggregated.csv} (mean and standard error over
 * seeds), {@code summary.json} and the plots are rebuilt from the trial files at the end of every run.
 */
public final class OnlineExperiment {
    static final List<String> CURVE_COLUMNS = List.of("point", "seed", "n", "k", "k_over_n", "m", "activation", "eta",
            "lr_scaling", "noise", "replicas", "alpha", "step", "eps_mean", "eps_se", "replicas_ok", "theory_finite_eta",
            "theory_small_eta_ode", "eps_inf", "eps_stationary", "stable", "moments", "mc_samples", "seconds", "backend", "status", "message");
    /**
     * The curves columns before "moments": such a trial is kept where its mc_samples cells are this version's for the
     * spec ({@link #isCurrent}), its moments then read off mc_samples (empty: exact).
     */
    static final List<String> CURVE_COLUMNS_BEFORE_MOMENTS = CURVE_COLUMNS.stream().filter(c -> !c.equals("moments")).toList();
    static final List<String> WIDTH_COLUMNS = List.of("point", "seed", "n", "k", "k_over_n", "m", "activation",
            "eps_inf", "eps_inf_asymptotic", "eps_floor", "moments", "mc_samples", "seconds", "backend", "status", "message");
    /** In a holder so that loading OnlineExperiment never needs AWT (runtimes without java.desktop skip plots). */
    private static final class Palette {
        static final Color[] COLORS = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
                new Color(148, 103, 189), new Color(255, 127, 14), new Color(140, 86, 75), new Color(227, 119, 194)};
    }

    private final OnlineSpec spec;

    public OnlineExperiment(OnlineSpec spec) { this.spec = Objects.requireNonNull(spec, "OnlineExperiment: spec must not be null"); }

    /** What a run produced. */
    public record Report(Path folder, int ran, int skipped, int rows, int notOk, List<Path> plots, double seconds) {}

    /**
     * Runs the spec into {@code out} (resuming what the folder holds).
     *
     * @throws IllegalArgumentException where one draw cannot fit in memory (before the folder is touched)
     * @throws deeprf.io.OutputException where the folder cannot be written or holds another run
     */
    public Report run(Backend be, Path out, Progress progress) {
        Backends.requireOpen(be, "OnlineExperiment.run");
        Objects.requireNonNull(out, "OnlineExperiment.run: out must not be null");
        Objects.requireNonNull(progress, "OnlineExperiment.run: progress must not be null (Progress.none() for none)");
        DrawMemory.check(spec, be);                                  // before the folder is touched
        try (OutputFolder.Lock lock = OutputFolder.lock(out)) {      // one run per folder at a time
            return runLocked(be, out, progress);
        }
    }

    private Report runLocked(Backend be, Path out, Progress progress) {
        long t0 = System.nanoTime();
        String started = Instant.now().toString();
        OutputFolder.claim(out, "online", spec.raw(), tree -> OnlineSpec.fromTree(tree).seeds(), OnlineSpec::withDefaults);
        Path trials = out.resolve("trials");
        try {
            Files.createDirectories(trials);
        } catch (IOException e) {
            throw new OutputException("cannot create output folder " + trials + ": " + FileErrors.reason(e), e);
        }
        int total = spec.points().size() * spec.seeds().size(), done = 0, skipped = 0, ran = 0, older = 0;
        // a trial with other columns is an older deeprf's (before the mc_samples column, when tanh, sigmoid, abs and
        // clipped had Monte Carlo moments from 20000 samples whatever K): it runs again, overwritten atomically
        java.util.Set<Path> finished = new java.util.HashSet<>();
        for (int p = 0; p < spec.points().size(); p++)
            for (long seed : spec.seeds()) {
                Path file = trialFile(trials, p, seed);
                if (!Files.exists(file)) continue;
                if (isCurrent(file)) finished.add(file);
                else older++;
            }
        if (older > 0) progress.note(older + " finished draws written by an older deeprf (other columns) run again");
        for (int p = 0; p < spec.points().size(); p++) {
            for (long seed : spec.seeds()) {
                Path file = trialFile(trials, p, seed);
                if (finished.contains(file)) {
                    skipped++;
                    progress.update(++done, total, skipped, "p" + p + " s" + seed + " (done before)");
                    continue;
                }
                int pp = p, dd = done, ss = skipped;
                List<List<String>> rows = spec.mode().equals(OnlineSpec.CURVES)
                        ? curves(be, p, seed, step -> progress.update(dd, total, ss, "p" + pp + " s" + seed + " α=" + Num.fmt(round3((double) step / spec.points().get(pp).n()))
                                + " of " + Num.fmt(spec.alphaMax())))       // within a draw: the bar's ETA counts whole draws
                        : width(be, p, seed);
                StringBuilder sb = new StringBuilder(Csv.line(columns()));
                for (List<String> r : rows) sb.append(Csv.line(r));
                writeAtomically(file, sb.toString());
                ran++;
                progress.update(++done, total, skipped, "p" + p + " s" + seed);
            }
        }
        progress.finish();
        List<Map<String, String>> all = readTrials(trials);
        List<Path> plots;
        try {
            writeAtomically(out.resolve("results.csv"), table(columns(), all));
            List<Map<String, String>> agg = aggregate(all);
            writeAtomically(out.resolve("aggregated.csv"), table(new ArrayList<>(agg.isEmpty() ? List.of() : agg.get(0).keySet()), agg));
            plots = !deeprf.report.ChartSupport.availableOrWarn() ? List.of()
                    : spec.mode().equals(OnlineSpec.CURVES) ? plotCurves(out, agg) : plotWidth(out, agg);
            writeSummary(out, be, started, (System.nanoTime() - t0) * 1e-9, ran, skipped, plots);
        } catch (IOException e) {
            throw new OutputException("cannot write " + FileErrors.subject(e, out) + ": " + FileErrors.reason(e) + " (finished draws under trials/ are intact)", e);
        }
        int notOk = (int) all.stream().filter(r -> !"ok".equals(r.get("status"))).count();
        return new Report(out, ran, skipped, all.size(), notOk, plots, (System.nanoTime() - t0) * 1e-9);
    }

    private List<String> columns() {
        return spec.mode().equals(OnlineSpec.CURVES) ? CURVE_COLUMNS : WIDTH_COLUMNS;
    }

    // ---------------------------------------------------------------- trials

    private List<List<String>> curves(Backend be, int p, long seed, java.util.function.LongConsumer onStep) {
        OnlineSpec.Point pt = spec.points().get(p);
        OnlineSetup setup = new OnlineSetup(pt.n(), pt.k(), spec.m(), spec.activation(), pt.eta(), spec.scaling(), spec.noise(),
                spec.replicas(), spec.alphaMax(), spec.records(), seed);
        OnlineSimulation.Result res = OnlineSimulation.run(be, setup, spec.mcSamples(), onStep);
        OnlineTheory th = OnlineTheory.of(be, res.moments(), pt.n());
        double h = setup.stepSize();
        double[] finite = th.finiteEta(h, spec.noise(), res.steps());
        double stat = th.stationaryError(h, spec.noise());
        List<List<String>> rows = new ArrayList<>();
        for (int t = 0; t < res.steps().length; t++) {
            Aggregate.MeanSe replicas = Aggregate.MeanSe.of(res.errors()[t]);   // a diverged replica's NaN is left out
            int ok = replicas.count();
            double mean = replicas.mean(), se = replicas.se();
            String status = ok == setup.replicas() ? "ok" : ok == 0 ? "diverged" : "partly_diverged";
            String bound = Num.fmt(round3(th.maxStableStepSize() / h * pt.eta()));
            String msg = ok == setup.replicas() ? "" : (setup.replicas() - ok) + " of " + setup.replicas()
                    + " replicas diverged (eta above the stability bound " + bound + ")";
            // an empty cell says why (README's rule): past the bound the recursion has no fixed point
            if (!th.isStable(h)) msg = Trial.join(msg, "eta above the stability bound " + bound + ": the finite-eta theory has no stationary error"
                    + " (eps_stationary empty) and grows without limit" + (Double.isFinite(finite[t]) ? "" : " (theory_finite_eta overflows: empty)"));
            String mcNote = spec.monteCarloNote(pt);
            if (!mcNote.isEmpty()) msg = Trial.join(msg, mcNote);
            rows.add(List.of(str(p), str(seed), str(pt.n()), str(pt.k()), num((double) pt.k() / pt.n()), str(spec.m()),
                    spec.activation().label(), num(pt.eta()), spec.scaling().name(), num(spec.noise()), str(setup.replicas()),
                    num(res.alphas()[t]), str(res.steps()[t]), num(mean), num(se), str(ok), num(finite[t]),
                    num(th.smallEtaOde(h, res.alphas()[t])), num(th.epsilonInfinity()), num(stat), str(th.isStable(h)),
                    moments(res.moments()), mcSamples(res.moments()), num(res.seconds()), be.name(), status, msg));
        }
        return rows;
    }

    private List<List<String>> width(Backend be, int p, long seed) {
        OnlineSpec.Point pt = spec.points().get(p);
        long t0 = System.nanoTime();
        OnlineSetup setup = new OnlineSetup(pt.n(), pt.k(), spec.m(), spec.activation(), 1, spec.scaling(), 0, 1, 1, 2, seed);
        StudentTeacherMoments mom = OnlineSimulation.moments(be, setup, spec.mcSamples());
        double eps = mom.bestReadoutError(be);
        Coefficients c = GaussianEquivalence.of(spec.activation(), 1.0);
        double gamma = (double) pt.k() / pt.n();
        String asym = num(OnlineTheory.asymptoticEpsilonInfinity(gamma, spec.m(), c.mu1(), c.muStar()));
        String floor = num(0.5 * spec.m() * c.muStar() * c.muStar());
        return List.of(List.of(str(p), str(seed), str(pt.n()), str(pt.k()), num(gamma), str(spec.m()), spec.activation().label(),
                num(eps), asym, floor, moments(mom), mcSamples(mom), num((System.nanoTime() - t0) * 1e-9), be.name(), "ok",
                spec.monteCarloNote(pt)));
    }

    /** Which moments a row used: "exact" (closed form or Mehler's expansion) or "monte_carlo" (mc_samples says how many). */
    private static String moments(StudentTeacherMoments mom) {
        return mom.exact() ? "exact" : "monte_carlo";
    }

    /** The Monte Carlo sample count of moments estimated by it, empty where they are exact. */
    private String mcSamples(StudentTeacherMoments mom) {
        return mom.exact() ? "" : str(spec.mcSamples());
    }

    // ---------------------------------------------------------------- files

    private static List<Map<String, String>> readTrials(Path trials) {
        List<Map<String, String>> rows = new ArrayList<>();
        List<Path> files;
        try (var s = Files.list(trials)) {
            files = s.filter(f -> f.getFileName().toString().matches("p\\d+-s\\d+\\.csv")).sorted((a, b) -> trialKey(a).compareTo(trialKey(b))).toList();
        } catch (IOException e) {
            throw new OutputException("cannot list " + trials + ": " + FileErrors.reason(e), e);
        }
        for (Path f : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new OutputException("cannot read " + f + ": " + FileErrors.reason(e), e);
            }
            List<String> head = Csv.parse(lines.get(0));
            for (String line : lines.subList(1, lines.size())) {
                if (line.isEmpty()) continue;
                List<String> v = Csv.parse(line);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < head.size(); i++) row.put(head.get(i), v.get(i));
                // a trial from before the moments column: empty mc_samples meant exact moments
                row.putIfAbsent("moments", row.getOrDefault("mc_samples", "").isEmpty() ? "exact" : "monte_carlo");
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * Whether a finished trial holds what this deeprf computes for the spec: its columns are this version's, or it is a
     * curves trial from just before the moments column whose every mc_samples cell is what this version writes (empty
     * for exact moments). The second test matters: between the mc_samples column and exact moments by default, tanh,
     * sigmoid, abs and clipped trials used 20000 Monte Carlo samples under the same header and the same spec.
     */
    private boolean isCurrent(Path trial) {
        String head = firstLine(trial);
        if (head.equals(Csv.line(columns()))) return true;
        if (!spec.mode().equals(OnlineSpec.CURVES) || !head.equals(Csv.line(CURVE_COLUMNS_BEFORE_MOMENTS))) return false;
        int col = CURVE_COLUMNS_BEFORE_MOMENTS.indexOf("mc_samples");
        String expected = spec.monteCarlo() ? str(spec.mcSamples()) : "";
        try {
            List<String> lines = Files.readAllLines(trial, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size()))
                if (!line.isEmpty() && !expected.equals(Csv.parse(line).get(col))) return false;
            return lines.size() > 1;
        } catch (IOException | RuntimeException e) {           // RuntimeException: UncheckedIOException, a ragged row
            return false;                                      // unreadable or torn: runs again, as any older trial
        }
    }

    /** The first line of a trial file with its line break, "" where it cannot be read (then it runs again). */
    private static String firstLine(Path f) {
        try (var r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String l = r.readLine();
            return l == null ? "" : l + "\n";
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    /** A draw's trial file, trials/pN-sS.csv ({@link #trialKey} reads the name back). */
    private static Path trialFile(Path trials, int point, long seed) {
        return trials.resolve("p" + point + "-s" + seed + ".csv");
    }

    private static String trialKey(Path f) {
        String[] parts = f.getFileName().toString().replace(".csv", "").substring(1).split("-s");
        return String.format("%09d-%020d", Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
    }

    /** Mean and standard error over seeds of every numeric result column, per point (and α in curves mode). */
    private List<Map<String, String>> aggregate(List<Map<String, String>> rows) {
        boolean curves = spec.mode().equals(OnlineSpec.CURVES);
        List<String> keys = curves ? List.of("point", "step") : List.of("point");
        List<String> params = curves ? List.of("n", "k", "k_over_n", "m", "activation", "eta", "lr_scaling", "noise", "replicas", "alpha", "stable",
                "moments", "mc_samples") : List.of("n", "k", "k_over_n", "m", "activation", "moments", "mc_samples");
        List<String> values = curves ? List.of("eps_mean", "theory_finite_eta", "theory_small_eta_ode", "eps_inf", "eps_stationary")
                : List.of("eps_inf", "eps_inf_asymptotic", "eps_floor");
        Map<String, List<Map<String, String>>> groups = new TreeMap<>();
        for (Map<String, String> r : rows) {
            StringBuilder k = new StringBuilder();
            for (String key : keys) k.append(String.format("%020d|", Long.parseLong(r.get(key))));
            groups.computeIfAbsent(k.toString(), x -> new ArrayList<>()).add(r);
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (List<Map<String, String>> g : groups.values()) {
            Map<String, String> a = new LinkedHashMap<>();
            a.put("point", g.get(0).get("point"));
            for (String p : params) a.put(p, g.get(0).get(p));
            // each draw judges stability on its own weights: near the bound the seeds can disagree
            if (curves && g.stream().map(r -> r.get("stable")).distinct().count() > 1) a.put("stable", "mixed");
            // one folder's draws use one kind of moments (isCurrent); should they not, the row says so, not the first's
            for (String p : List.of("moments", "mc_samples"))
                if (g.stream().map(r -> r.get(p)).distinct().count() > 1) a.put(p, "mixed");
            a.put("seeds", str(g.size()));
            // as in ridge aggregates: how many draws' rows are ok (diverged ones have no eps_mean, so the mean is of
            // the others), and in message every reason once
            long ok = g.stream().filter(r -> "ok".equals(r.get("status"))).count();
            a.put("seeds_ok", str((int) ok));
            a.put("seeds_not_ok", str(g.size() - (int) ok));
            for (String v : values) {
                Aggregate.MeanSe m = Aggregate.MeanSe.of(col(g, v));          // an empty cell (col: NaN) is left out
                a.put(v, num(m.mean()));
                a.put(v + "_se", num(m.se()));
            }
            if (curves) {       // one seed: the SE over its replicas; several: over the seeds' means (said in the next column)
                if (g.size() == 1) a.put("eps_mean_se", g.get(0).get("eps_se"));
                a.put("eps_mean_se_over", g.size() == 1 ? "replicas" : "seeds");
            }
            a.put("message", message(g));
            out.add(a);
        }
        return out;
    }

    /** How a row's message starts where some of its draw's replicas diverged (written by {@link #curves}). */
    private static final java.util.regex.Pattern REPLICAS_DIVERGED = java.util.regex.Pattern.compile("\\d+ of \\d+ replicas diverged");

    /**
     * The draws' reasons, each once (as the ridge aggregates'; a row's reasons are joined by {@link Trial#join}). A
     * draw that lost replicas is named, with what is left of its eps_mean: the point's mean then takes only its
     * surviving replicas, or none of them.
     */
    static String message(List<Map<String, String>> rows) {
        java.util.Set<String> parts = new java.util.LinkedHashSet<>();
        for (Map<String, String> r : rows)
            for (String part : r.getOrDefault("message", "").split("; "))
                if (!part.isEmpty()) parts.add(REPLICAS_DIVERGED.matcher(part).lookingAt() ? lostReplicas(r, part) : part);
        return String.join("; ", parts);
    }

    private static String lostReplicas(Map<String, String> row, String part) {
        String ok = row.get("replicas_ok");
        String left = "0".equals(ok) ? "it has no eps_mean" : "its eps_mean averages its " + ok + ("1".equals(ok) ? " surviving replica" : " surviving replicas");
        return "seed " + row.get("seed") + ": " + part + ", so " + left;
    }

    private static String table(List<String> cols, List<Map<String, String>> rows) {
        StringBuilder sb = new StringBuilder(Csv.line(cols));
        for (Map<String, String> r : rows) {
            List<String> v = new ArrayList<>();
            for (String c : cols) v.add(r.getOrDefault(c, ""));
            sb.append(Csv.line(v));
        }
        return sb.toString();
    }

    /** summary.json: the keys every kind's summary shares ({@link SummaryJson}), the online ones between. */
    private void writeSummary(Path out, Backend be, String started, double seconds, int ran, int skipped, List<Path> plots) throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode s = SummaryJson.start("online", spec.title(), be, spec.seeds());
        SummaryJson.counts(s, spec.points().size() * spec.seeds().size(), ran, skipped, started, seconds);
        s.put("points", spec.points().size());
        s.put("mode", spec.mode());
        List<String> files = new ArrayList<>(List.of("results.csv", "aggregated.csv", "spec.json", "trials/ (one CSV per finished draw: point, seed)"));
        for (Path p : plots) files.add(p.getFileName().toString());
        SummaryJson.finish(s, files, spec.raw());
        AtomicFiles.write(out.resolve("summary.json"), om.writeValueAsBytes(s));
    }

    private static void writeAtomically(Path file, String text) {
        try {
            AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OutputException("cannot write " + file + ": " + FileErrors.reason(e) + " (files already written are intact)", e);
        }
    }

    // ---------------------------------------------------------------- plots

    /**
     * Curves per learning-curve panel: each has its own colour (the palette's seven, less one to spare) and three
     * legend entries, which fit beside the plot; 12 curves in one panel ran the legend off the image and reused colours.
     */
    static final int CURVES_PER_PANEL = 6;

    /** learning_curves.png, and learning_curves_2.png … where more than {@link #CURVES_PER_PANEL} points are plotted. */
    private List<Path> plotCurves(Path out, List<Map<String, String>> agg) throws IOException {
        Map<String, List<Map<String, String>>> byPoint = new LinkedHashMap<>();
        for (Map<String, String> a : agg) if (Double.parseDouble(a.get("alpha")) > 0) byPoint.computeIfAbsent(a.get("point"), x -> new ArrayList<>()).add(a);
        List<List<Map<String, String>>> points = new ArrayList<>(byPoint.values());
        int panels = Math.max(1, (points.size() + CURVES_PER_PANEL - 1) / CURVES_PER_PANEL);
        List<Path> files = new ArrayList<>();
        for (int panel = 0; panel < panels; panel++) {
            List<List<Map<String, String>>> here = points.subList(panel * CURVES_PER_PANEL, Math.min(points.size(), (panel + 1) * CURVES_PER_PANEL));
            String title = (spec.title().isEmpty() ? "online SGD: generalisation error" : spec.title())
                    + (panels > 1 ? " (points " + here.get(0).get(0).get("point") + "–" + here.get(here.size() - 1).get(0).get("point")
                    + ", panel " + (panel + 1) + " of " + panels + ")" : "");
            files.addAll(plotCurvePanel(out, panel == 0 ? "learning_curves" : "learning_curves_" + (panel + 1), title, here));
        }
        return files;
    }

    private List<Path> plotCurvePanel(Path out, String base, String title, List<List<Map<String, String>>> points) throws IOException {
        XYChart chart = new XYChartBuilder().width(points.size() > 1 ? 1240 : 1100).height(620)     // legend beside: see style
                .title(title)
                .xAxisTitle("α = steps / N").yAxisTitle("ε_g (clean teacher)").build();
        style(chart);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        int c = 0;
        int[] capped = {0};
        for (List<Map<String, String>> rows : points) {
            Map<String, String> f = rows.get(0);
            String name = "N=" + f.get("n") + " K=" + f.get("k") + " η=" + f.get("eta");
            Color col = Palette.COLORS[c++ % Palette.COLORS.length];
            double[] x = col(rows, "alpha"), y = col(rows, "eps_mean"), se = col(rows, "eps_mean_se");
            // the small-η ODE decreases from the initial error: anything 100x above it is a diverging run
            double cap = 100 * col(rows, "theory_small_eta_ode")[0];
            XYSeries sim = addFinite(chart, name + " simulation (band ±2 SE)", x, y, cap, capped);
            if (sim != null) {
                sim.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(col).setLineStyle(SeriesLines.NONE);
                for (int sign : new int[]{-1, 1}) {
                    double[] band = new double[y.length];
                    for (int i = 0; i < y.length; i++) band[i] = y[i] + sign * 2 * (Double.isFinite(se[i]) ? se[i] : 0);
                    XYSeries b = addFinite(chart, name + (sign < 0 ? " −2SE" : " +2SE"), x, band, cap, capped);
                    if (b != null) b.setMarker(SeriesMarkers.NONE).setLineColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 90))
                            .setLineStyle(SeriesLines.SOLID).setLineWidth(1f).setShowInLegend(false);
                }
            }
            XYSeries fe = addFinite(chart, name + " theory (finite η)", x, col(rows, "theory_finite_eta"), cap, capped);
            if (fe != null) fe.setMarker(SeriesMarkers.NONE).setLineColor(col).setLineStyle(SeriesLines.SOLID).setLineWidth(2.5f);
            XYSeries ode = addFinite(chart, name + " small-η ODE", x, col(rows, "theory_small_eta_ode"), cap, capped);
            if (ode != null) ode.setMarker(SeriesMarkers.NONE).setLineColor(col).setLineStyle(SeriesLines.DASH_DASH);
        }
        if (capped[0] > 0)         // said on the plot: the values are in results.csv, not silently gone
            chart.setXAxisTitle("α = steps / N   [" + capped[0] + " values above 100× the initial error (diverging) not drawn; see results.csv]");
        return save(out, base, chart);
    }

    private List<Path> plotWidth(Path out, List<Map<String, String>> agg) throws IOException {
        XYChart chart = new XYChartBuilder().width(1160).height(620)
                .title(spec.title().isEmpty() ? "best readout error against width" : spec.title())
                .xAxisTitle("K / N").yAxisTitle("ε∞ (best readout, clean teacher)").build();
        style(chart);
        chart.getStyler().setXAxisLogarithmic(true);
        Map<String, List<Map<String, String>>> byN = new TreeMap<>((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        for (Map<String, String> a : agg) byN.computeIfAbsent(a.get("n"), x -> new ArrayList<>()).add(a);
        int c = 0;
        boolean logY = true;          // unless a value or an error bar reaches 0 or below, which a log axis cannot show
        List<Map<String, String>> all = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, String>>> e : byN.entrySet()) {
            List<Map<String, String>> rows = new ArrayList<>(e.getValue());
            rows.sort((a, b) -> Double.compare(Double.parseDouble(a.get("k_over_n")), Double.parseDouble(b.get("k_over_n"))));
            all.addAll(rows);
            Color col = Palette.COLORS[c++ % Palette.COLORS.length];
            double[] se = col(rows, "eps_inf_se");
            for (int i = 0; i < se.length; i++) if (!Double.isFinite(se[i])) se[i] = 0;
            double[] eps = col(rows, "eps_inf");
            for (int i = 0; i < eps.length; i++) if (!(eps[i] - se[i] > 0)) logY = false;
            XYSeries s = chart.addSeries("sampled weights, N=" + e.getKey() + " (bars ±1 SE over seeds)", col(rows, "k_over_n"), eps, se);
            s.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(col).setLineColor(col).setLineStyle(SeriesLines.DOT_DOT);
        }
        all.sort((a, b) -> Double.compare(Double.parseDouble(a.get("k_over_n")), Double.parseDouble(b.get("k_over_n"))));
        double[] gx = col(all, "k_over_n"), gy = col(all, "eps_inf_asymptotic"), fl = col(all, "eps_floor");
        if (finite(gy)) chart.addSeries("Gaussian equivalence, K ∝ N", gx, gy).setMarker(SeriesMarkers.NONE).setLineColor(Color.BLACK).setLineStyle(SeriesLines.SOLID);
        boolean noFloor = java.util.Arrays.stream(fl).allMatch(v -> v == 0);      // μ* = 0 (a linear student): nothing to draw
        if (finite(fl) && !noFloor) chart.addSeries("floor (M/2)μ*² (higher Hermite parts)", gx, fl).setMarker(SeriesMarkers.NONE).setLineColor(Color.GRAY).setLineStyle(SeriesLines.DASH_DASH);
        for (double[] line : new double[][] {finite(gy) ? gy : new double[0], finite(fl) && !noFloor ? fl : new double[0]})
            for (double v : line) if (!(v > 0)) logY = false;
        chart.getStyler().setYAxisLogarithmic(logY);
        return save(out, "width", chart);
    }

    private static void style(XYChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);   // inside, it covered the curves' ends
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
    }

    private static List<Path> save(Path out, String base, XYChart chart) throws IOException {
        return ChartFiles.save(chart, out, base, true);
    }

    private static double[] col(List<Map<String, String>> rows, String c) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            String s = rows.get(i).get(c);
            v[i] = s == null || s.isEmpty() ? Double.NaN : Double.parseDouble(s);
        }
        return v;
    }

    private static boolean finite(double[] v) {
        for (double d : v) if (!Double.isFinite(d)) return false;
        return v.length > 0;
    }

    /**
     * The points of (x, y) whose y is positive, finite and at most {@code cap} as a series (null if none; diverging
     * curves would flatten a log plot); capped[0] counts the finite ones above cap.
     */
    private static XYSeries addFinite(XYChart chart, String name, double[] x, double[] y, double cap, int[] capped) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (Double.isFinite(y[i]) && y[i] > 0 && y[i] <= cap) keep.add(i);
            else if (Double.isFinite(y[i]) && y[i] > cap) capped[0]++;
        }
        if (keep.isEmpty()) return null;
        double[] kx = new double[keep.size()], ky = new double[keep.size()];
        for (int i = 0; i < kx.length; i++) {
            kx[i] = x[keep.get(i)];
            ky[i] = y[keep.get(i)];
        }
        return chart.addSeries(name, kx, ky);
    }

    private static String str(long v) { return Long.toString(v); }

    private static String str(boolean v) { return Boolean.toString(v); }

    /** Numbers in full precision; NaN and ∞ become empty fields (never "NaN" in a results file). */
    private static String num(double v) { return Double.isFinite(v) ? Double.toString(v) : ""; }

    private static double round3(double v) { return Math.round(v * 1000) / 1000.0; }
}
