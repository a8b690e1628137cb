package deeprf.backend;

import java.util.List;

/** Whether a backend can be opened here, and if not, every reason why (never empty when unavailable). */
public record BackendProbe(String name, boolean available, String description, List<String> reasons) {
    public BackendProbe {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a backend probe needs a name");
        if (reasons == null) throw new IllegalArgumentException("backend probe '" + name + "': reasons must not be null (use an empty list)");
        if (description == null) description = "";
        reasons = List.copyOf(reasons);
        if (!available && reasons.isEmpty()) throw new IllegalArgumentException("an unavailable backend must say why");
    }

    public static BackendProbe available(String name, String description) {
        return new BackendProbe(name, true, description, List.of());
    }

    public static BackendProbe unavailable(String name, List<String> reasons) {
        return new BackendProbe(name, false, "", reasons);
    }
}
