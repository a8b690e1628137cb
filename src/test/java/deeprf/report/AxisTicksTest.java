package deeprf.report;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import static org.junit.jupiter.api.Assertions.*;

class AxisTicksTest {
    /** A log-log chart of y = x over [lo, hi], with these error bars on y (or none). */
    private static XYChart chart(double lo, double hi, double[] err) {
        XYChart c = new XYChartBuilder().width(900).height(620).build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        double[] v = {lo, Math.sqrt(lo * hi), hi};
        if (err == null) c.addSeries("s", v, v);
        else c.addSeries("s", v, v, err);
        return c;
    }

    @Test
    void finerLabelsOnNarrowSpansWithTheNarrowerLimitOnX() {
        XYChart c = chart(0.3, 4, null);                        // 13×: every multiple on y, decades on x
        AxisTicks.fit(c);
        assertFalse(c.getStyler().isYAxisLogarithmicDecadeOnly());
        assertTrue(c.getStyler().isXAxisLogarithmicDecadeOnly());
        assertNull(c.getStyler().getYAxisMin());
        assertNull(c.getStyler().getYAxisMax());
        // x holds one power of ten (1): widened to the nearer decade in log distance, 10 (0.4) before 0.1 (0.52)
        assertNull(c.getStyler().getXAxisMin());
        assertEquals(10, c.getStyler().getXAxisMax(), 0);
        c = chart(1.5, 9, null);                                // 6×: every multiple on both
        AxisTicks.fit(c);
        assertFalse(c.getStyler().isXAxisLogarithmicDecadeOnly());
        assertNull(c.getStyler().getXAxisMax());
    }

    @Test
    void aDecadeAxisWithOneLabelIsWidenedAndOneWithTwoIsLeft() {
        XYChart c = chart(0.02, 0.9, null);                     // 45×, only 0.1 inside: 1 is nearer than 0.01
        AxisTicks.fit(c);
        assertTrue(c.getStyler().isYAxisLogarithmicDecadeOnly());
        assertNull(c.getStyler().getYAxisMin());
        assertEquals(1, c.getStyler().getYAxisMax(), 0);
        c = chart(3e-4, 0.5, null);                             // 0.001, 0.01, 0.1 inside
        AxisTicks.fit(c);
        assertNull(c.getStyler().getYAxisMin());
        assertNull(c.getStyler().getYAxisMax());
    }

    @Test
    void anEndTheCallerSetIsKeptAndErrorBarsCount() {
        XYChart c = chart(0.02, 5, null);
        c.getStyler().setYAxisMax(0.9);                         // clipped by the caller: 0.02–0.9 is what shows
        AxisTicks.fit(c);
        assertEquals(0.9, c.getStyler().getYAxisMax(), 0);
        assertEquals(0.01, c.getStyler().getYAxisMin(), 1e-18);
        c = chart(0.5, 0.6, new double[] {0.45, 0.01, 0.01});   // the bar reaches 0.05: 12×, still fine labels
        AxisTicks.fit(c);
        assertFalse(c.getStyler().isYAxisLogarithmicDecadeOnly());
        c = chart(0.5, 0.6, new double[] {0.49, 0.01, 0.01});   // to 0.01: 60×, decades
        AxisTicks.fit(c);
        assertTrue(c.getStyler().isYAxisLogarithmicDecadeOnly());
    }

    @Test
    void powersOfTenAreCountedInclusively() {
        assertEquals(2, AxisTicks.powersOfTenIn(new double[] {0.1, 1}));
        assertEquals(0, AxisTicks.powersOfTenIn(new double[] {0.2, 0.9}));
        assertEquals(1, AxisTicks.powersOfTenIn(new double[] {0.2, 1.5}));
        assertArrayEquals(new double[] {0.1, 1}, AxisTicks.widened(new double[] {0.2, 0.9}, true, true), 1e-15);
        assertArrayEquals(new double[] {0.01, 0.9}, AxisTicks.widened(new double[] {0.2, 0.9}, true, false), 1e-15);
    }

    @Test
    void linearAxesGetAsManyDecimalsAsTheirStepAndRoundStarts() {
        assertEquals("0.##", AxisTicks.decimalPattern(new double[] {0, 0.38}));          // step 0.05: "0.08", not ".08"
        assertEquals("0.#", AxisTicks.decimalPattern(new double[] {0.1, 2}));
        assertEquals("0", AxisTicks.decimalPattern(new double[] {0, 300}));
        assertEquals("0.##E0", AxisTicks.decimalPattern(new double[] {0, 2.4e13}));
        assertEquals("0.##E0", AxisTicks.decimalPattern(new double[] {0, 4e-4}));
        // ticks at the data themselves (a two-point sweep): 0.75 needs two decimals, not the step's one ("0.8")
        assertEquals("0.##", AxisTicks.withDecimals("0.#", 2));
        assertEquals("0.###", AxisTicks.withDecimals("0.###", 1));
        assertEquals("0", AxisTicks.withDecimals("0", 0));
        assertEquals(0.0, AxisTicks.roundBelow(0.0244068983, 1.87), 0);                    // spectra started at ".024406898352389"
        assertEquals(4.8, AxisTicks.roundBelow(4.83, 6.1), 1e-12);
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(AxisTicks.roundBelow(-0.0, 1)));   // never "-0"
        XYChart c = new XYChartBuilder().width(900).height(620).build();
        c.addSeries("s", new double[] {1, 2, 3}, new double[] {0.1, 0.2, 0.38}, new double[] {0.01, 0.01, 0.02});
        AxisTicks.fit(c);
        assertEquals("0.##", c.getStyler().getYAxisDecimalPattern());
        assertEquals("0.#", c.getStyler().getXAxisDecimalPattern());
        XYChart two = new XYChartBuilder().width(900).height(620).build();      // n_over_d = [0.75, 2]
        two.addSeries("s", new double[] {0.75, 2}, new double[] {0.027, 0.016});
        AxisTicks.fit(two);
        assertEquals("0.##", two.getStyler().getXAxisDecimalPattern());
    }
}
