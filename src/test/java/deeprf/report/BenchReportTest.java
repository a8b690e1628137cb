package deeprf.report;

import deeprf.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** bench-report on a small hand-made JMH JSON fixture (two backends, a throughput and a time benchmark). */
class BenchReportTest {
    private static Path fixture() throws URISyntaxException {
        return Path.of(BenchReportTest.class.getResource("/deeprf/report/jmh-small.json").toURI());
    }

    @Test
    void readsJmhJsonWithNaNErrors() throws Exception {
        List<JmhResult> rs = JmhJson.read(fixture());
        assertEquals(6, rs.size());
        assertEquals("GemmBenchmark.gemm", rs.get(0).shortName());
        assertEquals(10.0, rs.get(0).secondary().get("flop").score());
        assertTrue(Double.isNaN(rs.get(3).secondary().get("flop").error()));
        assertEquals("blas", rs.get(5).params().get("backend"));
    }

    @Test
    void writesMarkdownWithValuesErrorsRatiosAndPngs(@TempDir Path out) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path md = BenchReport.write(JmhJson.read(fixture()), out, "jmh-small.json");
        String text = Files.readString(md);
        // GFLOP/s from the flop counter (ops/ns = GFLOP/s), JMH's error, and speed relative to blas: 10/20, 30/40.
        assertTrue(text.contains("| java, 1 thr | 256 | 10.00 ± 1.000 | 0.500 ± 0.071 |"), text);
        assertTrue(text.contains("| java, 1 thr | 1024 | 30.00 ± 3.000 | 0.750 ± 0.075 |"), text);
        assertTrue(text.contains("| blas, 1 thr | 256 | 20.00 ± 2.000 | 1 (reference) |"), text);
        // Time benchmark: seconds, and blas/value so that slower than blas reads below 1; NaN error shows no ±.
        assertTrue(text.contains("seconds per operation"), text);
        assertTrue(text.contains("| java, 1 thr | 200 | 0.05000 | 0.200 ± 0.020 |"), text);
        List<Path> pngs;
        try (var s = Files.list(out)) { pngs = s.filter(p -> p.toString().endsWith(".png")).sorted().toList(); }
        assertEquals(List.of("01-GemmBenchmark.gemm_thrpt.png", "02-EighBenchmark.eigh_avgt.png"),
                pngs.stream().map(x -> x.getFileName().toString()).toList());
        for (Path p : pngs) {
            assertTrue(text.contains("](" + p.getFileName() + ")"), "report links " + p.getFileName());
            BufferedImage img = ImageIO.read(p.toFile());
            assertNotNull(img, p + " is not a readable PNG");
            assertTrue(img.getWidth() >= 800 && img.getHeight() >= 500);
        }
    }

    @Test
    void cliWritesTheReportAndRejectsNonJmhInput(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("rep");
        assertEquals(0, Main.run("bench-report", fixture().toString(), "--out", out.toString()));
        assertTrue(Files.exists(out.resolve("report.md")));
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"not\": \"jmh\"}");
        assertEquals(Main.EXIT_USAGE, Main.run("bench-report", bad.toString(), "--out", out.toString()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JmhJson.read(bad));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("-rf json"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> JmhJson.read(dir.resolve("none.json")));
        assertTrue(missing.getMessage().contains("none.json"), missing.getMessage());
    }
    /**
     * A score JMH cannot have written is refused naming the entry and field (it became NaN, Infinity or a negative
     * speed in the table, or XChart's own message); one-iteration results are said to be so, with the run's settings;
     * a tiny ratio keeps its digits; an earlier report's charts do not stay beside a new one.
     */
    @Test
    void badScoresAreRefusedAndTheRunsSettingsAndTinyRatiosAreShown(@TempDir Path dir) throws Exception {
        String json = Files.readString(fixture());
        for (String bad : new String[] {"\"NaN\"", "\"fast\"", "null", "-5", "\"Infinity\""}) {
            Path f = dir.resolve("bad.json");
            Files.writeString(f, json.replaceFirst("\"score\": 10.0", "\"score\": " + bad));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JmhJson.read(f), bad);
            assertTrue(e.getMessage().contains("entry 1 (deeprf.bench.GemmBenchmark.gemm {\"backend\":\"java\",\"n\":\"256\",\"threads\":\"1\"}) secondary flop score = ")
                    && e.getMessage().endsWith("is not allowed; allowed: a finite number >= 0 (JMH's own output)"), e.getMessage());
        }
        Path tiny = dir.resolve("tiny.json");
        Files.writeString(tiny, json.replaceFirst("\"score\": 10.0", "\"score\": 0.0316")
                .replaceFirst("\"forks\": 1,", "\"forks\": 1, \"warmupIterations\": 1, \"warmupTime\": \"1 s\", \"measurementIterations\": 1, \"measurementTime\": \"1 s\","));
        Path out = dir.resolve("rep");
        Files.createDirectories(out);
        Files.writeString(out.resolve("07-Old.chart.png"), "an earlier report's chart");
        Files.writeString(out.resolve("01-introduction.png"), "the user's own file");
        Files.writeString(out.resolve("report.md"), "# Benchmark report\n\n![Old chart](07-Old.chart.png)\n");
        String text = Files.readString(BenchReport.write(JmhJson.read(tiny), out, "tiny.json"));
        assertTrue(Files.exists(out.resolve("01-introduction.png")), "a PNG no earlier report linked is kept");
        assertTrue(text.contains("| java, 1 thr | 256 | 0.03160 ± 1.000 | 0.00158 ± 0.050 |"), text);
        assertTrue(text.contains("JMH ran 1 fork, warm-up 1 × 1 s, measurement 1 × 1 s, JDK 25.0.3"), text);
        assertTrue(text.contains("**1 of 6 results come from one timed iteration**"), text);
        assertFalse(Files.exists(out.resolve("07-Old.chart.png")));
    }

    @Test
    void outThatIsAFileAndTextThatIsNotJsonAreOneLineErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("afile");
        Files.writeString(file, "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchReport.write(JmhJson.read(fixture()), file, "f"));
        assertEquals("bench-report: --out " + file + " is a file, not a folder; allowed: a folder (created if missing)", e.getMessage());
        var io = assertThrows(deeprf.io.OutputException.class, () -> BenchReport.write(JmhJson.read(fixture()), file.resolve("sub"), "f"));
        // A file in the path: the system's reason ("Not a directory" on Linux), not the path a second time.
        assertTrue(io.getMessage().startsWith("bench-report: cannot create output folder " + file.resolve("sub") + ": ")
                && !io.getMessage().endsWith(": " + file.resolve("sub")), io.getMessage());

        Path text = dir.resolve("result.txt");                     // JMH's human-readable table instead of -rf json
        Files.writeString(text, "Benchmark          Mode  Cnt   Score\nGemm.gemm         thrpt    5  10.0\n");
        e = assertThrows(IllegalArgumentException.class, () -> JmhJson.read(text));
        String m = e.getMessage();
        // the column is the parser's (Jackson 2.18 said 11, the token's end; 2.23 says 1, its start)
        assertTrue(m.startsWith("bench-report: " + text + " is not JMH JSON (the output of JMH run with -rf json -rff RESULT.json): line 1, column ")
                && m.matches(".*column \\d+: Unrecognized token 'Benchmark'.*"), m);
        assertFalse(m.contains("\n") || m.contains("REDACTED"), m);
    }

    @Test
    void aFolderOrAnEmptyFileIsNamedAsSuch(@TempDir Path dir) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JmhJson.read(dir));
        assertEquals("bench-report: " + dir + " is a folder; allowed: a JMH JSON file (JMH run with -rf json -rff RESULT.json)", e.getMessage());
        Path empty = Files.createFile(dir.resolve("empty.json"));
        e = assertThrows(IllegalArgumentException.class, () -> JmhJson.read(empty));
        assertEquals("bench-report: " + empty + " is empty; allowed: a JMH JSON file (JMH run with -rf json -rff RESULT.json)", e.getMessage());
    }

    @Test
    void aFileThatCannotBeWrittenIsOneLineWithTheReason(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("report.md").resolve("x"));      // a folder where report.md should go
        var e = assertThrows(deeprf.io.OutputException.class, () -> BenchReport.write(JmhJson.read(fixture()), dir, "f"));
        assertTrue(e.getMessage().startsWith("bench-report: cannot write " + dir.resolve("report.md") + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }

    @Test
    void aLonePointsTickIsRoundedToTheAxisStep() {
        JmhResult r = JmhJson.read(fixtureUnchecked()).get(0);
        var pts = java.util.Map.of("java, 1 thr", java.util.List.of(new BenchReport.Point(r, 256, 2.899263942961158, Double.NaN)));
        org.knowm.xchart.XYChart c = BenchReport.chart("GemmBenchmark.gemm (thrpt)", "n", new BenchReport.Quantity("GFLOP/s", true), pts);
        AxisTicks.fit(c);                                   // as ChartFiles.save does before drawing
        String pattern = c.getStyler().getYAxisDecimalPattern();
        org.junit.jupiter.api.Assertions.assertNotNull(pattern);
        assertEquals("2.9", new java.text.DecimalFormat(pattern).format(2.899263942961158));
    }

    private static Path fixtureUnchecked() {
        try {
            return fixture();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
