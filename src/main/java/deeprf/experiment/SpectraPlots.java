package deeprf.experiment;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import deeprf.io.AtomicFiles;
import deeprf.model.LayerSpec;
import deeprf.model.Num;
import deeprf.theory.LayerSpectrum;
import deeprf.theory.TheoryException;
import deeprf.theory.model.ModelTheory;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Layer spectra, one panel per layer (PNG and SVG): a density-normalised histogram of the empirical eigenvalues of the
 * layer's feature covariance (pooled over seeds), the predicted density of that empirical covariance at the run's n
 * (THEORY.md §4.4 with the Marchenko–Pastur step for n samples, {@link LayerSpectrum#sampled}) as a solid line, its
 * mass in each histogram bin over the bin's width as a black step (what a bin estimates, also where it averages a hard
 * edge's x^{-1/2}), and the population law of Ω^lin_ℓ dashed. Point masses are not drawn as spikes: the panel title states each atom's location
 * and mass, and the empirical fraction of eigenvalues at that location; the histogram and the line then both carry
 * only the continuous part (histogram counts are divided by the total number of eigenvalues). A layer without a
 * weight-free theory says why in its title. With no eigenvalues (the {@code theory} command) only the lines are drawn.
 */
public final class SpectraPlots {
    private SpectraPlots() {}

    static final int PANEL_W = 560, PANEL_H = 420, BINS = 60, CURVE_POINTS = 300;
    /** Pixels a panel's axis title (the notes under the plot) may take: the panel less its y axis and padding (XChart centres the title under the plot area, right of the axis). */
    static final int NOTE_WIDTH = PANEL_W - 70;

    private static final java.awt.font.FontRenderContext FRC = new java.awt.font.FontRenderContext(null, true, true);

    /** The width in pixels of {@code text} drawn in {@code font}. */
    static double width(String text, java.awt.Font font) {
        return font.getStringBounds(text, FRC).getWidth();
    }

    /**
     * {@code text} if it fits {@code max} pixels as {@code width} measures, else its longest start that fits with
     * {@code mark} after it.
     */
    static String cut(String text, String mark, java.util.function.ToDoubleFunction<String> width, double max) {
        if (width.applyAsDouble(text) <= max) return text;
        int lo = 0, hi = text.length();
        while (lo < hi) {                      // the longest prefix that fits with the mark
            int mid = (lo + hi + 1) >>> 1;
            if (width.applyAsDouble(text.substring(0, mid) + mark) <= max) lo = mid;
            else hi = mid - 1;
        }
        return text.substring(0, lo).stripTrailing() + mark;
    }

    /** What one panel shows: the predicted laws (or why none) and the pooled empirical eigenvalues (null for none). */
    public record Panel(int layer, String label, ModelTheory.LayerSpectrumPrediction prediction, double[] eigenvalues, int draws) {}

    /** The panels of a point: predictions for every layer at the point's n, eigenvalues per layer (may be null). */
    public static List<Panel> panels(PointSpec p, List<List<double[]>> eigenvaluesPerLayer) {
        List<ModelTheory.LayerSpectrumPrediction> preds = ModelTheory.layerSpectra(p.d(), p.data(), p.learner(), p.n());
        List<Panel> out = new ArrayList<>();
        for (int l = 0; l < p.learner().size(); l++) {
            LayerSpec ls = p.learner().get(l);
            double[] pooled = null;
            int draws = 0;
            if (eigenvaluesPerLayer != null && l < eigenvaluesPerLayer.size() && !eigenvaluesPerLayer.get(l).isEmpty()) {
                List<double[]> ds = eigenvaluesPerLayer.get(l);
                draws = ds.size();
                int total = 0;
                for (double[] d : ds) total += d.length;
                pooled = new double[total];
                int at = 0;
                for (double[] d : ds) {
                    System.arraycopy(d, 0, pooled, at, d.length);
                    at += d.length;
                }
                Arrays.sort(pooled);
            }
            String label = "layer " + (l + 1) + ": " + ls.activationLabel() + ", k = " + ls.width();
            out.add(new Panel(l + 1, label, preds.get(l), pooled, draws));
        }
        return out;
    }

    /** A figure title for a point: the spec's title, widths and activations, d and n. */
    public static String title(String specTitle, PointSpec p) {
        Map<String, String> pm = p.parameters();
        return (specTitle.isEmpty() ? "layer spectra" : specTitle) + "  (widths " + pm.get("widths") + ", " + pm.get("activations")
                + ", d = " + p.d() + ", n = " + p.n() + ")";
    }

    /**
     * How one layer's pooled eigenvalues agree with the predicted law: Kolmogorov distances to the n-sample law and
     * to the population law Ω^lin alone (NaN where there is none: no law, or n < k), and the panel's notes in full
     * ({@code notes}: atoms and their empirical mass, ∫ρ, why there is no law — the line under the panel may cut them).
     */
    public record Agreement(int layer, int draws, int eigenvalues, double ksSampled, double ksPopulation, String notes) {}

    /** Writes {@code stem.png} and {@code stem.svg} with the panels in a grid; returns the two paths. */
    public static List<Path> write(Path dir, String stem, String title, long samples, List<Panel> panels) throws IOException {
        return write(dir, stem, title, samples, panels, new ArrayList<>());
    }

    /** As {@link #write(Path, String, String, long, List)}, adding each panel with eigenvalues to {@code agreement}. */
    public static List<Path> write(Path dir, String stem, String title, long samples, List<Panel> panels, List<Agreement> agreement) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<XYChart> charts = new ArrayList<>();
        for (Panel panel : panels) charts.add(chart(panel, samples, agreement));
        int cols = Math.min(3, charts.size()), rows = (charts.size() + cols - 1) / cols;
        int headerH = 36, w = cols * PANEL_W, h = rows * PANEL_H + headerH;

        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        paint(g, charts, cols, w, h, headerH, title);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);

        VectorGraphics2D vg = new VectorGraphics2D();
        paint(vg, charts, cols, w, h, headerH, title);
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        new SVGProcessor().getDocument(vg.getCommands(), new PageSize(0, 0, w, h)).writeTo(svg);

        Path pp = dir.resolve(stem + ".png"), sp = dir.resolve(stem + ".svg");
        AtomicFiles.write(pp, png.toByteArray());
        AtomicFiles.write(sp, svg.toByteArray());
        return List.of(pp, sp);
    }

    private static void paint(Graphics2D g, List<XYChart> charts, int cols, int w, int h, int headerH, String title) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        // a one-panel figure is one panel wide: shrink a long title, then cut it (…), rather than run off the image
        // (measured by this Graphics2D's own metrics: the bitmap's integer advances run wider than fractional ones)
        java.awt.Font font = g.getFont().deriveFont(java.awt.Font.BOLD, 16f);
        int max = w - 24;
        for (float size = 15f; size >= 11f && g.getFontMetrics(font).stringWidth(title) > max; size -= 1f) font = font.deriveFont(size);
        g.setFont(font);
        java.awt.FontMetrics fm = g.getFontMetrics(font);
        g.drawString(cut(title, "…", fm::stringWidth, max), 12, 24);
        for (int i = 0; i < charts.size(); i++) {
            Graphics2D c = (Graphics2D) g.create();
            c.translate((i % cols) * PANEL_W, headerH + (i / cols) * PANEL_H);
            charts.get(i).paint(c, PANEL_W, PANEL_H);
            c.dispose();
        }
    }

    /** Fraction of eigenvalues within a relative 1e-6 of the largest from an atom's location. */
    static double empiricalMass(double[] sorted, double location) {
        double tol = 1e-6 * Math.max(Math.abs(sorted[sorted.length - 1]), 1e-300);
        int c = 0;
        for (double v : sorted) if (Math.abs(v - location) <= tol) c++;
        return (double) c / sorted.length;
    }

    static XYChart chart(Panel panel, long samples) {
        return chart(panel, samples, new ArrayList<>());
    }

    static XYChart chart(Panel panel, long samples, List<Agreement> agreement) {
        ModelTheory.LayerSpectrumPrediction pred = panel.prediction();
        StringBuilder title = new StringBuilder(panel.label());
        LayerSpectrum.Curve sampled = null, population = null;
        LayerSpectrum sampledLaw = null;
        String failure = null;
        if (pred.available()) {
            try {
                // n < k: the sampled law is not computed; the population law is drawn as the prediction instead
                sampledLaw = pred.sampled() != null ? pred.sampled() : pred.population();
                sampled = sampledLaw.support(CURVE_POINTS);
            } catch (TheoryException e) {
                failure = e.getMessage();
            }
            try {
                population = pred.population().support(CURVE_POINTS);
            } catch (TheoryException e) {
                population = null;   // only the reference line is missing; the sampled law is what is compared
            }
        }
        double[] ev = panel.eigenvalues();
        List<String> notes = new ArrayList<>();
        double ks = Double.NaN, ksPop = Double.NaN;        // this panel's row of layer_spectra.csv, added once the notes are complete
        if (!pred.available()) notes.add("no theory: " + pred.unavailable());
        else if (failure != null) {
            notes.add("theory failed: " + failure);
            sampledLaw = null;
        }
        else {
            for (LayerSpectrum.Atom a : sampledLaw.atoms()) {
                String n = "atom at " + Num.fmt(round(a.location())) + ": mass " + Num.fmt(round(a.mass()));
                if (ev != null) n += " (empirical " + Num.fmt(round(empiricalMass(ev, a.location()))) + ")";
                notes.add(n);
            }
            // first, and short: a long caption is cut at its end, and this one says what the red curve is
            if (pred.sampled() == null) notes.add(0, "n < k: population law shown, no n-sample law");
            else for (LayerSpectrum.Atom a : pred.population().atoms())
                notes.add("Ω_lin atom at κ*² = " + Num.fmt(round(a.location())) + " (mass " + Num.fmt(round(a.mass())) + ") spread by sampling");
            if (ev != null && ev.length > 0 && pred.sampled() != null) {
                ks = sampledLaw.kolmogorovDistance(ev, sampled);
                ksPop = population == null ? Double.NaN : pred.population().kolmogorovDistance(ev, population);
                notes.add(0, "KS distance " + Num.fmt(round(ks)) + (Double.isNaN(ksPop) ? "" : " (population law " + Num.fmt(round(ksPop)) + ")"));
            }
            double mass = sampledLaw.continuousMass(sampled);
            // NaN where a density point failed: the note below says so, and "∫ρ = NaN" would say nothing more
            if (Double.isFinite(mass)) notes.add("∫ρ = " + Num.fmt(round(mass)) + " of " + Num.fmt(round(1 - sampledLaw.atomMass())));
            if (sampledLaw.failedPoints() > 0) notes.add(sampledLaw.failedPoints() + " density points did not converge");
        }
        XYChart chart = new XYChartBuilder().width(PANEL_W).height(PANEL_H).title(title.toString())
                .xAxisTitle("eigenvalue").yAxisTitle("density").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(12f));
        chart.getStyler().setLegendFont(chart.getStyler().getLegendFont().deriveFont(10f));
        chart.getStyler().setAxisTitleFont(chart.getStyler().getAxisTitleFont().deriveFont(10f));

        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        double[] continuousEv = ev;
        if (ev != null) {
            List<Double> keep = new ArrayList<>();
            List<LayerSpectrum.Atom> atoms = sampledLaw != null ? sampledLaw.atoms() : List.of();
            double largest = Math.max(Math.abs(ev[0]), Math.abs(ev[ev.length - 1]));
            // a centred covariance of n samples has rank n − 1 at most: at n ≤ k some eigenvalues are 0 up to rounding
            // (1e-17), in no law drawn here; those within the numerical-rank tolerance k·ulp(λmax) are counted, not binned
            double zeroTol = (double) ev.length / Math.max(panel.draws(), 1) * Math.ulp(largest);
            int zeros = 0;
            outer:
            for (double v : ev) {
                for (LayerSpectrum.Atom a : atoms)
                    if (Math.abs(v - a.location()) <= 1e-6 * Math.max(Math.abs(ev[ev.length - 1]), 1e-300)) continue outer;
                if (Math.abs(v) <= zeroTol) zeros++;
                else keep.add(v);
            }
            if (zeros > 0) notes.add(zeros + " eigenvalues ≈ 0 not binned");
            continuousEv = keep.stream().mapToDouble(Double::doubleValue).toArray();
            if (continuousEv.length > 0) {
                lo = continuousEv[0];
                hi = continuousEv[continuousEv.length - 1];
            }
        }
        if (sampled != null) {
            lo = Math.min(lo, sampled.x()[0]);
            hi = Math.max(hi, sampled.x()[sampled.x().length - 1]);
        }
        boolean any = false;
        // deep layers pile their eigenvalues up above a soft bottom edge: over more than two decades, log-spaced bins
        // on a log axis (the density stays per unit eigenvalue). Not for a hard edge at 0 (n ≈ k): its bottom 5 %
        // spreads over decades (F ∝ √x; 3.8·10³ × the smallest eigenvalue at k = n = 300, 1.5 × for deep tanh layers)
        // and its x^{-1/2} density per unit eigenvalue would climb without bound towards the left of a log axis
        double logLo = lo, bottom5 = lo;
        if (continuousEv != null && continuousEv.length > 0) {
            logLo = continuousEv[0];
            bottom5 = continuousEv[(int) (0.05 * (continuousEv.length - 1))];
        } else if (sampled != null) {
            double pk = 0;
            for (double y : sampled.density()) if (y > pk) pk = y;
            for (int i = 0; i < sampled.x().length; i++) if (sampled.x()[i] > 0 && sampled.density()[i] > 1e-3 * pk) { logLo = sampled.x()[i]; break; }
            double[] cum = sampled.cumulative();
            for (int i = 0; i < cum.length; i++) if (cum[i] >= 0.05 * cum[cum.length - 1]) { bottom5 = sampled.x()[i]; break; }
        }
        boolean logX = logLo > 0 && hi / logLo > 100 && bottom5 / logLo < 10;
        if (logX) lo = logLo;
        chart.getStyler().setXAxisLogarithmic(logX);
        // XChart starts a linear axis's ticks at its lowest value: at the smallest eigenvalue they read
        // ".024406898352389 0.518577402135016"; from a round start they are round
        if (!logX && hi > lo) chart.getStyler().setXAxisMin(deeprf.report.AxisTicks.roundBelow(lo, hi));
        double[] edges = null, simulationPerBin = null, theoryPerBin = null;
        if (hi > lo) {
            edges = new double[BINS + 1];
            for (int b = 0; b <= BINS; b++)
                edges[b] = logX ? lo * Math.pow(hi / lo, (double) b / BINS) : lo + (hi - lo) * b / BINS;
        }
        if (edges != null && continuousEv != null && continuousEv.length > 0) {
            int[] counts = new int[BINS];
            for (double v : continuousEv) {
                if (logX && !(v > 0)) continue;
                int b = logX ? (int) (Math.log(v / lo) / Math.log(hi / lo) * BINS) : (int) ((v - lo) / (hi - lo) * BINS);
                counts[Math.min(BINS - 1, Math.max(0, b))]++;
            }
            simulationPerBin = new double[BINS];
            for (int b = 0; b < BINS; b++) simulationPerBin[b] = counts[b] / (ev.length * (edges[b + 1] - edges[b]));
            XYSeries s = chart.addSeries("simulation (" + panel.draws() + (panel.draws() == 1 ? " draw" : " draws") + ")", edges, stepped(simulationPerBin));
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
            s.setFillColor(new Color(0x9ecae1));
            s.setLineColor(new Color(0x3182bd));
            s.setMarker(SeriesMarkers.NONE);
            any = true;
        }
        if (sampled != null) {
            any |= line(chart, pred.sampled() != null ? "theory, n = " + samples : "theory (population)", sampled, new Color(0xd62728), SeriesLines.SOLID, logX);
            // a bin that averages an x^{-1/2} hard edge is not read off the line's points (at n = k the first bin is
            // 2.4 × its neighbour): the law's mass in each bin over its width is what the histogram estimates
            if (edges != null) {
                double[] mass = sampledLaw.binMasses(edges, sampled);
                theoryPerBin = new double[BINS];
                for (int b = 0; b < BINS; b++) theoryPerBin[b] = mass[b] / (edges[b + 1] - edges[b]);
                XYSeries s = chart.addSeries(THEORY_PER_BIN, edges, stepped(theoryPerBin));
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
                s.setLineColor(Color.BLACK);
                s.setLineStyle(new java.awt.BasicStroke(1f));
                s.setMarker(SeriesMarkers.NONE);
            }
            if (population != null && pred.sampled() != null) line(chart, "population Ω_lin (n = ∞)", population, new Color(0x555555), SeriesLines.DASH_DASH, logX);
        }
        // XChart draws no chart without a series: a flat placeholder whose legend points at the reason
        if (!any) chart.addSeries(notes.isEmpty() ? "no spectrum to show" : "no spectrum to show (why: below)", new double[]{0, 1}, new double[]{0, 0})
                .setMarker(SeriesMarkers.NONE);
        // only a hard edge at 0 (the law's support starts there: n = k) has a bin the axis should not follow; a narrow
        // bump elsewhere (an Ω_lin atom spread by sampling, paper 2' Fig. 4) is what the panel is for
        boolean hardEdgeAt0 = sampled != null && !logX && sampled.x()[0] == 0;
        YRange y = yRange(simulationPerBin, theoryPerBin, hardEdgeAt0);
        if (y.max() > 0) {
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(y.max());
        }
        if (y.clipped() >= 0) {
            int b = y.clipped();
            List<String> heights = new ArrayList<>();
            if (simulationPerBin != null) heights.add("sim. " + Num.fmt(round(simulationPerBin[b])));
            if (theoryPerBin != null) heights.add("theory " + Num.fmt(round(theoryPerBin[b])));
            // early, as it says what the eye misses; after a note on what the red line is or why there is none
            notes.add(pred.sampled() != null ? 0 : Math.min(1, notes.size()), "bin [" + Num.fmt(round(edges[b])) + ", "
                    + Num.fmt(round(edges[b + 1])) + "] off scale: " + String.join(", ", heights));
        }
        // the whole of the notes, which the line under the panel may cut with "…": atoms, masses, why there is no law
        if (ev != null && ev.length > 0) agreement.add(new Agreement(panel.layer(), panel.draws(), ev.length, ks, ksPop, String.join("; ", notes)));
        // XChart draws one title line: the notes (atoms, mass, missing theory) go under the plot, in the x-axis title
        if (!notes.isEmpty()) {
            String t = "eigenvalue   [" + String.join("; ", notes) + "]";
            // one line under a panel: a smaller font for long notes, and a cut (marked …) only beyond what that holds,
            // measured in the font (a count of characters let wide ones run past the panel's edge)
            java.awt.Font f = chart.getStyler().getAxisTitleFont();
            if (width(t, f) > NOTE_WIDTH) chart.getStyler().setAxisTitleFont(f = f.deriveFont(8.5f));
            java.awt.Font noteFont = f;
            t = cut(t, "…]", x -> width(x, noteFont), NOTE_WIDTH);   // whole if it fits, else a start of it closed by …]
            chart.setXAxisTitle(t);
        }
        deeprf.report.AxisTicks.fit(chart);
        return chart;
    }

    /** The series name of the theory's mass per histogram bin, over the bin's width. */
    static final String THEORY_PER_BIN = "theory, mass per bin";

    /** Bin values as a step series wants them: one per edge, the last bin's repeated at the top edge. */
    private static double[] stepped(double[] perBin) {
        double[] ys = Arrays.copyOf(perBin, perBin.length + 1);
        ys[perBin.length] = perBin[perBin.length - 1];
        return ys;
    }

    /** The top of the y axis, and the bin left off it (−1 for none). */
    record YRange(double max, int clipped) {}

    /**
     * The y axis is set by bin averages (histogram, theory per bin; either may be null), which stay finite where the
     * density does not: the line's points next to a hard edge (10³ × the bulk at n = k) would set it otherwise. With
     * {@code hardEdgeAt0}, a first bin taller than twice every other (a hard edge's first bin is 1/(√2 − 1) = 2.4 × the
     * next for ρ ∝ x^{-1/2}) is left off the top, so that it does not squash the rest, and named in the notes; 15 %
     * headroom above the rest.
     */
    static YRange yRange(double[] simulationPerBin, double[] theoryPerBin, boolean hardEdgeAt0) {
        int bins = simulationPerBin != null ? simulationPerBin.length : theoryPerBin != null ? theoryPerBin.length : 0;
        double[] tallest = new double[bins];
        for (int b = 0; b < bins; b++)
            for (double[] series : new double[][]{simulationPerBin, theoryPerBin})
                if (series != null && Double.isFinite(series[b])) tallest[b] = Math.max(tallest[b], series[b]);
        int top = -1;
        double first = 0, second = 0;
        for (int b = 0; b < bins; b++) {
            if (tallest[b] > first) {
                second = first;
                first = tallest[b];
                top = b;
            } else if (tallest[b] > second) second = tallest[b];
        }
        return hardEdgeAt0 && top == 0 && second > 0 && first > 2 * second ? new YRange(1.15 * second, top) : new YRange(1.15 * first, -1);
    }

    private static boolean line(XYChart chart, String name, LayerSpectrum.Curve c, Color color, java.awt.BasicStroke style, boolean logX) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < c.x().length; i++) if (Double.isFinite(c.density()[i]) && (!logX || c.x()[i] > 0)) pts.add(new double[]{c.x()[i], c.density()[i]});
        if (pts.size() < 2) return false;
        double[] xs = new double[pts.size()], ys = new double[pts.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = pts.get(i)[0];
            ys[i] = pts.get(i)[1];
        }
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLineColor(color);
        s.setLineStyle(style);
        s.setMarker(SeriesMarkers.NONE);
        return true;
    }

    private static double round(double v) {
        if (v == 0 || !Double.isFinite(v)) return v;
        double scale = Math.pow(10, 3 - Math.ceil(Math.log10(Math.abs(v))));
        return Math.round(v * scale) / scale;
    }
}
