package deeprf.experiment;

import deeprf.backend.Backend;
import deeprf.backend.java.JavaBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Runs the real CLI in a child JVM: under a small heap (streaming), and killed mid-run (crash safety). */
class ForkedRunTest {

    static Process cli(Path log, String heap, String... args) throws Exception {
        List<String> cmd = deeprf.testing.ChildJvm.command(List.of("-Xmx" + heap, "--add-modules=jdk.incubator.vector"), "deeprf.cli.Main", args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void streamsFarMoreSamplesThanAnNxPMatrixCouldHoldInTheHeap(@TempDir Path dir) throws Exception {
        // n = 500000 samples of p = 60 features: Φ alone would be 500000·60·8 B = 240 MB, seven times the 32 MB heap.
        // The run keeps O(p² + Σ k_ℓ k_{ℓ−1} + block·max k) ≈ 5 MB of matrices, whatever n is.
        int n = 500_000, p = 60;
        long heap = 32L << 20;
        assertTrue((long) n * p * 8 > 5 * heap);
        Path spec = dir.resolve("big.toml");
        Files.writeString(spec, """
                [data]
                d = 8
                n = %d
                n_test = 2000
                [teacher]
                kind = "linear"
                noise = 0.1
                [[learner.layers]]
                width = %d
                activation = "tanh"
                [readout]
                lambdas = [0.001, 0.1]
                surrogate = false
                """.formatted(n, p));
        Path log = dir.resolve("log.txt");
        Process proc = cli(log, "32m", "run", spec.toString(), "--out", dir.resolve("out").toString(), "--backend", "java", "--threads", "1", "--quiet");
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "child did not finish in 120 s");
        assertEquals(0, proc.exitValue(), Files.readString(log));
        List<String> lines = Files.readAllLines(dir.resolve("out/results.csv"));
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).contains(",500000,") && lines.get(1).contains(",ok,"), lines.get(1));
    }

    @Test
    void killingARealRunLosesNoFinishedRowAndLeavesNoHalfRow(@TempDir Path dir) throws Exception {
        String spec = """
                seeds = 2
                [data]
                d = 60
                n_test = 2000
                [teacher]
                kind = "linear"
                noise = 0.1
                [[learner.layers]]
                width = 150
                activation = "tanh"
                [readout]
                lambdas = [0.001, 0.1]
                [sweep]
                n_over_d = [0.5, 1, 1.5, 2, 3, 4, 5, 6]
                """;
        Path specFile = dir.resolve("s.toml");
        Files.writeString(specFile, spec);
        Path out = dir.resolve("out"), results = out.resolve("results.csv");
        Process proc = cli(dir.resolve("log.txt"), "256m", "run", specFile.toString(), "--out", out.toString(), "--backend", "java", "--threads", "1", "--quiet");
        // Kill it (SIGKILL) as soon as some draws are on disk.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && proc.isAlive()) {
            if (Files.exists(results) && Files.readAllLines(results).size() >= 1 + 2 * 2) break;
            Thread.sleep(20);
        }
        assertTrue(proc.isAlive(), "the child finished before it could be killed; make the sweep bigger");
        proc.destroyForcibly().waitFor();

        ExperimentSpec s = ExperimentSpec.parse(spec, "s");
        String text = Files.readString(results);
        assertTrue(text.endsWith("\n"), "a half-written last row");
        List<String> lines = List.of(text.split("\n"));
        int killedAt = lines.size() - 1;
        assertTrue(killedAt >= 4 && killedAt < 32, "rows on disk: " + killedAt);
        assertEquals(0, killedAt % 2, "every finished draw has all its λ rows");

        Map<String, Double> resumed, clean;
        try (Backend be = new JavaBackend(1)) {
            Experiment.Report r = new Experiment(s).run(be, out, Progress.none());
            assertEquals(killedAt / 2, r.skipped());
            resumed = ResumeTest.byKey(r.rows());
            clean = ResumeTest.byKey(new Experiment(s).run(be));
        }
        assertEquals(32, resumed.size());
        ResumeTest.assertSame(clean, resumed);
    }

    /**
     * Out of memory under a 64 MiB heap (a draw the up-front check lets through: d = 1000, p = 1700): one line saying so
     * and what to change. The JIT warm-up threads ran out too and the JVM printed "OutOfMemoryError thrown from the
     * UncaughtExceptionHandler in thread deeprf-…-jit-warmup" before it (this test, with the progress line a terminal-less
     * run prints, failed so in three runs of three before the warm-ups caught it).
     */
    @Test
    void runningOutOfMemoryPrintsOneLineAndNoThreadsNoise(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("big.toml");
        Files.writeString(spec, """
                [data]
                d = 1000
                n = 4000
                n_test = 2000
                [teacher]
                kind = "linear"
                noise = 0.1
                [[learner.layers]]
                width = 1700
                activation = "tanh"
                [readout]
                lambdas = [0.01]
                """);
        Path log = dir.resolve("log.txt");
        Process proc = cli(log, "64m", "run", spec.toString(), "--out", dir.resolve("out").toString(), "--backend", "java", "--threads", "1");
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "child did not finish in 120 s");
        String out = Files.readString(log);
        assertEquals(2, proc.exitValue(), out);
        List<String> lines = out.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules") && !l.startsWith("deeprf: 0/1 draws")).toList();
        assertEquals(1, lines.size(), out);
        assertTrue(lines.get(0).startsWith("deeprf: out of memory (") && lines.get(0).contains("DEEPRF_JVM_OPTS=-Xmx"), out);
    }
}
