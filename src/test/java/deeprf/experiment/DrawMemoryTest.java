package deeprf.experiment;

import deeprf.backend.Backend;
import deeprf.backend.java.JavaBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

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

    @Test
    void theLowerBoundCountsEveryLayersWeightsAndEachReadoutsGram() {
        PointSpec p = ExperimentSpec.parse(SPEC.replace("D", "100"), "t").points().get(0);
        assertEquals(8L * (50 * 100 + 30 * 50 + 2 * 30 * 30), DrawMemory.of(p).bytes());
        PointSpec alone = ExperimentSpec.parse(SPEC.replace("D", "100").replace("surrogate = true", "surrogate = false"), "t").points().get(0);
        assertEquals(8L * (50 * 100 + 30 * 50 + 30 * 30), DrawMemory.of(alone).bytes());
    }

    /**
     * The java backend holds a matrix in one Java array: a 50000 × 50000 Gram (2.5e9 elements) cannot be allocated
     * however large the heap, and was refused only inside the first draw ("use smaller blocks", which cannot help).
     */
    @Test
    void aMatrixBeyondAJavaArrayIsRefusedForJavaWhateverTheHeap() {
        ExperimentSpec spec = ExperimentSpec.parse(SPEC.replace("D", "100").replace("width = 30", "width = 50000"), "t");
        assertEquals(2_500_000_000L, DrawMemory.of(spec.points().get(0)).largestMatrix());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DrawMemory.check(spec, Long.MAX_VALUE, "a huge heap", true));
        assertEquals("one draw needs the readout Gram matrix 50000 × 50000, 2500000000 elements, more than the java backend holds in one matrix"
                + " (2147483639, a Java array): use --backend blas, or make data.d or the layer widths smaller", e.getMessage());
        assertDoesNotThrow(() -> DrawMemory.check(spec, Long.MAX_VALUE, "the machine's memory", false));     // blas: native memory
        // a weight matrix beyond it is named too
        ExperimentSpec wide = ExperimentSpec.parse(SPEC.replace("D", "50000").replace("width = 50", "width = 50000").replace("surrogate = true", "surrogate = false"), "t");
        e = assertThrows(IllegalArgumentException.class, () -> DrawMemory.check(wide, Long.MAX_VALUE, "a huge heap", true));
        assertTrue(e.getMessage().startsWith("one draw needs layer 1 weights 50000 × 50000, 2500000000 elements"), e.getMessage());
    }

    /** d = 100000 at width 2d: refused in one line naming the sizes, before the folder is made. */
    @Test
    void aDrawThatCannotFitIsRefusedBeforeTheFolderIsTouched(@TempDir Path dir) {
        String big = SPEC.replace("D", "100000").replace("width = 50", "width = 200000").replace("width = 30", "width = 200000");
        ExperimentSpec spec = ExperimentSpec.parse(big, "t");
        Path out = dir.resolve("out");
        try (Backend be = new JavaBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Experiment(spec).run(be, out, Progress.none()));
            assertTrue(e.getMessage().startsWith("one draw needs at least "), e.getMessage());
            assertTrue(e.getMessage().contains("layer 2 weights 200000 × 200000: 298.0 GiB") && e.getMessage().contains("Java heap")
                    && e.getMessage().endsWith("make data.d or the layer widths smaller"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        assertFalse(Files.exists(out));
        // a spec that fits passes
        try (Backend be = new JavaBackend(1)) {
            assertDoesNotThrow(() -> DrawMemory.check(ExperimentSpec.parse(SPEC.replace("D", "100"), "t"), be));
        }
    }
}
