package deeprf.experiment;

import deeprf.report.ChartFiles;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Error against the swept variable with error bars (standard error over seeds), PNG and SVG. The x axis is the first
 * numeric sweep axis (series for each value of the other axes, at one λ'), or λ' itself when no numeric axis is
 * swept (one series per point). Features are circles with error bars; the Gaussian-equivalent surrogate diamonds on a
 * dotted line, and the conditional theory (mean over seeds) a solid line, each in its own colour ({@link #colour}).
 * A value missing from a drawn curve (a theory that diverges at n = p, λ' = 0; no seed with a value) is counted under
 * the x axis.
 */
final class Plots {
    private Plots() {}

    static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0x7f7f7f), new Color(0xbcbd22)};
    static final int MAX_SERIES = 10;

    private static final java.util.regex.Pattern LAYER_PATH = java.util.regex.Pattern.compile("learner\\.layers\\.(\\d+)");

    /** {@link #legendLabels(ExperimentSpec, String)} for every sweep axis: axis → value → label. */
    private static Map<String, Map<String, String>> legendLabels(ExperimentSpec spec) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String axis : spec.sweepAxes().keySet()) out.put(axis, legendLabels(spec, axis));
        return out;
    }

    /**
     * Every value of a sweep axis as a legend reads it (value → label), worked out once per chart. A table (a whole
     * layer, as examples/adlam-mixtures-biases.toml sweeps) is named by what it sets — the layer's activation and bias —
     * not by its JSON, which took ~110 characters per entry and squeezed the plot to a quarter of the image; other long
     * values are cut. Where two values would read alike, each says which of the axis's values it is, so that no two
     * series merge.
     */
    static Map<String, String> legendLabels(ExperimentSpec spec, String axis) {
        Map<String, String> shortOf = new LinkedHashMap<>();
        for (PointSpec p : spec.points()) {
            String v = p.sweepValues().get(axis);
            if (v != null) shortOf.computeIfAbsent(v, x -> shortLabel(axis, x, p));
        }
        Map<String, Long> uses = new java.util.HashMap<>();
        for (String label : shortOf.values()) uses.merge(label, 1L, Long::sum);
        List<String> values = spec.sweepAxes().get(axis);
        Map<String, String> out = new LinkedHashMap<>();
        shortOf.forEach((v, label) -> out.put(v, uses.get(label) > 1 ? label + " (value " + (values.indexOf(v) + 1) + ")" : label));
        return out;
    }

    private static String shortLabel(String axis, String v, PointSpec p) {
        java.util.regex.Matcher m = LAYER_PATH.matcher(axis);
        if (m.matches() && v.startsWith("{")) {
            int i = Integer.parseInt(m.group(1)) - 1;
            if (i < p.learner().size()) {
                deeprf.model.LayerSpec l = p.learner().get(i);
                String b = l.bias().label();
                return l.activationLabel() + (b.equals("none") ? "" : ", bias " + b);
            }
        }
        return v.length() <= 40 ? v : v.substring(0, 37) + "…";
    }

    /** Writes {@code <column>.png} and {@code .svg} into dir for test and train error; returns the written paths. */
    static List<Path> write(Path dir, ExperimentSpec spec, List<Aggregate> aggs, boolean surrogate, boolean theory) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> out = new ArrayList<>();
        for (String col : List.of("test_error", "train_error")) {
            XYChart chart = chart(spec, aggs, col, surrogate, theory);
            if (chart == null) continue;
            out.addAll(ChartFiles.save(chart, dir, col, true));
        }
        return out;
    }

    /** The first sweep axis whose values are all numbers, or null. */
    static String numericAxis(ExperimentSpec spec) {
        for (Map.Entry<String, List<String>> e : spec.sweepAxes().entrySet()) {
            boolean all = e.getValue().size() > 1;
            for (String v : e.getValue()) all &= isNumber(v);
            if (all) return e.getKey();
        }
        return null;
    }

    static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The λ' of the grid used for plots against a swept variable: nearest to plot_lambda, else the smallest. */
    static double plotLambda(ExperimentSpec spec) {
        double[] grid = spec.points().get(0).lambdas();
        double target = spec.plotLambda();
        double best = grid[0];
        for (double l : grid) {
            if (Double.isNaN(target)) best = Math.min(best, l);
            else if (Math.abs(Math.log(l + 1e-300) - Math.log(target + 1e-300)) < Math.abs(Math.log(best + 1e-300) - Math.log(target + 1e-300))) best = l;
        }
        return best;
    }

    static XYChart chart(ExperimentSpec spec, List<Aggregate> aggs, String column, boolean surrogate, boolean theory) {
        String axis = numericAxis(spec);
        String yTitle = column.equals("test_error") ? "test error (clean target)" : "training error";
        Map<String, List<Aggregate>> series = new LinkedHashMap<>();
        String xTitle;
        boolean logX;
        if (axis != null) {
            double lam = plotLambda(spec);
            xTitle = axis;
            Map<String, Map<String, String>> labels = legendLabels(spec);
            for (Aggregate a : aggs) {
                if (a.lambda() != lam) continue;
                StringBuilder key = new StringBuilder();
                for (String other : spec.sweepAxes().keySet())
                    if (!other.equals(axis)) key.append(key.isEmpty() ? "" : ", ").append(other).append('=').append(labels.get(other).get(spec.points().get(a.point()).sweepValues().get(other)));
                series.computeIfAbsent(key.isEmpty() ? "simulation" : key.toString(), k -> new ArrayList<>()).add(a);
            }
            double lo = Double.MAX_VALUE, hi = 0;
            for (String v : spec.sweepAxes().get(axis)) {
                double x = Double.parseDouble(v);
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            logX = lo > 0 && hi / lo >= 30;
            xTitle = axis + (spec.points().get(0).lambdas().length > 1 ? "   (λ' = " + deeprf.model.Num.label(lam) + ")" : "");
        } else {
            xTitle = "λ' (canonical ridge)";
            logX = true;
            Map<String, Map<String, String>> labels = legendLabels(spec);
            for (Aggregate a : aggs) {
                if (!(a.lambda() > 0)) continue;
                PointSpec p = spec.points().get(a.point());
                StringBuilder key = new StringBuilder();
                for (String ax : p.sweepValues().keySet()) key.append(key.isEmpty() ? "" : ", ").append(ax).append('=').append(labels.get(ax).get(p.sweepValues().get(ax)));
                if (key.isEmpty()) key.append("simulation");
                series.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(a);
            }
        }
        if (series.isEmpty()) return null;
        // The legend sits right of the plot, never on it (inside, it hid points at the plot's corner), on an image
        // wide enough that the plot area stays as large: wider still for several series' longer names.
        XYChart chart = new XYChartBuilder().width(series.size() > 1 ? 1180 : 1020).height(620)
                .title(spec.title().isEmpty() ? yTitle : spec.title()).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        int c = 0;
        boolean any = false;
        Map<ChartFiles.NotDrawn, Integer> notDrawn = new LinkedHashMap<>();
        double yMin = Double.MAX_VALUE, yMax = 0, lowestBar = Double.MAX_VALUE;
        for (Map.Entry<String, List<Aggregate>> e : series.entrySet()) {
            if (c >= MAX_SERIES) break;
            Color seriesColour = PALETTE[c % PALETTE.length];
            List<String> kinds = new ArrayList<>(List.of(""));
            if (surrogate) kinds.add("surrogate_");
            if (theory) kinds.add("theory_");
            for (String kind : kinds) {
                boolean sur = kind.equals("surrogate_"), th = kind.equals("theory_");
                String col = kind + column;
                List<double[]> pts = new ArrayList<>();
                List<ChartFiles.NotDrawn> missing = new ArrayList<>();
                for (Aggregate a : e.getValue()) {
                    double x = axis != null ? Double.parseDouble(spec.points().get(a.point()).sweepValues().get(axis)) : a.lambda();
                    double y = a.mean().get(col), se = a.stderr().get(col);
                    // a line keeps a missing value (theory that diverges at n = p, or no row ok) as a gap: XChart
                    // breaks the line there instead of bridging the peak as if the curve were finite across it
                    if (Double.isFinite(y)) pts.add(new double[]{x, y, Double.isFinite(se) && !th ? se : 0});
                    else {
                        if (th || sur) pts.add(new double[]{x, Double.NaN, 0});
                        missing.add(new ChartFiles.NotDrawn(kindName(kind), diverges(a, col) ? "diverging" : "missing"));
                    }
                }
                if (pts.stream().noneMatch(v -> Double.isFinite(v[1]))) continue;
                for (ChartFiles.NotDrawn m : missing) notDrawn.merge(m, 1, Integer::sum);    // the gaps of a curve that is drawn
                pts.sort(Comparator.comparingDouble(v -> v[0]));
                double[] xs = new double[pts.size()], ys = new double[pts.size()], es = new double[pts.size()];
                boolean isolated = false;     // a finite value with no finite neighbour: a line alone would not show it
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = pts.get(i)[0];
                    ys[i] = pts.get(i)[1];
                    es[i] = pts.get(i)[2];
                    if (!Double.isFinite(ys[i])) continue;
                    isolated |= (i == 0 || !Double.isFinite(pts.get(i - 1)[1])) && (i == xs.length - 1 || !Double.isFinite(pts.get(i + 1)[1]));
                    yMin = Math.min(yMin, ys[i]);
                    yMax = Math.max(yMax, ys[i]);
                    lowestBar = Math.min(lowestBar, ys[i] - es[i]);
                }
                String name = kindName(kind) + (series.size() > 1 || !e.getKey().equals("simulation") ? ": " + e.getKey() : "");
                XYSeries s = th ? chart.addSeries(uniqueName(chart, name), xs, ys) : chart.addSeries(uniqueName(chart, name), xs, ys, es);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                s.setLineStyle(th ? SeriesLines.SOLID : sur ? SeriesLines.DOT_DOT : SeriesLines.NONE);
                Color color = colour(seriesColour, kind, series.size() == 1);
                s.setLineColor(color);
                s.setMarker(th ? (isolated ? SeriesMarkers.CROSS : SeriesMarkers.NONE) : sur ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
                s.setMarkerColor(color);
                any = true;
            }
            c++;
        }
        if (!any) return null;
        if (!notDrawn.isEmpty()) chart.setXAxisTitle(xTitle + "   " + ChartFiles.notDrawnNote(notDrawn, "aggregated.csv"));
        // Log only where every error bar ends above 0: XChart refuses a bar that reaches 0 on a log axis (a training
        // error of exactly 0 in one seed and 1e-16 in another has mean − SE = 0), and linear shows such errors as 0.
        chart.getStyler().setYAxisLogarithmic(yMin > 0 && lowestBar > 0 && yMax / yMin > 100);
        return chart;
    }

    private static String kindName(String kind) {
        return kind.equals("theory_") ? "theory" : kind.equals("surrogate_") ? "GE surrogate" : "features";
    }

    /** One series' surrogate and theory colours, far from its features' blue (a lighter blue and that blue read as one). */
    private static final Color SURROGATE = new Color(0xff7f0e), THEORY = new Color(0x222222);

    /**
     * The colour of one kind (features "", "surrogate_", "theory_") of a series. One series: features blue, GE
     * surrogate orange, theory near-black. Several: the hue is the series', so each kind keeps it and is told apart by
     * lightness — surrogate a pale tint, theory a dark shade — besides its marker and line.
     */
    static Color colour(Color series, String kind, boolean oneSeries) {
        return switch (kind) {
            // several series: colour tells the series apart and marker and line the kind, so the tint and shade stay
            // light (0.3: the theory lines of two series stay ≈ 48 RGB units apart, their tints ≈ 46; 0.5 brought two within 34)
            case "surrogate_" -> oneSeries ? SURROGATE : mix(series, Color.WHITE, 0.3);
            case "theory_" -> oneSeries ? THEORY : mix(series, Color.BLACK, 0.3);
            default -> series;
        };
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() * (1 - t) + b.getRed() * t), (int) Math.round(a.getGreen() * (1 - t) + b.getGreen() * t),
                (int) Math.round(a.getBlue() * (1 - t) + b.getBlue() * t));
    }

    /** Whether the seeds' message says this column diverged (Trial writes "theory_test_error is +infinite (diverges)"). */
    private static boolean diverges(Aggregate a, String column) {
        return java.util.regex.Pattern.compile("(^|[^a-z_])" + column + " is [+-]infinite").matcher(a.message()).find();
    }

    private static String uniqueName(XYChart chart, String name) {
        String n = name;
        for (int i = 2; chart.getSeriesMap().containsKey(n); i++) n = name + " (" + i + ")";
        return n;
    }
}
