package deeprf.experiment;

import deeprf.backend.Backend;
import deeprf.model.LayerSpec;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Refuses, before a folder is touched, a spec whose draws cannot fit in memory. Each run kind lists the matrices one
 * draw holds at once ({@link Need}); their sum is a lower bound on what the draw allocates. Without this check
 * d = 100000 at width 2d ran until an allocation failed inside the draw ("allocate: a 200000x100000 matrix…, use
 * smaller blocks"), where no block size can help, and an online run at K = 50000 failed in its first draw with
 * "download: … more than a Java array holds".
 *
 * <p>Where matrices live: the java backend's on the Java heap, each in one Java array (at most 2³¹ − 9 elements: a
 * p × p Gram beyond p = 46340 cannot be allocated, whatever the heap); blas's in the machine's memory; cuda's on the
 * GPU (not checked here: its allocator reports). A {@link Part#host host} part is a Java array on every backend (an
 * online run's K × K moment matrix, say), so the heap and the one-array limit hold it whatever the backend.
 */
public final class DrawMemory {
    private DrawMemory() {}

    /** The java backend's largest matrix, and any Java array's (AbstractBackend.maxElements). */
    static final long JAVA_MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** One matrix of rows × cols doubles, on the backend, or in a Java array on the heap whatever the backend ({@code host}). */
    public record Part(String name, long rows, long cols, boolean host) {
        public static Part backend(String name, long rows, long cols) { return new Part(name, rows, cols, false); }

        public static Part host(String name, long rows, long cols) { return new Part(name, rows, cols, true); }

        long elements() { return rows * cols; }         // rows, cols ≤ 2²⁰ in every spec: no overflow

        long bytes() { return 8 * elements(); }

        String label() { return name + " " + rows + " × " + cols; }
    }

    /**
     * What one draw of a sweep point needs: {@code phases} are the sets of matrices held at once at different times
     * (a structured draw forms its weights, then its theory, then its readout); the largest phase is the draw's peak.
     *
     * @param at where in the sweep, for the message ("" where the spec has one point)
     */
    public record Need(String at, List<List<Part>> phases) {
        public static Need of(String at, List<Part> parts) { return new Need(at, List.of(parts)); }

        public List<Part> peak() {
            return phases.stream().max(Comparator.comparingLong(DrawMemory::bytes)).orElse(List.of());
        }
    }

    static long bytes(List<Part> parts) {
        long s = 0;
        for (Part p : parts) s += p.bytes();
        return s;
    }

    /** A ridge point: every layer's weights (learner and teacher) and, per readout, a p × p Gram at once. */
    static Need of(PointSpec p) {
        List<Part> parts = weights(p);
        long f = p.features();
        parts.add(Part.backend("the readout Gram matrix", f, f));
        if (p.surrogate()) parts.add(Part.backend("the surrogate readout's Gram matrix", f, f));
        return Need.of(at(p), parts);
    }

    /** The conditional theory of a ridge point ({@code theory} command): the weights and the p × p Ω it eigendecomposes. */
    static Need ofConditionalTheory(PointSpec p) {
        List<Part> parts = weights(p);
        parts.add(Part.backend("the conditional theory's Ω", p.features(), p.features()));
        return Need.of(at(p), parts);
    }

    private static List<Part> weights(PointSpec p) {
        List<Part> parts = new ArrayList<>();
        int in = p.d();
        for (int l = 0; l < p.learner().size(); l++) {
            LayerSpec layer = p.learner().get(l);
            parts.add(Part.backend("layer " + (l + 1) + " weights", layer.width(), in));
            in = layer.width();
        }
        in = p.d();
        for (int l = 0; l < p.teacher().layers().size(); l++) {
            LayerSpec layer = p.teacher().layers().get(l);
            parts.add(Part.backend("teacher layer " + (l + 1) + " weights", layer.width(), in));
            in = layer.width();
        }
        return parts;
    }

    private static String at(PointSpec p) {
        return p.sweepValues().isEmpty() ? "" : "at sweep point " + ExperimentSpec.describe(p.sweepValues());
    }

    /**
     * An online point, by phase (THEORY.md §10.2; {@code StudentTeacherMoments}, {@code OnlineTheory},
     * {@code GeneralisationError}): student weights K × N and teacher M × N throughout; the second moments, from the
     * overlaps Q, R, T (Java arrays K × K, K × M, M × M beside C: closed-form kernels and quadrature) or by Monte
     * Carlo where the spec asks for it (C accumulated on the backend over blocks of samples); then the theory's
     * eigendecomposition of C (C on the backend and its eigenvectors as a Java array) and, for learning curves, SGD
     * with the error meter (C on the backend, V and CV on the backend and as Java arrays, one step's inputs and
     * features). C itself is a Java array from the moments on.
     */
    static Need of(OnlineSpec spec, OnlineSpec.Point p) {
        String at = spec.points().size() == 1 ? "" : "at N = " + p.n() + ", K = " + p.k();
        long n = p.n(), k = p.k(), m = spec.m(), r = spec.replicas();
        Part student = Part.backend("student weights", k, n), teacher = Part.backend("teacher weights", m, n),
                c = Part.host("the second-moment matrix C", k, k), cCopy = Part.backend("C's copy on the backend", k, k);
        List<Part> moments = new ArrayList<>(List.of(student, teacher, c));
        if (!spec.monteCarlo()) {           // exact: from the overlaps (closed form, or quadrature per pair)
            moments.add(Part.host("the student overlaps Q", k, k));
            moments.add(Part.host("the student-teacher overlaps R", k, m));
            moments.add(Part.host("the teacher overlaps T", m, m));
            moments.add(k >= m ? Part.backend("Q on the backend", k, k) : Part.backend("T on the backend", m, m));
        } else {
            long block = Math.min(spec.mcSamples(), 2048);
            moments.add(Part.backend("C's Monte Carlo accumulator", k, k));
            moments.add(Part.backend("a block of Monte Carlo inputs and features", n + k + m, block));
        }
        List<Part> theory = List.of(student, teacher, c, cCopy, Part.host("C's eigenvectors", k, k));
        if (!spec.mode().equals(OnlineSpec.CURVES)) return new Need(at, List.of(moments, theory));
        // each its own matrix: a K × 2R lump was held to the one-array limit as if it were one (K = 20000, R = 65536)
        List<Part> sgd = List.of(student, teacher, c, cCopy,
                Part.backend("the replicas' readouts V", k, r), Part.backend("C V", k, r),
                Part.host("the replicas' readouts V", k, r), Part.host("C V", k, r),
                Part.backend("one step's inputs", n, r), Part.backend("one step's student features", k, r),
                Part.backend("one step's teacher outputs", m, r), Part.backend("one step's labels", 1, r),
                Part.host("one step's student features", k, r), Part.host("one step's labels and noise", 2, r));
        return new Need(at, List.of(moments, theory, sgd));
    }

    /** Throws IllegalArgumentException naming the first point of a ridge spec whose draw cannot fit what {@code be} has. */
    static void check(ExperimentSpec spec, Backend be) {
        check(spec.points().stream().map(DrawMemory::of).toList(), be, "make data.d or the layer widths smaller");
    }

    /** As {@link #check(ExperimentSpec, Backend)} for the conditional theory alone ({@code theory} command). */
    public static void checkConditionalTheory(ExperimentSpec spec, Backend be) {
        check(spec.points().stream().map(DrawMemory::ofConditionalTheory).toList(), be, "make data.d or the layer widths smaller, or use --asymptotic-only");
    }

    /** As {@link #check(ExperimentSpec, Backend)} for an online spec. */
    static void check(OnlineSpec spec, Backend be) {
        check(spec.points().stream().map(p -> of(spec, p)).toList(), be, "make online.k (or k_over_n) smaller, or online.n");
    }

    /**
     * Throws IllegalArgumentException, one line, for the first need that cannot fit what {@code be} holds;
     * {@code advice} says which spec keys to make smaller.
     */
    public static void check(List<Need> needs, Backend be, String advice) {
        long heap = Runtime.getRuntime().maxMemory(), machine = physicalMemory();
        switch (be.name()) {
            case "java" -> check(needs, new Limits(heap, "the Java heap the java backend keeps its matrices on (" + gb(heap) + ")", true, heap, machine), advice);
            case "blas" -> check(needs, new Limits(machine, "this machine's memory (" + gb(machine) + ")", false, heap, machine), advice);
            // cuda: the GPU's memory, which its allocator reports; its host arrays are still on the heap
            default -> check(needs, new Limits(-1, "", false, heap, machine), advice);
        }
    }

    /**
     * What a backend offers: {@code total} bytes for every part ({@code ≤ 0}: not checked), every matrix in one Java
     * array where {@code javaArrays}, and {@code heap} bytes for the host parts; {@code machine} (the machine's memory,
     * {@code ≤ 0}: unknown) says whether a larger heap or the blas backend would take a draw refused here.
     */
    record Limits(long total, String totalWhere, boolean javaArrays, long heap, long machine) {}

    static void check(List<Need> needs, Limits limits, String advice) {
        // where every point needs the same matrices (a sweep over n or λ), naming the first point says nothing
        boolean samePoints = needs.stream().map(Need::phases).distinct().count() <= 1;
        for (Need need : needs) {
            String at = need.at().isEmpty() || samePoints ? "" : " " + need.at();
            List<Part> peak = need.peak();
            // the Java arrays' own peak: a phase with less on the backend can hold more on the heap
            List<Part> host = need.phases().stream().map(ph -> ph.stream().filter(Part::host).toList())
                    .max(Comparator.comparingLong(DrawMemory::bytes)).orElse(List.of());
            // a remedy is offered only where it takes the draw: no heap helps past the machine's memory, and blas
            // holds the host arrays on the heap too
            boolean machineHolds = limits.machine() <= 0 || bytes(peak) <= limits.machine();
            boolean blasHolds = machineHolds && bytes(host) <= limits.heap();
            // first what no heap can help: a matrix beyond one Java array
            List<Part> all = need.phases().stream().flatMap(List::stream).toList();
            for (Part p : all)
                if (p.host() && p.elements() > JAVA_MAX_ELEMENTS)
                    throw new IllegalArgumentException("one draw" + at + " needs " + p.label() + ", " + p.elements()
                            + " elements, more than one Java array holds (" + JAVA_MAX_ELEMENTS + "), on every backend: " + advice);
            if (limits.javaArrays())
                for (Part p : all)
                    if (p.elements() > JAVA_MAX_ELEMENTS)
                        throw new IllegalArgumentException("one draw" + at + " needs " + p.label() + ", " + p.elements()
                                + " elements, more than the java backend holds in one matrix (" + JAVA_MAX_ELEMENTS + ", a Java array): "
                                + orList(blasHolds ? "use --backend blas" : null, advice));
            if (limits.total() > 0 && bytes(peak) > limits.total())
                throw new IllegalArgumentException("one draw" + at + " needs at least " + gb(bytes(peak)) + " (" + largestTwo(peak)
                        + "), more than " + limits.totalWhere() + ": " + (limits.javaArrays()
                        ? orList(machineHolds ? "raise it with DEEPRF_JVM_OPTS=-Xmx<size>" : null,
                                 blasHolds ? "use --backend blas, which uses the machine's memory" : null, advice)
                        : advice));
            if (limits.heap() > 0 && !limits.javaArrays() && bytes(host) > limits.heap())
                throw new IllegalArgumentException("one draw" + at + " needs at least " + gb(bytes(host)) + " of Java arrays ("
                        + largestTwo(host) + "), more than the Java heap (" + gb(limits.heap()) + "): "
                        + orList(limits.machine() <= 0 || bytes(host) <= limits.machine() ? "raise it with DEEPRF_JVM_OPTS=-Xmx<size>" : null, advice));
        }
    }

    /** "a, b, or c" of the options that are not null. */
    private static String orList(String... options) {
        List<String> o = java.util.Arrays.stream(options).filter(java.util.Objects::nonNull).toList();
        return o.size() == 1 ? o.get(0) : String.join(", ", o.subList(0, o.size() - 1)) + ", or " + o.get(o.size() - 1);
    }

    /** The two largest parts, in words with their sizes. */
    private static String largestTwo(List<Part> parts) {
        List<Part> sorted = parts.stream().sorted(Comparator.comparingLong(Part::bytes).reversed()).toList();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(2, sorted.size()); i++)
            sb.append(i == 0 ? "" : ", ").append(sorted.get(i).label()).append(": ").append(gb(sorted.get(i).bytes()));
        return sb.toString();
    }

    private static long physicalMemory() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getTotalMemorySize() : -1;
    }

    static String gb(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
    }
}
