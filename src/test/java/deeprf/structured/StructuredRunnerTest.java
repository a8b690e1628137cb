package deeprf.structured;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import deeprf.backend.Backend;
import deeprf.backend.Backends;
import deeprf.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

public class StructuredRunnerTest {

    public static final String SMALL = """
            kind = "structured"
            n0 = 60
            noise = 0.2
            seeds = 2
            sample_ratios = [0.2, 0.5, 1.5]
            lambdas = [0.0, 0.1]
            theory_points = 20
            data = {kind = "power_law", exponent = 1.0}
            target = {kind = "power_law", exponent = 0.5}
            [[cases]]
            name = "plain"
            layers = [{ratio = 0.5}, {ratio = 1.0}]
            [[cases]]
            name = "l1"
            layers = [{ratio = 0.5, sigma = {kind = "twolevel", low = 0.5, high = 2, fraction = 0.3}, align = "target"}, {ratio = 1.0}]
            """;

    public static StructuredSpec spec(String toml) throws Exception {
        return StructuredSpec.parse(new TomlMapper().readTree(toml));
    }

    static StructuredRunner.Result run(StructuredSpec s, Path out) {
        try (Backend be = Backends.open("java")) {
            return StructuredRunner.run(s, out, be, null);
        }
    }

    /**
     * The new-user spec: λ = 1e-300 … 1e-60 at α = 0.5, where n = 50 = rank (κ ≈ √λ), stopped the whole run with
     * "Brent did not converge"; every row is now ok (a huge but finite error) and no file holds Infinity or NaN.
     */
    @Test
    void tinyLambdasAtTheRankRunToTheEnd(@TempDir Path dir) throws Exception {
        StructuredSpec s = spec("""
                kind = "structured"
                n0 = 100
                noise = 0.1
                seeds = 1
                sample_ratios = [0.2, 0.5, 1.0]
                lambdas = [1e-300, 1e-100, 1e-60]
                theory_points = 5
                data = {kind = "power_law", exponent = 1.0}
                target = {kind = "power_law", exponent = 1.0}
                [[cases]]
                name = "unstructured"
                layers = [{ratio = 0.5}]
                [[cases]]
                name = "aligned"
                layers = [{ratio = 0.5, sigma = {kind = "power_law", exponent = 1.0}, align = "data"}]
                """);
        Path out = dir.resolve("run");
        assertEquals(2, run(s, out).unitsRun());
        String rows = Files.readString(out.resolve("results.csv"));
        assertEquals(1 + 2 * 9, rows.split("\n").length);
        rows.lines().skip(1).forEach(l -> assertTrue(l.contains(",ok,"), l));
        for (String f : new String[]{"results.csv", "aggregated.csv", "theory_curves.csv"}) {
            String text = Files.readString(out.resolve(f));
            assertFalse(text.contains("Infinity") || text.contains("NaN"), f);
        }
        assertTrue(Files.readString(out.resolve("aggregated.csv")).lines().findFirst().orElseThrow().endsWith(",wf_status,seeds_failed,message"));
    }

