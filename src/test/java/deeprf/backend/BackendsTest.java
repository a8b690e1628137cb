package deeprf.backend;

import deeprf.backend.java.JavaBackendProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BackendsTest {

    /** A provider whose probe and open do what the test says. */
    private record Fake(String name, BackendProbe probeResult, RuntimeException probeThrows, RuntimeException openThrows)
            implements BackendProvider {
        @Override
        public BackendProbe probe() {
            if (probeThrows != null) throw probeThrows;
            return probeResult;
        }

        @Override
        public Backend open(BackendOptions options) {
            if (openThrows != null) throw openThrows;
            return new JavaBackendProvider().open(options);
        }
    }

    @Test
    void unknownNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.open("quantum"));
        assertTrue(e.getMessage().contains("quantum"), e.getMessage());
        for (String n : Backends.names()) assertTrue(e.getMessage().contains(n), "should list '" + n + "': " + e.getMessage());
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class, () -> Backends.open(null));
        assertTrue(nul.getMessage().contains("java"), nul.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Backends.open("java", null));
    }

    @Test
    void namesAreAutoAndEveryProvider() {
        List<String> names = Backends.names();
        assertEquals("auto", names.get(0));
        assertTrue(names.contains("java"));
        assertEquals(Backends.providers().size() + 1, names.size());
    }

    @Test
    void probeAllNeverThrowsAndExplainsEveryUnavailableBackend() {
        List<BackendProbe> probes = assertDoesNotThrow(Backends::probeAll);
        assertEquals(Backends.providers().size(), probes.size());
        for (BackendProbe p : probes) {
            assertNotNull(p);
            if (!p.available()) assertFalse(p.reasons().isEmpty(), p.name() + " unavailable without a reason");
        }
        assertTrue(probes.stream().anyMatch(p -> p.name().equals("java") && p.available()), "java is always available");
    }

    @Test
    void aThrowingOrSilentProbeBecomesAReason() {
        BackendProbe thrown = Backends.safeProbe(new Fake("boom", null, new IllegalStateException("driver exploded"), null));
        assertFalse(thrown.available());
        assertTrue(thrown.reasons().get(0).contains("driver exploded"), thrown.reasons().toString());
        BackendProbe silent = Backends.safeProbe(new Fake("mute", null, null, null));
        assertFalse(silent.available());
        assertFalse(silent.reasons().isEmpty());
    }

    @Test
    void autoOpensSomethingThatWorks() {
        try (Backend b = Backends.open("auto", BackendOptions.threads(1))) {
            assertNotNull(b);
            try (Matrix m = b.upload(new double[]{1, 2, 3, 4}, 2, 2)) {
                double[] sums = new double[2];
                b.rowSums(m, sums);
                assertArrayEquals(new double[]{4, 6}, sums, 0.0);
            }
        }
        try (Backend b = Backends.open("  JAVA ")) {   // names are trimmed and case-insensitive
            assertEquals("java", b.name());
        }
    }

    @Test
    void autoSkipsUnavailableAndFailingBackendsAndSaysWhy() {
        Fake missing = new Fake("gpu", BackendProbe.unavailable("gpu", List.of("no device")), null, null);
        Fake broken = new Fake("lib", BackendProbe.available("lib", "x"), null, new IllegalStateException("init failed"));
        Fake good = new Fake("java", BackendProbe.available("java", "x"), null, null);
        try (Backend b = Backends.open("auto", BackendOptions.threads(1), List.of(missing, broken, good))) {
            assertEquals("java", b.name());
        }
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.open("auto", BackendOptions.threads(1), List.of(missing, broken)));
        assertTrue(e.getMessage().contains("no device") && e.getMessage().contains("init failed"), e.getMessage());
        BackendUnavailableException named = assertThrows(BackendUnavailableException.class,
                () -> Backends.open("gpu", BackendOptions.threads(1), List.of(missing, good)));
        assertEquals(List.of("no device"), named.reasons());
        assertTrue(named.getMessage().contains("gpu"), named.getMessage());
    }

    @Test
    void optionsAreValidated() {
        assertTrue(BackendOptions.defaults().threads() >= 1);
        assertEquals(3, BackendOptions.threads(3).threads());
        for (int bad : new int[]{0, -1, 4097}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackendOptions.threads(bad));
            assertTrue(e.getMessage().contains("threads") && e.getMessage().contains(Integer.toString(bad)), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BackendOptions(1, -2));
        assertTrue(e.getMessage().contains("device") && e.getMessage().contains("-2"), e.getMessage());
    }

    @Test
    void anUnavailableProbeMustGiveAReason() {
        assertThrows(IllegalArgumentException.class, () -> BackendProbe.unavailable("x", List.of()));
        assertThrows(IllegalArgumentException.class, () -> BackendProbe.unavailable("x", null));
        assertThrows(IllegalArgumentException.class, () -> BackendProbe.available(null, "d"));
        assertEquals("", new BackendProbe("x", true, null, List.of()).description());
    }
}
