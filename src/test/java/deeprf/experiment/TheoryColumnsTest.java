package deeprf.experiment;

import deeprf.theory.RidgeTheory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** How a draw's theory attempts become run's theory columns. */
class TheoryColumnsTest {
    /**
     * A λ' whose κ equation failed leaves only its own cells empty, with the reason added to its message; the other
     * λ' of the draw keep their values (a failure used to empty every λ' of the draw).
     */
    @Test
    void aFailedLambdaEmptiesOnlyItsOwnCells() {
        RidgeTheory t = RidgeTheory.ofTarget("m", new double[]{1.0, 0.5}, new double[]{1, 1}, 0.1, 0.1);
        RidgeTheory.Point a = t.at(10, 1e-3), c = t.at(10, 1.0);
        List<RidgeTheory.Attempt> attempts = List.of(new RidgeTheory.Attempt(1e-3, a, null),
                new RidgeTheory.Attempt(1e8, null, "point 0: kappa equation failed"), new RidgeTheory.Attempt(1.0, c, null));
        double[] train = {Double.NaN, Double.NaN, Double.NaN}, test = train.clone();
        String[] message = {"", "singular: x", ""};
        TheoryColumns.fill(attempts, train, test, message);
        assertArrayEquals(new double[]{a.train(), Double.NaN, c.train()}, train);
        assertArrayEquals(new double[]{a.testClean(), Double.NaN, c.testClean()}, test);
        assertArrayEquals(new String[]{"", "singular: x; theory: point 0: kappa equation failed", ""}, message);
    }

    @Test
    void targetNamesTheSpecSetting() {
        String spec = TheoryTargetTest.LINEAR;
        assertEquals("averaged", TheoryColumns.target(ExperimentSpec.parse(spec.replace("TARGET", ""), "t").points().get(0)));
        assertEquals("drawn", TheoryColumns.target(ExperimentSpec.parse(spec.replace("TARGET", "theory_target = \"drawn\""), "t").points().get(0)));
    }
}