    /**
     * The new-user review's spec: at the ridgeless peak (α = r = 0.5, n = 30) aggregated.csv left nine cells and
     * theory_curves.csv two empty without a word; both now say why in a message column (the seeds' messages, each
     * once, and the weight-free curve's own reason), and rows with every value have none.
     */
    @Test
    void emptyCellsAtThePeakSayWhyInAggregatedAndTheoryCurves(@TempDir Path dir) throws Exception {
        StructuredSpec s = spec("""
                kind = "structured"
                n0 = 60
                noise = 0.1
                seeds = 2
                sample_ratios = [0.2, 0.5, 1.5]
                lambdas = [0.0, 0.01]
                theory_points = 5
                data = {kind = "power_law", exponent = 1.0}
                target = {kind = "power_law", exponent = 1.0}
                [[cases]]
                name = "unstructured"
                layers = [{ratio = 0.5}, {ratio = 0.5}]
                """);
        Path out = dir.resolve("run");
        run(s, out);
        java.util.List<String> agg = Files.readAllLines(out.resolve("aggregated.csv"));
        assertEquals("case,alpha,n,lambda,seeds_ok,seeds_diverging,sim_test_mean,sim_test_se,sim_train_mean,sim_train_se,cond_test_mean,"
                + "cond_test_se,cond_train_mean,wf_test,wf_train,wf_status,seeds_failed,message", agg.get(0));
        String wfPeak = "weight-free theory: ridgeless (lambda = 0) at alpha = r = 0.5, the features' rank fraction min(1, alpha_1, ..., alpha_L):"
                + " interpolation peak, the error is infinite";
        int peaks = 0;
        for (String line : agg.subList(1, agg.size())) {
            String[] f = StructuredRunner.splitCsv(line);
            assertEquals(18, f.length, line);
            if (f[1].equals("0.5") && f[3].equals("0.0")) {
                peaks++;
                assertEquals("unstructured,0.5,30,0.0,0,2,,,,,,,,,,diverging,0", String.join(",", java.util.Arrays.copyOf(f, 17)));
                // both seeds said the same: once
                assertEquals("ridgeless at n = rank of the features = 30 (alpha = 0.5): interpolation peak, the error is infinite; " + wfPeak, f[17]);
            } else assertEquals("", f[17], line);
        }
        assertEquals(1, peaks);
        java.util.List<String> curves = Files.readAllLines(out.resolve("theory_curves.csv"));
        assertEquals("case,alpha,lambda,status,test,train,message", curves.get(0));
        for (String line : curves.subList(1, curves.size())) {
            String[] f = StructuredRunner.splitCsv(line);
            assertEquals(7, f.length, line);
            assertEquals(f[3].equals("diverging") ? wfPeak : "", f[6], line);
            assertEquals(f[3].equals("diverging"), f[4].isEmpty(), line);
        }
        assertTrue(curves.contains("unstructured,0.5,0.0,diverging,,,\"" + wfPeak + "\""), curves.toString());
    }

    /** A row's short weight-free note gives way to the curve's own reason; other seeds' messages are kept, each once. */
    @Test
    void theAggregateMessageListsEachReasonOnce() throws Exception {
        StructuredSpec s = spec(SMALL);
        WeightFreeTheory wf = new WeightFreeTheory(s.cases().get(0).model());
        WeightFreeTheory.Point peak = wf.at(0.5, 0), fine = wf.at(0.2, 0);
        assertFalse(peak.ok());
        assertTrue(fine.ok());
        assertEquals("", fine.message());
        assertEquals("a; b; " + peak.message(),
                StructuredOutputs.message(java.util.List.of("a", "", StructuredRunner.WEIGHT_FREE_PEAK, "b", "a"), peak));
        assertEquals("a", StructuredOutputs.message(java.util.List.of("", "a", "a"), fine));
    }

