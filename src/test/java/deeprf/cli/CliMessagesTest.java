package deeprf.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static deeprf.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.*;

/** What the CLI says to a user's mistakes: one line, naming what was wrong and what is allowed. */
class CliMessagesTest {
    static String oneLine(Object[] r) {
        assertEquals(Main.EXIT_USAGE, r[0], (String) r[1]);
        String err = ((String) r[1]).strip();
        assertFalse(err.contains("\n"), err);
        return err;
    }

    @Test
    void aMistypedCommandOrOptionSuggestsTheNameAndPointsAtHelp() {
        String m = oneLine(cli("runn", "spec.toml"));
        assertTrue(m.startsWith("deeprf: unknown command 'runn' (did you mean run") && m.endsWith("; see ./deeprf --help"), m);
        assertEquals("deeprf: unknown command 'Run' (did you mean run?); see ./deeprf --help", oneLine(cli("Run", "spec.toml", "--out", "o")));
        assertEquals("deeprf: unknown command 'xyz'; see ./deeprf --help", oneLine(cli("xyz")));
        assertEquals("deeprf: Unknown option: '--quiett' (did you mean --quiet?); see ./deeprf run --help",
                oneLine(cli("run", "spec.toml", "--out", "o", "--quiett")));
        m = oneLine(cli("run", "spec.toml"));
        assertTrue(m.startsWith("deeprf: Missing required option") && m.endsWith("; see ./deeprf run --help"), m);
        // a typo of a required option leaves it missing: the typo is what gets named
        assertEquals("deeprf: Unknown option: '--otu' (did you mean --out?); see ./deeprf run --help",
                oneLine(cli("run", "spec.toml", "--otu", "o")));
        assertEquals("deeprf: Unknown option: '--otu=o' (did you mean --out?); see ./deeprf run --help",
                oneLine(cli("run", "spec.toml", "--otu=o")));
        // a one-letter option is one edit from every other one-letter option: no hint, not "-h or -V"
        assertEquals("deeprf: Unknown option: '-x'; see ./deeprf run --help", oneLine(cli("run", "spec.toml", "--out", "o", "-x")));
    }
    @Test
    void theoryOnAnotherKindSaysWhereThatKindsTheoryIs(@TempDir Path dir) throws Exception {
        Path online = dir.resolve("online.toml"), structured = dir.resolve("structured.toml");
        Files.writeString(online, "kind = \"online\"\n[online]\nn = [10]\nk = [20]\neta = [0.5]\nalpha_max = 1\n");
        Files.writeString(structured, "kind = \"structured\"\nn0 = 20\nsample_ratios = [0.5]\nlambdas = [0.1]\n"
                + "[[cases]]\nname = \"a\"\nlayers = [{ratio = 0.5}]\n");
        String m = oneLine(cli("theory", online.toString(), "--out", dir.resolve("t1").toString()));
        assertTrue(m.contains("kind = \"online\"") && m.contains("theory_finite_eta") && m.contains("./deeprf run"), m);
        m = oneLine(cli("theory", structured.toString(), "--out", dir.resolve("t2").toString()));
        assertTrue(m.contains("kind = \"structured\"") && m.contains("simulate = false"), m);
        assertFalse(Files.exists(dir.resolve("t1")) || Files.exists(dir.resolve("t2")));
    }

