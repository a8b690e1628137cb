package deeprf.experiment;

import deeprf.backend.Backend;
import deeprf.backend.java.JavaBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DrawMemoryTest {
    private static final String SPEC = """
            [data]
            d = D
            n = 100
            n_test = 50
            [teacher]
            kind = "linear"
            [[learner.layers]]
            width = 50
            activation = "tanh"
            [[learner.layers]]
            width = 30
            activation = "relu"
            [readout]
            lambdas = [0.1]
            surrogate = true
            """;

    /** The java backend with an unbounded heap, and blas on an unbounded machine with an unbounded heap. */
    private static final DrawMemory.Limits HUGE_HEAP = new DrawMemory.Limits(Long.MAX_VALUE, "a huge heap", true, Long.MAX_VALUE, Long.MAX_VALUE),
            HUGE_MACHINE = new DrawMemory.Limits(Long.MAX_VALUE, "the machine's memory", false, Long.MAX_VALUE, Long.MAX_VALUE);

    private static void check(ExperimentSpec spec, DrawMemory.Limits limits) {
        DrawMemory.check(spec.points().stream().map(DrawMemory::of).toList(), limits, "make data.d or the layer widths smaller");
    }

    @Test
    void theLowerBoundCountsEveryLayersWeightsAndEachReadoutsGram() {
        PointSpec p = ExperimentSpec.parse(SPEC.replace("D", "100"), "t").points().get(0);
        assertEquals(8L * (50 * 100 + 30 * 50 + 2 * 30 * 30), DrawMemory.bytes(DrawMemory.of(p).peak()));
        PointSpec alone = ExperimentSpec.parse(SPEC.replace("D", "100").replace("surrogate = true", "surrogate = false"), "t").points().get(0);
        assertEquals(8L * (50 * 100 + 30 * 50 + 30 * 30), DrawMemory.bytes(DrawMemory.of(alone).peak()));
    }

    /**
     * The java backend holds a matrix in one Java array: a 50000 × 50000 Gram (2.5e9 elements) cannot be allocated
     * however large the heap, and was refused only inside the first draw ("use smaller blocks", which cannot help).
     */
    @Test
    void aMatrixBeyondAJavaArrayIsRefusedForJavaWhateverTheHeap() {
        ExperimentSpec spec = ExperimentSpec.parse(SPEC.replace("D", "100").replace("width = 30", "width = 50000"), "t");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> check(spec, HUGE_HEAP));
        assertEquals("one draw needs the readout Gram matrix 50000 × 50000, 2500000000 elements, more than the java backend holds in one matrix"
                + " (2147483639, a Java array): use --backend blas, or make data.d or the layer widths smaller", e.getMessage());
        assertDoesNotThrow(() -> check(spec, HUGE_MACHINE));     // blas: native memory
        // a weight matrix beyond it is named too
        ExperimentSpec wide = ExperimentSpec.parse(SPEC.replace("D", "50000").replace("width = 50", "width = 50000").replace("surrogate = true", "surrogate = false"), "t");
        e = assertThrows(IllegalArgumentException.class, () -> check(wide, HUGE_HEAP));
        assertTrue(e.getMessage().startsWith("one draw needs layer 1 weights 50000 × 50000, 2500000000 elements"), e.getMessage());
    }

    /** d = 40000 at width d (each matrix within one Java array): refused in one line naming the sizes, before the folder is made. */
    @Test
    void aDrawThatCannotFitIsRefusedBeforeTheFolderIsTouched(@TempDir Path dir) {
        String big = SPEC.replace("D", "40000").replace("width = 50", "width = 40000").replace("width = 30", "width = 40000");
        ExperimentSpec spec = ExperimentSpec.parse(big, "t");
        Path out = dir.resolve("out");
        try (Backend be = new JavaBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Experiment(spec).run(be, out, Progress.none()));
            assertTrue(e.getMessage().startsWith("one draw needs at least "), e.getMessage());
            assertTrue(e.getMessage().contains("layer 1 weights 40000 × 40000: 11.9 GiB") && e.getMessage().contains("Java heap")
                    && e.getMessage().endsWith("make data.d or the layer widths smaller"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            // the in-memory run (Java API) is checked alike: it ran into OutOfMemoryError inside the host's JVM
            assertEquals(e.getMessage(), assertThrows(IllegalArgumentException.class, () -> new Experiment(spec).run(be)).getMessage());
        }
        assertFalse(Files.exists(out));
        // a spec that fits passes
        try (Backend be = new JavaBackend(1)) {
            assertDoesNotThrow(() -> DrawMemory.check(ExperimentSpec.parse(SPEC.replace("D", "100"), "t"), be));
        }
    }

    /**
     * A sweep over n or λ needs the same matrices at every point: the message does not name the first point
     * ("at sweep point n_over_d = 0.5" read as if that point alone were too large); a sweep over widths names it.
     */
    @Test
    void theSweepPointIsNamedOnlyWhereItMatters() {
        String wide = SPEC.replace("D", "100").replace("width = 30", "width = 50000");
        ExperimentSpec overN = ExperimentSpec.parse(wide.replace("n = 100\n", "") + "[sweep]\nn_over_d = [0.5, 2]\n", "t");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> check(overN, HUGE_HEAP));
        assertTrue(e.getMessage().startsWith("one draw needs the readout Gram matrix 50000 × 50000"), e.getMessage());
        ExperimentSpec overWidth = ExperimentSpec.parse(SPEC.replace("D", "100") + "[sweep]\nwidth = [30, 50000]\n", "t");
        e = assertThrows(IllegalArgumentException.class, () -> check(overWidth, HUGE_HEAP));
        assertTrue(e.getMessage().startsWith("one draw at sweep point width = 50000 needs layer 2 weights 50000 × 50000"), e.getMessage());
    }

    /** The theory command's conditional theory holds the weights and Ω (p × p): refused in one line that offers --asymptotic-only. */
    @Test
    void theConditionalTheoryIsCheckedWithItsOwnAdvice() {
        ExperimentSpec spec = ExperimentSpec.parse(SPEC.replace("D", "100000").replace("width = 50", "width = 200000"), "t");
        PointSpec p = spec.points().get(0);
        assertEquals(8L * (200000L * 100000 + 30 * 200000 + 30 * 30), DrawMemory.bytes(DrawMemory.ofConditionalTheory(p).peak()));
        try (Backend be = new JavaBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DrawMemory.checkConditionalTheory(spec, be));
            // the weights are beyond one Java array, which no heap helps: that is said first
            assertTrue(e.getMessage().startsWith("one draw needs layer 1 weights 200000 × 100000, 20000000000 elements, more than the java backend holds in one matrix"), e.getMessage());
            assertTrue(e.getMessage().endsWith("make data.d or the layer widths smaller, or use --asymptotic-only"), e.getMessage());
        }
    }

    private static OnlineSpec online(String n, String k) throws Exception {
        return online(n, k, "width", 0);
    }

    private static OnlineSpec online(String n, String k, String mode, int replicas) throws Exception {
        return OnlineSpec.fromTree((com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.dataformat.toml.TomlMapper().readTree("""
                kind = "online"
                seeds = [1]
                [online]
                mode = "MODE"
                n = N
                k = K
                m = 3
                """.replace("MODE", mode).replace("N", n).replace("K", k) + (replicas > 0 ? "replicas = " + replicas + "\neta = [1.0]\nalpha_max = 1\n" : "")));
    }

    /**
     * An online draw's peak: with erf's closed-form kernel, the moments phase holds both weight matrices, C, the
     * overlaps Q (K × K, also on the backend), R (K × M) and T (M × M) as Java arrays; the theory then C twice and its
     * eigenvectors. Learning curves add SGD: C on the backend, the R readouts and C times them (K × 2R, backend and host)
     * and one step's block.
     */
    @Test
    void anOnlineDrawCountsEveryPhase() throws Exception {
        OnlineSpec spec = online("[100]", "[300]");
        long weights = 300 * 100 + 3 * 100;
        assertEquals(8L * (weights + 3 * 300 * 300 + 300 * 3 + 3 * 3), DrawMemory.bytes(DrawMemory.of(spec, spec.points().get(0)).peak()));
        // 16 replicas: the theory's 3 K² stays the peak; 4096 replicas: SGD's readouts (K × 2R twice) are
        OnlineSpec curves = online("[100]", "[300]", "curves", 16);
        assertEquals(8L * (weights + 3 * 300 * 300 + 300 * 3 + 3 * 3), DrawMemory.bytes(DrawMemory.of(curves, curves.points().get(0)).peak()));
        OnlineSpec many = online("[100]", "[300]", "curves", 4096);
        assertEquals(8L * (weights + 2 * 300 * 300 + 2 * 300 * 2 * 4096 + (100 + 2 * 300 + 3 + 3) * 4096),
                DrawMemory.bytes(DrawMemory.of(many, many.points().get(0)).peak()));
        // V and CV are two matrices of K × R = 1.31e9 elements each, within one Java array: counted as one K × 2R,
        // 2.6e9 elements, they were refused on every backend
        OnlineSpec wide = online("[100]", "[20000]", "curves", 65536);
        for (DrawMemory.Limits limits : List.of(HUGE_HEAP, HUGE_MACHINE))
            assertDoesNotThrow(() -> DrawMemory.check(List.of(DrawMemory.of(wide, wide.points().get(0))), limits, "ADVICE"));
    }

    /**
     * m = 100000 teacher units: the closed-form moments' teacher overlaps T (M × M, 8·10¹⁰ bytes) failed inside the draw
     * with "cannot allocate 80000000000 bytes", after the folder was claimed; now refused by name before it.
     */
    @Test
    void theTeacherOverlapsAreCounted(@TempDir Path dir) throws Exception {
        OnlineSpec spec = OnlineSpec.fromTree((com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.dataformat.toml.TomlMapper().readTree("""
                kind = "online"
                seeds = [1]
                [online]
                n = [20]
                k = [40]
                m = 100000
                eta = [1.0]
                alpha_max = 1
                """));
        Path out = dir.resolve("out");
        try (Backend be = new JavaBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OnlineExperiment(spec).run(be, out, Progress.none()));
            assertTrue(e.getMessage().startsWith("one draw needs the teacher overlaps T 100000 × 100000, 10000000000 elements, more than one Java array holds"), e.getMessage());
        }
        assertFalse(Files.exists(out));
    }

    /**
     * C is a Java array on every backend: K = 50000 (2.5e9 elements) failed inside the first draw with "download: matrix
     * 50000x50000 … more than a Java array holds" on blas, and "use smaller blocks, or a native backend" on java.
     */
    @Test
    void anOnlineWidthBeyondAJavaArrayIsRefusedOnEveryBackend() throws Exception {
        OnlineSpec spec = online("[200, 300]", "[50000]");
        for (DrawMemory.Limits limits : java.util.List.of(HUGE_HEAP, HUGE_MACHINE)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DrawMemory.check(
                    spec.points().stream().map(p -> DrawMemory.of(spec, p)).toList(), limits, "make online.n or online.k (or k_over_n) smaller"));
            assertEquals("one draw at N = 200, K = 50000 needs the second-moment matrix C 50000 × 50000, 2500000000 elements, more than one Java array"
                    + " holds (2147483639), on every backend: make online.n or online.k (or k_over_n) smaller", e.getMessage());
        }
        // blas on a large machine with a small heap: the host array alone is refused against the heap
        OnlineSpec wide = online("[100]", "[20000]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DrawMemory.check(List.of(DrawMemory.of(wide, wide.points().get(0))),
                new DrawMemory.Limits(Long.MAX_VALUE, "the machine's memory", false, 1L << 30, Long.MAX_VALUE), "ADVICE"));
        assertEquals("one draw needs at least 6.0 GiB of Java arrays (the second-moment matrix C 20000 × 20000: 3.0 GiB, the student overlaps Q 20000 × 20000: 3.0 GiB), more than the Java heap (1.0 GiB):"
                + " raise it with DEEPRF_JVM_OPTS=-Xmx<size>, or ADVICE",
                e.getMessage());
    }

    @Test
    void anOnlineRunThatCannotFitIsRefusedBeforeTheFolderIsTouched(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        try (Backend be = new JavaBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new OnlineExperiment(online("[1000000]", "[40000]")).run(be, out, Progress.none()));
            assertTrue(e.getMessage().startsWith("one draw needs student weights 40000 × 1000000, 40000000000 elements, more than the java backend holds in one matrix"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("make online.k (or k_over_n) smaller, or online.n"), e.getMessage());
        }
        assertFalse(Files.exists(out));
    }

    /**
     * What no heap can help is said first: K = 50000 on the java backend read "needs at least 37.6 GiB …, more than the
     * Java heap …; raise it …, or use --backend blas", and either remedy then met C's 2.5·10⁹ elements, more than any
     * Java array on every backend.
     */
    @Test
    void aMatrixBeyondAJavaArrayIsNamedBeforeTheHeap(@TempDir Path dir) throws Exception {
        OnlineSpec spec = online("[1000]", "[50000]");
        assumeTrue(DrawMemory.bytes(DrawMemory.of(spec, spec.points().get(0)).peak()) > Runtime.getRuntime().maxMemory());
        try (Backend be = new JavaBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new OnlineExperiment(spec).run(be, dir.resolve("out"), Progress.none()));
            assertEquals("one draw needs the second-moment matrix C 50000 × 50000, 2500000000 elements, more than one Java array"
                    + " holds (2147483639), on every backend: make online.k (or k_over_n) smaller, or online.n", e.getMessage());
        }
    }

    /**
     * A draw beyond the machine's memory is not sent to a larger heap or to blas, which would refuse it too; a draw
     * whose Java arrays alone pass the heap is not sent to blas.
     */
    @Test
    void theJavaBackendOffersOnlyRemediesThatTakeTheDraw() throws Exception {
        ExperimentSpec big = ExperimentSpec.parse(SPEC.replace("D", "40000").replace("width = 50", "width = 40000").replace("width = 30", "width = 40000"), "t");
        String advice = "make data.d or the layer widths smaller";
        // 47.7 GiB against a 4 GiB heap on an 8 GiB machine: only the spec can change
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DrawMemory.check(List.of(DrawMemory.of(big.points().get(0))), new DrawMemory.Limits(4L << 30, "the Java heap (4.0 GiB)", true, 4L << 30, 8L << 30), advice));
        assertTrue(e.getMessage().endsWith("more than the Java heap (4.0 GiB): " + advice), e.getMessage());
        // on a 64 GiB machine both remedies hold
        e = assertThrows(IllegalArgumentException.class,
                () -> DrawMemory.check(List.of(DrawMemory.of(big.points().get(0))), new DrawMemory.Limits(4L << 30, "the Java heap (4.0 GiB)", true, 4L << 30, 64L << 30), advice));
        assertTrue(e.getMessage().endsWith("more than the Java heap (4.0 GiB): raise it with DEEPRF_JVM_OPTS=-Xmx<size>, use --backend blas,"
                + " which uses the machine's memory, or " + advice), e.getMessage());
        // an online draw whose C alone (6.7 GiB) passes a 4 GiB heap: blas keeps C on the heap as well
        OnlineSpec online = online("[1000]", "[30000]");
        e = assertThrows(IllegalArgumentException.class,
                () -> DrawMemory.check(List.of(DrawMemory.of(online, online.points().get(0))), new DrawMemory.Limits(4L << 30, "the Java heap (4.0 GiB)", true, 4L << 30, 64L << 30), "ADVICE"));
        assertTrue(e.getMessage().endsWith("more than the Java heap (4.0 GiB): raise it with DEEPRF_JVM_OPTS=-Xmx<size>, or ADVICE"), e.getMessage());
    }
}
