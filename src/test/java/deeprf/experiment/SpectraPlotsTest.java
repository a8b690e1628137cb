package deeprf.experiment;

import deeprf.backend.Backend;
import deeprf.backend.java.JavaBackend;
import deeprf.theory.LayerSpectrum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

import javax.imageio.ImageIO;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A one-panel layer-spectra figure is 560 px wide: its title and the note under the panel must stay inside it. At
 * n = k the histogram is compared with the theory's mass per bin, and its y axis is not set by the hard edge's bin.
 */
class SpectraPlotsTest {
    static final String RELU = """
            title = "relu lambda sweep, drawn target"
            [data]
            d = 40
            n = 60
            [teacher]
            kind = "linear"
            [[learner.layers]]
            width = 50
            activation = "relu"
            [readout]
            lambdas = [0.1]
            layer_spectra = true
            """;

    @Test
    void theNoteUnderAPanelFitsThePanel() {
        PointSpec p = ExperimentSpec.parse(RELU, "t.toml").points().get(0);
        List<SpectraPlots.Panel> panels = SpectraPlots.panels(p, null);
        assertFalse(panels.get(0).prediction().available());                 // relu is not centred: a long "no theory" note
        XYChart chart = SpectraPlots.chart(panels.get(0), p.n());
        String t = chart.getXAxisTitle();
        double w = chart.getStyler().getAxisTitleFont().getStringBounds(t, new FontRenderContext(null, true, true)).getWidth();
        assertTrue(w <= SpectraPlots.PANEL_W - 70, w + " px: " + t);    // centred under the plot area, right of the y axis
        assertTrue(t.startsWith("eigenvalue   [no theory: spectral recursion") && t.endsWith("…]"), t);
    }

    @Test
    void aLongTitleOfAOnePanelFigureStaysInside(@TempDir Path dir) throws Exception {
        PointSpec p = ExperimentSpec.parse(RELU, "t.toml").points().get(0);
        String title = SpectraPlots.title("relu features, lambda sweep on the drawn target", p);   // 90 characters at 16 pt bold: ~800 px
        SpectraPlots.write(dir, "fig", title, p.n(), SpectraPlots.panels(p, null));
        BufferedImage img = ImageIO.read(dir.resolve("fig.png").toFile());
        assertEquals(SpectraPlots.PANEL_W, img.getWidth());
        int dark = 0;
        for (int y = 0; y < 36; y++)                       // the header band, its last 10 pixel columns: white margin
            for (int x = img.getWidth() - 10; x < img.getWidth(); x++)
                if ((img.getRGB(x, y) & 0xff) < 200) dark++;
        assertEquals(0, dark, "title runs off the right edge");
        // the title of `./deeprf theory` for such a spec (" (theory)" added), which ran to the last pixel when measured
        // with fractional metrics instead of the bitmap's own
        SpectraPlots.write(dir, "fig2", "relu lambda sweep, drawn target (theory)  (widths 400, relu, d = 200, n = 300)", p.n(), SpectraPlots.panels(p, null));
        img = ImageIO.read(dir.resolve("fig2.png").toFile());
        dark = 0;
        for (int y = 0; y < 36; y++)
            for (int x = img.getWidth() - 10; x < img.getWidth(); x++)
                if ((img.getRGB(x, y) & 0xff) < 200) dark++;
        assertEquals(0, dark, "title runs to the right edge");
    }

    /** One tanh layer of width k = d = n: the sample covariance's law has an x^{-1/2} hard edge at 0. */
    static final String SQUARE = """
            seeds = SEEDS
            [data]
            d = 300
            n = N
            n_test = 20
            [teacher]
            kind = "linear"
            [[learner.layers]]
            width = 300
            activation = "tanh"
            [readout]
            lambdas = [1e-2]
            surrogate = false
            theory = false
            layer_spectra = true
            """;

    static PointSpec square(int seeds, int n) {
        return ExperimentSpec.parse(SQUARE.replace("SEEDS", "" + seeds).replace("N", "" + n), "t.toml").points().get(0);
    }

