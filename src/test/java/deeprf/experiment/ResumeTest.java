package deeprf.experiment;

import deeprf.backend.Backend;
import deeprf.backend.java.JavaBackend;
import deeprf.io.OutputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ResumeTest {
    static final String SPEC = ExperimentSpecTest.BASE.replace("d = 50", "d = 16").replace("width = 60", "width = 20").replace("n_test = 300", "n_test = 100") + """
            [sweep]
            n_over_d = [0.5, 1, 2]
            """;

    static Map<String, Double> byKey(List<ResultRow> rows) {
        Map<String, Double> m = new HashMap<>();
        for (ResultRow r : rows) m.put(r.point() + "/" + r.seed() + "/" + r.lambda(), r.testError());
        return m;
    }

    /**
     * Same keys and the same errors. Same computation, but possibly another process or JIT state, and the GEMM may
     * block differently: rounding differences of a few ulp are amplified by the Gram matrix's condition number
     * (up to ~1e6 near the interpolation peak at λ' = 1e-3), so the tolerance is 1e-9 relative.
     */
    static void assertSame(Map<String, Double> expected, Map<String, Double> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, Double> e : expected.entrySet())
            assertEquals(e.getValue(), actual.get(e.getKey()), 1e-9 * Math.abs(e.getValue()), e.getKey());
    }

    /**
     * A folder whose run finished no draw (spec.json, results.csv with only a header of another spec's columns) is
     * taken by an edited spec: its header is rewritten, where it was refused as "another header".
     */
    @Test
    void aHeaderOnlyResultsFileOfAnEditedSpecIsRewritten(@TempDir Path dir) throws Exception {
        ExperimentSpec first = ExperimentSpec.parse(SPEC.replace("seeds = ", "title = \"a\"\nseeds = "), "t");
        OutputFolder.claim(dir, "ridge", first.raw(), ExperimentSpec::seedsOf);
        Files.writeString(dir.resolve("results.csv"), "point,seed,lambda,an_older_column\n");
        ExperimentSpec edited = ExperimentSpec.parse(SPEC.replace("noise = ", "norm = 2.0\nnoise = "), "t");
        ResultTable table = ResultTable.of(edited);
        try (ResultStore store = ResultStore.open(dir, edited, table)) {
            assertEquals(0, store.finished().size());
        }
        assertEquals(table.headerLine(), Files.readString(dir.resolve("results.csv")));
    }

    /** A Progress that keeps the notes a run prints. */
    private static Progress recorder(List<String> notes) {
        return new Progress() {
            @Override public void update(int done, int total, int skipped, String last) { }
            @Override public void finish() { }
            @Override public void note(String line) { notes.add(line); }
        };
    }

    @Test
    void aRerunRepairsACutFileAndRerunsOnlyUnfinishedDraws(@TempDir Path dir) throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse(SPEC, "t");
        Experiment.Report full;
        try (Backend be = new JavaBackend(1)) {
            full = new Experiment(spec).run(be, dir, Progress.none());
        }
        assertEquals(6, full.ran());
        assertEquals(12, full.rows().size());
        for (String f : List.of("results.csv", "aggregated.csv", "summary.json", "spec.json", "test_error.png", "test_error.svg"))
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        assertTrue(Files.list(dir.resolve("spectra")).anyMatch(p -> p.toString().endsWith(".npy")));

        // Simulate a kill in the middle of a write: keep header + 7 rows (3 whole draws and half of the 4th) and a cut line.
        Path results = dir.resolve("results.csv");
        List<String> lines = Files.readAllLines(results);
        String cut = String.join("\n", lines.subList(0, 8)) + "\n" + lines.get(8).substring(0, 15);
        Files.writeString(results, cut, StandardCharsets.UTF_8);

        Experiment.Report resumed;
        List<String> notes = new java.util.ArrayList<>();
        try (Backend be = new JavaBackend(1)) {
            resumed = new Experiment(spec).run(be, dir, recorder(notes));
        }
        // the repair is said, not silent
        assertEquals(List.of("results.csv repaired: a torn last line (a run stopped while writing it) was cut; "
                + "1 draw without exactly one row per λ' will run again"), notes);
        assertEquals(3, resumed.skipped());
        assertEquals(3, resumed.ran());
        assertSame(byKey(full.rows()), byKey(resumed.rows()));
        List<String> after = Files.readAllLines(results);
        assertEquals(13, after.size());
        assertTrue(Files.readString(results).endsWith("\n"));

        // A third run has nothing left to do.
        try (Backend be = new JavaBackend(1)) {
            Experiment.Report again = new Experiment(spec).run(be, dir, Progress.none());
            assertEquals(0, again.ran());
            assertEquals(6, again.skipped());
        }
    }

    /**
     * A row at a λ' off the spec's grid by an ulp (an older deeprf wrote its log grids so: 0.009999999999999995 for
     * 0.01) is not this spec's result: its draw reruns, and the file holds the grid's λ' only.
     */
    @Test
    void rowsOffTheLambdaGridAreDroppedAndTheirDrawRerun(@TempDir Path dir) throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse(SPEC, "t");
        Path results = dir.resolve("results.csv");
        List<String> notes = new java.util.ArrayList<>();
        Experiment.Report resumed = rerunAfterEditing(spec, dir, notes, lines -> {
            int col = List.of(lines.get(0).split(",")).indexOf("lambda");
            String[] f = lines.get(2).split(",", -1);
            assertEquals("0.1", f[col]);
            f[col] = Double.toString(Math.nextDown(0.1));
            lines.set(2, String.join(",", f));
        });
        assertEquals(1, resumed.ran());
        assertEquals(5, resumed.skipped());
        assertEquals(List.of("results.csv repaired: 1 finished draw written at λ' values off this spec's grid (by an older deeprf) will run again"), notes);
        List<String> after = Files.readAllLines(results);
        assertEquals(13, after.size());
        int col = List.of(after.get(0).split(",")).indexOf("lambda");
        for (String line : after.subList(1, after.size())) {
            String l = line.split(",", -1)[col];
            assertTrue(l.equals("0.001") || l.equals("0.1"), line);
        }
    }

    /**
     * A folder an older deeprf wrote holds λ' = 0 rows refused as 'singular' where n &lt; p; that λ' is now the
     * minimum-norm fit, so those draws run again (said), instead of staying out of λ' = 0's mean in aggregated.csv.
     */
    @Test
    void ridgelessRowsRefusedAsSingularByAnOlderVersionRunAgain(@TempDir Path dir) throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse(SPEC.replace("lambdas = [0.001, 0.1]", "lambdas = [0, 0.1]"), "t");
        Path results = dir.resolve("results.csv");
        List<String> notes = new java.util.ArrayList<>();
        Experiment.Report resumed = rerunAfterEditing(spec, dir, notes, lines -> {
            List<String> header = List.of(lines.get(0).split(","));
            int lam = header.indexOf("lambda"), status = header.indexOf("status"), message = header.indexOf("message"), n = header.indexOf("n");
            String[] f = lines.get(1).split(",", -1);
            assertEquals(0.0, Double.parseDouble(f[lam]));
            assertEquals("8", f[n]);                 // n/d = 0.5 at d = 16, p = 20: n < p
            assertEquals("ok", f[status]);
            f[status] = "singular";
            f[message] = "singular: the Gram matrix's smallest eigenvalue -1.2e-17 plus λ' 0 is -1.2e-17";
            for (String c : List.of("train_error", "test_error", "surrogate_train_error", "surrogate_test_error")) f[header.indexOf(c)] = "";
            lines.set(1, String.join(",", f));
        });
        assertEquals(1, resumed.ran());
        assertEquals(5, resumed.skipped());
        assertEquals(0, resumed.notOk());
        assertEquals(List.of("results.csv repaired: 1 finished draw with λ' = 0 refused as singular (by an older deeprf; now the minimum-norm fit) will run again"), notes);
        assertFalse(Files.readString(results).contains("singular"));
    }

    /**
     * Runs {@code spec} into {@code dir}, lets {@code edit} change results.csv's lines (header first) as an older
     * deeprf or a crash would have left them, writes them back and reruns; the rerun's notes go to {@code notes}.
     */
    private static Experiment.Report rerunAfterEditing(ExperimentSpec spec, Path dir, List<String> notes,
                                                       java.util.function.Consumer<List<String>> edit) throws Exception {
        try (Backend be = new JavaBackend(1)) {
            new Experiment(spec).run(be, dir, Progress.none());
        }
        Path results = dir.resolve("results.csv");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(results));
        edit.accept(lines);
        Files.writeString(results, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        try (Backend be = new JavaBackend(1)) {
            return new Experiment(spec).run(be, dir, recorder(notes));
        }
    }

    @Test
    void aFolderOfAnotherSpecIsRefused(@TempDir Path dir) {
        try (Backend be = new JavaBackend(1)) {
            new Experiment(ExperimentSpec.parse(SPEC, "t")).run(be, dir, Progress.none());
            ExperimentSpec other = ExperimentSpec.parse(SPEC.replace("noise = 0.1", "noise = 0.2"), "t");
            OutputException e = assertThrows(OutputException.class, () -> new Experiment(other).run(be, dir, Progress.none()));
            assertTrue(e.getMessage().contains("different spec (teacher.noise: 0.1 there, 0.2 here)"), e.getMessage());
        }
    }

    /** More seeds (or another title) resume the folder and run only the new seeds; dropping a seed is refused. */
    @Test
    void moreSeedsResumeTheFolderAndDroppingOneIsRefused(@TempDir Path dir) {
        try (Backend be = new JavaBackend(1)) {
            Experiment.Report two = new Experiment(ExperimentSpec.parse(SPEC, "t")).run(be, dir, Progress.none());
            assertEquals(6, two.ran());
            Experiment.Report three = new Experiment(ExperimentSpec.parse("title = \"more\"\n" + SPEC.replace("seeds = 2", "seeds = 3"), "t"))
                    .run(be, dir, Progress.none());
            assertEquals(3, three.ran());
            assertEquals(6, three.skipped());
            Map<String, Double> kept = byKey(three.rows());
            kept.keySet().removeIf(k -> k.split("/")[1].equals("2"));
            assertSame(byKey(two.rows()), kept);              // the first two seeds' rows are the ones run before
            ExperimentSpec fewer = ExperimentSpec.parse(SPEC.replace("seeds = 2", "seeds = [0, 2]"), "t");
            OutputException e = assertThrows(OutputException.class, () -> new Experiment(fewer).run(be, dir, Progress.none()));
            assertTrue(e.getMessage().contains("different spec (seeds: 3 there, [0, 2] here)"), e.getMessage());
            ExperimentSpec noisier = ExperimentSpec.parse(SPEC.replace("seeds = 2", "seeds = 4").replace("noise = 0.1", "noise = 0.3"), "t");
            e = assertThrows(OutputException.class, () -> new Experiment(noisier).run(be, dir, Progress.none()));
            assertTrue(e.getMessage().contains("different spec (teacher.noise: 0.1 there, 0.3 here)"), e.getMessage());
        }
    }
}
