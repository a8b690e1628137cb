package deeprf.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** aggregated.csv's paired columns: per seed simulation − theory, so the draws' common spread drops out of their SE. */
class AggregateTest {
    private static ResultRow row(long seed, double test, double surrogate, double theory) {
        return row(seed, test, surrogate, theory, "");
    }

    private static ResultRow row(long seed, double test, double surrogate, double theory, String message) {
        return new ResultRow(0, seed, 0.1, Map.of(), ResultRow.OK, message, 0.1, test, 0.1, surrogate, 0.1, theory, 0, 0, 0, 0, "java", 1);
    }

    @Test
    void pairedDifferencesHaveTheirOwnMeanAndSmallerStandardError() {
        // the draws move simulation and theory together (1.0, 1.4, 0.6 ± a small gap): the paired SE sees only the gap
        List<ResultRow> rows = List.of(row(0, 1.01, 1.0, 0.99), row(1, 1.42, 1.4, 1.40), row(2, 0.61, 0.6, 0.60));
        Aggregate a = Aggregate.of(rows).get(0);
        assertEquals((0.02 + 0.02 + 0.01) / 3, a.mean().get("test_error_minus_theory"), 1e-12);
        assertEquals((0.01 + 0.02 + 0.01) / 3, a.mean().get("test_error_minus_surrogate"), 1e-12);
        double m = 0.05 / 3, ss = 2 * (0.02 - m) * (0.02 - m) + (0.01 - m) * (0.01 - m);
        assertEquals(Math.sqrt(ss / 2 / 3), a.stderr().get("test_error_minus_theory"), 1e-12);
        assertTrue(a.stderr().get("test_error_minus_theory") < a.stderr().get("test_error") / 20);
        String csv = Aggregate.csv(Aggregate.of(rows), List.of(), true, true);
        assertTrue(csv.startsWith("point,lambda,seeds_ok,seeds_not_ok,train_error_mean,train_error_se,test_error_mean,test_error_se,"
                + "surrogate_train_error_mean,surrogate_train_error_se,surrogate_test_error_mean,surrogate_test_error_se,theory_train_error_mean,"
                + "theory_train_error_se,theory_test_error_mean,theory_test_error_se,test_error_minus_surrogate_mean,test_error_minus_surrogate_se,"
                + "test_error_minus_theory_mean,test_error_minus_theory_se,message\n"), csv);
        assertFalse(Aggregate.csv(Aggregate.of(rows), List.of(), false, false).contains("minus"), "no theory, no surrogate: no paired columns");
        // the seeds' messages, each once: why a cell is empty
        List<ResultRow> said = List.of(row(0, 1, 1, Double.NaN, "theory: diverges"), row(1, 1, 1, Double.NaN, "theory: diverges"), row(2, 1, 1, 1));
        Aggregate d = Aggregate.of(said).get(0);
        assertEquals("theory: diverges", d.message());
        assertTrue(Aggregate.csv(List.of(d), List.of(), true, true).endsWith(",theory: diverges\n"));
    }

    /** A cell's mean and SE are over the seeds that have its value: a NaN (a diverging theory) is left out, not the row. */
    @Test
    void eachCellCountsItsOwnSeeds() {
        Aggregate.MeanSe m = Aggregate.MeanSe.of(new double[]{1, Double.NaN, 3});
        assertEquals(2, m.count());
        assertEquals(2.0, m.mean(), 1e-15);
        assertEquals(1.0, m.se(), 1e-15);           // sample std √2, over √2
        assertTrue(Double.isNaN(Aggregate.MeanSe.of(new double[]{Double.NaN}).mean()));
        assertTrue(Double.isNaN(Aggregate.MeanSe.of(new double[]{5}).se()), "one seed: no SE");
        // in aggregated.csv: a theory test error diverging on one seed leaves that seed's theory train error in
        Aggregate a = Aggregate.of(List.of(row(0, 1, 1, Double.NaN), row(1, 1, 1, 2))).get(0);
        assertEquals(2.0, a.mean().get("theory_test_error"), 1e-15);
        assertEquals(0.1, a.mean().get("theory_train_error"), 1e-15);
        assertEquals(2, a.ok());
    }
}
