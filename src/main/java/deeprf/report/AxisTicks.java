package deeprf.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;

import java.util.function.Consumer;

/**
 * Axis ticks that suit the data, for XChart's XY charts. Call after the series are added; only for code that draws
 * (see {@link ChartSupport}).
 *
 * <p>Logarithmic axes: XChart labels either every decade or every 1–9 multiple; which one reads well depends on the
 * span: a label at every multiple where the data span at most {@value #FINE_Y}× on y ({@value #FINE_X}× on x, where
 * labels sit side by side and "0.08 0.09 0.1" run into each other beyond that on deeprf's charts, whose plot areas are about 750 pixels wide), decades
 * elsewhere. A decade-only axis whose data hold fewer than two powers of ten (0.02–0.9 shows one label, "0.1") is
 * widened to the nearest decades until it holds two. An end the caller set (to clip outliers, say) is kept.
 *
 * <p>Linear axes: labels with as many decimals as the tick step needs ("0.08", where XChart's default wrote ".08"),
 * in scientific notation beyond 10⁶ or below 10⁻³.
 */
public final class AxisTicks {
    private AxisTicks() {}

    static final double FINE_X = 8, FINE_Y = 20;

    public static void fit(XYChart chart) {
        XYStyler st = chart.getStyler();
        fit(chart, new Axis(true, st.isXAxisLogarithmic(), st.getXAxisMin(), st.getXAxisMax(), FINE_X,
                st::setXAxisLogarithmicDecadeOnly, st::setXAxisMin, st::setXAxisMax, st::setXAxisDecimalPattern));
        fit(chart, new Axis(false, st.isYAxisLogarithmic(), st.getYAxisMin(), st.getYAxisMax(), FINE_Y,
                st::setYAxisLogarithmicDecadeOnly, st::setYAxisMin, st::setYAxisMax, st::setYAxisDecimalPattern));
    }

    /** One axis of the styler: what it is (x or y, log or linear, the caller's ends) and its setters. */
    private record Axis(boolean x, boolean log, Double min, Double max, double fine, Consumer<Boolean> decadeOnly,
                        Consumer<Double> setMin, Consumer<Double> setMax, Consumer<String> decimalPattern) {}

    private static void fit(XYChart chart, Axis a) {
        if (!a.log()) {
            String p = decimalPattern(linearRange(chart, a.x(), a.min(), a.max()));
            // XChart may tick at the x values themselves (a sweep of two points): n/d = 0.75 was labelled "0.8"
            if (a.x() && !p.contains("E")) p = withDecimals(p, dataDecimals(chart));
            a.decimalPattern().accept(p);
            return;
        }
        double[] r = range(chart, a.x(), a.min(), a.max());
        boolean decades = r[1] / r[0] > a.fine();
        a.decadeOnly().accept(decades);
        if (decades) {
            double[] w = widened(r, a.min() == null, a.max() == null);
            if (w[0] < r[0]) a.setMin().accept(w[0]);
            if (w[1] > r[1]) a.setMax().accept(w[1]);
        }
    }

