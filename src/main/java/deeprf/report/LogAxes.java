package deeprf.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;

/**
 * Ticks on logarithmic axes that suit the data: a label at every 1–9 multiple where the data span less than
 * {@value #WIDE}× (a decade-only axis over 0.5–8 labels just "1"), decades only over wider spans, where the 1–9
 * labels run into each other. Call after the series are added. Only for code that draws (see {@link ChartSupport}).
 */
public final class LogAxes {
    private LogAxes() {}

    static final double WIDE = 20;

    public static void fitTicks(XYChart chart) {
        XYStyler st = chart.getStyler();
        if (st.isXAxisLogarithmic()) st.setXAxisLogarithmicDecadeOnly(span(chart, true) > WIDE);
        if (st.isYAxisLogarithmic()) st.setYAxisLogarithmicDecadeOnly(span(chart, false) > WIDE);
    }

    /** max/min of the positive finite values of every series on one axis (1 when there are none). */
    private static double span(XYChart chart, boolean x) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (XYSeries s : chart.getSeriesMap().values())
            for (double v : x ? s.getXData() : s.getYData())
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
        return hi > 0 ? hi / lo : 1;
    }
}
