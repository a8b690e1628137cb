package deeprf.experiment;

import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.java.JavaBackend;
import deeprf.model.FeatureMap;
import deeprf.model.Linearisation;
import deeprf.model.LinearisationRule;
import deeprf.model.Network;
import deeprf.model.Teacher;
import deeprf.random.Philox;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrialTest {
    static final String SPEC = """
            [data]
            d = 20
            n = 90
            n_test = 70
            covariance = { kind = "power_law", exponent = 0.5 }
            [teacher]
            kind = "linear"
            noise = 0.2
            [[learner.layers]]
            width = 25
            activation = "tanh(2x)"
            bias = { distribution = "normal", std = 0.3 }
            [[learner.layers]]
            width = 30
            mixture = [{activation = "relu", fraction = 0.5}, {activation = "clipped(1.1,2)", fraction = 0.5}]
            [readout]
            lambdas = [0.0, 0.001, 0.1, 3]
            centre = CENTRE
            [compute]
            block_size = BLOCK
            """;

    static PointSpec point(boolean centre, int block) {
        return ExperimentSpec.parse(SPEC.replace("CENTRE", Boolean.toString(centre)).replace("BLOCK", Integer.toString(block)), "t").points().get(0);
    }

    /** Dense reference: build all features at once, solve (G + λ) w = b by Gaussian elimination per λ. */
    static double[][] reference(Backend be, PointSpec p, long seed) {
        try (Teacher t = Trial.teacher(be, p, seed);
             Network net = Network.sample(be, p.d(), p.data(), p.learner(), seed, Trial.LEARNER_BASE, null);
             FeatureMap fm = new FeatureMap(net);
             Matrix z = be.allocate(p.d(), p.n()); Matrix zt = be.allocate(p.d(), p.nTest())) {
            int n = p.n(), q = p.features(), nt = p.nTest();
            be.fillGaussian(z, new GaussianStream(seed, Trial.DATA_TRAIN), 0, 1);
            double[] y = new double[n];
            t.targets(z, y);
            double[] eps = new double[n];
            Philox.fillGaussian(seed, Trial.LABEL_NOISE, 0, Math.sqrt(p.teacher().noise()), eps, 0, n);
            for (int i = 0; i < n; i++) y[i] += eps[i];
            double[] phi = be.download(fm.forward(z).get(1));
            be.fillGaussian(zt, new GaussianStream(seed, Trial.DATA_TEST), 0, 1);
            double[] yt = new double[nt];
            t.targets(zt, yt);
            double[] phit = be.download(fm.forward(zt).get(1));
            double[] mu = new double[q];
            double ym = 0;
            if (p.centre()) {
                for (int j = 0; j < n; j++) for (int i = 0; i < q; i++) mu[i] += phi[i + j * q] / n;
                for (double v : y) ym += v / n;
            }
            double[][] out = new double[2][p.lambdas().length];
            for (int l = 0; l < p.lambdas().length; l++) {
                double lam = p.lambdas()[l];
                double[][] a = new double[q][q + 1];
                for (int j = 0; j < n; j++)
                    for (int r = 0; r < q; r++) {
                        double fr = phi[r + j * q] - mu[r];
                        for (int c = 0; c < q; c++) a[r][c] += fr * (phi[c + j * q] - mu[c]) / n;
                        a[r][q] += fr * (y[j] - ym) / n;
                    }
                for (int r = 0; r < q; r++) a[r][r] += lam;
                double[] w = solve(a, q);
                double tr = 0, te = 0, off = ym;
                for (int i = 0; i < q; i++) off -= mu[i] * w[i];
                for (int j = 0; j < n; j++) {
                    double f = off;
                    for (int i = 0; i < q; i++) f += phi[i + j * q] * w[i];
                    tr += (y[j] - f) * (y[j] - f) / n;
                }
                for (int j = 0; j < nt; j++) {
                    double f = off;
                    for (int i = 0; i < q; i++) f += phit[i + j * q] * w[i];
                    te += (yt[j] - f) * (yt[j] - f) / nt;
                }
                out[0][l] = tr;
                out[1][l] = te;
            }
            return out;
        }
    }

    static double[] solve(double[][] a, int q) {
        for (int c = 0; c < q; c++) {
            int piv = c;
            for (int r = c + 1; r < q; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            double[] t = a[c]; a[c] = a[piv]; a[piv] = t;
            for (int r = c + 1; r < q; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k <= q; k++) a[r][k] -= f * a[c][k];
            }
        }
        double[] w = new double[q];
        for (int r = q - 1; r >= 0; r--) {
            double s = a[r][q];
            for (int k = r + 1; k < q; k++) s -= a[r][k] * w[k];
            w[r] = s / a[r][r];
        }
        return w;
    }

    @Test
    void streamingRidgeMatchesADenseSolveForEveryLambda() {
        try (Backend be = new JavaBackend(1)) {
            for (boolean centre : new boolean[]{false, true}) {
                PointSpec p = point(centre, 16);
                List<ResultRow> rows = Trial.run(be, p, 3, Experiment.GAUSSIAN_EQUIVALENCE).rows();
                double[][] ref = reference(be, p, 3);
                for (int l = 0; l < p.lambdas().length; l++) {
                    ResultRow r = rows.get(l);
                    assertEquals(ResultRow.OK, r.status(), r.message());
                    // p = 30 < n = 90: well conditioned even at λ' = 0; errors O(1); rounding ~1e-12
                    assertEquals(ref[0][l], r.trainError(), 1e-9 * (1 + ref[0][l]), "train, centre=" + centre + ", λ=" + p.lambdas()[l]);
                    assertEquals(ref[1][l], r.testError(), 1e-9 * (1 + ref[1][l]), "test, centre=" + centre + ", λ=" + p.lambdas()[l]);
                    assertTrue(Double.isFinite(r.surrogateTestError()) && Double.isFinite(r.surrogateTrainError()));
                }
            }
        }
    }

    @Test
    void resultsDoNotDependOnBlockSizeOrThreads() {
        List<ResultRow> a, b, c;
        try (Backend be = new JavaBackend(1)) {
            a = Trial.run(be, point(true, 7), 5, Experiment.GAUSSIAN_EQUIVALENCE).rows();
            b = Trial.run(be, point(true, 1000), 5, Experiment.GAUSSIAN_EQUIVALENCE).rows();
        }
        try (Backend be = new JavaBackend(2)) {
            c = Trial.run(be, point(true, 7), 5, Experiment.GAUSSIAN_EQUIVALENCE).rows();
        }
        for (int l = 0; l < a.size(); l++) {
            // Same numbers up to the order of floating-point sums (blocks change the syrk accumulation order).
            for (List<ResultRow> o : java.util.Arrays.asList(b, c)) {
                assertEquals(a.get(l).trainError(), o.get(l).trainError(), 1e-10 * (1 + Math.abs(a.get(l).trainError())));
                assertEquals(a.get(l).testError(), o.get(l).testError(), 1e-10 * a.get(l).testError());
                assertEquals(a.get(l).surrogateTestError(), o.get(l).surrogateTestError(), 1e-10 * a.get(l).surrogateTestError());
            }
        }
    }

    @Test
    void surrogateOfLinearLayersIsTheNetworkItself() {
        // For linear activations the Gaussian-equivalent layer μ0 + μ1(Wh − m) + μ*ξ has μ* = 0 and μ1 = a: the
        // surrogate must reproduce the features exactly (a check of the moment propagation and the noise path).
        String spec = SPEC.replace("activation = \"tanh(2x)\"", "activation = \"linear(2x)\"")
                .replace("mixture = [{activation = \"relu\", fraction = 0.5}, {activation = \"clipped(1.1,2)\", fraction = 0.5}]", "activation = \"linear\"")
                .replace("CENTRE", "true").replace("BLOCK", "32");
        PointSpec p = ExperimentSpec.parse(spec, "t").points().get(0);
        LinearisationRule exactLinear = (f, q, m) -> new Linearisation(f.apply(m), f.a(), 0);
        try (Backend be = new JavaBackend(1)) {
            for (ResultRow r : Trial.run(be, p, 1, exactLinear).rows()) {
                if (r.lambda() == 0) continue;
                assertEquals(r.testError(), r.surrogateTestError(), 1e-9 * r.testError());
                assertEquals(r.trainError(), r.surrogateTrainError(), 1e-9 * (1 + r.trainError()));
            }
        }
    }

    /**
     * p = 30 > n = 12: the Gram matrix has rank 12 (11 centred). λ' = 0 is the limit λ' → 0+, the minimum-norm
     * interpolator: training error 0, and the test error of λ' = 1e-10 (which differs from the limit by O(λ'/ω_min),
     * ω_min the smallest non-zero eigenvalue, here ≥ 1e-4) to 1e-5. It was refused as "singular" before.
     */
    @Test
    void ridgelessBelowInterpolationIsTheMinimumNormFit() {
        for (boolean centre : new boolean[]{false, true}) {
            String spec = SPEC.replace("n = 90", "n = 12").replace("CENTRE", Boolean.toString(centre)).replace("BLOCK", "5")
                    .replace("lambdas = [0.0, 0.001, 0.1, 3]", "lambdas = [0.0, 1e-10, 0.1]");
            PointSpec p = ExperimentSpec.parse(spec, "t").points().get(0);
            try (Backend be = new JavaBackend(1)) {
                List<ResultRow> rows = Trial.run(be, p, 1, Experiment.GAUSSIAN_EQUIVALENCE).rows();
                for (ResultRow r : rows) assertEquals(ResultRow.OK, r.status(), r.message());
                ResultRow zero = rows.get(0), tiny = rows.get(1);
                assertEquals("", zero.message());
                assertEquals(0, zero.trainError(), 1e-12 * zero.testError(), "centre=" + centre);
                assertEquals(tiny.testError(), zero.testError(), 1e-5 * zero.testError(), "centre=" + centre);
                assertEquals(tiny.surrogateTestError(), zero.surrogateTestError(), 1e-5 * zero.surrogateTestError(), "centre=" + centre);
            }
        }
    }

    /**
     * Linear features of width 40 on d = 20 inputs span 20 directions although n = 90 and p = 40 allow 40: the
     * ridgeless fit is the minimum-norm one on those 20, and its row says so.
     */
    @Test
    void aRidgelessFitOnDependentFeaturesSaysSo() {
        String spec = """
                [data]
                d = 20
                n = 90
                n_test = 50
                [teacher]
                kind = "linear"
                noise = 0.1
                [[learner.layers]]
                width = 40
                activation = "linear"
                [readout]
                lambdas = [0, 1e-9]
                surrogate = false
                """;
        PointSpec p = ExperimentSpec.parse(spec, "t").points().get(0);
        try (Backend be = new JavaBackend(1)) {
            List<ResultRow> rows = Trial.run(be, p, 1, Experiment.GAUSSIAN_EQUIVALENCE).rows();
            ResultRow zero = rows.get(0);
            assertEquals(ResultRow.OK, zero.status(), zero.message());
            assertTrue(zero.message().contains("minimum-norm fit on the Gram matrix's 20 directions") && zero.message().contains("allow 40"), zero.message());
            assertEquals(rows.get(1).testError(), zero.testError(), 1e-6 * zero.testError());
        }
    }

    /**
     * Biases of std 1e6 make the Gram matrix's largest eigenvalue ~1e13, so λ' = 0.01 is below the eigenvalues' rounding:
     * the message says so and what to do, instead of the old claim that an eigenvalue (−0.0023, smaller than λ')
     * leaves the system without a unique solution.
     */
    @Test
    void singularFromScaleSaysWhyAndWhatToDo() {
        String spec = """
                [data]
                d = 50
                n = 100
                n_test = 20
                [teacher]
                kind = "linear"
                noise = 0.1
                [[learner.layers]]
                width = 50
                activation = "relu"
                bias = { distribution = "normal", std = 1e6 }
                [readout]
                lambdas = [0.01]
                surrogate = false
                """;
        PointSpec p = ExperimentSpec.parse(spec, "t").points().get(0);
        try (Backend be = new JavaBackend(1)) {
            ResultRow r = Trial.run(be, p, 1, Experiment.GAUSSIAN_EQUIVALENCE).rows().get(0);
            assertEquals(ResultRow.SINGULAR, r.status());
            String m = r.message();
            assertTrue(m.contains("plus λ' 0.0100") && m.contains("singular to double precision") && m.contains("condition number"), m);
            assertFalse(m.contains("no unique solution"), m);
            java.util.regex.Matcher use = java.util.regex.Pattern.compile("use λ' > (\\S+) for this draw").matcher(m);
            assertTrue(use.find(), m);
            assertTrue(Double.parseDouble(use.group(1)) > 0.01, m);
            assertTrue(m.contains("smaller bias std or weight_scale"), m);
        }
    }

    /** Every relu neuron dead (biases −100): the ridgeless row says so, with no "eigenvalue 0.00" or "use λ' > 4e-322". */
    @Test
    void aDeadLayerSaysEveryFeatureIsZero() {
        String spec = """
                [data]
                d = 20
                n = 40
                n_test = 20
                [teacher]
                kind = "linear"
                [[learner.layers]]
                width = 30
                activation = "relu"
                bias = { distribution = "constant", value = -100 }
                [readout]
                lambdas = [0, 0.1]
                surrogate = false
                """;
        PointSpec p = ExperimentSpec.parse(spec, "t").points().get(0);
        try (Backend be = new JavaBackend(1)) {
            List<ResultRow> rows = Trial.run(be, p, 1, Experiment.GAUSSIAN_EQUIVALENCE).rows();
            assertEquals(ResultRow.SINGULAR, rows.get(0).status());
            String m = rows.get(0).message();
            assertTrue(m.contains("every feature is zero") && m.contains("use λ' > 0"), m);
            assertFalse(m.contains("0.00") || m.contains("e-32"), m);
            assertEquals(ResultRow.OK, rows.get(1).status(), rows.get(1).message());
        }
    }

    @Test
    void nonFiniteFeaturesFailTheDrawNotTheSweep() {
        // 30 linear layers of weight scale 1e6: features ~1e180, so their Gram overflows to Inf; the draw must become rows with status failed, not an exception.
        StringBuilder spec = new StringBuilder("""
                [data]
                d = 10
                n = 40
                n_test = 10
                [teacher]
                kind = "linear"
                """);
        for (int l = 0; l < 30; l++) spec.append("[[learner.layers]]\nwidth = 12\nactivation = \"linear\"\nweight_scale = 1e6\n");
        spec.append("[readout]\nlambdas = [0.1, 1]\nsurrogate = false\n");
        PointSpec p = ExperimentSpec.parse(spec.toString(), "t").points().get(0);
        try (Backend be = new JavaBackend(1)) {
            List<ResultRow> rows = Trial.run(be, p, 1, Experiment.GAUSSIAN_EQUIVALENCE).rows();
            assertEquals(2, rows.size());
            for (ResultRow r : rows) {
                assertEquals(ResultRow.FAILED, r.status());
                assertTrue(r.message().startsWith("numerical failure: the features overflow double precision"), r.message());
                assertTrue(Double.isNaN(r.testError()));
            }
        }
    }

    /**
     * weight_scale = 1e-200 passes the spec (> 0), but the surrogate's preactivation variance (1e-400) underflows to 0:
     * the Gaussian-equivalence coefficients refused it with an IllegalArgumentException that aborted the whole run.
     * Now the surrogate's columns are blank with the reason (the theory's too, with its own), and the simulation is
     * kept: the row's status is its simulation's (as for a theory failure), so aggregated.csv keeps it too.
     */
    @Test
    void aSurrogateThatCannotBeBuiltFailsItsColumnsNotTheRun() {
        String spec = """
                [data]
                d = 20
                n = 40
                n_test = 20
                [teacher]
                kind = "linear"
                [[learner.layers]]
                width = 30
                activation = "relu"
                weight_scale = 1e-200
                [readout]
                lambdas = [0.1]
                surrogate = true
                theory = true
                """;
        PointSpec p = ExperimentSpec.parse(spec, "t").points().get(0);
        try (Backend be = new JavaBackend(1)) {
            ResultRow r = Trial.run(be, p, 1, Experiment.GAUSSIAN_EQUIVALENCE).rows().get(0);
            assertEquals(ResultRow.OK, r.status());
            assertTrue(r.message().contains("surrogate: Gaussian-equivalent surrogate: layer 1's preactivation variance underflows to 0.0 (neuron 1):"
                    + " the weights are too small for double precision"), r.message());
            assertTrue(Double.isFinite(r.testError()) && Double.isFinite(r.trainError()), r.message());
            assertTrue(Double.isNaN(r.surrogateTestError()));
            // the theory has its own reason where it cannot be computed (its messages join), else its value
            // the theory meets the same underflow and says so in its own words
            assertTrue(Double.isNaN(r.theoryTestError()) && r.message().contains("; theory: point 0: learner layer 1: neuron 0 has preactivation variance 0.0"), r.message());
            List<Aggregate> agg = Aggregate.of(List.of(r));
            assertEquals(1, agg.get(0).ok());
            assertEquals(r.testError(), agg.get(0).mean().get("test_error"));
        }
    }

    @Test
    void theoryColumnsFollowTheSimulation() {
        // Conditional theory on each draw's weights (per-neuron Gaussian equivalence + κ-form) against the simulated
        // test error over 6 seeds. THEORY.md §7.3: finite-size deviations of about 5% at d ≈ 300, so the tolerance is
        // 3 standard errors of the simulated mean plus 6% of the theory (d = 150 here).
        String spec = """
                seeds = 6
                [data]
                d = 150
                n = 450
                n_test = 3000
                [teacher]
                kind = "linear"
                noise = 0.2
                [[learner.layers]]
                width = 300
                activation = "tanh"
                [readout]
                lambdas = [0.01, 0.1]
                centre = true
                surrogate = false
                """;
        ExperimentSpec s = ExperimentSpec.parse(spec, "t");
        List<ResultRow> rows;
        try (Backend be = new JavaBackend(1)) {
            rows = new Experiment(s).run(be);
        }
        for (Aggregate a : Aggregate.of(rows)) {
            double sim = a.mean().get("test_error"), se = a.stderr().get("test_error"), th = a.mean().get("theory_test_error");
            assertTrue(Double.isFinite(th), "theory missing: " + rows.get(0).message());
            assertEquals(th, sim, 3 * se + 0.06 * th, "λ' = " + a.lambda());
            double simTr = a.mean().get("train_error"), thTr = a.mean().get("theory_train_error");
            assertEquals(thTr, simTr, 3 * a.stderr().get("train_error") + 0.06 * thTr, "train, λ' = " + a.lambda());
        }
    }

    /**
     * λ' = 0 at n = p: the ridgeless theory diverges (+∞). The row stays ok (the simulation is fine), the cell is
     * blank and the message says why; no infinity reaches a results file. Overflowing features (relu, weight scale
     * 1000, 60 layers) fail the draw as a row instead of ending the sweep.
     */
    @Test
    void divergencesAndOverflowsBecomeMessagesNotInfinitiesOrAbortedSweeps() {
        String spec = """
                [data]
                d = 20
                n = 30
                n_test = 40
                [teacher]
                kind = "linear"
                noise = 0.1
                [[learner.layers]]
                width = 30
                activation = "tanh"
                [readout]
                lambdas = [0.0, 0.01]
                """;
        try (Backend be = new JavaBackend(1)) {
            List<ResultRow> rows = Trial.run(be, ExperimentSpec.parse(spec, "t").points().get(0), 0, Experiment.GAUSSIAN_EQUIVALENCE).rows();
            ResultRow zero = rows.get(0);
            assertEquals(ResultRow.OK, zero.status(), zero.message());
            assertTrue(zero.message().contains("theory_test_error is +infinite (diverges)"), zero.message());
            assertTrue(Double.isNaN(zero.theoryTestError()));
            assertTrue(Double.isFinite(zero.testError()));
            assertTrue(zero.trainError() >= 0 && zero.trainError() < 1e-9, "interpolation: " + zero.trainError());
            assertTrue(Double.isFinite(rows.get(1).theoryTestError()) && rows.get(1).message().isEmpty(), rows.get(1).message());

            String deep = spec.replace("activation = \"tanh\"", "activation = \"relu\"\nweight_scale = 1000.0")
                    .replace("[[learner.layers]]", "[learner]\ndepth = 60\n[[learner.layers]]");
            int live = ((deeprf.backend.AbstractBackend) be).liveMatrices();
            for (ResultRow r : Trial.run(be, ExperimentSpec.parse(deep, "t").points().get(0), 0, Experiment.GAUSSIAN_EQUIVALENCE).rows()) {
                assertEquals(ResultRow.FAILED, r.status());
                assertTrue(r.message().startsWith("numerical failure: the features overflow double precision"), r.message());
            }
            assertEquals(live, ((deeprf.backend.AbstractBackend) be).liveMatrices(), "a failed draw leaves no matrix behind");
        }
    }
}