    /** A DecimalFormat pattern for ticks about a tenth of [lo, hi] apart. */
    static String decimalPattern(double[] r) {
        double top = Math.max(Math.abs(r[0]), Math.abs(r[1]));
        if (top == 0 || !(r[1] > r[0])) return "0.###";
        if (top >= 1e6 || top < 1e-3) return "0.##E0";
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(step(r[0], r[1]))));
        return decimals == 0 ? "0" : "0." + "#".repeat(decimals);
    }

    /** The pattern with at least {@code decimals} optional decimals ('#' adds no trailing zeros: 2 stays "2"). */
    static String withDecimals(String pattern, int decimals) {
        int have = pattern.contains(".") ? pattern.length() - pattern.indexOf('.') - 1 : 0;
        return decimals <= have ? pattern : "0." + "#".repeat(decimals);
    }

    /** The decimals the x values need to be written exactly, at most 4 (0.75: 2; 2: 0). */
    static int dataDecimals(XYChart chart) {
        int most = 0;
        for (XYSeries s : chart.getSeriesMap().values())
            for (double v : s.getXData()) {
                if (!Double.isFinite(v)) continue;
                int d = 0;
                while (d < 4 && Math.abs(v * Math.pow(10, d) - Math.rint(v * Math.pow(10, d))) > 1e-9 * Math.max(1, Math.abs(v * Math.pow(10, d)))) d++;
                most = Math.max(most, d);
            }
        return most;
    }

    /** {lowest, highest} finite value drawn on one axis, error bars included, the caller's ends where set. */
    static double[] linearRange(XYChart chart, boolean x, Double setMin, Double setMax) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (XYSeries s : chart.getSeriesMap().values()) {
            double[] v = x ? s.getXData() : s.getYData();
            double[] err = x ? null : s.getExtraValues();
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) continue;
                double e = err == null || i >= err.length || !Double.isFinite(err[i]) ? 0 : Math.abs(err[i]);
                lo = Math.min(lo, v[i] - e);
                hi = Math.max(hi, v[i] + e);
            }
        }
        if (setMin != null) lo = setMin;
        if (setMax != null) hi = setMax;
        return lo <= hi ? new double[] {lo, hi} : new double[] {0, 1};
    }

    /** A round step (1, 2 or 5 times a power of ten) about a tenth of hi − lo. */
    private static double step(double lo, double hi) {
        double raw = (hi - lo) / 10, unit = Math.pow(10, Math.floor(Math.log10(raw)));
        return raw / unit < 2 ? unit : raw / unit < 5 ? 2 * unit : 5 * unit;
    }

    /**
     * {lowest, highest} positive finite value drawn on one axis, error bars included, within the ends the caller set
     * ({1, 1} when there are none).
     */
    static double[] range(XYChart chart, boolean x, Double setMin, Double setMax) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (XYSeries s : chart.getSeriesMap().values()) {
            double[] v = x ? s.getXData() : s.getYData();
            double[] err = x ? null : s.getExtraValues();         // error bars, null when none
            for (int i = 0; i < v.length; i++) {
                double e = err == null || i >= err.length || !Double.isFinite(err[i]) ? 0 : Math.abs(err[i]);
                for (double w : new double[] {v[i] - e, v[i], v[i] + e})
                    if (w > 0 && Double.isFinite(w)) {
                        lo = Math.min(lo, w);
                        hi = Math.max(hi, w);
                    }
            }
        }
        if (setMin != null && setMin > 0) lo = Math.max(lo, setMin);
        if (setMax != null && setMax > 0) hi = Math.min(hi, setMax);
        return hi > 0 && lo <= hi ? new double[] {lo, hi} : new double[] {1, 1};
    }

    /**
     * [lo, hi] widened, at the ends that may move, until it holds two powers of ten: the nearer decade (in log
     * distance) first, so that the data keep as much of the axis as two labels allow.
     */
    static double[] widened(double[] r, boolean lowMayMove, boolean highMayMove) {
        double lo = r[0], hi = r[1];
        while (powersOfTenIn(new double[] {lo, hi}) < 2 && (lowMayMove || highMayMove)) {
            double down = decadeBelow(lo) < lo ? decadeBelow(lo) : lo / 10, up = decadeAbove(hi) > hi ? decadeAbove(hi) : hi * 10;
            if (lowMayMove && (!highMayMove || lo / down <= up / hi)) lo = down;
            else hi = up;
        }
        return new double[] {lo, hi};
    }

    /**
     * For a linear axis over [lo, hi]: the largest multiple of a round step (1, 2 or 5 times a power of ten, about a
     * tenth of the span) at or below lo: 0 when 0 ≤ lo &lt; step.
     */
    public static double roundBelow(double lo, double hi) {
        double step = step(lo, hi), start = Math.floor(lo / step) * step;
        return start == 0 ? 0.0 : start;                            // never −0, which XChart would print as "-0"
    }

    /** How many powers of ten lie in [lo, hi]. */
    static int powersOfTenIn(double[] r) {
        return (int) (Math.floor(Math.log10(r[1]) + 1e-9) - Math.ceil(Math.log10(r[0]) - 1e-9)) + 1;
    }

    static double decadeBelow(double v) {
        return Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
    }

    static double decadeAbove(double v) {
        return Math.pow(10, Math.ceil(Math.log10(v) - 1e-9));
    }
}
