package deeprf.backend.blas;

import deeprf.backend.Backend;
import deeprf.backend.BackendProbe;
import deeprf.backend.Backends;
import deeprf.ffi.LibrarySpec;
import deeprf.ffi.NativeLibrary;
import deeprf.ffi.blas.Lapacke;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The "unavailable" path (runs with or without the library) and the bad-input cases of the blas backend. */
class BlasUnavailableAndBadInputTest {
    private static final String PROPERTY = "deeprf.test.blas.lib";

    @AfterEach
    void clear() { System.clearProperty(PROPERTY); }

    @Test
    void bogusExplicitPathMakesTheBackendUnavailableNamingThePath() {
        System.setProperty(PROPERTY, "/nonexistent/deeprf/libopenblas.so.0");
        NativeLibrary blas = new NativeLibrary(new LibrarySpec("OpenBLAS", PROPERTY, null, List.of("libopenblas.so.0")));
        BackendProbe p = BlasBackendProvider.probe(blas, Lapacke.LIBRARY);
        assertFalse(p.available());
        String reasons = String.join("; ", p.reasons());
        assertTrue(reasons.contains("/nonexistent/deeprf/libopenblas.so.0") && reasons.contains(PROPERTY), reasons);
    }

    @Test
    void libraryWithoutTheSymbolsIsNamedWithWhatItLacks() {
        NativeLibrary libc = new NativeLibrary(new LibrarySpec("OpenBLAS", null, null, List.of("libc.so.6")));
        BackendProbe p = BlasBackendProvider.probe(libc, libc);
        assertFalse(p.available());
        String reasons = String.join("; ", p.reasons());
        assertTrue(reasons.contains("libc.so.6") && reasons.contains("lacks cblas_dgemm") && reasons.contains("LAPACKE_dsyevd_work"), reasons);
    }

    @Test
    void blasIsPreferredOverJavaAndJavaStaysAvailable() {
        List<String> names = Backends.providers().stream().map(p -> p.name()).toList();
        assertTrue(names.indexOf("blas") >= 0 && names.indexOf("blas") < names.indexOf("java"), names.toString());
        List<BackendProbe> probes = Backends.probeAll();
        BackendProbe blas = probes.get(names.indexOf("blas"));
        boolean preferredAvailable = probes.subList(0, names.indexOf("blas")).stream().anyMatch(BackendProbe::available);
        if (blas.available() && !preferredAvailable) {
            try (Backend auto = Backends.open("auto")) {
                assertEquals("blas", auto.name());
            }
        }
        if (!blas.available()) assertFalse(blas.reasons().isEmpty());
        assertTrue(probes.get(names.indexOf("java")).available());
    }

    @Test
    void cliListsTheUnavailableReasonForABogusPath() throws Exception {
        Result r = runCli(List.of("-Ddeeprf.blas.lib=/nonexistent/deeprf/libopenblas.so.0"), "backends");
        assertEquals(0, r.exit, r.out + r.err);
        assertTrue(r.out.matches("(?s).*blas\\s+unavailable.*/nonexistent/deeprf/libopenblas\\.so\\.0.*"), r.out);
        assertTrue(r.out.matches("(?s).*java\\s+available.*"), r.out);
    }

    @Test
    void traceFlagPrintsDowncalls() throws Exception {
        assumeTrue(new BlasBackendProvider().probe().available(), "blas backend unavailable");
        Result r = runCli(List.of("-Ddeeprf.ffi.trace=true"), "backends");
        assertEquals(0, r.exit, r.out + r.err);
        assertTrue(r.err.contains("[deeprf.ffi] OpenBLAS openblas_get_config() -> "), r.err);
    }

    @Test
    void dimensionsBeyond32BitBlasIntegersAreRefusedBeforeAllocating() {
        assumeTrue(new BlasBackendProvider().probe().available(), "blas backend unavailable");
        try (Backend be = new BlasBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> be.allocate(3_000_000_000L, 1));
            assertTrue(e.getMessage().contains("3000000000") && e.getMessage().contains("2147483647"), e.getMessage());
        }
    }

    @Test
    void eigenvectorWorkspaceBeyond32BitLworkIsRefused() {
        BlasBackend.checkSyevdSize(BlasBackend.MAX_SYEVD_VECTORS_N, true);
        BlasBackend.checkSyevdSize(100_000, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlasBackend.checkSyevdSize(BlasBackend.MAX_SYEVD_VECTORS_N + 1, true));
        assertTrue(e.getMessage().contains("n=32767") && e.getMessage().contains("32-bit"), e.getMessage());
        assertTrue(1 + 6L * 32766 + 2L * 32766 * 32766 <= Integer.MAX_VALUE && 1 + 6L * 32767 + 2L * 32767 * 32767 > Integer.MAX_VALUE);
    }

    private record Result(int exit, String out, String err) {}

    /** Runs the CLI in a fresh JVM (the libraries are process-wide, so a bogus path needs its own process). */
    private static Result runCli(List<String> jvmArgs, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "deeprf.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes(), err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "CLI did not finish");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
