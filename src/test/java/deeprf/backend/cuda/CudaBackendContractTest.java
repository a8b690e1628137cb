package deeprf.backend.cuda;

import deeprf.backend.Backend;
import deeprf.backend.BackendContractTest;
import deeprf.backend.BackendOptions;
import org.junit.jupiter.api.BeforeAll;

/** The full backend contract on the GPU; skipped without one, a failure then with -Ddeeprf.requireCuda=true. */
class CudaBackendContractTest extends BackendContractTest {
    @BeforeAll
    static void needGpu() { CudaAvailability.assumeCuda(); }

    @Override
    protected Backend open() { return new CudaBackendProvider().open(new BackendOptions(2, 0)); }

    /**
     * Host threads only (the device work does not depend on them), so the thread-count checks hold the GPU to the
     * same bits from separately opened backends; without this they would be skipped, and the GPU validation wants
     * no skips.
     */
    @Override
    protected Backend open(int threads) { return new CudaBackendProvider().open(new BackendOptions(threads, 0)); }

    /**
     * CUDA's double tanh, erf and exp are within 2 ulp of the exact value (CUDA C Programming Guide, math function
     * accuracy tables); the JDK's Math.tanh within 2.5 ulp; so the two differ by at most 4.5 ulp, plus one rounding
     * of the quotient in sigmoid: 6 ulp bounds it.
     */
    @Override
    protected double activationUlps() { return 6; }

    /**
     * Normals r·cos(2πu), r = √(−2 ln u1): CUDA's log is within 1 ulp and sin/cos within 2 ulp, StrictMath (fdlibm)
     * within 1 ulp each; sqrt halves the relative error of ln, the products add one rounding each: |Δz| ≤ about
     * 5 ε·|z| + ε·r·|cos| ≤ 6 ε (σ + |z|) in the contract's units; the uint32 words themselves are compared bit for
     * bit in CudaKernelsTest.
     */
    @Override
    protected double gaussianUlps() { return 6; }
}
