package deeprf.ffi;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.*;

/** The loader and lazy bindings, against libc (present wherever the JVM runs) and locations that do not exist. */
class NativeLibraryTest {
    private static final String PROPERTY = "deeprf.test.ffi.lib";
    private static final FunctionDescriptor STRLEN = FunctionDescriptor.of(JAVA_LONG, ADDRESS);

    @AfterEach
    void clearProperty() { System.clearProperty(PROPERTY); }

    @Test
    void wrongExplicitPathIsNamedAndSonamesAreNotTriedInstead() {
        System.setProperty(PROPERTY, "/nonexistent/dir/libdeeprf-nope.so.7");
        // libc.so.6 would load, but an explicit request must not be silently replaced by it.
        NativeLibrary lib = new NativeLibrary(new LibrarySpec("Fake", PROPERTY, null, List.of("libc.so.6")));
        assertFalse(lib.isLoaded());
        assertTrue(lib.location().isEmpty());
        String problem = String.join("; ", lib.problems());
        assertTrue(problem.contains("/nonexistent/dir/libdeeprf-nope.so.7"), problem);
        assertTrue(problem.contains("system property " + PROPERTY), problem);
        assertTrue(problem.contains("no such file"), problem);
    }

    @Test
    void missingLibraryFailsAtFirstCallNotAtBinding() {
        NativeLibrary lib = new NativeLibrary(new LibrarySpec("Fake", null, null, List.of("libdeeprf-absent.so.1")));
        NativeFunction f = lib.function("fake_fn", STRLEN);       // must not throw
        assertFalse(f.isAvailable());
        NativeUnavailableException e = assertThrows(NativeUnavailableException.class, f::handle);
        assertTrue(e.getMessage().contains("fake_fn"), e.getMessage());
        assertTrue(e.getMessage().contains("Fake"), e.getMessage());
        assertTrue(e.getMessage().contains("libdeeprf-absent.so.1"), e.getMessage());
        assertEquals(1, e.reasons().size(), "one reason per location tried: " + e.reasons());
        assertNotSame(e, assertThrows(NativeUnavailableException.class, f::handle), "a fresh exception per call");
    }

    @Test
    void libraryThatLoadsButLacksTheSymbolNamesLibraryAndSymbol() {
        NativeLibrary libc = new NativeLibrary(new LibrarySpec("libc", null, null, List.of("libc.so.6")));
        assertTrue(libc.isLoaded(), () -> String.valueOf(libc.problems()));
        NativeFunction f = libc.function("deeprf_no_such_symbol", STRLEN);
        assertFalse(f.isAvailable());
        NativeUnavailableException e = assertThrows(NativeUnavailableException.class, f::handle);
        assertTrue(e.getMessage().contains("libc") && e.getMessage().contains("deeprf_no_such_symbol"), e.getMessage());
        assertTrue(e.getMessage().contains("has no symbol"), e.getMessage());
    }

    @Test
    void sonamesAreTriedInOrderAndTheFirstThatOpensWins() throws Throwable {
        NativeLibrary libc = new NativeLibrary(new LibrarySpec("libc", null, null, List.of("libdeeprf-absent.so.1", "libc.so.6")));
        assertEquals("libc.so.6", libc.location().orElseThrow());
        MethodHandle strlen = libc.function("strlen", STRLEN).handle();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocateFrom("deeprf");
            assertEquals(6L, (long) strlen.invokeExact(s));
        }
    }

    @Test
    void explicitPathThatExistsIsUsed() {
        String libcPath = List.of("/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6", "/lib64/libc.so.6").stream()
                .filter(p -> java.nio.file.Files.exists(java.nio.file.Path.of(p))).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(libcPath != null, "no libc at a known path");
        System.setProperty(PROPERTY, libcPath);
        NativeLibrary lib = new NativeLibrary(new LibrarySpec("libc", PROPERTY, null, List.of("libdeeprf-absent.so.1")));
        assertEquals(libcPath, lib.location().orElseThrow());
        assertTrue(lib.function("strlen", STRLEN).isAvailable());
    }

    @Test
    void traceWrapperKeepsTheExactTypeAndResult() throws Throwable {
        NativeLibrary libc = new NativeLibrary(new LibrarySpec("libc", null, null, List.of("libc.so.6")));
        MethodHandle raw = libc.function("strlen", STRLEN).handle();
        MethodHandle traced = Trace.wrap("libc", "strlen", raw);
        assertEquals(raw.type(), traced.type());
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(3L, (long) traced.invokeExact(arena.allocateFrom("abc")));
        }
    }

    @Test
    void statusExceptionNamesFunctionStatusAndMeaning() {
        NativeStatusException e = new NativeStatusException("cublasDgemm_v2", 7, "CUBLAS_STATUS_INVALID_VALUE");
        assertEquals("cublasDgemm_v2 failed with status 7 (CUBLAS_STATUS_INVALID_VALUE)", e.getMessage());
        assertEquals(7, e.status());
    }
}
