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
        list.add(new deeprf.backend.cuda.CudaBackendProvider());
        list.add(new deeprf.backend.blas.BlasBackendProvider());
        list.add(new JavaBackendProvider());
        return List.copyOf(list);
    }

    /** Names accepted by {@link #open}: "auto" and every provider's name. */
    public static List<String> names() {
        return names(providers());
    }

    /**
     * {@code be}, checked before a run touches its output folder: a null or closed backend would otherwise fail at the
     * first draw, after spec.json and the lock were written. {@code op} names the caller in the message.
     */
    public static Backend requireOpen(Backend be, String op) {
        if (be == null) throw new NullPointerException(op + ": backend must not be null");
        if (be.isClosed()) throw new IllegalStateException(op + ": backend '" + be.name() + "' is closed; open one with Backends.open");
        return be;
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
        return open(name, options, providers());
    }

    /** {@link #open(String, BackendOptions)} over the given providers (most preferred first). */
    static Backend open(String name, BackendOptions options, List<BackendProvider> all) {
        if (name == null) throw new IllegalArgumentException("backend name must not be null; choose one of " + names(all));
        if (options == null) throw new IllegalArgumentException("backend options must not be null (use BackendOptions.defaults())");
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("auto")) {
            List<String> skipped = new ArrayList<>();
            for (BackendProvider p : all) {
                BackendProbe probe = safeProbe(p);
                if (!probe.available()) {
                    skipped.add(p.name() + ": " + String.join("; ", probe.reasons()));
                    continue;
                }
                try {
                    return p.open(options);
                } catch (RuntimeException | LinkageError e) {
                    // probed fine but failed to start (driver, out of device memory): fall back to the next one
                    skipped.add(p.name() + ": probed available but failed to open: " + e);
                }
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
        throw new IllegalArgumentException("unknown backend '" + name + "'; choose one of " + names(all));
    }

    private static List<String> names(List<BackendProvider> all) {
        List<String> names = new ArrayList<>();
        names.add("auto");
        for (BackendProvider p : all) names.add(p.name());
        return names;
    }
}
