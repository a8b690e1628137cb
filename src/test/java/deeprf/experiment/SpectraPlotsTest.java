package deeprf.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

import javax.imageio.ImageIO;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A one-panel layer-spectra figure is 560 px wide: its title and the note under the panel must stay inside it. */
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
}