    @Test
    void writesEverythingMarksThePeakAndResumesAfterATornWrite(@TempDir Path dir) throws Exception {
        StructuredSpec s = spec(SMALL);
        Path out = dir.resolve("run");
        StructuredRunner.Result r = run(s, out);
        assertEquals(4, r.unitsRun());
        for (String f : new String[]{"results.csv", "aggregated.csv", "theory_curves.csv", "summary.json", "test_error_lambda_0.png", "test_error_lambda_0.1.png"})
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        String rows = Files.readString(out.resolve("results.csv"));
        assertEquals(1 + 4 * 6, rows.split("\n").length);
        // alpha = 0.5 is the rank fraction min(1, 0.5, 1.0): ridgeless rows are marked, never infinite
        long diverging = rows.lines().filter(l -> l.contains(",diverging,")).count();
        assertEquals(4, diverging);
        for (String f : new String[]{"results.csv", "aggregated.csv", "theory_curves.csv"})
            assertFalse(Files.readString(out.resolve(f)).contains("Infinity"), f);

        // a kill in the middle of the last unit's write: torn tail, then resume runs exactly that unit again
        byte[] all = Files.readAllBytes(out.resolve("results.csv"));
        Files.write(out.resolve("results.csv"), java.util.Arrays.copyOf(all, all.length - 40));
        java.util.List<String> repairs = new java.util.ArrayList<>();
        StructuredRunner.loadComplete(out.resolve("results.csv"), 6, s, repairs::add);     // as the rerun does, said
        assertEquals(java.util.List.of("structured: results.csv repaired: a torn last line (a run stopped while writing it) was cut; "
                + "1 draw with only some of its rows will run again"), repairs);
        StructuredRunner.Result again = run(s, out);
        assertEquals(1, again.unitsRun());
        assertEquals(3, again.unitsSkipped());
        // same numbers apart from the timing column of the rerun unit
        assertEquals(stripTimes(rows), stripTimes(Files.readString(out.resolve("results.csv"))));

        StructuredRunner.Result none = run(s, out);
        assertEquals(0, none.unitsRun());

        // a row whose α is an ulp off the spec's grid (older deeprf log grids) is not this spec's: its unit reruns
        String[] lines = Files.readString(out.resolve("results.csv")).split("\n");
        String[] f = StructuredRunner.splitCsv(lines[1]);
        f[2] = Double.toString(Math.nextUp(Double.parseDouble(f[2])));
        lines[1] = String.join(",", f);
        Files.writeString(out.resolve("results.csv"), String.join("\n", lines) + "\n");
        java.util.List<String> notes = new java.util.ArrayList<>();
        try (Backend be = Backends.open("java")) {
            assertEquals(1, StructuredRunner.run(s, out, be, notes::add).unitsRun());
        }
        assertTrue(notes.contains("structured: results.csv repaired: 1 finished draw written at α or λ' values off this spec's grid (by an older deeprf) will run again"), notes.toString());
        assertEquals(stripTimes(rows).lines().sorted().toList(), stripTimes(Files.readString(out.resolve("results.csv"))).lines().sorted().toList());   // the rerun unit comes last

        StructuredSpec other = spec(SMALL.replace("noise = 0.2", "noise = 0.3"));
        var e = assertThrows(deeprf.io.OutputException.class, () -> run(other, out));
        assertTrue(e.getMessage().contains("different spec (noise: 0.2 there, 0.3 here)"), e.getMessage());
        // another title and a third seed resume the folder: only the new seed's units run
        StructuredRunner.Result more = run(spec("title = \"more\"\n" + SMALL.replace("seeds = 2", "seeds = 3")), out);
        assertEquals(2, more.unitsRun());
    }

    private static String stripTimes(String csv) {
        StringBuilder sb = new StringBuilder();
        for (String line : csv.split("\n")) {
            String[] f = StructuredRunner.splitCsv(line);
            f[12] = "";
            sb.append(String.join(",", f)).append('\n');
        }
        return sb.toString();
    }

    /**
     * A results.csv with a torn tail that cannot be rewritten (a folder in the place of its temporary) says so, not
     * "cannot read", and leaves the file as it was.
     */
    @Test
    void aTornTailThatCannotBeCutOffIsReportedAsAWriteFailure(@TempDir Path dir) throws Exception {
        Path rows = dir.resolve("results.csv");
        String torn = StructuredRunner.HEADER + "\nplain,1,0.2";
        Files.writeString(rows, torn);
        Files.createDirectories(dir.resolve(".results.csv.tmp").resolve("x"));
        var e = assertThrows(deeprf.io.OutputException.class, () -> StructuredRunner.loadComplete(rows, 6, spec(SMALL), null));
        assertTrue(e.getMessage().startsWith("cannot rewrite " + rows + " without its torn or off-grid rows: "), e.getMessage());
        assertEquals(torn, Files.readString(rows));
    }