    /** Runs the CLI capturing stdout and stderr; returns {exit code, stdout, stderr}. */
    static Object[] cliOutAndErr(String... args) {
        java.io.PrintStream oldOut = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(out, true));
        try {
            Object[] r = cli(args);
            return new Object[] {r[0], out.toString(), r[1]};
        } finally {
            System.setOut(oldOut);
        }
    }

    @Test
    void everyCommandChecksThreadsWithTheSameWords(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("ok.toml");
        Files.writeString(spec, RunCommandTest.SPEC);
        String[][] commands = {
                {"selfcheck", "-n", "8"},
                {"run", spec.toString(), "--out", dir.resolve("o").toString()},
                {"theory", spec.toString(), "--out", dir.resolve("t").toString()},
                {"demo", "--out", dir.resolve("d").toString()},
        };
        for (String[] c : commands)
            for (String bad : new String[] {"0", "-1", "4097"}) {
                String[] args = java.util.Arrays.copyOf(c, c.length + 2);
                args[c.length] = "--threads";
                args[c.length + 1] = bad;
                assertEquals("deeprf: --threads must be in [1, 4096], got " + bad, oneLine(cli(args)), String.join(" ", args));
            }
        assertFalse(Files.exists(dir.resolve("o")) || Files.exists(dir.resolve("d")), "refused before any folder was made");
    }

    /** selfcheck ends with a verdict on its residuals, and a size the heap cannot hold is refused in one line, not an OutOfMemoryError. */
    @Test
    void selfcheckGivesAVerdictAndRefusesWhatTheHeapCannotHold() {
        Object[] r = cliOutAndErr("selfcheck", "--backend", "java", "--threads", "1", "-n", "40");
        assertEquals(0, r[0], (String) r[2]);
        assertTrue(((String) r[1]).contains("PASS: gemm within its bound; syevd residuals within 30·m·ε"), (String) r[1]);
        assertNull(DemoCommand.heapRefusal(20000, 16L << 30));
        // the GEMM check sees one wrong entry of C, and passes the product as computed
        try (deeprf.backend.Backend be = deeprf.backend.Backends.open("java", deeprf.backend.BackendOptions.threads(1))) {
            int n = 64;
            deeprf.backend.GaussianStream s = new deeprf.backend.GaussianStream(1, 0);
            try (deeprf.backend.Matrix a = be.allocate(n, n); deeprf.backend.Matrix b = be.allocate(n, n); deeprf.backend.Matrix c = be.allocate(n, n)) {
                be.fillGaussian(a, s, 0, 1);
                be.fillGaussian(b, s, (long) n * n, 1);
                be.gemm(deeprf.backend.Trans.N, deeprf.backend.Trans.N, 1, a, b, 0, c);
                assertTrue(DemoCommand.freivalds(be, s, a, b, c) < 1e-3);
                double[] wrong = be.download(c);
                wrong[5 + 17 * n] += 1.0;                          // one entry off by 1 (entries are ~8)
                be.upload(wrong, c);
                assertTrue(DemoCommand.freivalds(be, s, a, b, c) > 1e3, "a wrong entry must fail by far");
            }
        }
        String m = DemoCommand.heapRefusal(20000, 6L << 30);
        assertEquals("selfcheck -n 20000 on the java backend needs about 9185 MiB of heap and the Java heap is at most 6144 MiB;"
                + " allowed: a smaller -n, or more heap with DEEPRF_JVM_OPTS=-Xmx<size>", m);
    }

    @Test
    void demoSaysNothingBeforeAnArgumentErrorAndNoBannerWhenQuiet(@TempDir Path dir) throws Exception {
        Object[] r = cliOutAndErr("demo", "--threads", "-1", "--out", dir.resolve("d").toString());
        assertEquals("", r[1], "nothing on stdout before the error");
        assertEquals("deeprf: --threads must be in [1, 4096], got -1", ((String) r[2]).strip());
        r = cliOutAndErr("demo", "--backend", "nosuch", "--out", dir.resolve("d").toString());
        assertEquals("", r[1]);
        assertTrue(((String) r[2]).startsWith("deeprf: unknown backend 'nosuch'"), (String) r[2]);
        // A folder that is a file is refused before anything else too, and --quiet prints no banner
        Path file = dir.resolve("afile");
        Files.writeString(file, "x");
        r = cliOutAndErr("demo", "--backend", "java", "--threads", "1", "--out", file.toString());
        assertEquals("", r[1]);
        assertTrue(((String) r[2]).contains("is a file, not a folder"), (String) r[2]);
        r = cliOutAndErr("demo", "--backend", "java", "--threads", "1", "--quiet", "--out", dir.resolve("q").toString());
        assertEquals(0, r[0]);
        assertEquals("", r[1], "--quiet prints no banner");
    }
}
