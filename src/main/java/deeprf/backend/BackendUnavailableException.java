package deeprf.backend;

import java.util.List;

/** A backend was asked for that cannot run here; carries every reason. */
public class BackendUnavailableException extends RuntimeException {
    private final List<String> reasons;

    public BackendUnavailableException(String backend, List<String> reasons) {
        super("backend '" + backend + "' is unavailable: " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() { return reasons; }
}
