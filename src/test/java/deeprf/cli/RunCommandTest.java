package deeprf.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RunCommandTest {
    static final String SPEC = """
            [data]
            d = 12
            n = 30
            n_test = 40
            [teacher]
            kind = "linear"
            [[learner.layers]]
            width = 15
            activation = "tanh"
            [readout]
            lambdas = [0.01]
            """;

    /** Runs the CLI capturing stderr; returns {exit code, stderr}. */
    static Object[] cli(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        try {
            int code = Main.run(args);
            return new Object[]{code, err.toString()};
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void badSpecIsOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("bad.toml");
        Files.writeString(spec, SPEC.replace("width = 15", "width = 15\nwidht = 3"));
        Object[] r = cli("run", spec.toString(), "--out", dir.resolve("o").toString(), "--backend", "java", "--quiet");
        assertEquals(2, r[0]);
        String err = ((String) r[1]).strip();
        assertFalse(err.contains("\n"), err);
        assertTrue(err.contains("learner.layers[1].widht = 3") && err.contains("allowed"), err);
        r = cli("run", dir.resolve("missing.toml").toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("does not exist"));
        Path binary = dir.resolve("bin.toml");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        r = cli("run", binary.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("is not UTF-8 text"), (String) r[1]);
    }

    @Test
    void outThatIsAFileOrEmptyIsAClearErrorAndHelpWorksOnSubcommands(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("ok.toml");
        Files.writeString(spec, SPEC);
        Object[] r = cli("run", spec.toString(), "--out", spec.toString(), "--backend", "java", "--quiet");
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("is a file, not a folder"), (String) r[1]);
        r = cli("run", spec.toString(), "--out", "", "--backend", "java", "--quiet");
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("--out is empty"), (String) r[1]);
        for (String sub : new String[] {"run", "theory", "demo", "selfcheck", "structured", "bench-report"})
            assertEquals(0, cli(sub, "--help")[0], sub + " --help");
    }

    @Test
    void runningOutOfMemoryIsAOneLineUserErrorThatSaysWhatToChange(@TempDir Path dir) {
        UserError e = assertThrows(UserError.class, () -> BackendRun.run("java", 1, true, dir, (be, out, progress) -> {
            throw new OutOfMemoryError("Java heap space");
        }));
        assertTrue(e.getMessage().startsWith("out of memory (Java heap space)") && e.getMessage().contains("DEEPRF_JVM_OPTS=-Xmx")
                && !e.getMessage().contains("\n"), e.getMessage());
        // a backend's allocation names the matrix; its library remedy is left out, the command line giving its own once
        e = assertThrows(UserError.class, () -> BackendRun.run("java", 1, true, dir, (be, out, progress) -> {
            throw new deeprf.backend.AllocationError("allocate: backend 'java' cannot hold a 600x3000 matrix (13.7 MiB): Java heap space",
                    "the Java heap is at most 40.0 MiB; raise it with -Xmx<size>", new OutOfMemoryError("Java heap space"));
        }));
        assertTrue(e.getMessage().startsWith("out of memory (allocate: backend 'java' cannot hold a 600x3000 matrix (13.7 MiB): Java heap space):"), e.getMessage());
        assertEquals(1, e.getMessage().split("-Xmx", -1).length - 1, e.getMessage());
    }

    @Test
    void autoNamesTheBackendItTookAndWhyItPassedOverTheOthers() {
        List<deeprf.backend.BackendProvider> all = deeprf.backend.Backends.providers();
        String first = all.get(0).name(), last = all.get(all.size() - 1).name();
        assertEquals("deeprf: backend auto: " + first, BackendRun.autoChoice(first));
        String m = BackendRun.autoChoice(last);
        for (deeprf.backend.BackendProvider p : deeprf.backend.Backends.providers())
            if (!p.name().equals(last)) assertTrue(m.contains(p.name() + ": "), m);
        assertTrue(m.startsWith("deeprf: backend auto: " + last + " (skipped "), m);
    }

    @Test
    void unwritableOutputFolderIsAClearError(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("ok.toml");
        Files.writeString(spec, SPEC);
        Path ro = dir.resolve("ro");
        Files.createDirectories(ro);
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            if (Files.isWritable(ro)) return;   // running as root: permissions are not enforced
            Object[] r = cli("run", spec.toString(), "--out", ro.resolve("out").toString(), "--backend", "java", "--quiet");
            assertEquals(2, r[0]);
            assertTrue(((String) r[1]).contains("cannot create output folder"), (String) r[1]);
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aResultFileThatCannotBeWrittenIsNamed(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("ok.toml");
        Files.writeString(spec, SPEC);
        Path out = dir.resolve("o");
        Files.createDirectories(out.resolve("aggregated.csv").resolve("x"));     // a folder where aggregated.csv goes
        Object[] r = cli("run", spec.toString(), "--out", out.toString(), "--backend", "java", "--threads", "1", "--quiet");
        assertEquals(2, r[0]);
        // said "cannot write results in OUT: Is a directory", naming no file
        assertEquals("deeprf: cannot write " + out.resolve("aggregated.csv") + ": Is a directory; results.csv is intact", ((String) r[1]).strip(), (String) r[1]);
        assertEquals(2, Files.readAllLines(out.resolve("results.csv")).size());
    }

    @Test
    void runWritesTheFolder(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("ok.toml");
        Files.writeString(spec, SPEC);
        Object[] r = cli("run", spec.toString(), "--out", dir.resolve("o").toString(), "--backend", "java", "--threads", "1", "--quiet");
        assertEquals(0, r[0], (String) r[1]);
        assertEquals(2, Files.readAllLines(dir.resolve("o/results.csv")).size());
    }

    /** run printed "plot:       …/layer_spectra.csv": a table of Kolmogorov distances, called a plot. */
    @Test
    void aCsvBesideThePlotsIsReportedAsATable(@TempDir Path dir) {
        List<Path> files = List.of(dir.resolve("test_error.png"), dir.resolve("layer_spectra.png"), dir.resolve("layer_spectra.csv"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RunCommand.report(new PrintStream(bytes, true), new deeprf.experiment.Experiment.Report(dir, List.of(), 1, 0, 0, 0.1, files));
        String out = bytes.toString();
        assertTrue(out.contains("plot:       " + dir.resolve("test_error.png") + "\n"), out);
        assertTrue(out.contains("plot:       " + dir.resolve("layer_spectra.png") + "\n"), out);
        assertTrue(out.contains("table:      " + dir.resolve("layer_spectra.csv") + "\n"), out);
        assertFalse(out.contains("plot:       " + dir.resolve("layer_spectra.csv")), out);
    }
}
