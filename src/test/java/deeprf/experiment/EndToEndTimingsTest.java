package deeprf.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The GPU end-to-end driver and its phase profiler, exercised on the java backend at a tiny size. */
class EndToEndTimingsTest {
    static final String TINY = """
            seeds = 1
            [data]
            d = 40
            n = 300
            n_test = 200
            [teacher]
            kind = "linear"
            noise = 0.1
            [[learner.layers]]
            width = 48
            activation = "tanh"
            [[learner.layers]]
            width = 32
            activation = "tanh"
            [readout]
            lambda_grid = { from = 1e-4, to = 10.0, count = 5 }
            centre = false
            surrogate = false
            theory = false
            [compute]
            block_size = 128
            """;

    @Test
    void aProfiledDrawIsTheSameDrawWithEveryPhaseCharged(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("tiny.toml");
        Files.writeString(spec, TINY);
        Map<String, Object> r = EndToEndTimings.run(spec, "java", 1, 1, true);
        assertEquals("ok", r.get("status"));
        assertEquals(true, r.get("breakdown_same_result"), "the profiler must not change the draw: " + r);
        @SuppressWarnings("unchecked") Map<String, Object> b = (Map<String, Object>) r.get("breakdown_s");
        @SuppressWarnings("unchecked") Map<String, Long> calls = (Map<String, Long>) r.get("breakdown_calls");
        assertEquals(List.of("generation", "layers", "gram", "eigh", "errors"), List.copyOf(calls.keySet()).subList(0, 5));
        // 3 training blocks (128+128+44) and 2 test blocks (128+72): 2 layers × (gemm + activate) per block, plus
        // the allocations of the layer buffers (however the feature map keeps them)
        assertTrue(calls.get("layers") >= 5 * 2 * 2, "layers: " + calls);
        for (String phase : calls.keySet()) assertTrue(calls.get(phase) > 0, phase + " got no calls: " + calls);
        assertEquals(5, calls.size(), "no calls outside the five phases: " + calls);
        double sum = 0;
        for (Object v : b.values()) sum += (Double) v;
        assertEquals((Double) r.get("breakdown_total_s"), sum, 1e-9, "phases plus host add up to the profiled draw");
        assertTrue((Double) r.get("total_s") > 0);
        assertNull(r.get("peak_allocated_bytes"), "memory is reported on cuda only");
    }

    @Test
    void phasesFollowThePipelineClasses() {
        assertEquals("generation", PhaseTimingBackend.phaseOf("deeprf.model.Network", "sample"));
        assertEquals("generation", PhaseTimingBackend.phaseOf("deeprf.model.Teacher$SingleIndex", "targets"));
        assertEquals("generation", PhaseTimingBackend.phaseOf("deeprf.experiment.Trial", "run"));
        assertEquals("layers", PhaseTimingBackend.phaseOf("deeprf.model.FeatureMap", "forward"));
        assertEquals("gram", PhaseTimingBackend.phaseOf("deeprf.experiment.StreamingRidge", "add"));
        assertEquals("gram", PhaseTimingBackend.phaseOf("deeprf.experiment.StreamingRidge", "<init>"));
        assertEquals("eigh", PhaseTimingBackend.phaseOf("deeprf.experiment.StreamingRidge", "solve"));
        assertEquals("errors", PhaseTimingBackend.phaseOf("deeprf.experiment.StreamingRidge", "accumulateTest"));
        assertEquals("CovarianceAccumulator.add", PhaseTimingBackend.phaseOf("deeprf.experiment.CovarianceAccumulator", "add"));
    }

    /** The specs bench/gpu/validate.sh runs: the sizes issue 6 asks for, and the same blocks so their peaks compare. */
    @Test
    void theGpuSpecsHaveTheSizesOfIssue6() {
        PointSpec e2e = ExperimentSpec.load(Path.of("examples/bench-deep-tanh-gpu.toml")).points().getFirst();
        PointSpec stream = ExperimentSpec.load(Path.of("examples/gpu-stream-1e6.toml")).points().getFirst();
        for (PointSpec p : List.of(e2e, stream)) {
            assertEquals(8192, p.d());
            assertEquals(List.of(8192, 8192), p.learner().stream().map(deeprf.model.LayerSpec::width).toList());
            assertEquals(8192, p.features());
            assertEquals(20, p.lambdas().length);
            assertEquals(8192, p.blockSize());
            assertFalse(p.centre() || p.surrogate() || p.theory() || p.layerSpectra());
        }
        assertEquals(65536, e2e.n());
        assertEquals(65536, e2e.nTest());
        assertEquals(1_000_000, stream.n());
    }
}
