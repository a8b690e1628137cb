package deeprf.backend;

/** One kind of backend: probes availability without side effects, opens instances. */
public interface BackendProvider {
    String name();

    /** Cheap and side-effect free; never throws (failures become reasons). */
    BackendProbe probe();

    /** Opens a backend; throws {@link BackendUnavailableException} with the probe's reasons if it cannot. */
    Backend open(BackendOptions options);
}
