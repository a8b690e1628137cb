package deeprf.report;

import deeprf.io.AtomicFiles;
import deeprf.io.FileErrors;
import deeprf.io.OutputException;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns JMH results into a Markdown report with one PNG plot per benchmark (and per setting of parameters other
 * than size, backend and thread count): the measured quantity against n, one series per backend and thread count,
 * with JMH's error bars, and a table giving each point's value and its ratio to the {@code blas} backend measured
 * in the same run.
 *
 * <p>Quantity: GFLOP/s when the benchmark reports a {@code flop} aux counter, GB/s for a {@code bytes} counter,
 * otherwise the primary score: seconds per operation for time modes (eigh), operations per second for throughput.
 * The ratio is "speed relative to blas": value/blas for rates, blas/value for times, so above 1 means faster than
 * blas in both cases.
 */
public final class BenchReport {
    /** Parameter names that define a series rather than a chart. */
    private static final String BACKEND = "backend", THREADS = "threads";
    private static final List<String> SIZE_PARAMS = List.of("n", "size", "dim", "d");

    private BenchReport() {}

    /** One plotted value. */
    record Point(JmhResult result, double x, double value, double error) {}

    /** The quantity a result is reported in. */
    record Quantity(String label, boolean higherIsBetter) {}

    /** Writes {@code report.md} and the PNGs into {@code outDir}; returns the Markdown file. */
    public static Path write(List<JmhResult> results, Path outDir, String sourceName) {
        if (results.isEmpty()) throw new IllegalArgumentException("bench-report: " + sourceName + " holds no benchmark results");
        // Checked first: createDirectories on a file fails with only the path as its message.
        if (Files.exists(outDir) && !Files.isDirectory(outDir))
            throw new IllegalArgumentException("bench-report: --out " + outDir + " is a file, not a folder; allowed: a folder (created if missing)");
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new OutputException("bench-report: cannot create output folder " + outDir + ": " + FileErrors.reason(e), e);
        }
        removeEarlierCharts(outDir);
        boolean drawCharts = ChartSupport.availableOrWarn();
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark report\n\n");
        md.append("Source: `").append(sourceName).append("` (").append(results.size()).append(" results). ");
        List<String> settings = results.stream().map(JmhResult::settings).filter(x -> !x.isEmpty()).distinct().toList();
        if (!settings.isEmpty()) md.append("JMH ran ").append(String.join("; and ", settings)).append(". ");
        long single = results.stream().filter(r -> r.timedIterations() == 1).count();
        if (single > 0)
            md.append("**").append(single).append(" of ").append(results.size()).append(" results come from one timed iteration**: no spread,"
                    + " and a short warm-up may time code before the JIT compiled it (0.004 GFLOP/s for a GEMM that runs at 18) — rerun with more"
                    + " iterations (JMH's -wi, -i) before reading their ratios. ");
        md.append("Error bars and ± are JMH's 99.9% confidence half-widths (none when a point had a single iteration). ");
        md.append("\"vs blas\" is the speed relative to the `blas` backend at the same n, thread count and parameters in this run ")
                .append("(value/blas for rates, blas/value for times; > 1 is faster than blas).\n");

