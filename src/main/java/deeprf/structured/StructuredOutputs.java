package deeprf.structured;

import deeprf.report.ChartFiles;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Aggregation over seeds, dense theory curves and plots of a structured run. */
final class StructuredOutputs {
    private StructuredOutputs() {}

    /** Mean ± standard error over seeds at one case × α × λ; {@code message}: why a cell is empty ({@link #message}). */
    record Agg(String name, double alpha, int n, double lambda, int seeds, int diverging,
               double simTest, double simTestSe, double simTrain, double simTrainSe,
               double condTest, double condTestSe, double condTrain, double wfTest, double wfTrain, String wfStatus, int failed,
               String message) {}

    record Curves(String csv, Map<String, double[][]> byCase) {}   // byCase: name#lambdaIndex → {alpha[], test[]}

    static List<Agg> aggregate(StructuredSpec spec, Map<String, List<String[]>> units, Map<String, WeightFreeTheory> wf) {
        List<Agg> out = new ArrayList<>();
        for (StructuredSpec.Case c : spec.cases()) {
            for (double a : spec.sampleRatios())
                for (double lam : spec.lambdas()) {
                    List<double[]> vals = new ArrayList<>();
                    List<String> messages = new ArrayList<>();
                    int div = 0, failed = 0, n = -1;
                    for (long seed : spec.seeds()) {
                        List<String[]> rows = units.get(c.name() + "," + seed);
                        if (rows == null) continue;
                        for (String[] f : rows) {
                            if (StructuredRunner.parse(f[2]) != a || StructuredRunner.parse(f[4]) != lam) continue;
                            n = Integer.parseInt(f[3]);
                            messages.add(f[14]);
                            if (f[5].equals("failed")) {             // the theory failed, not the simulation: keep it
                                failed++;
                                vals.add(new double[]{StructuredRunner.parse(f[6]), StructuredRunner.parse(f[7]), Double.NaN, Double.NaN});
                                continue;
                            }
                            if (!f[5].equals("ok")) { div++; continue; }
                            vals.add(new double[]{StructuredRunner.parse(f[6]), StructuredRunner.parse(f[7]), StructuredRunner.parse(f[8]), StructuredRunner.parse(f[9])});
                        }
                    }
                    double[][] ms = new double[4][];
                    for (int k = 0; k < 4; k++) ms[k] = meanSe(vals, k);
                    WeightFreeTheory.Point w = wf.get(c.name()).at(a, lam);
                    out.add(new Agg(c.name(), a, n, lam, vals.size() - failed, div, ms[0][0], ms[0][1], ms[1][0], ms[1][1], ms[2][0], ms[2][1], ms[3][0],
                            w.testClean(), w.train(), w.ok() ? "ok" : "diverging", failed, message(messages, w)));
                }
        }
        return out;
    }

    /**
     * The seeds' messages, each once (as the ridge kind's aggregated.csv), then the weight-free curve's reason where it
     * has no value: every empty cell says why. A row's short "weight-free … peak" note gives way to the curve's own.
     */
    static String message(List<String> seedMessages, WeightFreeTheory.Point w) {
        return deeprf.experiment.Aggregate.eachOnce(java.util.stream.Stream.concat(
                seedMessages.stream().filter(m -> !m.equals(StructuredRunner.WEIGHT_FREE_PEAK)),
                w.ok() ? java.util.stream.Stream.empty() : java.util.stream.Stream.of(w.message())));
    }

    private static double[] meanSe(List<double[]> vals, int k) {
        deeprf.experiment.Aggregate.MeanSe m = deeprf.experiment.Aggregate.MeanSe.of(vals.stream().mapToDouble(v -> v[k]).toArray());
        return new double[]{m.mean(), m.se()};
    }

    static String aggregateCsv(List<Agg> agg) {
        StringBuilder sb = new StringBuilder("case,alpha,n,lambda,seeds_ok,seeds_diverging,sim_test_mean,sim_test_se,sim_train_mean,sim_train_se,"
                + "cond_test_mean,cond_test_se,cond_train_mean,wf_test,wf_train,wf_status,seeds_failed,message\n");
        for (Agg a : agg)
            sb.append(String.join(",", a.name(), StructuredRunner.num(a.alpha()), Integer.toString(a.n()), StructuredRunner.num(a.lambda()),
                    Integer.toString(a.seeds()), Integer.toString(a.diverging()), StructuredRunner.num(a.simTest()), StructuredRunner.num(a.simTestSe()),
                    StructuredRunner.num(a.simTrain()), StructuredRunner.num(a.simTrainSe()), StructuredRunner.num(a.condTest()),
                    StructuredRunner.num(a.condTestSe()), StructuredRunner.num(a.condTrain()), StructuredRunner.num(a.wfTest()),
                    StructuredRunner.num(a.wfTrain()), a.wfStatus(), Integer.toString(a.failed()), StructuredRunner.quote(a.message()))).append('\n');
        return sb.toString();
    }