    @Test
    void badSpecsGetOneLineNamingTheField() {
        String[][] cases = {
                {SMALL.replace("noise = 0.2", "noize = 0.2"), "noize: unknown key"},
                {SMALL.replace("noise = 0.2", "noize = 0.2"), "did you mean \"noise\"?"},
                {"title = \"t\"\nname = \"n\"\n" + SMALL, "name and title are both given"},
                {SMALL.replace("data = {kind = \"power_law\", exponent = 1.0}", "data = {kind = \"values\", values = [1.0, 2.0]}"),
                        "data: explicit spectrum: 2 eigenvalues given for dimension 60; allowed: exactly 60 values, one per dimension"},
                {"[data]\nd = 5\n[learner]\ndepth = 1\n", "this is not a structured spec (it has [learner]"},
                {SMALL.replace("{ratio = 0.5}, {ratio = 1.0}]\n[[", "{ratio = -0.5}, {ratio = 1.0}]\n[["), "cases[1].layers[1]: ratio = -0.5"},
                {SMALL.replace("low = 0.5", "low = -0.5"), "not positive definite"},
                {SMALL.replace("lambdas = [0.0, 0.1]", "lambdas = [-1.0]"), "lambdas[1] = -1: a ridge must be finite, >= 0 and <= 1e12"},
                // λ = 1e300 wrote Infinity for the weight-free training error into the result files
                {SMALL.replace("lambdas = [0.0, 0.1]", "lambdas = [0.0, 1e300]"), "lambdas[2] = 1e300: a ridge must be finite, >= 0 and <= 1e12"},
                {SMALL.replace("data = {kind = \"power_law\", exponent = 1.0}", "data = {kind = \"values\", values = [1.0, nan]}"),
                        "data: explicit spectrum: values[2] = NaN"},
                {SMALL.replace("sample_ratios = [0.2, 0.5, 1.5]", "sample_ratios = [0.2, 0.0]"), "sample_ratios[2] = 0: sample ratios"},
                // numbers as TOML writes them, not Java's Infinity, NaN and 1000000.0
                {SMALL.replace("noise = 0.2", "noise = inf"), "noise = inf: out of range; allowed [0, 1000000]"},
                {SMALL.replace("seeds = 2", "seeds = -inf"), "seeds = -inf: expected a count"},
                {SMALL.replace("lambdas = [0.0, 0.1]", "lambdas = [0.0, nan]"), "lambdas[2] = nan: a ridge"},
                {SMALL.replace("lambdas = [0.0, 0.1]", "lambdas = [0.0, [1]]"), "lambdas[2] = [1]: expected a number"},
                {SMALL.replace("sample_ratios = [0.2, 0.5, 1.5]", "sample_ratios = [0.2, 0.005]"), "sample_ratios[2] = 0.005 gives n = α·n0 = 0.3"},
                {SMALL.replace("sample_ratios = [0.2, 0.5, 1.5]", "sample_ratios = [0.5, 0.2, 0.5]"), "sample_ratios[3] = 0.5 repeats sample_ratios[1]"},
                {SMALL.replace("sample_ratios = [0.2, 0.5, 1.5]", "sample_ratios = {from = 0.5, to = 0.5, count = 2}"), "sample_ratios.count = 2 with from = to; allowed: 1 when from = to"},
                {SMALL.replace("sample_ratios = [0.2, 0.5, 1.5]", "sample_ratios = {from = 0.5, to = 2, count = 1}"), "sample_ratios.count = 1 with from != to"},
                {SMALL.replace("lambdas = [0.0, 0.1]", "lambdas = [0.1, 0.1]"), "lambdas[2] = 0.1 repeats lambdas[1]"},
                {SMALL.replace("seeds = 2", "seeds = [18446744073709551617]"), "seeds[1] = 18446744073709551617: seeds are integers from 0 to"},
                {SMALL.replace("n0 = 60", "n0 = 18446744073709551677"), "n0 = 18446744073709551677: out of range"},
                {SMALL.replace("align = \"target\"", "align = \"sideways\""), "cases[2].layers[1].align: unknown alignment"},
                {SMALL.replace("exponent = 1.0}\ntarget", "exponent = \"one\"}\ntarget"), "data: exponent = \"one\": expected a number"},
                // the old spelling: one vocabulary with the ridge specs, and a hint for specs written before
                {SMALL.replace("data = {kind = \"power_law\"", "data = {kind = \"powerlaw\""),
                        "data.kind = \"powerlaw\" is unknown; allowed: identity, power_law, twolevel, spiked, values; did you mean \"power_law\"?"},
                {SMALL.replace("target = {kind = \"power_law\"", "target = {kind = \"powerlaw\""),
                        "target.kind = \"powerlaw\" is unknown; allowed: isotropic, power_law; did you mean \"power_law\"?"},
                {SMALL.replace("{ratio = 0.5, sigma = {kind = \"twolevel\"", "{ratio = 0.5, sigma = {kind = \"lognormal\""),
                        "cases[2].layers[1].sigma.kind = \"lognormal\" is unknown; allowed: identity, power_law, twolevel, spiked, values"},
        };
        for (String[] c : cases) {
            var e = assertThrows(IllegalArgumentException.class, () -> spec(c[0]));
            assertTrue(e.getMessage().contains(c[1]), "expected '" + c[1] + "' in: " + e.getMessage());
        }
    }

