package deeprf.structured;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import deeprf.backend.Backend;
import deeprf.experiment.DrawMemory;
import deeprf.experiment.OutputFolder;
import deeprf.experiment.RepairNote;
import deeprf.experiment.SummaryJson;
import deeprf.io.AtomicFiles;
import deeprf.io.FileErrors;
import deeprf.io.OutputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a {@link StructuredSpec} into an output folder:
 * <ul>
 * <li>{@code results.csv}: tidy, one row per case × seed × α × λ (simulation, exact conditional theory on the draw's
 *     weights, weight-free theory, status "ok", "diverging" or "failed": the conditional theory failed at this
 *     (α, λ), the reason in {@code message}, the simulation kept);</li>
 * <li>{@code aggregated.csv}: mean and standard error over seeds per case × α × λ, beside the weight-free theory, and
 *     a {@code message}: the seeds' messages, each once, and the weight-free curve's reason where it has no value;</li>
 * <li>{@code theory_curves.csv}: the weight-free curves on a dense α grid, a {@code message} where one diverges;</li>
 * <li>{@code test_error_lambda_<λ>.png}: test error against α per λ, theory lines over simulated points with error bars;</li>
 * <li>{@code summary.json}: spec, version, backend, seeds, timings.</li>
 * </ul>
 * Resumable: a (case, seed) unit's rows are appended in one write followed by fsync, so a killed run loses at most
 * the unit in progress; a rerun into the same folder keeps the complete units, drops any torn tail, and runs only the
 * missing units. A folder written by a different spec is refused.
 */
public final class StructuredRunner {
    private StructuredRunner() {}

    public record Result(Path out, int unitsRun, int unitsSkipped, double wallSeconds) {}

    static final String HEADER = "case,seed,alpha,n,lambda,status,sim_test,sim_train,cond_test,cond_train,wf_test,wf_train,unit_seconds,backend,message";

    /**
     * Runs {@code spec} into {@code out} (resuming what the folder holds).
     *
     * @param progress receives one line per unit and note, or null for none
     * @throws IllegalArgumentException where one draw cannot fit in memory (before the folder is touched)
     * @throws deeprf.io.OutputException where the folder cannot be written or holds another run
     */
    public static Result run(StructuredSpec spec, Path out, Backend be, Consumer<String> progress) {
        Objects.requireNonNull(spec, "StructuredRunner.run: spec must not be null");
        Objects.requireNonNull(out, "StructuredRunner.run: out must not be null");
        deeprf.backend.Backends.requireOpen(be, "StructuredRunner.run");
        DrawMemory.check(drawNeeds(spec), be, "make n0 or the layer ratios smaller");   // before the folder is touched
        try (OutputFolder.Lock lock = OutputFolder.lock(out)) {      // one run per folder at a time
            return runLocked(spec, out, be, progress);
        }
    }

    /** Seconds between the progress lines inside one unit (a unit of many samples runs for minutes), as run's log lines. */
    private static final double WITHIN_UNIT_EVERY_SECONDS = 30;

    /**
     * A line at most every {@value #WITHIN_UNIT_EVERY_SECONDS} s while a unit streams its samples: samples in, of how
     * many, and the unit's time left at its pace so far.
     */
    private static StructuredDraw.SampleProgress withinUnit(Consumer<String> progress, int index, int total, String caseName, long seed, long t0) {
        return withinUnit(progress, index, total, caseName, seed, t0, System::nanoTime, WITHIN_UNIT_EVERY_SECONDS);
    }

