package deeprf.backend.java;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Shared helpers for the kernel tests: the two kernel paths, random operands and a naive reference (bitwise checks: deeprf.testing.Bitwise). */
final class KernelTestSupport {
    private KernelTestSupport() {}

    static final double EPS = Math.ulp(1.0);
    static final int[] SIZES = {0, 1, 2, 3, 17, 31, 32, 33, 255, 257, 1000};

    /** The scalar path always; the Vector API path when this JVM has the module (surefire passes it). */
    static List<VectorSupport> paths() {
        List<VectorSupport> out = new ArrayList<>();
        out.add(VectorSupport.scalar("forced by test"));
        VectorSupport v = VectorSupport.detect();
        if (v.enabled()) out.add(v);
        return out;
    }

    static VectorSupport vectorPath() {
        VectorSupport v = VectorSupport.detect();
        assumeTrue(v.enabled(), v.reason());
        return v;
    }

    static double[] random(long seed, int len) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = r.nextDouble(-1, 1);
        return x;
    }

    /** Stores the logical rows×cols matrix x (column-major, leading dim rows) as itself or its transpose, with ld. */
    static double[] store(double[] x, int rows, int cols, boolean transposed, int ld) {
        int sr = transposed ? cols : rows, sc = transposed ? rows : cols;
        double[] s = new double[Math.max(0, ld * Math.max(0, sc - 1) + sr)];
        if (sr == 0 || sc == 0) return new double[0];
        java.util.Arrays.fill(s, Double.NaN);   // padding between columns must never be read
        for (int j = 0; j < cols; j++)
            for (int i = 0; i < rows; i++) {
                double v = x[i + j * rows];
                if (transposed) s[j + i * ld] = v; else s[i + j * ld] = v;
            }
        return s;
    }
}