    /** A row whose theory failed keeps its simulation in the sim means; it is counted in seeds_failed, not seeds_ok. */
    @Test
    void aFailedTheoryRowKeepsItsSimulationInTheMeans() throws Exception {
        StructuredSpec s = spec(SMALL);
        java.util.Map<String, WeightFreeTheory> wf = new java.util.LinkedHashMap<>();
        for (StructuredSpec.Case c : s.cases()) wf.put(c.name(), new WeightFreeTheory(c.model()));
        // case, seed, alpha, n, lambda, status, sim_test, sim_train, cond_test, cond_train, wf_test, wf_train, seconds, backend, message
        java.util.Map<String, java.util.List<String[]>> units = java.util.Map.of(
                "plain,1", java.util.List.<String[]>of(new String[]{"plain", "1", "0.2", "12", "0.0", "ok", "1.0", "0.5", "0.9", "0.4", "", "", "1", "java", ""}),
                "plain,2", java.util.List.<String[]>of(new String[]{"plain", "2", "0.2", "12", "0.0", "failed", "3.0", "0.7", "", "", "", "", "1", "java", "kappa failed"}));
        StructuredOutputs.Agg a = StructuredOutputs.aggregate(s, units, wf).stream()
                .filter(x -> x.name().equals("plain") && x.alpha() == 0.2 && x.lambda() == 0.0).findFirst().orElseThrow();
        assertEquals(1, a.seeds());
        assertEquals(1, a.failed());
        assertEquals(2.0, a.simTest(), 1e-15);                        // both seeds' simulation
        assertEquals(0.9, a.condTest(), 1e-15);                       // the theory of the seed that has one
    }

    @Test
    void kindNamesMatchRegardlessOfCase() throws Exception {
        StructuredSpec s = spec(SMALL.replace("kind = \"structured\"", "kind = \"Structured\"").replace("data = {kind = \"power_law\"", "data = {kind = \"Power_Law\"")
                .replace("target = {kind = \"power_law\"", "target = {kind = \"POWER_LAW\"")
                .replace("sample_ratios = [0.2, 0.5, 1.5]", "sample_ratios = {from = 0.2, to = 1.5, count = 3, scale = \"Log\"}"));
        assertEquals(2, s.cases().size());
        assertEquals(3, s.sampleRatios().length);
    }

    @Test
    void deeprfRunDispatchesKindStructured(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("s.toml");
        Files.writeString(spec, SMALL.replace("seeds = 2", "seeds = 1"));
        Path out = dir.resolve("o");
        assertEquals(0, Main.run("run", spec.toString(), "--out", out.toString(), "--backend", "java", "--quiet"));
        assertEquals(1 + 2 * 6, Files.readString(out.resolve("results.csv")).split("\n").length);
    }

