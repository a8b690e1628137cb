package deeprf.report;

/**
 * Whether this Java runtime can draw charts. XChart needs the {@code java.desktop} module (AWT/Java2D); a trimmed
 * runtime made with jlink (e.g. the one carried to GPU machines by bench/gpu/prepare.sh) may lack it. Callers check
 * here before touching any chart class, skip the plots with one warning, and still write every CSV, JSON and .npy
 * result — a missing module must never cost a result file.
 */
public final class ChartSupport {
    private ChartSupport() {}

    /** Null when charts can be drawn; otherwise one line saying why not. */
    public static String unavailableReason() {
        if (ModuleLayer.boot().findModule("java.desktop").isPresent()) return null;
        return "plots skipped: this Java runtime (" + System.getProperty("java.home")
                + ") has no java.desktop module, which the chart library needs; the CSV/JSON/.npy results are complete";
    }

    /** True when charts can be drawn; otherwise prints the reason once per call on stderr and returns false. */
    public static boolean availableOrWarn() {
        String why = unavailableReason();
        if (why == null) return true;
        System.err.println("deeprf: " + why);
        return false;
    }
}
