package deeprf.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        for (String line : agg.subList(1, agg.size())) {
            String[] f = line.split(",");
            double cond = Double.parseDouble(f[c]), asym = Double.parseDouble(f[a]);
            assertEquals(asym, cond, 0.1 * asym, line);
        }
        // a rerun of a spec with nothing to plot (one point) removes the earlier plot instead of leaving it beside
        Files.writeString(spec, Files.readString(spec).replace("[sweep]\nn_over_d = [0.5, 1.5, 3.0]", "").replace("d = 60", "d = 60\nn_over_d = 1.5"));
        assertEquals(0, Main.run("theory", spec.toString(), "--out", out.toString(), "--quiet", "--backend", "java"));
        assertFalse(Files.exists(out.resolve("theory_test_error.png")));
        assertEquals(1 + 2, Files.readAllLines(out.resolve("theory_aggregated.csv")).size());
    }

    @Test
    void missingSpecIsAUserError(@TempDir Path dir) {
        assertEquals(Main.EXIT_USAGE, Main.run("theory", dir.resolve("nope.toml").toString(), "--out", dir.resolve("o").toString()));
    }
}
