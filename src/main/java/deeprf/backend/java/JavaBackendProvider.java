package deeprf.backend.java;

import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.BackendProbe;
import deeprf.backend.BackendProvider;

/** Always available: needs nothing but the JVM. */
public final class JavaBackendProvider implements BackendProvider {
    @Override public String name() { return "java"; }

    @Override
    public BackendProbe probe() {
        return BackendProbe.available("java", "pure Java, " + VectorSupport.detect().reason());
    }

    @Override
    public Backend open(BackendOptions options) {
        return new JavaBackend(options.threads());
    }
}
