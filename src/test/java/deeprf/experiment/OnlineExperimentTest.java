package deeprf.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import deeprf.backend.Backend;
import deeprf.backend.java.JavaBackend;
import deeprf.io.OutputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class OnlineExperimentTest {
    static OnlineSpec spec(String toml) throws Exception {
        return OnlineSpec.fromTree((ObjectNode) new TomlMapper().readTree(toml));
    }

    static final String CURVES = """
            kind = "online"
            seeds = [1, 2]
            [online]
            n = [60]
            k = [90]
            m = 2
            eta = [1.0, 9.0]
            replicas = 4
            alpha_max = 1
            records = 5
            """;

    @Test
    void curvesRunWritesTidyRowsResumesAndReportsDivergenceWithoutNaN(@TempDir Path dir) throws Exception {
        OnlineSpec s = spec(CURVES);
        try (Backend be = new JavaBackend(2)) {
            OnlineExperiment.Report r = new OnlineExperiment(s).run(be, dir, Progress.none());
            assertEquals(4, r.ran());
            List<String> lines = Files.readAllLines(dir.resolve("results.csv"));
            assertEquals(String.join(",", OnlineExperiment.CURVE_COLUMNS), lines.get(0));
            assertTrue(lines.size() > 1 + 4 * 2, "rows: " + lines.size());
            for (String l : lines) assertFalse(l.contains("NaN") || l.contains("Infinity"), l);
            assertTrue(lines.stream().anyMatch(l -> l.contains(",diverged,") || l.contains(",partly_diverged,")),
                    "eta=9 is 3x the stability bound of about 3");
            assertEquals(lines.stream().skip(1).filter(l -> !l.contains(",ok,")).count(), r.notOk());
            assertTrue(r.notOk() > 0);
            assertTrue(Files.exists(dir.resolve("aggregated.csv")));
            assertTrue(Files.size(dir.resolve("learning_curves.png")) > 1000);
            assertTrue(Files.exists(dir.resolve("summary.json")));
            // a finished draw's file is what resumes: delete one, rerun, only that one runs again
            Files.delete(dir.resolve("trials").resolve("p1-s2.csv"));
            OnlineExperiment.Report again = new OnlineExperiment(s).run(be, dir, Progress.none());
            assertEquals(1, again.ran());
            assertEquals(3, again.skipped());
            assertEquals(withoutTimings(lines), withoutTimings(Files.readAllLines(dir.resolve("results.csv"))),
                    "rerun reproduces the same rows bit for bit (wall times aside)");
            // one more seed: only its draws run; another η is another spec, refused by name
            OnlineExperiment.Report more = new OnlineExperiment(spec(CURVES.replace("seeds = [1, 2]", "seeds = [1, 2, 3]"))).run(be, dir, Progress.none());
            assertEquals(2, more.ran());
            assertEquals(4, more.skipped());
            OnlineSpec other = spec(CURVES.replace("eta = [1.0, 9.0]", "eta = [1.0, 2.0]"));
            OutputException e = assertThrows(OutputException.class, () -> new OnlineExperiment(other).run(be, dir, Progress.none()));
            assertTrue(e.getMessage().contains("different spec (online.eta[2]: 9 there, 2 here)"), e.getMessage());
        }
    }

    /** A result file that cannot be written: one line naming it and the reason, not the temporary's path. */
    @Test
    void aResultFileThatCannotBeWrittenIsNamedWithTheReason(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("aggregated.csv").resolve("x"));     // a folder where aggregated.csv goes
        try (Backend be = new JavaBackend(2)) {
            OutputException e = assertThrows(OutputException.class,
                    () -> new OnlineExperiment(spec(CURVES.replace("seeds = [1, 2]", "seeds = [1]").replace("eta = [1.0, 9.0]", "eta = [1.0]")))
                            .run(be, dir, Progress.none()));
            assertTrue(e.getMessage().startsWith("cannot write " + dir.resolve("aggregated.csv") + ": "), e.getMessage());
            assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
        }
    }

    /** Drops the "seconds" column, the only one that may differ between two runs of the same draw. */
    static List<String> withoutTimings(List<String> lines) {
        int col = OnlineExperiment.CURVE_COLUMNS.indexOf("seconds");
        return lines.stream().map(l -> {
            List<String> f = new java.util.ArrayList<>(List.of(l.split(",", -1)));
            f.remove(col);
            return String.join(",", f);
        }).toList();
    }

    @Test
    void widthModeComparesSampledWeightsWithTheAsymptoticCurve(@TempDir Path dir) throws Exception {
        OnlineSpec s = spec("""
                kind = "online"
                seeds = [1]
                [online]
                mode = "width"
                n = [50]
                k_over_n = [0.5, 4]
                m = 2
                """);
        try (Backend be = new JavaBackend(2)) {
            new OnlineExperiment(s).run(be, dir, Progress.none());
        }
        List<String> lines = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals(3, lines.size());
        double e1 = Double.parseDouble(lines.get(1).split(",")[7]), e2 = Double.parseDouble(lines.get(2).split(",")[7]);
        assertTrue(e2 < e1, "wider students explain more: " + e1 + " -> " + e2);
        assertTrue(Files.exists(dir.resolve("width.png")));
    }

    @Test
    void badSpecsGetOneLineNamingKeyValueAndAllowed() throws Exception {
        SpecException e = assertThrows(SpecException.class, () -> spec(CURVES.replace("eta = [1.0, 9.0]", "eta = [-1.0]")));
        assertTrue(e.getMessage().startsWith("online.eta[1] = -1 is not allowed; allowed:"), e.getMessage());
        e = assertThrows(SpecException.class, () -> spec(CURVES.replace("m = 2", "m = 2\nwidth = 3")));
        assertTrue(e.getMessage().contains("unknown key online.width"), e.getMessage());
        e = assertThrows(SpecException.class, () -> spec(CURVES.replace("k = [90]", "k = [90]\nk_over_n = [2]")));
        assertTrue(e.getMessage().contains("both given"), e.getMessage());
        e = assertThrows(SpecException.class, () -> spec(CURVES.replace("m = 2", "m = 2\nactivation = \"cosh\"")));
        assertTrue(e.getMessage().contains("online.activation = \"cosh\""), e.getMessage());
        e = assertThrows(SpecException.class, () -> spec(CURVES.replace("eta = [1.0, 9.0]", "eta = [1.0, 1.0]")));
        assertTrue(e.getMessage().contains("online.eta[2] = 1 repeats online.eta[1]"), e.getMessage());
        e = assertThrows(SpecException.class, () -> spec(CURVES.replace("k = [90]", "k_over_n = [1.5, 1.505]")));     // K = 90 twice
        assertTrue(e.getMessage().contains("online.k_over_n values 1.5 and 1.505 give the same K at every N"), e.getMessage());
        spec(CURVES.replace("n = [60]", "n = [60, 1000]").replace("k = [90]", "k_over_n = [1.5, 1.505]"));   // K differs at N = 1000: runs
        e = assertThrows(SpecException.class, () -> spec(CURVES.replace("m = 2", "m = 2\nactivation = \"erf(0x)\"")));
        assertTrue(e.getMessage().contains("online.activation = \"erf(0x)\"") && e.getMessage().contains("must not be 0"), e.getMessage());
        e = assertThrows(SpecException.class, () -> spec(CURVES.replace("m = 2", "m = 2\nmode = \"width\"")));
        assertTrue(e.getMessage().contains("online.eta is not used in mode = \"width\""), e.getMessage());
    }
}
