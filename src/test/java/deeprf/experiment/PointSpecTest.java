package deeprf.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deeprf.backend.Activation;
import deeprf.model.LayerSpec;
import deeprf.model.Spectrum;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
