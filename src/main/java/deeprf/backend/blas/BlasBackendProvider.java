package deeprf.backend.blas;

import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.BackendProbe;
import deeprf.backend.BackendProvider;
import deeprf.backend.BackendUnavailableException;
import deeprf.ffi.NativeLibrary;
import deeprf.ffi.blas.Lapacke;
import deeprf.ffi.blas.OpenBlas;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code blas} backend: available when the system's OpenBLAS (LP64) and LAPACKE load and export every function
 * the backend binds. Otherwise the probe lists each missing library (with every location tried) or symbol.
 */
public final class BlasBackendProvider implements BackendProvider {
    @Override public String name() { return "blas"; }

    @Override
    public BackendProbe probe() {
        BackendProbe p = probe(OpenBlas.LIBRARY, Lapacke.LIBRARY);
        if (!p.available()) return p;
        if (OpenBlas.isIlp64())
            return BackendProbe.unavailable("blas", List.of("OpenBLAS at " + OpenBlas.LIBRARY.location().orElse("?")
                    + " is an ILP64 build (64-bit integers: " + OpenBlas.openblas_get_config() + "); deeprf binds the 32-bit interface of libopenblas.so.0"));
        return BackendProbe.available("blas", BlasBackend.describeLibraries());
    }

    /** Checks that both libraries load and have every symbol the bindings use; never throws. */
    static BackendProbe probe(NativeLibrary blas, NativeLibrary lapacke) {
        List<String> reasons = new ArrayList<>();
        check(blas, OpenBlas.SYMBOLS, reasons);
        check(lapacke, Lapacke.SYMBOLS, reasons);
        if (!reasons.isEmpty()) return BackendProbe.unavailable("blas", reasons);
        return BackendProbe.available("blas", blas.name() + " from " + blas.location().orElseThrow() + ", "
                + lapacke.name() + " from " + lapacke.location().orElseThrow());
    }

    private static void check(NativeLibrary lib, List<String> symbols, List<String> reasons) {
        if (!lib.isLoaded()) {
            reasons.addAll(lib.problems());
            return;
        }
        List<String> missing = symbols.stream().filter(s -> lib.find(s).isEmpty()).toList();
        if (!missing.isEmpty())
            reasons.add(lib.name() + " loaded from " + lib.location().orElseThrow() + " but lacks " + String.join(", ", missing));
    }

    @Override
    public Backend open(BackendOptions options) {
        BackendProbe p = probe();
        if (!p.available()) throw new BackendUnavailableException("blas", p.reasons());
        return new BlasBackend(options.threads());
    }
}
