package deeprf.experiment;

import java.util.Map;

/**
 * One row of the tidy table: one point × seed × λ'.
 *
 * @param point              index of the sweep point
 * @param seed               the seed of the draw (weights, data, teacher)
 * @param lambda             canonical ridge λ' (THEORY.md §1)
 * @param parameters         every parameter of the point, formatted (see {@link PointSpec#parameters()})
 * @param status             {@code ok}, {@code singular} (Gram + λ' singular to double precision: no reliable solution at this λ' &gt; 0,
 *                           or every feature zero) or {@code failed} (numerical failure of the draw); λ' = 0 is the
 *                           minimum-norm fit, ok also where n &lt; p
 * @param message            why, when the status is not ok; for an ok row, what a reader should know (a ridgeless
 *                           fit on fewer directions than n and p allow), or empty
 * @param trainError         (1/n)‖y − Φŵ‖² against the noisy training labels
 * @param testError          mean squared error on n_test fresh samples against the clean target f*(x)
 * @param surrogateTrainError the same for the Gaussian-equivalent surrogate (NaN when not run)
 * @param surrogateTestError  the same for the Gaussian-equivalent surrogate (NaN when not run)
 * @param theoryTrainError  conditional theory (Gaussian equivalence on this draw's weights, κ-form of THEORY.md §3.1,
 *                          averaged over the target's readout direction, or on the draw's own with
 *                          {@code theory_target = "drawn"}) for the training error; NaN when not computed, or where it is
 *                          infinite (ridgeless at n = p: the message says so, and the status stays that of the simulation)
 * @param theoryTestError   the same for the test error against the clean target
 * @param featureSeconds     wall time of the training pass (data, teacher, features, accumulation) of the draw
 * @param solveSeconds       wall time of the eigendecomposition and the λ' grid
 * @param testSeconds        wall time of the test pass
 * @param trialSeconds       wall time of the whole draw (surrogate included)
 * @param backend            backend name
 * @param threads            backend threads
 */
public record ResultRow(int point, long seed, double lambda, Map<String, String> parameters, String status, String message,
                        double trainError, double testError, double surrogateTrainError, double surrogateTestError,
                        double theoryTrainError, double theoryTestError,
                        double featureSeconds, double solveSeconds, double testSeconds, double trialSeconds,
                        String backend, int threads) {

    public static final String OK = "ok", SINGULAR = "singular", FAILED = "failed";

    public boolean ok() { return OK.equals(status); }
}