    @Test
    void cliRefusesABadSpecWithExitCodeTwoAndNoTrace(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, SMALL.replace("low = 0.5", "low = 0.0"));
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("structured", bad.toString(), "--out", dir.resolve("o").toString(), "--backend", "java");
        } finally {
            System.setErr(old);
        }
        String msg = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, msg);
        assertTrue(msg.contains("not positive definite") && !msg.contains("\tat "), msg);
    }

    /**
     * A draw's peak is its largest phase: here the readout (B, the Gram, its eigenvectors, P = BV on the backend and as a
     * Java array), which n0 = 100000 at ratio 1 puts at 372.5 GiB; its layer's Gaussian weights, 10¹⁰ elements, fit no
     * Java array on any backend, which is said first; refused before the folder is made.
     */
    @Test
    void aDrawThatCannotFitIsRefusedBeforeTheFolderIsTouched(@TempDir Path dir) throws Exception {
        StructuredSpec small = spec(SMALL);
        java.util.List<deeprf.experiment.DrawMemory.Need> needs = StructuredRunner.drawNeeds(small);
        assertEquals(java.util.List.of("of case plain", "of case l1"), needs.stream().map(deeprf.experiment.DrawMemory.Need::at).toList());
        // plain: widths 60, 30, 60; α = 0.2, 0.5, 1.5 → 12, 30, 90 samples, nested: blocks of at most 60 (the step to 90)
        long readout = 8L * (60 * 60 + 60 * 60 + 60 * 60 + 2 * 60 * 60), accumulate = 8L * (60 * 60 + 60 * 60 + 60 * 60 + 60 * 60);
        assertEquals(Math.max(readout, accumulate), needs.get(0).peak().stream().mapToLong(p -> 8 * p.rows() * p.cols()).sum());

        StructuredSpec big = spec("""
                kind = "structured"
                n0 = 100000
                seeds = 1
                sample_ratios = [0.5]
                lambdas = [0.1]
                [[cases]]
                name = "plain"
                layers = [{ratio = 1.0}]
                """);
        Path out = dir.resolve("out");
        try (Backend be = Backends.open("java")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StructuredRunner.run(big, out, be, null));
            // the layer's Gaussian weights, a Java array of 10¹⁰ elements, cannot exist on any backend: said before the heap
            assertTrue(e.getMessage().startsWith("one draw needs layer 1's Gaussian weights 100000 × 100000, 10000000000 elements, more than one Java array holds"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("make n0 or the layer ratios smaller"), e.getMessage());
        }
        assertFalse(Files.exists(out));
    }

    /**
     * Samples are nested, drawn in blocks between ascending sample counts: with block = 100000 and α = 1 … 10 at
     * n0 = 100 the largest block is 100 samples, not 1000; counted at 1000 the accumulating phase (1.7 MiB) outgrew
     * the readout's (0.4 MiB) and refused, on a tight heap, a spec that runs.
     */
    @Test
    void theAccumulatingPhaseCountsTheLargestBlockDrawn() throws Exception {
        StructuredSpec s = spec("""
                kind = "structured"
                n0 = 100
                seeds = 1
                block = 100000
                sample_ratios = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
                lambdas = [0.1]
                [[cases]]
                name = "plain"
                layers = [{ratio = 1.0}]
                """);
        long readout = 8L * 5 * 100 * 100;      // B, the Gram, its eigenvectors, P on the backend and as a Java array
        assertEquals(readout, StructuredRunner.drawNeeds(s).get(0).peak().stream().mapToLong(p -> 8 * p.rows() * p.cols()).sum());
        assertEquals(100, StructuredDraw.largestBlock(s.sampleRatios(), 100, 100000));
        assertEquals(64, StructuredDraw.largestBlock(s.sampleRatios(), 100, 64));
        assertEquals(18, StructuredDraw.largestBlock(new double[]{0.2, 0.5, 0.12}, 60, 512));   // 12, 30, 7 samples: steps 7, 5, 18
    }

    /**
     * A unit's progress lines: the pace is taken from the first streamed block on, so the fixed cost before it (the
     * weights and the conditional theory, 90 s here) does not multiply into the time left (it read 1300 s for ~410).
     */
    @Test
    void withinUnitProgressMeasuresThePaceFromTheFirstBlock() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        long[] now = {0};
        StructuredDraw.SampleProgress p = StructuredRunner.withinUnit(lines::add, 1, 2, "a", 1, 0, () -> now[0], 30);
        now[0] = 90_000_000_000L;               // weights and theory done: the first block is in
        p.samples(512, 8000);
        now[0] += 30_000_000_000L;              // 512 more samples in 30 s
        p.samples(1024, 8000);
        now[0] += 1_000_000_000L;               // within the interval: no line
        p.samples(1536, 8000);
        p.samples(8000, 8000);                  // the end: the unit's own line says it
        assertEquals(java.util.List.of("structured: [1/2] case a seed 1: 1024 of 8000 samples (13 %), 120 s, ETA of this unit 409 s"), lines);
    }

    /**
     * A folder of an older deeprf whose weight-free curve differed (a random target on anisotropic data, before the
     * eighteenth session): its rows' wf columns are recomputed on resume and said so, not mixed with new rows'; the
     * simulation and conditional columns stay; a folder of this deeprf is left as it is.
     */
    @Test
    void olderWeightFreeColumnsAreRecomputedOnResume(@TempDir Path dir) throws Exception {
        StructuredSpec s = spec(SMALL.replace("target = {kind = \"power_law\", exponent = 0.5}", "target = \"isotropic\""));
        Path out = dir.resolve("run");
        run(s, out);
        Path rows = out.resolve("results.csv");
        String now = Files.readString(rows);
        java.util.Map<String, WeightFreeTheory> wf = new java.util.LinkedHashMap<>();
        for (StructuredSpec.Case c : s.cases()) wf.put(c.name(), new WeightFreeTheory(c.model()));
        java.util.List<String> said = new java.util.ArrayList<>();
        StructuredRunner.loadComplete(rows, 6, s, wf, said::add);
        assertEquals(java.util.List.of(), said, "this deeprf's rows are up to date");
        assertEquals(now, Files.readString(rows));
        // an older deeprf's wf_test in the first row (column 11)
        String[] lines = now.split("\n");
        String[] f = StructuredRunner.splitCsv(lines[1]);
        String simTest = f[6];
        f[10] = Double.toString(Double.parseDouble(f[10]) * 0.97);
        lines[1] = StructuredRunner.joinCsv(f);
        Files.writeString(rows, String.join("\n", lines) + "\n");
        StructuredRunner.loadComplete(rows, 6, s, wf, said::add);
        assertEquals(1, said.size());
        assertTrue(said.get(0).startsWith("structured: 1 row's weight-free columns (wf_test, wf_train, and the status where they set it) were an older deeprf's curve"), said.get(0));
        assertEquals(now, Files.readString(rows), "rewritten with this deeprf's curve, the simulation (" + simTest + ") kept");
        // an older curve at its ridgeless peak where this one is finite: the row's status follows the curve (ok again)
        lines = now.split("\n");
        f = StructuredRunner.splitCsv(lines[1]);
        assertEquals("ok", f[5]);
        f[5] = "diverging";
        f[10] = "";
        f[11] = "";
        f[14] = "weight-free theory: ridgeless interpolation peak";
        lines[1] = StructuredRunner.joinCsv(f);
        Files.writeString(rows, String.join("\n", lines) + "\n");
        said.clear();
        StructuredRunner.loadComplete(rows, 6, s, wf, said::add);
        assertEquals(1, said.size(), said.toString());
        assertEquals(now, Files.readString(rows));
        // a last digit off (another machine's log or pow) is the same curve: nothing rewritten, nothing said
        f = StructuredRunner.splitCsv(now.split("\n")[1]);
        f[10] = Double.toString(Math.nextUp(Double.parseDouble(f[10])));
        lines = now.split("\n");
        lines[1] = StructuredRunner.joinCsv(f);
        String ulpOff = String.join("\n", lines) + "\n";
        Files.writeString(rows, ulpOff);
        said.clear();
        StructuredRunner.loadComplete(rows, 6, s, wf, said::add);
        assertEquals(java.util.List.of(), said);
        assertEquals(ulpOff, Files.readString(rows));
    }
}