    /** Weight-free curves on a dense log grid over the spec's α range (plus the simulated α themselves). */
    static Curves theoryCurves(StructuredSpec spec, Map<String, WeightFreeTheory> wf) {
        double lo = Arrays.stream(spec.sampleRatios()).min().orElseThrow(), hi = Arrays.stream(spec.sampleRatios()).max().orElseThrow();
        double[] dense = spec.theoryPoints() > 1 && hi > lo ? StructuredSpec.grid(lo, hi, spec.theoryPoints(), true) : new double[0];
        double[] all = java.util.stream.DoubleStream.concat(Arrays.stream(dense), Arrays.stream(spec.sampleRatios())).sorted().distinct().toArray();
        StringBuilder sb = new StringBuilder("case,alpha,lambda,status,test,train,message\n");
        Map<String, double[][]> byCase = new java.util.LinkedHashMap<>();
        for (StructuredSpec.Case c : spec.cases())
            for (int l = 0; l < spec.lambdas().length; l++) {
                double lam = spec.lambdas()[l];
                double[] test = new double[all.length];
                for (int i = 0; i < all.length; i++) {
                    WeightFreeTheory.Point p = wf.get(c.name()).at(all[i], lam);
                    test[i] = p.testClean();
                    sb.append(String.join(",", c.name(), StructuredRunner.num(all[i]), StructuredRunner.num(lam), p.ok() ? "ok" : "diverging",
                            StructuredRunner.num(p.testClean()), StructuredRunner.num(p.train()), StructuredRunner.quote(p.message()))).append('\n');
                }
                byCase.put(c.name() + "#" + l, new double[][]{all, test});
            }
        return new Curves(sb.toString(), byCase);
    }

    /** In a holder so that loading this class never needs AWT (runtimes without java.desktop skip plots). */
    private static final class Palette {
        static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
                new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    }

    /** One PNG per λ: theory lines (split at the ridgeless peak) over simulated means with standard-error bars. */
    static List<String> plots(StructuredSpec spec, List<Agg> agg, Curves curves, Path out) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> files = new ArrayList<>();
        for (int l = 0; l < spec.lambdas().length; l++) {
            double lam = spec.lambdas()[l];
            XYChart chart = new XYChartBuilder().width(900).height(600)
                    .title(spec.name() + "  (λ' = " + deeprf.model.Num.label(lam) + ")")
                    .xAxisTitle("alpha = n / n0").yAxisTitle(spec.simulate() ? "test error (clean target)" : "test error, conditional theory").build();
            chart.getStyler().setXAxisLogarithmic(true);
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
            List<Double> plotted = new ArrayList<>();
            for (int c = 0; c < spec.cases().size(); c++) {
                String name = spec.cases().get(c).name();
                Color color = Palette.COLORS[c % Palette.COLORS.length];
                double[][] curve = curves.byCase().get(name + "#" + l);
                // split the line wherever the theory has no finite value (the ridgeless peak)
                List<double[]> seg = new ArrayList<>();
                int part = 0;
                for (int i = 0; i <= curve[0].length; i++) {
                    boolean good = i < curve[0].length && Double.isFinite(curve[1][i]) && curve[1][i] > 0;
                    if (good) { seg.add(new double[]{curve[0][i], curve[1][i]}); continue; }
                    if (seg.size() >= 2) {
                        XYSeries s = chart.addSeries(name + (part == 0 ? " theory" : " theory " + part), col(seg, 0), col(seg, 1));
                        s.setMarker(SeriesMarkers.NONE);
                        s.setLineColor(color);
                        s.setShowInLegend(part == 0);
                        part++;
                    }
                    seg.clear();
                }
                List<double[]> pts = new ArrayList<>();
                for (Agg a : agg) {
                    if (!a.name().equals(name) || a.lambda() != lam) continue;
                    double y = spec.simulate() ? a.simTest() : a.condTest(), e = spec.simulate() ? a.simTestSe() : a.condTestSe();
                    if (!(y > 0) || !Double.isFinite(y)) continue;
                    pts.add(new double[]{a.alpha(), y, Double.isFinite(e) ? Math.min(e, 0.9 * y) : 0});
                    plotted.add(y);
                }
                if (!pts.isEmpty()) {
                    XYSeries s = chart.addSeries(name + (spec.simulate() ? " simulation" : " conditional"), col(pts, 0), col(pts, 1), col(pts, 2));
                    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    s.setMarker(SeriesMarkers.CIRCLE);
                    s.setMarkerColor(color);
                }
                for (double v : curve[1]) if (Double.isFinite(v) && v > 0) plotted.add(v);
            }
            if (!plotted.isEmpty()) {
                double[] v = plotted.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                chart.getStyler().setYAxisMax(Math.min(v[v.length - 1] * 1.2, 8 * v[(int) (0.75 * (v.length - 1))]));
            }
            String base = "test_error_lambda_" + deeprf.model.Num.fmt(spec.lambdas()[l]);
            ChartFiles.save(chart, out, base, false);
            files.add(base + ".png");
        }
        return files;
    }

    private static double[] col(List<double[]> rows, int k) {
        double[] c = new double[rows.size()];
        for (int i = 0; i < c.length; i++) c[i] = rows.get(i)[k];
        return c;
    }
}
