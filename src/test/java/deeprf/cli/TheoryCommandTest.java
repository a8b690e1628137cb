package deeprf.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import deeprf.experiment.ExperimentSpec;
import deeprf.experiment.PointSpec;
import deeprf.theory.RidgeTheory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TheoryCommandTest {
    @Test
    void writesConditionalAndAsymptoticCurves(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("s.toml");
        Files.writeString(spec, """
                title = "relu RF theory"
                seeds = 2
                [data]
                d = 60
                n_test = 100
                [teacher]
                kind = "linear"
                norm = 1.0
                noise = 0.1
                [[learner.layers]]
                width_over_d = 2.0
                activation = "relu"
                [readout]
                lambdas = [0.01, 0.1]
                [sweep]
                n_over_d = [0.5, 1.5, 3.0]
                """);
        Path out = dir.resolve("out");
        assertEquals(0, Main.run("theory", spec.toString(), "--out", out.toString(), "--quiet", "--backend", "java"));
        List<String> agg = Files.readAllLines(out.resolve("theory_aggregated.csv"));
        assertEquals(1 + 3 * 2, agg.size());
        assertTrue(Files.size(out.resolve("theory_test_error.png")) > 0);
        // conditional (2 draws at d = 60) and asymptotic agree to the finite-size scale (a few percent)
        List<String> head = List.of(agg.get(0).split(","));
        int c = head.indexOf("conditional_test_error_mean"), a = head.indexOf("asymptotic_test_error");
        assertTrue(head.contains("conditional_test_error_se"), "the ridge aggregated.csv's suffix: " + head);
        for (String line : agg.subList(1, agg.size())) {
            String[] f = line.split(",");
            double cond = Double.parseDouble(f[c]), asym = Double.parseDouble(f[a]);
            assertEquals(asym, cond, 0.1 * asym, line);
        }
        // one point and a λ' grid (the dense-grid use of theory): plotted against λ', as run's test_error plot is
        Files.writeString(spec, Files.readString(spec).replace("[sweep]\nn_over_d = [0.5, 1.5, 3.0]", "").replace("d = 60", "d = 60\nn_over_d = 1.5"));
        // another spec's curves are not replaced: refused by name (they were silently overwritten), and go elsewhere
        Object[] refused = RunCommandTest.cli("theory", spec.toString(), "--out", out.toString(), "--quiet", "--backend", "java");
        assertEquals(Main.EXIT_USAGE, refused[0]);
        assertTrue(((String) refused[1]).contains("holds theory curves of a different spec"), (String) refused[1]);
        out = dir.resolve("one-point");
        assertEquals(0, Main.run("theory", spec.toString(), "--out", out.toString(), "--quiet", "--backend", "java"));
        assertEquals(1 + 2, Files.readAllLines(out.resolve("theory_aggregated.csv")).size());
        assertTrue(Files.exists(out.resolve("theory_test_error.png")), "test error against λ'");
        // a rerun of a spec with nothing to plot (one point, one λ') removes the earlier plot instead of leaving it beside
        Files.writeString(spec, Files.readString(spec).replace("lambdas = [0.01, 0.1]", "lambdas = [0.1]"));
        for (String f : List.of(deeprf.experiment.OutputFolder.THEORY_SPEC, "theory.csv", "theory_aggregated.csv"))
            Files.delete(out.resolve(f));         // as the refusal says: the user removes the curves and their record
        assertEquals(0, Main.run("theory", spec.toString(), "--out", out.toString(), "--quiet", "--backend", "java"));
        assertFalse(Files.exists(out.resolve("theory_test_error.png")));
        assertEquals(1 + 1, Files.readAllLines(out.resolve("theory_aggregated.csv")).size());
    }

    static final String BASE = """
            title = "base"
            seeds = 2
            [data]
            d = 40
            n_over_d = 2.0
            n_test = 50
            [teacher]
            kind = "linear"
            norm = 1.0
            noise = 0.1
            [[learner.layers]]
            width_over_d = 1.0
            activation = "tanh"
            [readout]
            lambdas = [1e-3, 1e-1]
            surrogate = false
            theory = true
            """;

    /** A column of a CSV without quoted fields, keyed by "point/seed@lambda" ("point/@lambda" in an aggregated one). */
    private static Map<String, String> column(Path csv, String name, String source) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<String> head = List.of(lines.get(0).split(",", -1));
        int point = head.indexOf("point"), seed = head.indexOf("seed"), lambda = head.indexOf("lambda"), col = head.indexOf(name), src = head.indexOf("source");
        assertTrue(col >= 0, name + " in " + head);
        Map<String, String> out = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (src < 0 || f[src].equals(source)) out.put(f[point] + "/" + (seed < 0 ? "" : f[seed]) + "@" + Double.parseDouble(f[lambda]), f[col]);
        }
        return out;
    }

    /**
     * theory's conditional rows are run's theory_test_error, seed by seed and λ' by λ', for the default target
     * (averaged over β, where theory used to condition on the drawn β: 0.41 against run's 0.54) and for "drawn",
     * and theory.csv says which target it used.
     */
    @Test
    void conditionalRowsEqualRunsTheoryColumnForEitherTarget(@TempDir Path dir) throws Exception {
        for (String target : List.of("averaged", "drawn")) {
            Path spec = dir.resolve(target + ".toml");
            // two points differing only in n: theory computes them from one draw's conditional theory, run per point
            String sweep = "[sweep]\nn_over_d = [1, 2]\n";
            Files.writeString(spec, target.equals("drawn") ? BASE + "theory_target = \"drawn\"\n" + sweep : BASE + sweep);
            Path run = dir.resolve("run-" + target), theory = dir.resolve("theory-" + target);
            assertEquals(0, Main.run("run", spec.toString(), "--out", run.toString(), "--quiet", "--backend", "java", "--threads", "1"));
            assertEquals(0, Main.run("theory", spec.toString(), "--out", theory.toString(), "--quiet", "--backend", "java", "--threads", "1"));
            Map<String, String> sim = column(run.resolve("results.csv"), "theory_test_error", null);
            Map<String, String> th = column(theory.resolve("theory.csv"), "test_error", "conditional");
            assertEquals(8, th.size());
            assertEquals(sim.keySet(), th.keySet());
            for (String k : th.keySet()) {
                double a = Double.parseDouble(sim.get(k)), b = Double.parseDouble(th.get(k));
                assertEquals(a, b, 1e-12 * a, target + ", seed@lambda' " + k);
            }
            for (String used : column(theory.resolve("theory.csv"), "theory_target", "conditional").values()) assertEquals(target, used);
        }
    }

    /** A file that cannot be written is named with the reason, not the temporary it was written through. */
    @Test
    void aTableThatCannotBeWrittenIsNamedWithTheReason(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("s.toml"), out = dir.resolve("T");
        Files.writeString(spec, BASE);
        Files.createDirectories(out.resolve("theory.csv").resolve("x"));          // a folder where theory.csv goes
        Object[] r = RunCommandTest.cli("theory", spec.toString(), "--out", out.toString(), "--quiet", "--backend", "java", "--asymptotic-only");
        assertEquals(Main.EXIT_USAGE, r[0]);
        assertEquals("deeprf: cannot write " + out.resolve("theory.csv") + ": Is a directory", ((String) r[1]).strip().lines().reduce((a, b) -> b).orElse(""));
    }

    /** A κ equation that fails at one λ' gives that λ' a failed row; the other λ' of the draw keep their values. */
    @Test
    void aFailedLambdaLeavesTheOthers() {
        PointSpec p = ExperimentSpec.parse(BASE, "t").points().get(0);
        double[] w = {1.0, 0.5, 0.25};
        RidgeTheory t = RidgeTheory.ofTarget("m", w, new double[]{1, 1, 1}, 0.1, 0.1);
        RidgeTheory.Point ok = t.at(p.n(), 1e-3);
        List<RidgeTheory.Attempt> attempts = List.of(new RidgeTheory.Attempt(1e-3, ok, null),
                new RidgeTheory.Attempt(1e8, null, "kappa equation failed"));
        List<TheoryCommand.Row> rows = TheoryCommand.conditionalRows(p, 1, "averaged", attempts);
        assertEquals(2, rows.size());
        assertEquals("ok", rows.get(0).status());
        assertEquals(ok.testClean(), rows.get(0).testClean());
        assertEquals("failed", rows.get(1).status());
        assertEquals("kappa equation failed", rows.get(1).message());
        assertTrue(Double.isNaN(rows.get(1).testClean()));
    }

    /**
     * λ' up to 1e12 beside small ones (seed 1 at λ' = 1e8 failed with "does not bracket a root", and took the theory of
     * every λ' of its draw with it): every conditional row of theory and every theory cell of run is filled.
     */
    @Test
    void largeLambdaIsSolvedInTheoryAndRun(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("big.toml");
        Files.writeString(spec, BASE.replace("lambdas = [1e-3, 1e-1]", "lambdas = [1e-300, 1e-3, 1e8, 1e12]").replace("d = 40", "d = 50"));
        Path theory = dir.resolve("T"), run = dir.resolve("A");
        assertEquals(0, Main.run("theory", spec.toString(), "--out", theory.toString(), "--quiet", "--backend", "java"));
        Map<String, String> status = column(theory.resolve("theory.csv"), "status", "conditional");
        assertEquals(8, status.size());
        for (Map.Entry<String, String> e : status.entrySet()) assertEquals("ok", e.getValue(), e.getKey());
        assertEquals(0, Main.run("run", spec.toString(), "--out", run.toString(), "--quiet", "--backend", "java"));
        Map<String, String> cells = column(run.resolve("results.csv"), "theory_test_error", null);
        assertEquals(8, cells.size());
        for (Map.Entry<String, String> e : cells.entrySet()) assertFalse(e.getValue().isEmpty(), e.getKey());
    }

    static String oneLayer(String activation, String lambdas, String tail) {
        return BASE.replace("d = 40\nn_over_d = 2.0", "d = 80\nn_over_d = 0.5").replace("width_over_d = 1.0", "width_over_d = 2.0")
                .replace("activation = \"tanh\"", "activation = \"" + activation + "\"").replace("lambdas = [1e-3, 1e-1]", "lambdas = " + lambdas) + tail;
    }

    /**
     * Each λ' of the weight-free curve stands alone: a tanh learner at n < p had both rows failed with the 1e-16
     * row's "does not bracket a root" (now solved), and a linear learner's λ' = 0 row said "unavailable … got
     * lambda' = 0.1", the message of another λ'.
     */
    @Test
    void asymptoticRowsStandAlonePerLambda() {
        List<TheoryCommand.Row> tanh = TheoryCommand.asymptotic(ExperimentSpec.parse(oneLayer("tanh", "[1e-16, 0.1]", ""), "t").points().get(0));
        assertEquals(2, tanh.size());
        for (TheoryCommand.Row r : tanh) {
            assertEquals("ok", r.status(), r.message());
            assertTrue(Double.isFinite(r.testClean()), "lambda'=" + r.lambda());
        }
        List<TheoryCommand.Row> lin = TheoryCommand.asymptotic(ExperimentSpec.parse(oneLayer("linear", "[0.0, 0.1]", ""), "t").points().get(0));
        assertEquals(0.0, lin.get(0).lambda());
        assertEquals("ok", lin.get(0).status(), lin.get(0).message());
        assertEquals("", lin.get(0).message());
        assertTrue(Double.isFinite(lin.get(0).testClean()));
        assertEquals("unavailable", lin.get(1).status());
        assertTrue(lin.get(1).message().endsWith("got lambda' = 0.1"), lin.get(1).message());
    }

    /**
     * Ridgeless at n = p the error is infinite: theory.csv and theory_aggregated.csv wrote "Infinity"; now an empty
     * cell and "… is +infinite (diverges)" in the message, as run's results.csv.
     */
    @Test
    void infiniteErrorIsAnEmptyCellWithItsReason(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("s.toml"), out = dir.resolve("T");
        Files.writeString(spec, oneLayer("tanh", "[0.0, 1e-300]", "[sweep]\nn_over_d = [1.0, 2.0, 3.0]\n"));
        assertEquals(0, Main.run("theory", spec.toString(), "--out", out.toString(), "--quiet", "--asymptotic-only"));
        for (String f : List.of("theory.csv", "theory_aggregated.csv"))
            assertFalse(Files.readString(out.resolve(f)).contains("Infinity"), f);
        Map<String, String> test = column(out.resolve("theory.csv"), "test_error", "asymptotic");
        assertEquals("", test.get("1/@0.0"));
        // theory_aggregated.csv had no message column: its empty cells (no conditional rows, the infinite point) said nothing
        List<String> agg = Files.readAllLines(out.resolve("theory_aggregated.csv"));
        List<String> head = List.of(agg.get(0).split(",", -1));
        assertEquals("message", head.get(head.size() - 1));
        for (String line : agg.subList(1, agg.size())) {       // the fields before the message hold no comma here
            assertEquals("0", line.split(",", -1)[head.indexOf("seeds_ok")], line);
            assertTrue(line.contains(",conditional: not computed (--asymptotic-only)") || line.contains(",\"conditional: not computed (--asymptotic-only)"), line);
        }
        assertTrue(agg.stream().anyMatch(l -> l.contains("asymptotic: test_error is +infinite (diverges)")), String.join("\n", agg));
        TheoryCommand.Row r = TheoryCommand.asymptotic(ExperimentSpec.parse(Files.readString(spec), "t").points().get(1)).get(0);
        assertEquals("ok", r.status());
        assertTrue(r.message().startsWith("test_error is +infinite (diverges)"), r.message());
        assertTrue(Double.isNaN(r.testClean()) && Double.isNaN(r.testNoisy()));
    }

    /**
     * Ridgeless at n = p the conditional test error diverges and the train error does not: theory_aggregated.csv left
     * conditional_train_error_mean empty with seeds_ok = 0 (a seed counted only with a finite test error), where run's
     * aggregated.csv has theory_train_error_mean; and it had no conditional_train_error_se. Each quantity is now
     * averaged over the seeds where it is finite, as run's, and equals run's mean and SE.
     */
    @Test
    void trainErrorIsAggregatedWhereTheTestErrorDiverges(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("s.toml"), theory = dir.resolve("T"), run = dir.resolve("R");
        Files.writeString(spec, BASE.replace("seeds = 2", "seeds = 3").replace("n_over_d = 2.0", "n_over_d = 1.0")     // n = p = 40
                .replace("lambdas = [1e-3, 1e-1]", "lambdas = [0.0, 0.1]"));
        assertEquals(0, Main.run("theory", spec.toString(), "--out", theory.toString(), "--quiet", "--backend", "java", "--threads", "1"));
        assertEquals(0, Main.run("run", spec.toString(), "--out", run.toString(), "--quiet", "--backend", "java", "--threads", "1"));
        Map<String, String> ok = column(theory.resolve("theory_aggregated.csv"), "seeds_ok", null);
        Map<String, String> test = column(theory.resolve("theory_aggregated.csv"), "conditional_test_error_mean", null);
        assertEquals("", test.get("0/@0.0"), "the test error diverges at n = p, λ' = 0");
        assertEquals("3", ok.get("0/@0.0"), "every seed's conditional theory was solved");
        for (String q : List.of("mean", "se")) {
            Map<String, String> th = column(theory.resolve("theory_aggregated.csv"), "conditional_train_error_" + q, null);
            Map<String, String> sim = column(run.resolve("aggregated.csv"), "theory_train_error_" + q, null);
            for (String k : List.of("0/@0.0", "0/@0.1")) {
                assertFalse(th.get(k).isEmpty(), q + " at " + k);
                assertEquals(Double.parseDouble(sim.get(k)), Double.parseDouble(th.get(k)), 1e-12, q + " at " + k);
            }
        }
        // one reason for the three seeds, said once with their seeds (it named seed 0 alone, and only the first reason)
        assertTrue(Files.readString(theory.resolve("theory_aggregated.csv")).contains("conditional (seeds 0, 1, 2): test_error is +infinite (diverges)"));
    }

    /**
     * theory_test_error.png at λ' = 0 beside n = p: both curves have a gap where the error diverges, and the plot said
     * nothing of it (only values above the cap were counted). The x axis says which values are left out, and why.
     */
    @Test
    void aDivergingValueIsSaidOnTheTheoryPlot() {
        ExperimentSpec s = ExperimentSpec.parse(oneLayer("tanh", "[0.0]", "[sweep]\nn_over_d = [1.0, 2.0, 3.0]\n"), "t");   // p = 160: n = p at 2.0
        List<TheoryCommand.Row> rows = new java.util.ArrayList<>();
        for (PointSpec p : s.points()) {
            rows.addAll(TheoryCommand.asymptotic(p));
            double e = p.index() == 1 ? Double.POSITIVE_INFINITY : 0.5;
            for (long seed : s.seeds())
                rows.add(TheoryCommand.finite(new TheoryCommand.Row(p.index(), "conditional", seed, 0.0, "kappa-form", "averaged", "ok", "", e, e, 0.0)));
        }
        String x = TheoryCommand.chart(s, rows).getXAxisTitle();
        assertTrue(x.endsWith("   [1 conditional theory value (diverging), 1 asymptotic value (diverging) not drawn; see theory_aggregated.csv]"), x);
    }

    /** A value 1000× the median leaves the plot (with a note) instead of flattening the others onto 0. */
    @Test
    void hugeValuesAreLeftOffThePlot() {
        assertEquals(8e5, TheoryCommand.yAxisCap(new double[]{0.79, 0.8, 1.49e15, Double.NaN, 1.86e148}), 1e-6);
        assertTrue(Double.isNaN(TheoryCommand.yAxisCap(new double[]{0.4, 0.8, 30, 0.5})), "a double-descent peak stays");
        // ridgeless beside n = p at p = 2000: ~2000 next to errors below 1 is a peak to show, not an overflow
        assertTrue(Double.isNaN(TheoryCommand.yAxisCap(new double[]{0.4, 0.6, 0.8, 2100, 0.5, 0.45})), "a tall ridgeless peak stays");
        assertTrue(Double.isNaN(TheoryCommand.yAxisCap(new double[]{Double.NaN})));
    }

    /**
     * Layer spectra asked of a model with no weight-free law for any layer (biases): no figure of empty panels (the
     * reason was cut to "…" under each), one line with the whole reason; a layer with a law still gets its figure.
     */
    @Test
    void layerSpectraWithoutALawSayWhyInsteadOfEmptyPanels(@TempDir Path dir) throws Exception {
        String base = """
                [data]
                d = 40
                n_over_d = 2
                [teacher]
                kind = "linear"
                [[learner.layers]]
                width = 30
                activation = "tanh"
                bias = {distribution = "normal", std = 1.0}
                [readout]
                lambdas = [0.1]
                layer_spectra = true
                """;
        Path spec = dir.resolve("s.toml");
        Files.writeString(spec, base);
        Path out = dir.resolve("biased");
        Object[] r = CliMessagesTest.cliOutAndErr("theory", spec.toString(), "--out", out.toString(), "--asymptotic-only");
        assertEquals(0, r[0]);
        String printed = (String) r[1];
        assertFalse(Files.exists(out.resolve("theory_layer_spectra.png")), "no figure of empty panels");
        assertTrue(printed.contains("no theory_layer_spectra plot (no weight-free spectrum for any layer: layer 1 has biases normal(0,1)"), printed);
        Files.writeString(spec, base.replace("bias = {distribution = \"normal\", std = 1.0}\n", ""));
        out = dir.resolve("plain");
        assertEquals(0, Main.run("theory", spec.toString(), "--out", out.toString(), "--asymptotic-only", "--quiet"));
        assertTrue(Files.size(out.resolve("theory_layer_spectra.png")) > 0);
    }

    /** --asymptotic-only where no point has a weight-free curve: refused with the reason, no folder of empty rows. */
    @Test
    void asymptoticOnlyWithoutAnyCurveIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("deep.toml");
        Files.writeString(spec, """
                [data]
                d = 40
                n_over_d = 2
                [teacher]
                kind = "linear"
                [[learner.layers]]
                width = 30
                activation = "tanh"
                [[learner.layers]]
                width = 30
                activation = "tanh"
                [readout]
                lambdas = [0.1]
                """);
        Path out = dir.resolve("out");
        Object[] r = RunCommandTest.cli("theory", spec.toString(), "--out", out.toString(), "--asymptotic-only");
        assertEquals(Main.EXIT_USAGE, r[0]);
        assertTrue(((String) r[1]).strip().startsWith("deeprf: --asymptotic-only: no point of this spec has a weight-free curve (no weight-free formula for a deep nonlinear learner"), (String) r[1]);
        assertFalse(Files.exists(out));
        // the same learner asking for its layer spectra: those have a law, and they are what the run is for
        Files.writeString(spec, Files.readString(spec).replace("lambdas = [0.1]", "lambdas = [0.1]\nlayer_spectra = true"));
        assertEquals(0, Main.run("theory", spec.toString(), "--out", out.toString(), "--asymptotic-only", "--quiet"));
        assertTrue(Files.size(out.resolve("theory_layer_spectra.png")) > 0);
    }

    /** A backend that does not open leaves no folder behind, so a later theory run of another spec may use it. */
    @Test
    void badBackendWritesNothing(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("s.toml"), other = dir.resolve("o.toml"), out = dir.resolve("T");
        Files.writeString(spec, BASE);
        Files.writeString(other, BASE.replace("d = 40", "d = 30"));
        assertNotEquals(0, Main.run("theory", spec.toString(), "--out", out.toString(), "--quiet", "--backend", "nope"));
        assertFalse(Files.exists(out) && Files.list(out).findAny().isPresent(), "nothing written into " + out);
        assertEquals(0, Main.run("theory", other.toString(), "--out", out.toString(), "--quiet", "--backend", "java"));
    }

    @Test
    void missingSpecIsAUserError(@TempDir Path dir) {
        assertEquals(Main.EXIT_USAGE, Main.run("theory", dir.resolve("nope.toml").toString(), "--out", dir.resolve("o").toString()));
    }
}
