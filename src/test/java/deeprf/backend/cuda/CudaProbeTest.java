package deeprf.backend.cuda;

import deeprf.backend.Backend;
import deeprf.backend.BackendProbe;
import deeprf.backend.BackendUnavailableException;
import deeprf.backend.Backends;
import org.junit.jupiter.api.Test;

import java.io.File;

import static org.junit.jupiter.api.Assertions.*;

/** Runs everywhere: the probe never throws and explains itself; builds with nvcc carry the kernels. */
class CudaProbeTest {
    @Test
    void probeNeverThrowsAndGivesReasonsWhenUnavailable() {
        BackendProbe p = new CudaBackendProvider().probe();
        assertEquals("cuda", p.name());
        if (!p.available()) {
            assertFalse(p.reasons().isEmpty());
            for (String r : p.reasons()) assertFalse(r.isBlank(), "blank reason in " + p.reasons());
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.open("cuda"));
            assertTrue(e.getMessage().contains("cuda"), e.getMessage());
        }
    }

    @Test
    void cudaIsPreferredAndAutoFallsBackWithReasons() {
        assertEquals("cuda", Backends.providers().get(0).name(), "auto must try cuda first");
        try (Backend b = Backends.open("auto")) {
            assertNotNull(b.name());
        }
    }

    @Test
    void driverReasonNamesTheStatusWhenTheRuntimeIsHereButNoDriver() {
        BackendProbe p = new CudaBackendProvider().probe();
        boolean runtimeHere = deeprf.ffi.cuda.CudaLibraries.CUDART.isLoaded();
        boolean driverHere = deeprf.ffi.cuda.CudaLibraries.DRIVER.isLoaded();
        if (runtimeHere && !driverHere) {
            assertFalse(p.available());
            assertTrue(p.reasons().stream().anyMatch(r -> r.contains("driver") && r.contains("35")),
                    "a runtime without a driver should say so with status 35: " + p.reasons());
        }
    }

    @Test
    void kernelsAreInTheJarWhenNvccWasThere() {
        boolean nvcc = new File("/usr/local/cuda/bin/nvcc").canExecute() || onPath("nvcc");
        if (nvcc && !"true".equals(System.getenv("DEEPRF_SKIP_PTX")))
            assertEquals(java.util.List.of(), CudaKernels.missingPtx(), "nvcc is here, so the build must have compiled native/*.cu to PTX");
    }

    private static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String d : path.split(File.pathSeparator)) if (new File(d, exe).canExecute()) return true;
        return false;
    }
}
