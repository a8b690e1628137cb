package deeprf.experiment;

import deeprf.backend.Backend;
import deeprf.model.LayerSpec;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Refuses, before a folder is touched, a ridge spec whose draws cannot fit in memory: a draw holds every layer's
 * weights and, per readout (the features', and the surrogate's when it runs), a p × p Gram matrix at once, so that sum
 * is a lower bound on what one draw allocates. Without this check d = 100000 at width 2d ran until an allocation
 * failed inside the draw ("allocate: a 200000x100000 matrix…, use smaller blocks"), where no block size can help.
 * The java backend's matrices live on the Java heap, each in one Java array (at most 2³¹ − 9 elements: a p × p Gram
 * beyond p = 46340 cannot be allocated, whatever the heap); blas's in the machine's memory; cuda's on the GPU (not checked).
 */
final class DrawMemory {
    private DrawMemory() {}

    /**
     * One draw's lower bound in bytes, with its two largest parts in words, for the message; and its largest single
     * matrix (elements, in words): the java backend holds a matrix in one Java array, at most 2³¹ − 9 elements.
     */
    record Estimate(long bytes, String parts, long largestMatrix, String largestName) {}

    /** The java backend's largest matrix (AbstractBackend.maxElements: one Java array). */
    static final long JAVA_MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    static Estimate of(PointSpec p) {
        List<long[]> parts = new ArrayList<>();                 // {bytes, index into names}
        List<String> names = new ArrayList<>();
        int in = p.d();
        for (int l = 0; l < p.learner().size(); l++) {
            LayerSpec layer = p.learner().get(l);
            parts.add(new long[]{8L * layer.width() * in, names.size()});
            names.add("layer " + (l + 1) + " weights " + layer.width() + " × " + in);
            in = layer.width();
        }
        in = p.d();
        for (int l = 0; l < p.teacher().layers().size(); l++) {
            LayerSpec layer = p.teacher().layers().get(l);
            parts.add(new long[]{8L * layer.width() * in, names.size()});
            names.add("teacher layer " + (l + 1) + " weights " + layer.width() + " × " + in);
            in = layer.width();
        }
        long f = p.features();
        int grams = p.surrogate() ? 2 : 1;
        parts.add(new long[]{8L * f * f * grams, names.size()});
        names.add((grams == 2 ? "two readout Gram matrices (features and surrogate) " : "the readout Gram matrix ") + f + " × " + f);
        long total = 0;
        for (long[] x : parts) total += x[0];
        long largest = f * f;                                    // one Gram, or one weight matrix below
        String largestName = "the readout Gram matrix " + f + " × " + f;
        for (long[] x : parts)
            if (!names.get((int) x[1]).contains("Gram") && x[0] / 8 > largest) {
                largest = x[0] / 8;
                largestName = names.get((int) x[1]);
            }
        parts.sort((a, b) -> Long.compare(b[0], a[0]));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(2, parts.size()); i++)
            sb.append(i == 0 ? "" : ", ").append(names.get((int) parts.get(i)[1])).append(": ").append(gb(parts.get(i)[0]));
        return new Estimate(total, sb.toString(), largest, largestName);
    }

    /** Throws IllegalArgumentException naming the first point whose draw cannot fit what {@code be} has. */
    static void check(ExperimentSpec spec, Backend be) {
        long available;
        String where;
        switch (be.name()) {
            case "java" -> {
                available = Runtime.getRuntime().maxMemory();
                where = "the Java heap the java backend keeps its matrices on (" + gb(available)
                        + "; raise it with DEEPRF_JVM_OPTS=-Xmx<size>, or use --backend blas, which uses the machine's memory)";
            }
            case "blas" -> {
                available = physicalMemory();
                where = "this machine's memory (" + gb(available) + ")";
            }
            default -> { return; }                          // cuda: the GPU's memory, which its allocator reports
        }
        if (available <= 0) return;
        check(spec, available, where, be.name().equals("java"));
    }

    /** As {@link #check(ExperimentSpec, Backend)} against {@code available} bytes, one Java array per matrix where {@code javaArrays}. */
    static void check(ExperimentSpec spec, long available, String where, boolean javaArrays) {
        for (PointSpec p : spec.points()) {
            Estimate e = of(p);
            if (e.bytes() > available)
                throw new IllegalArgumentException("one draw" + at(p) + " needs at least " + gb(e.bytes()) + " (" + e.parts()
                        + "), more than " + where + ": make data.d or the layer widths smaller");
            if (javaArrays && e.largestMatrix() > JAVA_MAX_ELEMENTS)
                throw new IllegalArgumentException("one draw" + at(p) + " needs " + e.largestName() + ", " + e.largestMatrix()
                        + " elements, more than the java backend holds in one matrix (" + JAVA_MAX_ELEMENTS + ", a Java array):"
                        + " use --backend blas, or make data.d or the layer widths smaller");
        }
    }

    private static String at(PointSpec p) {
        return p.sweepValues().isEmpty() ? "" : " at sweep point " + ExperimentSpec.describe(p.sweepValues());
    }

    private static long physicalMemory() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getTotalMemorySize() : -1;
    }

    static String gb(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
    }
}
