package deeprf.backend.cuda;

import deeprf.backend.BackendProbe;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * GPU tests skip themselves where the cuda backend cannot run (the reasons are in the skip message), unless
 * {@code -Ddeeprf.requireCuda=true} turns the skip into a failure (what the GPU validation script does).
 */
final class CudaAvailability {
    private CudaAvailability() {}

    static final boolean REQUIRED = Boolean.getBoolean("deeprf.requireCuda");

    static void assumeCuda() {
        BackendProbe p = new CudaBackendProvider().probe();
        if (p.available()) return;
        String why = "cuda backend unavailable: " + String.join("; ", p.reasons());
        if (REQUIRED) fail(why + " (and -Ddeeprf.requireCuda=true)");
        assumeTrue(false, why);
    }
}
