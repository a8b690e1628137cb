package deeprf.backend;

import deeprf.backend.java.JavaBackendProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds and opens backends by name. {@code auto} takes the first available in order of preference
 * (cuda, blas, java); {@code java} is always available.
 */
public final class Backends {
    private Backends() {}

    /** All known backends, most preferred first. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        list.add(new deeprf.backend.blas.BlasBackendProvider());
        list.add(new JavaBackendProvider());
        return List.copyOf(list);
    }

    /** Names accepted by {@link #open}: "auto" and every provider's name. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add("auto");
        for (BackendProvider p : providers()) names.add(p.name());
        return names;
    }

    /** Probes every backend; never throws, never returns null. */
    public static List<BackendProbe> probeAll() {
        List<BackendProbe> out = new ArrayList<>();
        for (BackendProvider p : providers()) out.add(safeProbe(p));
        return out;
    }

    static BackendProbe safeProbe(BackendProvider p) {
        try {
            BackendProbe probe = p.probe();
            return probe != null ? probe : BackendProbe.unavailable(p.name(), List.of("probe returned nothing"));
        } catch (RuntimeException | LinkageError e) {
            return BackendProbe.unavailable(p.name(), List.of("probe failed: " + e));
        }
    }

    public static Backend open(String name) {
        return open(name, BackendOptions.defaults());
    }

    /**
     * Opens the named backend ("auto" picks the most preferred available one). Unknown names get an
     * {@link IllegalArgumentException} listing the valid ones; an unavailable backend a
     * {@link BackendUnavailableException} carrying the reasons.
     */
    public static Backend open(String name, BackendOptions options) {
        if (name == null) throw new IllegalArgumentException("backend name must not be null; choose one of " + names());
        String key = name.trim().toLowerCase(Locale.ROOT);
        List<BackendProvider> all = providers();
        if (key.equals("auto")) {
            List<String> skipped = new ArrayList<>();
            for (BackendProvider p : all) {
                BackendProbe probe = safeProbe(p);
                if (probe.available()) return p.open(options);
                skipped.add(p.name() + ": " + String.join("; ", probe.reasons()));
            }
            throw new BackendUnavailableException("auto", skipped);
        }
        for (BackendProvider p : all) {
            if (p.name().equals(key)) {
                BackendProbe probe = safeProbe(p);
                if (!probe.available()) throw new BackendUnavailableException(p.name(), probe.reasons());
                return p.open(options);
            }
        }
        throw new IllegalArgumentException("unknown backend '" + name + "'; choose one of " + names());
    }
}
