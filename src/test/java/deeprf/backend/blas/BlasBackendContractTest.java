package deeprf.backend.blas;

import deeprf.backend.Backend;
import deeprf.backend.BackendContractTest;
import deeprf.backend.BackendProbe;
import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The full backend contract against the system's OpenBLAS/LAPACKE; skipped (with the probe's reasons) where absent. */
class BlasBackendContractTest extends BackendContractTest {
    @BeforeAll
    static void needLibraries() {
        BackendProbe p = new BlasBackendProvider().probe();
        assumeTrue(p.available(), () -> "blas backend unavailable: " + p.reasons());
    }

    @Override
    protected Backend open() { return new BlasBackend(2); }

    @Override
    protected Backend open(int threads) { return new BlasBackend(threads); }
}
