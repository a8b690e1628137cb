package deeprf.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deeprf.backend.Activation;
import deeprf.backend.Backend;
import deeprf.backend.java.JavaBackend;
import deeprf.model.LayerSpec;
import deeprf.model.Spectrum;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A point built in code (Java API) is checked as the spec parser checks one: it ran with NaN rows marked ok before. */
class PointSpecTest {

    private static PointSpec point(int d, int n, int nTest, double[] lambdas, int block) {
        return new PointSpec(0, d, new Spectrum.Identity(), n, nTest, TeacherSpec.linear(1, 0.1), List.of(LayerSpec.plain(30, Activation.TANH)),
                lambdas, false, false, false, false, false, block, Map.of());
    }

    private static String refused(int d, int n, int nTest, double[] lambdas, int block) {
        return assertThrows(IllegalArgumentException.class, () -> point(d, n, nTest, lambdas, block)).getMessage();
    }

    @Test
    void aValidPointIsBuilt() {
        assertEquals(30, point(20, 40, 10, new double[] {0, 0.1}, 64).features());
    }

    @Test
    void badFieldsAreRefusedByName() {
        double[] ok = {0.1};
        assertEquals("PointSpec: nTest (test samples) must be >= 1, got 0", refused(20, 40, 0, ok, 64));   // was NaN test error, status ok
        assertEquals("PointSpec: n (training samples) must be >= 1, got 0", refused(20, 0, 10, ok, 64));
        assertTrue(refused(0, 40, 10, ok, 64).startsWith("PointSpec: d must be an integer from 1 to "));
        assertEquals("PointSpec: blockSize must be >= 1, got 0", refused(20, 40, 10, ok, 0));
        assertEquals("PointSpec: lambdas[1] = NaN; allowed: a finite number >= 0", refused(20, 40, 10, new double[] {0.1, Double.NaN}, 64));
        assertEquals("PointSpec: lambdas[0] = -1.0; allowed: a finite number >= 0", refused(20, 40, 10, new double[] {-1}, 64));
        assertEquals("PointSpec: lambdas[0] = Infinity; allowed: a finite number >= 0", refused(20, 40, 10, new double[] {Double.POSITIVE_INFINITY}, 64));
        assertEquals("PointSpec: lambdas must hold at least one λ'", refused(20, 40, 10, new double[0], 64));
    }

    @Test
    void experimentsRefuseNullsByName() {
        ExperimentSpec spec = ExperimentSpec.parse(ExperimentSpecTest.BASE, "t");
        assertEquals("Experiment: spec must not be null", assertThrows(NullPointerException.class, () -> new Experiment(null)).getMessage());
        // a null rule dropped the surrogate's columns silently (NaN, status ok)
        assertTrue(assertThrows(NullPointerException.class, () -> new Experiment(spec, null)).getMessage().startsWith("Experiment: rule must not be null"));
        assertEquals("Experiment.run: backend must not be null", assertThrows(NullPointerException.class, () -> new Experiment(spec).run(null)).getMessage());
    }

    @Test
    void teachersBuiltInCodeAreCheckedAsTheParserChecksThem() {
        // a NaN or negative τ² ran with zero label noise, status ok (the noise generator's sqrt); a norm of −1 ran too
        String m = assertThrows(IllegalArgumentException.class, () -> TeacherSpec.linear(1, Double.NaN)).getMessage();
        assertEquals("TeacherSpec: noise (label-noise variance τ²) = NaN; allowed: a number from 0 to 1e6", m);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TeacherSpec.linear(1, -1)).getMessage().contains("noise"));
        assertEquals("TeacherSpec: norm = -1.0; allowed: a number from 0 to 1e6",
                assertThrows(IllegalArgumentException.class, () -> TeacherSpec.linear(-1, 0.1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new TeacherSpec(TeacherSpec.Kind.SINGLE_INDEX, 1, 0, null, List.of())).getMessage().contains("needs its function g"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new TeacherSpec(TeacherSpec.Kind.NETWORK, 1, 0, null, List.of())).getMessage().contains("at least one layer"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new TeacherSpec(TeacherSpec.Kind.LINEAR, 1, 0, Activation.TANH, List.of())).getMessage().contains("single_index teachers only"));
        assertEquals(0.5, TeacherSpec.linear(2, 0.5).noise());
    }

    @Test
    void aDrawThatAsksForTheSurrogateNeedsARuleAndLayers() {
        PointSpec withSurrogate = new PointSpec(0, 10, new Spectrum.Identity(), 20, 50, TeacherSpec.linear(1, 0.1),
                List.of(LayerSpec.plain(10, Activation.TANH)), new double[] {0.1}, false, true, false, false, false, 256, Map.of());
        try (Backend be = new JavaBackend(1)) {
            // a null rule dropped the surrogate's columns (NaN) with nothing said
            String m = assertThrows(IllegalArgumentException.class, () -> Trial.run(be, withSurrogate, 0, null)).getMessage();
            assertTrue(m.contains("rule is null") && m.contains("GAUSSIAN_EQUIVALENCE"), m);
            // no layers: the readout on the inputs has no surrogate, and its row says so instead of a bare NaN
            PointSpec noLayers = new PointSpec(0, 10, new Spectrum.Identity(), 20, 50, TeacherSpec.linear(1, 0.1), List.of(),
                    new double[] {0.1}, false, true, false, false, false, 256, Map.of());
            ResultRow r = Trial.run(be, noLayers, 0, Experiment.GAUSSIAN_EQUIVALENCE).rows().get(0);
            assertEquals(ResultRow.OK, r.status());
            assertTrue(Double.isNaN(r.surrogateTestError()) && r.message().contains("surrogate: none without learner layers"), r.message());
            assertEquals(r.testError(), Trial.run(be, noLayers, 0, null).rows().get(0).testError());   // no surrogate built: no rule needed
        }
    }

    @Test
    void aClosedBackendIsRefusedBeforeTheFolderIsTouched(@TempDir Path dir) {
        ExperimentSpec spec = ExperimentSpec.parse(ExperimentSpecTest.BASE, "t");
        Backend be = new JavaBackend(1);
        be.close();
        Path out = dir.resolve("out");
        String m = assertThrows(IllegalStateException.class, () -> new Experiment(spec).run(be, out, Progress.none())).getMessage();
        assertEquals("Experiment.run: backend 'java' is closed; open one with Backends.open", m);
        assertTrue(!Files.exists(out), "the folder was created for a run that could not start");
        assertThrows(IllegalStateException.class, () -> new Experiment(spec).run(be));
    }
}
