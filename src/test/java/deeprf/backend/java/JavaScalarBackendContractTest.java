package deeprf.backend.java;

import deeprf.backend.Backend;
import deeprf.backend.BackendContractTest;

/** The java backend's scalar kernels (no Vector API) against the same contract as the vector ones. */
class JavaScalarBackendContractTest extends BackendContractTest {
    @Override
    protected Backend open() { return open(2); }

    @Override
    protected Backend open(int threads) { return new JavaBackend(threads, VectorSupport.scalar("forced by the contract test")); }
}
