package deeprf.backend.java;

import deeprf.backend.Backend;
import deeprf.backend.BackendContractTest;

class JavaBackendContractTest extends BackendContractTest {
    @Override
    protected Backend open() { return new JavaBackend(2); }
}
