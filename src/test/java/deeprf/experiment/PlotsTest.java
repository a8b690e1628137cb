package deeprf.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PlotsTest {
    private static final ExperimentSpec SPEC = ExperimentSpec.parse(ExperimentSpecTest.BASE.replace("lambdas = [0.001, 0.1]", "lambdas = [1e-10]")
            + "[sweep]\nn_over_d = [0.3, 0.5, 0.8]\n", "t.toml");

    /** One aggregate per sweep point with these training-error means and standard errors (test error 1 ± 0.1). */
    private static List<Aggregate> aggregates(double[] train, double[] se) {
        List<Aggregate> out = new ArrayList<>();
        for (int i = 0; i < train.length; i++) {
            Map<String, Double> mean = new HashMap<>(), err = new HashMap<>();
            for (String c : Aggregate.COLUMNS) {
                mean.put(c, Double.NaN);
                err.put(c, Double.NaN);
            }
            mean.put("train_error", train[i]);
            err.put("train_error", se[i]);
            mean.put("test_error", 1.0);
            err.put("test_error", 0.1);
            out.add(new Aggregate(i, 1e-10, Map.of(), 4, 0, mean, err));
        }
        return out;
    }

    @Test
    void anErrorBarReachingZeroKeepsTheAxisLinearAndThePlotIsWritten(@TempDir Path dir) throws Exception {
        // one seed's training error exactly 0, the others ~1e-16: mean − SE = 0, which a log axis cannot draw
        List<Aggregate> aggs = aggregates(new double[] {1e-16, 1e-3, 0.2}, new double[] {1e-16, 1e-4, 0.01});
        XYChart chart = Plots.chart(SPEC, aggs, "train_error", false, false);
        assertFalse(chart.getStyler().isYAxisLogarithmic());
        List<Path> files = Plots.write(dir, SPEC, aggs, false, false);
        assertTrue(files.contains(dir.resolve("train_error.png")) && Files.size(dir.resolve("train_error.png")) > 0, files.toString());
    }

    @Test
    void aTheoryLineBreaksWhereTheTheoryIsMissingAndAnIsolatedValueIsMarked() {
        // ridgeless theory at n = p diverges (an empty cell): the line bridged the peak as if the curve were finite
        // there, and a theory value with no finite neighbour (no marker on theory lines) was not drawn at all
        List<Aggregate> aggs = aggregates(new double[] {0.1, 0.2, 0.3}, new double[] {0.01, 0.01, 0.01});
        double[] theory = {Double.NaN, Double.POSITIVE_INFINITY, 0.25};
        for (int i = 0; i < 3; i++) aggs.get(i).mean().put("theory_train_error", theory[i]);
        XYChart chart = Plots.chart(SPEC, aggs, "train_error", false, true);
        org.knowm.xchart.XYSeries th = chart.getSeriesMap().get("theory");
        assertNotNull(th, chart.getSeriesMap().keySet().toString());
        assertEquals(3, th.getYData().length);
        assertTrue(Double.isNaN(th.getYData()[0]) && Double.isNaN(th.getYData()[1]) && th.getYData()[2] == 0.25);
        assertNotEquals(org.knowm.xchart.style.markers.SeriesMarkers.NONE, th.getMarker());
        // a theory line with no gap keeps its plain style
        for (int i = 0; i < 3; i++) aggs.get(i).mean().put("theory_train_error", 0.1 * (i + 1));
        th = Plots.chart(SPEC, aggs, "train_error", false, true).getSeriesMap().get("theory");
        assertEquals(org.knowm.xchart.style.markers.SeriesMarkers.NONE, th.getMarker());
    }

    @Test
    void positiveBarsOverManyDecadesGetALogAxis() {
        List<Aggregate> aggs = aggregates(new double[] {1e-6, 1e-3, 0.2}, new double[] {1e-7, 1e-4, 0.01});
        assertTrue(Plots.chart(SPEC, aggs, "train_error", false, false).getStyler().isYAxisLogarithmic());
    }

    /**
     * A sweep over whole layer tables (examples/adlam-mixtures-biases.toml) put each table's JSON, ~110 characters, in
     * the legend; it is named by the layer's activation and bias, and two tables that read alike say which they are.
     */
    @Test
    void aLayerTableInTheLegendReadsAsItsActivationAndBias() {
        String base = ExperimentSpecTest.BASE + """
                [sweep]
                "learner.layers.1" = [
                  { width = 60, activation = "relu", bias = { distribution = "normal", mean = 0.0, std = 1.5 } },
                  { width = 60, mixture = [{ activation = "tanh", fraction = 0.5 }, { activation = "relu", fraction = 0.5 }] },
                  { width = 40, activation = "relu", bias = { distribution = "normal", mean = 0.0, std = 1.5 } },
                ]
                """;
        ExperimentSpec spec = ExperimentSpec.parse(base, "t");
        List<String> labels = new ArrayList<>();
        Map<String, String> byValue = Plots.legendLabels(spec, "learner.layers.1");
        for (PointSpec p : spec.points()) labels.add(byValue.get(p.sweepValues().get("learner.layers.1")));
        assertEquals(List.of("relu, bias normal(0,1.5) (value 1)", "0.5*tanh+0.5*relu", "relu, bias normal(0,1.5) (value 3)"), labels);
    }

    /** Every aggregate's surrogate and theory columns filled (test and train error 1 ± 0.1). */
    private static List<Aggregate> withSurrogateAndTheory(int points) {
        List<Aggregate> aggs = aggregates(new double[points], new double[points]);
        for (Aggregate a : aggs)
            for (String c : List.of("surrogate_test_error", "theory_test_error", "surrogate_train_error", "theory_train_error")) {
                a.mean().put(c, 1.0 + 0.01 * a.point());
                a.stderr().put(c, 0.1);
            }
        return aggs;
    }

    private static double distance(java.awt.Color a, java.awt.Color b) {
        return Math.sqrt(Math.pow(a.getRed() - b.getRed(), 2) + Math.pow(a.getGreen() - b.getGreen(), 2) + Math.pow(a.getBlue() - b.getBlue(), 2));
    }

    /** Pairwise, the line and marker colours of these series are far apart (not two shades of one blue). */
    private static void assertDistinct(XYChart chart, List<String> names) {
        assertDistinct(chart, names, 100);
    }

    private static void assertDistinct(XYChart chart, List<String> names, double atLeast) {
        for (int i = 0; i < names.size(); i++)
            for (int j = i + 1; j < names.size(); j++) {
                org.knowm.xchart.XYSeries a = chart.getSeriesMap().get(names.get(i)), b = chart.getSeriesMap().get(names.get(j));
                assertNotNull(a, names.get(i) + " in " + chart.getSeriesMap().keySet());
                assertNotNull(b, names.get(j) + " in " + chart.getSeriesMap().keySet());
                assertTrue(distance(a.getLineColor(), b.getLineColor()) > atLeast, names.get(i) + " / " + names.get(j) + ": " + a.getLineColor() + " vs " + b.getLineColor());
                assertTrue(distance(a.getMarkerColor(), b.getMarkerColor()) > atLeast, names.get(i) + " / " + names.get(j) + ": " + a.getMarkerColor() + " vs " + b.getMarkerColor());
            }
    }

    /**
     * The GE surrogate was drawn in Color.brighter() of the features' blue and the theory in that blue itself: in the
     * demo's test_error.png the surrogate and theory read as one colour. Each kind has its own, with one series and
     * within each of several.
     */
    @Test
    void featuresSurrogateAndTheoryHaveClearlyDistinctColours() {
        XYChart one = Plots.chart(SPEC, withSurrogateAndTheory(3), "test_error", true, true);
        assertDistinct(one, List.of("features", "GE surrogate", "theory"));
        ExperimentSpec two = ExperimentSpec.parse(ExperimentSpecTest.BASE.replace("lambdas = [0.001, 0.1]", "lambdas = [1e-10]")
                + "[sweep]\nn_over_d = [0.3, 0.5]\nactivation = [\"tanh\", \"relu\"]\n", "t.toml");
        XYChart several = Plots.chart(two, withSurrogateAndTheory(4), "test_error", true, true);
        // several series: marker and line tell the kinds apart, colour the series; within a series still distinct
        for (String act : List.of("tanh", "relu"))
            assertDistinct(several, List.of("features: activation=" + act, "GE surrogate: activation=" + act, "theory: activation=" + act), 45);
        // and across series, each kind of every pair of the palette's series (theory shades at 0.5 came within 34)
        for (String kind : List.of("", "surrogate_", "theory_"))
            for (int i = 0; i < Plots.PALETTE.length; i++)
                for (int j = i + 1; j < Plots.PALETTE.length; j++) {
                    java.awt.Color a = Plots.colour(Plots.PALETTE[i], kind, false), b = Plots.colour(Plots.PALETTE[j], kind, false);
                    assertTrue(distance(a, b) > 45, kind + " of series " + i + " and " + j + ": " + a + " vs " + b);
                }
        for (java.awt.Color c : Plots.PALETTE)     // a surrogate tint that fades into the white background
            assertTrue(distance(Plots.colour(c, "surrogate_", false), java.awt.Color.WHITE) > 100, c.toString());
    }

    /**
     * Ridgeless at n = p the theory diverges and its point is a gap in the line: the ridge plots said nothing of it,
     * where the online plot says "10 values … not drawn". The x axis now says what was left out and why.
     */
    @Test
    void aDivergingTheoryValueIsSaidOnThePlot() {
        List<Aggregate> aggs = withSurrogateAndTheory(3);
        Aggregate peak = aggs.get(1);
        peak.mean().put("theory_test_error", Double.NaN);
        aggs.set(1, new Aggregate(peak.point(), peak.lambda(), peak.parameters(), peak.ok(), peak.notOk(), peak.mean(), peak.stderr(),
                "theory_test_error is +infinite (diverges)"));
        XYChart chart = Plots.chart(SPEC, aggs, "test_error", true, true);
        assertTrue(chart.getXAxisTitle().endsWith("   [1 theory value (diverging) not drawn; see aggregated.csv]"), chart.getXAxisTitle());
        assertFalse(Plots.chart(SPEC, aggs, "train_error", true, true).getXAxisTitle().contains("not drawn"), "the train error is all there");
        // a surrogate value with no seed: missing, not diverging
        aggs.get(2).mean().put("surrogate_test_error", Double.NaN);
        assertTrue(Plots.chart(SPEC, aggs, "test_error", true, true).getXAxisTitle()
                .endsWith("[1 GE surrogate value (missing), 1 theory value (diverging) not drawn; see aggregated.csv]"));
    }
}