    @Test
    void atNEqualsKTheFirstBinMatchesTheTheorysMassPerBinAndIsLeftOffTheAxis() {
        int seeds = 4;
        PointSpec p = square(seeds, 300);
        List<double[]> layer1 = new ArrayList<>();
        try (Backend be = new JavaBackend(1)) {
            for (int seed = 0; seed < seeds; seed++) layer1.add(Trial.run(be, p, seed, null).spectra().get("layer1"));
        }
        SpectraPlots.Panel panel = SpectraPlots.panels(p, List.of(layer1)).get(0);
        XYChart chart = SpectraPlots.chart(panel, p.n());
        assertFalse(chart.getStyler().isXAxisLogarithmic());        // a hard edge at 0: linear bins from 0
        double[] edges = chart.getSeriesMap().get(SpectraPlots.THEORY_PER_BIN).getXData();
        double[] simulation = chart.getSeriesMap().get("simulation (" + seeds + " draws)").getYData();
        double[] theory = chart.getSeriesMap().get(SpectraPlots.THEORY_PER_BIN).getYData();
        assertEquals(0, edges[0]);
        // counts in the first bin, seen and expected: the seen count's spread is at most Poisson's √expected
        // (eigenvalues of one draw repel, which narrows it); 3 standard errors. The finite-k bias (O(1/k) of the mass,
        // ~4 of ~400 counts) and the quadrature error (1e-4 of the mass) are far below one standard error (~20).
        int total = panel.eigenvalues().length;
        double width = edges[1] - edges[0];
        double seen = simulation[0] * total * width, expected = theory[0] * total * width;
        double tolerance = 3 * Math.sqrt(expected);
        assertTrue(expected > 100, "expected count " + expected);
        assertEquals(expected, seen, tolerance, "first bin: " + seen + " eigenvalues against " + expected + " predicted");
        // the comparison can fail: the predicted density at the bin's centre, as if it were the bin's height, is off
        LayerSpectrum law = panel.prediction().sampled();
        double atCentre = law.density(new double[]{0.5 * width})[0] * total * width;
        assertTrue(Math.abs(atCentre - seen) > tolerance, "density at the centre " + atCentre + " against " + seen + " ± " + tolerance);
        // the hard edge's bin, > 2 × every other, is off the top of the axis and named in the notes; the rest fit
        double yMax = chart.getStyler().getYAxisMax();
        assertTrue(yMax < Math.min(simulation[0], theory[0]), "y axis " + yMax + " set by the first bin " + simulation[0]);
        for (int b = 1; b < theory.length; b++) assertTrue(simulation[b] < yMax && theory[b] < yMax, "bin " + b + " clipped");
        assertTrue(chart.getXAxisTitle().contains("[0, ") && chart.getXAxisTitle().contains("off scale"), chart.getXAxisTitle());
    }

    @Test
    void theYAxisOfATheoryOnlyPanelIsSetByBinsNotByTheLinesPole() {
        // without eigenvalues (the theory command) at n = k: the line's points next to the pole at 0 are 10³ × the bulk
        XYChart chart = SpectraPlots.chart(SpectraPlots.panels(square(1, 300), null).get(0), 300);
        double[] theory = chart.getSeriesMap().get(SpectraPlots.THEORY_PER_BIN).getYData();
        double yMax = chart.getStyler().getYAxisMax();
        assertTrue(yMax < theory[0], "y axis " + yMax + " first bin " + theory[0]);
        for (int b = 1; b < theory.length; b++) assertTrue(theory[b] < yMax, "bin " + b + " clipped");
        // at n = 4k the law has a soft edge and a resolved peak: nothing is left off the axis
        chart = SpectraPlots.chart(SpectraPlots.panels(square(1, 1200), null).get(0), 1200);
        theory = chart.getSeriesMap().get(SpectraPlots.THEORY_PER_BIN).getYData();
        yMax = chart.getStyler().getYAxisMax();
        for (double t : theory) assertTrue(t < yMax, t + " above the axis " + yMax);
        assertFalse(chart.getXAxisTitle().contains("off scale"), chart.getXAxisTitle());
    }

    @Test
    void onlyAHardEdgesLoneFirstBinIsLeftOffTheAxis() {
        SpectraPlots.YRange spike = SpectraPlots.yRange(new double[]{7.5, 2, 1, 0.5}, new double[]{7.4, 2.1, 1, 0.5}, true);
        assertEquals(2.1 * 1.15, spike.max(), 1e-12);     // the tallest of the rest, theory or simulation
        assertEquals(0, spike.clipped());
        SpectraPlots.YRange peak = SpectraPlots.yRange(new double[]{3, 4, 2}, null, true);
        assertEquals(4 * 1.15, peak.max(), 1e-12);
        assertEquals(-1, peak.clipped());
        // a narrow bump (an atom spread by sampling, paper 2' Fig. 4: one bin 3 × the rest) is the panel's subject: kept
        SpectraPlots.YRange bump = SpectraPlots.yRange(new double[]{0.4, 4.3, 1.3, 0.6}, new double[]{0.3, 4.3, 1.2, 0.6}, false);
        assertEquals(4.3 * 1.15, bump.max(), 1e-12);
        assertEquals(-1, bump.clipped());
        // without a hard edge at 0 a lone tall first bin is kept too (the support starts at the bump)
        assertEquals(-1, SpectraPlots.yRange(new double[]{7.5, 2, 1}, null, false).clipped());
    }
}
