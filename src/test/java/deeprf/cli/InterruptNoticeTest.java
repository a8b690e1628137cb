package deeprf.cli;

import deeprf.experiment.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** The line a run prints when it is interrupted, and only then. */
class InterruptNoticeTest {
    @Test
    void theMessageSaysHowManyDrawsAreKeptWhereAndHowToResume() {
        Path out = Path.of("runs/a");
        assertEquals("deeprf: interrupted; 7 finished draws are kept in runs/a; rerun the same command to resume", InterruptNotice.message(out, 7));
        assertEquals("deeprf: interrupted; 1 finished draw is kept in runs/a; rerun the same command to resume", InterruptNotice.message(out, 1));
        // A run kind that does not report draws (structured) or one interrupted before its first report.
        assertEquals("deeprf: interrupted; finished draws are kept in runs/a; rerun the same command to resume", InterruptNotice.message(out, -1));
    }

    @Test
    void theHookIsGoneAfterARunEndsNormallyOrWithAnError(@TempDir Path dir) {
        AtomicReference<Progress> seen = new AtomicReference<>();
        BackendRun.run("java", 1, true, dir, (be, out, progress) -> {
            seen.set(progress);
            progress.update(3, 5, 1, "");
            return null;
        });
        InterruptNotice n = assertInstanceOf(InterruptNotice.class, seen.get());
        // removeShutdownHook answers false for a hook that is not registered: run() removed it.
        assertFalse(Runtime.getRuntime().removeShutdownHook(n.hook()), "hook still registered after a normal run");

        assertThrows(UserError.class, () -> BackendRun.run("java", 1, true, dir, (be, out, progress) -> {
            seen.set(progress);
            throw new deeprf.io.OutputException("disk full");
        }));
        assertNotSame(n, seen.get());
        assertFalse(Runtime.getRuntime().removeShutdownHook(((InterruptNotice) seen.get()).hook()), "hook still registered after an error");
    }

    @Test
    void aRealRunStoppedBySigtermSaysHowManyDrawsAreKept(@TempDir Path dir) throws Exception {
        // SIGTERM rather than SIGINT: a JVM started from a background job inherits SIGINT ignored and never sees it;
        // both run the same shutdown hooks.
        Path spec = dir.resolve("s.toml");
        Files.writeString(spec, """
                seeds = 2
                [data]
                d = 40
                n_test = 500
                [teacher]
                kind = "linear"
                [[learner.layers]]
                width = 100
                activation = "tanh"
                [readout]
                lambdas = [0.001, 0.1]
                [sweep]
                n_over_d = [0.5, 1, 1.5, 2, 3, 4, 5, 6]
                """);
        Path out = dir.resolve("out"), results = out.resolve("results.csv"), log = dir.resolve("log.txt");
        List<String> cmd = deeprf.testing.ChildJvm.command(List.of("--add-modules=jdk.incubator.vector"), "deeprf.cli.Main",
                "run", spec.toString(), "--out", out.toString(), "--backend", "java", "--threads", "1", "--quiet");
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && proc.isAlive()) {
            if (Files.exists(results) && Files.readAllLines(results).size() >= 1 + 2 * 2) break;
            Thread.sleep(20);
        }
        assertTrue(proc.isAlive(), "the child finished before it could be stopped; make the sweep bigger");
        proc.destroy();
        assertTrue(proc.waitFor(30, TimeUnit.SECONDS));
        String text = Files.readString(log);
        Matcher m = Pattern.compile("deeprf: interrupted; (\\d+) finished draws are kept in " + Pattern.quote(out.toString())
                + "; rerun the same command to resume").matcher(text);
        assertTrue(m.find(), text);
        int said = Integer.parseInt(m.group(1)), onDisk = (Files.readAllLines(results).size() - 1) / 2;
        assertTrue(said >= 2 && said <= onDisk, "said " + said + ", on disk " + onDisk);
        // That a rerun resumes from them is ForkedRunTest's and ResumeTest's to show.
    }
}