    /** As above, with the clock and the interval given (tests). */
    static StructuredDraw.SampleProgress withinUnit(Consumer<String> progress, int index, int total, String caseName, long seed, long t0,
                                                    java.util.function.LongSupplier nanoClock, double everySeconds) {
        if (progress == null) return (done, all) -> { };
        // {last line's time, first report's time, samples at the first report}: the pace is measured from the first
        // streamed block, after the weights and the conditional theory (a fixed cost, ~90 s at n0 = 2000, that would
        // otherwise be scaled by the samples left)
        double[] at = {0, Double.NaN, 0};
        return (done, all) -> {
            double elapsed = (nanoClock.getAsLong() - t0) * 1e-9;
            if (Double.isNaN(at[1])) {
                at[1] = elapsed;
                at[2] = done;
            }
            if (done >= all || elapsed - at[0] < everySeconds || done <= at[2]) return;
            at[0] = elapsed;
            double eta = (elapsed - at[1]) / (done - at[2]) * (all - done);
            progress.accept(String.format(Locale.ROOT, "structured: [%d/%d] case %s seed %d: %d of %d samples (%.0f %%), %.0f s, ETA of this unit %.0f s",
                    index, total, caseName, seed, done, all, 100.0 * done / all, elapsed, eta));
        };
    }

    private static Result runLocked(StructuredSpec spec, Path out, Backend be, Consumer<String> progress) {
        long start = System.nanoTime();
        String started = Instant.now().toString();
        OutputFolder.claim(out, "structured", spec.source(), tree -> java.util.Arrays.stream(StructuredSpec.parse(tree).seeds()).boxed().toList(),
                StructuredSpec::withDefaults);
        String fingerprint = fingerprint(spec);

        int perUnit = spec.sampleRatios().length * spec.lambdas().length;
        Path rowsFile = out.resolve("results.csv");
        Map<String, WeightFreeTheory> wf = new LinkedHashMap<>();
        for (StructuredSpec.Case c : spec.cases()) wf.put(c.name(), new WeightFreeTheory(c.model()));
        Map<String, List<String[]>> done = loadComplete(rowsFile, perUnit, spec, wf, progress);

        int total = spec.cases().size() * spec.seeds().length, run = 0, skipped = 0, index = 0;
        double spent = 0;
        Map<String, double[]> timing = new LinkedHashMap<>();   // case → {units, seconds, weights, theory}
        for (StructuredSpec.Case c : spec.cases()) {
            double[] t = timing.computeIfAbsent(c.name(), k -> new double[4]);
            for (long seed : spec.seeds()) {
                index++;
                String key = c.name() + "," + seed;
                if (done.containsKey(key)) {
                    skipped++;
                    continue;
                }
                long t0 = System.nanoTime();
                List<StructuredDraw.Point> pts;
                double weightSec, theorySec;
                try (StructuredDraw d = new StructuredDraw(be, c.model(), seed)) {
                    pts = spec.simulate() ? d.simulate(spec.sampleRatios(), spec.lambdas(), spec.block(), withinUnit(progress, index, total, c.name(), seed, t0))
                            : d.theory(spec.sampleRatios(), spec.lambdas());
                    weightSec = d.weightSeconds();
                    theorySec = d.theorySeconds();
                }
                double sec = (System.nanoTime() - t0) * 1e-9;
                StringBuilder sb = new StringBuilder();
                for (StructuredDraw.Point p : pts)
                    sb.append(row(c.name(), seed, p, wf.get(c.name()).at(p.alpha(), p.lambda()), sec, be.name())).append('\n');
                appendDurably(rowsFile, sb.toString());
                run++;
                spent += sec;
                t[0]++;
                t[1] += sec;
                t[2] += weightSec;
                t[3] += theorySec;
                if (progress != null) {
                    double eta = spent / run * (total - index);
                    progress.accept(String.format(Locale.ROOT, "structured: [%d/%d] case %s seed %d: %.2f s (weights %.2f s, theory %.2f s); ETA %.0f s",
                            index, total, c.name(), seed, sec, weightSec, theorySec, eta));
                }
            }
        }

        Map<String, List<String[]>> rows = loadComplete(rowsFile, perUnit, spec, wf, null);
        List<StructuredOutputs.Agg> agg = StructuredOutputs.aggregate(spec, rows, wf);
        StructuredOutputs.Curves curves = StructuredOutputs.theoryCurves(spec, wf);
        try {
            AtomicFiles.write(out.resolve("aggregated.csv"), StructuredOutputs.aggregateCsv(agg));
            AtomicFiles.write(out.resolve("theory_curves.csv"), curves.csv());
            List<String> plots = deeprf.report.ChartSupport.availableOrWarn() ? StructuredOutputs.plots(spec, agg, curves, out) : List.of();
            double wall = (System.nanoTime() - start) * 1e-9;
            AtomicFiles.write(out.resolve("summary.json"), summary(spec, be, started, wall, total, run, skipped, timing, fingerprint, plots));
            return new Result(out, run, skipped, wall);
        } catch (IOException e) {
            throw new OutputException("cannot write " + FileErrors.subject(e, out) + ": " + FileErrors.reason(e) + "; results.csv keeps every finished unit", e);
        }
    }

