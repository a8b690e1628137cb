package deeprf.ffi;

import java.util.List;

/**
 * Where to find one native library: an explicit location named by a system property or an environment variable
 * (tried first, and alone when given), else a list of versioned sonames handed to the dynamic loader in order.
 *
 * @param name     short human name used in messages ({@code "OpenBLAS"}, {@code "cuBLAS"})
 * @param property system property holding an explicit path or soname ({@code deeprf.blas.lib}); may be null
 * @param envVar   environment variable consulted when the property is unset ({@code DEEPRF_BLAS_LIB}); may be null
 * @param sonames  names for {@code dlopen}, most preferred first; use versioned sonames ({@code libopenblas.so.0}),
 *                 since {@code dlopen} does not add versions and unversioned links exist only with -dev packages
 */
public record LibrarySpec(String name, String property, String envVar, List<String> sonames) {
    public LibrarySpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("LibrarySpec: name must not be blank");
        sonames = List.copyOf(sonames);
        if (sonames.isEmpty() && property == null && envVar == null)
            throw new IllegalArgumentException("LibrarySpec " + name + ": needs at least one soname, property or environment variable");
    }

    /** The explicit location requested by property or environment (blank counts as unset), with its source; or null. */
    public Explicit explicit() {
        if (property != null) {
            String v = System.getProperty(property);
            if (v != null && !v.isBlank()) return new Explicit(v.trim(), "system property " + property);
        }
        if (envVar != null) {
            String v = System.getenv(envVar);
            if (v != null && !v.isBlank()) return new Explicit(v.trim(), "environment variable " + envVar);
        }
        return null;
    }

    /** A copy that ignores property and environment and loads exactly {@code location} (tests, embedding tools). */
    public LibrarySpec pinnedTo(String location) {
        return new LibrarySpec(name, null, null, List.of(location));
    }

    /** An explicitly requested library location and where the request came from. */
    public record Explicit(String location, String source) {}
}
