package deeprf.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One native library, loaded lazily on first use and at most once: the explicit location of its {@link LibrarySpec}
 * when one is given (and then only that: a wrong explicit path is reported, never silently replaced), otherwise the
 * first of its sonames the dynamic loader opens. Loading never throws; failures are kept as reasons and surface
 * when a function of the library is called ({@link NativeUnavailableException}) or through {@link #problems()}.
 *
 * <p>Libraries stay loaded for the life of the JVM (the lookup's arena is the global one, as with
 * {@code System.loadLibrary}); memory that bindings pass to them belongs to arenas their callers own.
 *
 * <p>Thread-safe.
 */
public final class NativeLibrary {
    private final LibrarySpec spec;
    private volatile Loaded loaded;

    private record Loaded(SymbolLookup lookup, String location, List<String> problems) {}

    public NativeLibrary(LibrarySpec spec) {
        if (spec == null) throw new IllegalArgumentException("NativeLibrary: spec must not be null");
        this.spec = spec;
    }

    public LibrarySpec spec() { return spec; }

    public String name() { return spec.name(); }

    /** Whether the library could be loaded (loads it on first call). */
    public boolean isLoaded() { return load().lookup != null; }

    /** The explicit path or soname it was loaded from, or empty when it was not. */
    public Optional<String> location() { return Optional.ofNullable(load().location); }

    /** Why the library is not loaded: every location tried and its failure; empty when loaded. */
    public List<String> problems() { return load().problems; }

    /** The address of {@code symbol}, or empty when the library is not loaded or lacks it. */
    public Optional<MemorySegment> find(String symbol) {
        Loaded l = load();
        return l.lookup == null ? Optional.empty() : l.lookup.find(symbol);
    }

    /**
     * A binding of {@code symbol} with the given C signature. Never throws: when the library or the symbol is
     * missing, the returned function records why and throws {@link NativeUnavailableException} when called.
     * Meant for the static initialiser of a per-function holder class.
     */
    public NativeFunction function(String symbol, FunctionDescriptor descriptor, Linker.Option... options) {
        Loaded l = load();
        if (l.lookup == null)
            return NativeFunction.missing(symbol, new NativeUnavailableException(
                    "cannot call " + symbol + ": library " + spec.name() + " is not loaded", l.problems));
        Optional<MemorySegment> address = l.lookup.find(symbol);
        if (address.isEmpty())
            return NativeFunction.missing(symbol, new NativeUnavailableException(
                    "library " + spec.name() + " (" + l.location + ") loaded but has no symbol " + symbol, List.of()));
        try {
            MethodHandle h = Linker.nativeLinker().downcallHandle(address.get(), descriptor, options);
            if (Trace.ENABLED) h = Trace.wrap(spec.name(), symbol, h);
            return NativeFunction.bound(symbol, h);
        } catch (RuntimeException e) {
            return NativeFunction.missing(symbol, new NativeUnavailableException(
                    "cannot link " + symbol + " of library " + spec.name() + " with signature " + descriptor, List.of(String.valueOf(e))));
        }
    }

    private Loaded load() {
        Loaded l = loaded;
        if (l != null) return l;
        synchronized (this) {
            if (loaded == null) loaded = open();
            return loaded;
        }
    }

    private Loaded open() {
        List<String> problems = new ArrayList<>();
        LibrarySpec.Explicit explicit = spec.explicit();
        List<String> candidates = explicit != null ? List.of(explicit.location()) : spec.sonames();
        for (String candidate : candidates) {
            try {
                SymbolLookup lookup = candidate.contains("/")
                        ? SymbolLookup.libraryLookup(Path.of(candidate), Arena.global())
                        : SymbolLookup.libraryLookup(candidate, Arena.global());
                return new Loaded(lookup, candidate, List.of());
            } catch (IllegalArgumentException | IllegalCallerException | UnsatisfiedLinkError e) {
                problems.add(describeFailure(candidate, explicit, e));
            }
        }
        if (candidates.isEmpty()) problems.add("no location to try for " + spec.name());
        return new Loaded(null, null, List.copyOf(problems));
    }

    private String describeFailure(String candidate, LibrarySpec.Explicit explicit, Throwable e) {
        String what = explicit != null ? spec.name() + " at explicit path " + candidate + " (from " + explicit.source() + ")"
                : spec.name() + " as " + candidate;
        String why;
        if (e instanceof IllegalCallerException) why = "native access is not enabled (run java with --enable-native-access=ALL-UNNAMED): " + e.getMessage();
        else if (candidate.contains("/") && !Files.exists(Path.of(candidate))) why = "no such file";
        else if (!candidate.contains("/")) why = "the dynamic loader did not find or could not open it (install the package, or set "
                + hint() + ")";
        else why = "the dynamic loader could not open it (" + e.getMessage() + ")";
        return what + ": " + why;
    }

    private String hint() {
        List<String> ways = new ArrayList<>();
        if (spec.property() != null) ways.add("-D" + spec.property() + "=/path/to/lib");
        if (spec.envVar() != null) ways.add(spec.envVar());
        return ways.isEmpty() ? "LD_LIBRARY_PATH" : String.join(" or ", ways);
    }

    @Override
    public String toString() {
        Loaded l = loaded;
        return "NativeLibrary[" + spec.name() + (l == null ? ", not yet loaded" : l.lookup != null ? " from " + l.location : ", unavailable") + "]";
    }
}