    /** What one draw of each case holds at once ({@link StructuredDraw#memoryPhases}). */
    static List<DrawMemory.Need> drawNeeds(StructuredSpec spec) {
        List<DrawMemory.Need> needs = new ArrayList<>();
        for (StructuredSpec.Case c : spec.cases())
            needs.add(new DrawMemory.Need(spec.cases().size() == 1 ? "" : "of case " + c.name(),
                    StructuredDraw.memoryPhases(c.model(), spec.simulate(), spec.block(), spec.sampleRatios())));
        return needs;
    }

    // ---------------------------------------------------------------- results.csv

    /** A row's message where the draw was fine and the weight-free theory is at its ridgeless peak. */
    static final String WEIGHT_FREE_PEAK = "weight-free theory: ridgeless interpolation peak";

    /** One results.csv line: the draw's status ("failed" or "diverging") wins, then the weight-free theory's peak. */
    static String row(String caseName, long seed, StructuredDraw.Point p, WeightFreeTheory.Point w, double sec, String backend) {
        boolean ok = p.status().equals("ok");
        String status = !ok ? p.status() : w.ok() ? "ok" : "diverging";
        String msg = !ok ? p.message() : !w.ok() ? WEIGHT_FREE_PEAK : "";
        return String.join(",", caseName, Long.toString(seed), num(p.alpha()), Integer.toString(p.n()), num(p.lambda()),
                status, num(p.simTestClean()), num(p.simTrain()), num(p.condTestClean()), num(p.condTrain()),
                num(w.testClean()), num(w.train()), num(sec), backend, quote(msg));
    }

    /**
     * Complete units of results.csv by "case,seed"; a torn or partial tail is cut off the file first, and so are the
     * draws with a row off the spec's grid, which {@code notice} (when not null) is told of.
     */
    static Map<String, List<String[]>> loadComplete(Path rowsFile, int perUnit, StructuredSpec spec, Consumer<String> notice) {
        return loadComplete(rowsFile, perUnit, spec, Map.of(), notice);
    }

