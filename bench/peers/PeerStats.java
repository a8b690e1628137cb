import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the call-by-call peers (GemmAB, JarAB, ActivationAB) share: quantiles of per-round figures and the load
 * average to print beside them. A separate source file in this directory: JDK 25 launches a multi-file source
 * program (JEP 458), so `java bench/peers/GemmAB.java` compiles this one too when GemmAB uses it.
 */
final class PeerStats {
    private PeerStats() {}

    /** The q-quantile of v (0 ≤ q ≤ 1), linearly interpolated between order statistics; v is not modified. */
    static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    /** "median M (quartiles Q1, Q3)" with each number written by fmt (e.g. "%.3f"). */
    static String medianQuartiles(double[] v, String fmt) {
        return String.format("median " + fmt + " (quartiles " + fmt + ", " + fmt + ")", quantile(v, 0.5), quantile(v, 0.25), quantile(v, 0.75));
    }

    /** The 1-, 5- and 15-minute load averages, or "unknown" where /proc/loadavg cannot be read. */
    static String loadAverage() {
        try { return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).trim().split(" "), 3)); }
        catch (IOException e) { return "unknown"; }
    }
}
