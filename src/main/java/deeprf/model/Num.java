package deeprf.model;

/** Numbers as specs write and read them: formatting for labels, and the log grids of ranges. */
public final class Num {
    private Num() {}

    /** Integers without a decimal point, others shortest round-trip. */
    public static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    /**
     * As {@link #fmt} but with exponents as a person (or NumPy) writes them, for plot titles: 1e-04 → "1e-4", not
     * "1.0E-4" (fmt's cells stay Java's spelling: resumed rows are matched by them).
     */
    public static String label(double v) {
        String s = fmt(v);
        int e = s.indexOf('E');
        if (e < 0) return s;
        String mantissa = s.substring(0, e).replaceAll("\\.0$", "");
        return mantissa + "e" + s.substring(e + 1);
    }

    /**
     * count points from {@code from} to {@code to} (both &gt; 0) evenly spaced in log₁₀, as numpy.logspace(log10(from),
     * log10(to), count) computes them: 10^(log10(from) + i·step), so that decades come out exact (1e-3 … 1 in 4 gives
     * 0.01 and 0.1, where from·(to/from)^t gave 0.009999999999999995) and a grid filters by value as NumPy's does; the
     * ends are from and to as written. StrictMath elsewhere, so that every JVM gives the same bits.
     */
    public static double[] logGrid(double from, double to, int count) {
        double[] g = new double[count];
        double a = StrictMath.log10(from), step = count == 1 ? 0 : (StrictMath.log10(to) - a) / (count - 1);
        for (int i = 0; i < count; i++) {
            double e = a + i * step;
            // a whole exponent by parsing "1e-5", correctly rounded as C's pow is (StrictMath.pow gives 9.999999999999999E-6)
            g[i] = e == Math.rint(e) && Math.abs(e) < 400 ? Double.parseDouble("1e" + (long) e) : StrictMath.pow(10, e);
        }
        g[0] = from;
        if (count > 1) g[count - 1] = to;
        return g;
    }
}