        Map<String, List<JmhResult>> charts = new LinkedHashMap<>();
        for (JmhResult r : results) charts.computeIfAbsent(chartKey(r), k -> new ArrayList<>()).add(r);
        int index = 0;
        for (Map.Entry<String, List<JmhResult>> chart : charts.entrySet()) {
            index++;
            List<JmhResult> rs = chart.getValue();
            Quantity q = quantity(rs.get(0));
            String xName = sizeParam(rs);
            md.append("\n## ").append(chart.getKey()).append("\n\n");
            Map<String, List<Point>> series = new TreeMap<>();
            for (JmhResult r : rs) {
                double[] ve = valueAndError(r);
                double x = xName == null ? Double.NaN : parseOr(r.params().get(xName), Double.NaN);
                series.computeIfAbsent(seriesLabel(r), k -> new ArrayList<>()).add(new Point(r, x, ve[0], ve[1]));
            }
            series.values().forEach(l -> l.sort(Comparator.comparingDouble(Point::x)));
            if (xName != null && drawCharts) {
                String png = String.format(Locale.ROOT, "%02d-%s", index, fileSafe(chart.getKey()));
                try {
                    ChartFiles.save(chart(chart.getKey(), xName, q, series), outDir, png, false);
                } catch (IOException e) {
                    throw new OutputException("bench-report: cannot write " + outDir.resolve(png + ".png") + ": " + FileErrors.reason(e), e);
                }
                md.append("![").append(chart.getKey()).append("](").append(png).append(".png)\n\n");
            }
            table(md, xName, q, series, results);
        }
        Path report = outDir.resolve("report.md");
        try {
            AtomicFiles.write(report, md.toString());
        } catch (IOException e) {
            throw new OutputException("bench-report: cannot write " + report + ": " + FileErrors.reason(e), e);
        }
        return report;
    }

    /**
     * The charts an earlier report in the same folder links to (its report.md's {@code ](NN-name.png)} links): a report
     * with fewer charts left them beside its report.md, looking like its own. Only files that report named are
     * removed — a folder's other PNGs (01-introduction.png) are the user's.
     */
    private static void removeEarlierCharts(Path outDir) {
        Path old = outDir.resolve("report.md");
        if (!Files.isRegularFile(old)) return;
        try {
            java.util.regex.Matcher m = EARLIER_CHART.matcher(Files.readString(old));
            while (m.find()) Files.deleteIfExists(outDir.resolve(m.group(1)));
        } catch (IOException e) {
            throw new OutputException("bench-report: cannot remove an earlier report's charts in " + outDir + ": " + FileErrors.reason(e), e);
        }
    }

    /** A chart link of a report: "](01-GemmBenchmark.gemm_thrpt.png)", a bare file name (no folder part). */
    private static final java.util.regex.Pattern EARLIER_CHART = java.util.regex.Pattern.compile("]\\(([0-9]{2,}-[A-Za-z0-9.=_-]+\\.png)\\)");

    // ---------------------------------------------------------------- grouping

    private static String chartKey(JmhResult r) {
        String size = sizeParam(List.of(r));
        String others = r.params().entrySet().stream()
                .filter(e -> !e.getKey().equals(BACKEND) && !e.getKey().equals(THREADS) && !e.getKey().equals(size))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        return r.shortName() + " (" + r.mode() + ")" + (others.isEmpty() ? "" : " [" + others + "]");
    }

    private static String seriesLabel(JmhResult r) {
        String backend = r.params().getOrDefault(BACKEND, r.shortName().substring(r.shortName().lastIndexOf('.') + 1));
        String threads = r.params().get(THREADS);
        String t = threads != null ? threads + " thr" : r.jmhThreads() + " JMH thr";
        return backend + ", " + t;
    }

    /** The size parameter to plot against: n (or size/dim/d) when present and numeric. */
    private static String sizeParam(List<JmhResult> rs) {
        for (String name : SIZE_PARAMS)
            if (rs.stream().allMatch(r -> r.params().containsKey(name) && !Double.isNaN(parseOr(r.params().get(name), Double.NaN))))
                return name;
        return null;
    }

    // ---------------------------------------------------------------- quantities

    static Quantity quantity(JmhResult r) {
        if (r.secondary().containsKey("flop")) return new Quantity("GFLOP/s", true);
        if (r.secondary().containsKey("bytes")) return new Quantity("GB/s", true);
        if (secondsPer(r.primary().unit()) > 0) return new Quantity("seconds per operation", false);
        return new Quantity(r.primary().unit(), true);
    }

    /** {value, error} in the unit of {@link #quantity}. */
    static double[] valueAndError(JmhResult r) {
        JmhResult.Metric m;
        double scale;
        if (r.secondary().containsKey("flop") || r.secondary().containsKey("bytes")) {
            m = r.secondary().containsKey("flop") ? r.secondary().get("flop") : r.secondary().get("bytes");
            scale = perSecond(m.unit()) / 1e9;
        } else {
            m = r.primary();
            double s = secondsPer(m.unit());
            scale = s > 0 ? s : 1;
        }
        if (Double.isNaN(scale))
            throw new IllegalArgumentException("bench-report: " + r.shortName() + " has a unit " + m.unit() + " this report cannot convert");
        return new double[]{m.score() * scale, m.error() * scale};
    }

    /** Seconds in one unit of an "x/op" time unit, or -1 when {@code unit} is not a time per operation. */
    static double secondsPer(String unit) {
        return switch (unit) {
            case "s/op" -> 1;
            case "ms/op" -> 1e-3;
            case "us/op" -> 1e-6;
            case "ns/op" -> 1e-9;
            case "min/op" -> 60;
            default -> -1;
        };
    }

    /** Multiplier from a "x/unit" rate to "x per second" (NaN when unknown). */
    static double perSecond(String unit) {
        String per = unit.substring(unit.indexOf('/') + 1);
        return switch (per) {
            case "s" -> 1;
            case "ms" -> 1e3;
            case "us" -> 1e6;
            case "ns" -> 1e9;
            case "min" -> 1.0 / 60;
            default -> Double.NaN;
        };
    }

    // ---------------------------------------------------------------- plot and table

    /** The chart of one benchmark: a series per backend and thread count against n, y ticks rounded to their step. */
    static XYChart chart(String title, String xName, Quantity q, Map<String, List<Point>> series) {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(xName).yAxisTitle(q.label()).build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        double minX = Double.MAX_VALUE, maxX = 0;
        for (List<Point> pts : series.values())
            for (Point p : pts) {
                minX = Math.min(minX, p.x());
                maxX = Math.max(maxX, p.x());
            }
        // Sizes spanning a factor 4 or more go on a log₂ axis labelled with n itself (XChart's log axis labels decades only).
        boolean log2 = minX > 0 && maxX / minX >= 4;
        if (log2) {
            chart.setXAxisTitle(xName + " (log scale)");
            chart.setCustomXAxisTickLabelsFormatter(v -> Long.toString(Math.round(Math.pow(2, v))));
        }
        for (Map.Entry<String, List<Point>> s : series.entrySet()) {
            List<Point> pts = s.getValue();
            double[] x = new double[pts.size()], y = new double[pts.size()], err = new double[pts.size()];
            for (int i = 0; i < pts.size(); i++) {
                x[i] = log2 ? Math.log(pts.get(i).x()) / Math.log(2) : pts.get(i).x();
                y[i] = pts.get(i).value();
                err[i] = Double.isFinite(pts.get(i).error()) ? pts.get(i).error() : 0;
            }
            XYSeries xs = chart.addSeries(s.getKey(), x, y, err);
            xs.setMarker(SeriesMarkers.CIRCLE);
        }
        if (q.higherIsBetter()) chart.getStyler().setYAxisMin(0.0);   // rates: error bars below zero say nothing
        return chart;
    }

    private static void table(StringBuilder md, String xName, Quantity q, Map<String, List<Point>> series, List<JmhResult> all) {
        md.append("| series | ").append(xName == null ? "point" : xName).append(" | ").append(q.label()).append(" | vs blas |\n");
        md.append("|---|---:|---:|---:|\n");
        for (Map.Entry<String, List<Point>> s : series.entrySet())
            for (Point p : s.getValue()) {
                md.append("| ").append(s.getKey()).append(" | ").append(xName == null ? "" : p.result().params().get(xName)).append(" | ")
                        .append(fmt(p.value())).append(Double.isFinite(p.error()) ? " ± " + fmt(p.error()) : "").append(" | ")
                        .append(ratioCell(p, q, all)).append(" |\n");
            }
    }

    /** Speed relative to the blas result with the same benchmark and every other parameter equal. */
    private static String ratioCell(Point p, Quantity q, List<JmhResult> all) {
        JmhResult r = p.result();
        if (!r.params().containsKey(BACKEND)) return "–";
        for (JmhResult o : all) {
            if (!o.benchmark().equals(r.benchmark()) || !o.mode().equals(r.mode()) || o.jmhThreads() != r.jmhThreads()) continue;
            if (!"blas".equals(o.params().get(BACKEND))) continue;
            Map<String, String> a = new TreeMap<>(r.params()), b = new TreeMap<>(o.params());
            a.remove(BACKEND);
            b.remove(BACKEND);
            if (!a.equals(b)) continue;
            if (o == r) return "1 (reference)";
            double[] ref = valueAndError(o);
            if (!(ref[0] > 0 && p.value() > 0)) return "– (a score of 0)";
            double ratio = q.higherIsBetter() ? p.value() / ref[0] : ref[0] / p.value();
            double rel = Math.hypot(relative(p.error(), p.value()), relative(ref[1], ref[0]));
            // three significant digits: "%.3f" printed a 0.00158 ratio as 0.000
            return String.format(Locale.ROOT, "%.3g", ratio) + (rel > 0 ? String.format(Locale.ROOT, " ± %.2g", ratio * rel) : "");
        }
        return "–";
    }

    private static double relative(double err, double v) {
        return Double.isFinite(err) && v != 0 ? Math.abs(err / v) : 0;
    }

    private static String fmt(double v) {
        if (v == 0 || !Double.isFinite(v)) return String.valueOf(v);
        double a = Math.abs(v);
        return a >= 1e4 || a < 1e-3 ? String.format(Locale.ROOT, "%.3e", v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static double parseOr(String s, double fallback) {
        if (s == null) return fallback;
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String fileSafe(String s) {
        // "GemmBenchmark.gemm (thrpt)" → "GemmBenchmark.gemm_thrpt", not "…_thrpt_"
        String f = s.replaceAll("[^A-Za-z0-9.=_-]+", "_").replaceAll("_+", "_").replaceAll("^_|_$", "");
        return f.length() > 80 ? f.substring(0, 80) : f;
    }
}
