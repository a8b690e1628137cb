package deeprf.report;

import deeprf.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Saves an XY chart as {@code base.png} (and {@code base.svg}): axis ticks fitted to the data ({@link AxisTicks}),
 * each file encoded in memory and written through {@link AtomicFiles}, so a killed run leaves the old plot or the new
 * one, never a truncated image. Only for code that draws (see {@link ChartSupport}).
 */
public final class ChartFiles {
    private ChartFiles() {}

    /** Writes dir/base.png, and dir/base.svg when {@code svg}; returns the written paths, PNG first. */
    public static List<Path> save(XYChart chart, Path dir, String base, boolean svg) throws IOException {
        System.setProperty("java.awt.headless", "true");
        AxisTicks.fit(chart);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, png, BitmapEncoder.BitmapFormat.PNG);
        Path p = dir.resolve(base + ".png");
        AtomicFiles.write(p, png.toByteArray());
        if (!svg) return List.of(p);
        ByteArrayOutputStream vector = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, vector, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        Path s = dir.resolve(base + ".svg");
        AtomicFiles.write(s, vector.toByteArray());
        return List.of(p, s);
    }

    /** What a value left off a plot was ("theory", "GE surrogate") and why ("diverging", "missing"). */
    public record NotDrawn(String what, String why) {}

    /**
     * "[1 theory value (diverging) not drawn; see aggregated.csv]", to append to an axis title: a value left off a
     * plot is said on it, as the online plot says its diverging values, not silently missing.
     */
    public static String notDrawnNote(java.util.Map<NotDrawn, Integer> counts, String file) {
        List<String> parts = new java.util.ArrayList<>();
        counts.forEach((k, n) -> parts.add(n + " " + k.what() + (n == 1 ? " value" : " values") + " (" + k.why() + ")"));
        return "[" + String.join(", ", parts) + " not drawn; see " + file + "]";
    }
}