    /**
     * As above; the weight-free columns of every kept row are this deeprf's ({@code wf} by case): rows an older deeprf
     * wrote with another weight-free curve (before the eighteenth session, a random target's profile on anisotropic
     * data) are brought up to date, and said so, instead of mixing two curves in one file.
     */
    static Map<String, List<String[]>> loadComplete(Path rowsFile, int perUnit, StructuredSpec spec, Map<String, WeightFreeTheory> wf,
                                                    Consumer<String> notice) {
        Map<String, List<String[]>> units = new LinkedHashMap<>();
        if (!Files.exists(rowsFile)) return units;
        String text;
        try {
            text = Files.readString(rowsFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OutputException("cannot read " + rowsFile + ": " + FileErrors.reason(e), e);
        }
        int lastNl = text.lastIndexOf('\n');
        String body = lastNl < 0 ? "" : text.substring(0, lastNl + 1);
        String[] lines = body.split("\n");
        if (lines.length == 0 || !lines[0].equals(HEADER))
            throw new IllegalArgumentException(rowsFile + ": not a structured rows file (header differs); choose another --out");
        java.util.Set<String> offGrid = new java.util.HashSet<>();
        int unreadable = 0;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) continue;
            String[] f = splitCsv(lines[i]);
            if (f.length != 15) {           // a damaged line
                unreadable++;
                continue;
            }
            // a row off the spec's grid (an older deeprf's log grid, an ulp away) is not this spec's: its unit reruns
            if (!onGrid(f[2], spec.sampleRatios()) || !onGrid(f[4], spec.lambdas())) {
                offGrid.add(f[0] + "," + f[1]);
                continue;
            }
            units.computeIfAbsent(f[0] + "," + f[1], k -> new ArrayList<>()).add(f);
        }
        units.keySet().removeAll(offGrid);                   // a draw partly off the grid runs again whole
        int partial = (int) units.values().stream().filter(l -> l.size() != perUnit).count();
        units.values().removeIf(l -> l.size() != perUnit);
        int updated = 0;
        Map<String, WeightFreeTheory.Point> curve = new java.util.HashMap<>();    // one evaluation per (case, α, λ'), not per seed
        for (List<String[]> l : units.values())
            for (String[] f : l) if (updateWeightFree(f, wf.get(f[0]), curve)) updated++;
        if (notice != null && updated > 0)
            notice.accept("structured: " + updated + (updated == 1 ? " row's" : " rows'") + " weight-free columns (wf_test, wf_train, and the"
                    + " status where they set it) were an older deeprf's curve; recomputed with this one (the simulation and conditional columns are kept)");
        // said, not silent: the dropped draws' compute is spent again
        RepairNote repairs = new RepairNote();
        if (lastNl != text.length() - 1) repairs.tornLastLine();
        repairs.unreadableLines(unreadable);
        repairs.finishedDrawsRunAgain(offGrid.size(), "written at α or λ' values off this spec's grid (by an older deeprf)");
        repairs.drawsRunAgain(partial, "draw with only some of its rows", "draws with only some of their rows");
        if (notice != null && repairs.line() != null) notice.accept("structured: " + repairs.line());
        StringBuilder keep = new StringBuilder(HEADER).append('\n');
        for (List<String[]> l : units.values())
            for (String[] f : l) keep.append(joinCsv(f)).append('\n');
        if (!keep.toString().equals(text)) {
            try {
                AtomicFiles.write(rowsFile, keep.toString());
            } catch (IOException e) {
                throw new OutputException("cannot rewrite " + rowsFile + " without its torn or off-grid rows: " + FileErrors.reason(e)
                        + "; the file is unchanged", e);
            }
        }
        return units;
    }

    /**
     * Brings a row's weight-free cells (wf_test, wf_train: fields 10, 11) and, where the draw itself was fine, its status
     * and message (fields 5, 14) to this deeprf's curve, as {@link #row} would write them; true when anything changed.
     * Numbers compare within 1e-12 relative: the curve's log/exp/pow may differ in the last digit on another machine.
     */
    private static boolean updateWeightFree(String[] f, WeightFreeTheory theory, Map<String, WeightFreeTheory.Point> cache) {
        if (theory == null) return false;
        WeightFreeTheory.Point w;
        try {
            w = cache.computeIfAbsent(f[0] + "," + f[2] + "," + f[4], k -> theory.at(Double.parseDouble(f[2]), Double.parseDouble(f[4])));
        } catch (RuntimeException e) {
            return false;                                       // as written: its unit's own run said what failed
        }
        // fields as read (splitCsv took the quotes off)
        boolean drawOk = f[5].equals("ok") || (f[5].equals("diverging") && f[14].equals(WEIGHT_FREE_PEAK));
        String status = !drawOk ? f[5] : w.ok() ? "ok" : "diverging", message = !drawOk ? f[14] : w.ok() ? "" : WEIGHT_FREE_PEAK;
        if (sameNumber(f[10], w.testClean()) && sameNumber(f[11], w.train()) && status.equals(f[5])) return false;
        f[10] = num(w.testClean());
        f[11] = num(w.train());
        f[5] = status;
        f[14] = message;
        return true;
    }

    private static boolean sameNumber(String cell, double v) {
        if (cell.isEmpty() || Double.isNaN(v)) return cell.isEmpty() && Double.isNaN(v);
        double c = Double.parseDouble(cell);
        return Math.abs(c - v) <= 1e-12 * Math.max(Math.abs(c), Math.abs(v));
    }

    private static boolean onGrid(String cell, double[] grid) {
        try {
            double v = Double.parseDouble(cell);
            for (double g : grid) if (Double.compare(g, v) == 0) return true;
            return false;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void appendDurably(Path file, String rows) {
        try {
            boolean fresh = !Files.exists(file);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(((fresh ? HEADER + "\n" : "") + rows).getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
        } catch (IOException e) {
            throw new OutputException("cannot append to " + file + ": " + FileErrors.reason(e) + "; the rows written before stay intact", e);
        }
    }

    static String num(double x) { return Double.isNaN(x) ? "" : Double.toString(x); }

    static double parse(String s) { return s.isEmpty() ? Double.NaN : Double.parseDouble(s); }

    static String quote(String s) {
        if (s.isEmpty()) return s;
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    static String joinCsv(String[] f) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < f.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(f[i].contains(",") || f[i].contains("\"") ? quote(f[i]) : f[i]);
        }
        return sb.toString();
    }

    static String[] splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inQ = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (inQ) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') { cur.append('"'); i++; }
                    else inQ = false;
                } else cur.append(ch);
            } else if (ch == '"') inQ = true;
            else if (ch == ',') { out.add(cur.toString()); cur.setLength(0); }
            else cur.append(ch);
        }
        out.add(cur.toString());
        return out.toArray(String[]::new);
    }

    // ---------------------------------------------------------------- summary

    private static String fingerprintSource(StructuredSpec spec) {
        return spec.source().toString() + "\n";
    }

    private static String fingerprint(StructuredSpec spec) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(fingerprintSource(spec).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String summary(StructuredSpec spec, Backend be, String started, double wall, int total,
                                  int run, int skipped, Map<String, double[]> timing, String fingerprint, List<String> plots) throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode s = SummaryJson.start("structured", spec.name(), be, java.util.Arrays.stream(spec.seeds()).boxed().toList());
        SummaryJson.counts(s, total, run, skipped, started, wall);          // a draw is one case and seed
        s.put("spec_fingerprint", fingerprint);
        s.put("simulate", spec.simulate());
        ArrayNode cases = s.putArray("cases");
        for (StructuredSpec.Case c : spec.cases()) {
            ObjectNode cn = cases.addObject();
            cn.put("name", c.name());
            cn.put("model", c.model().describe());
            int[] w = c.model().widths();
            ArrayNode wn = cn.putArray("widths");
            for (int x : w) wn.add(x);
            cn.put("rank_fraction", c.model().rankFraction());
            cn.put("ridgeless_peak_alpha", c.model().rankFraction());
            double[] t = timing.get(c.name());
            if (t != null && t[0] > 0) {
                cn.put("units_timed", (int) t[0]);
                cn.put("mean_unit_seconds", t[1] / t[0]);
                cn.put("mean_weight_seconds", t[2] / t[0]);
                cn.put("mean_theory_seconds", t[3] / t[0]);
            }
        }
        List<String> files = new ArrayList<>(List.of("results.csv", "aggregated.csv", "theory_curves.csv", "spec.json"));
        files.addAll(plots);
        SummaryJson.finish(s, files, spec.source());
        return om.writeValueAsString(s) + "\n";
    }
}
