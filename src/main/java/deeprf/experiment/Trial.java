package deeprf.experiment;

import deeprf.backend.Backend;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.NumericalException;
import deeprf.model.FeatureMap;
import deeprf.model.LayerSpec;
import deeprf.model.LinearisationRule;
import deeprf.model.Network;
import deeprf.model.SurrogateFeatureMap;
import deeprf.model.Teacher;
import deeprf.random.Philox;
import deeprf.theory.ConditionalTheory;
import deeprf.theory.RidgeTheory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One draw (point × seed): sample teacher and learner, stream n training samples through the features (and the
 * Gaussian-equivalent surrogate on the same weights and data), solve the ridge readout for the whole λ' grid from one
 * eigendecomposition, then stream n_test fresh samples for the test errors.
 *
 * <p>Random streams of seed s (Philox, see {@link GaussianStream}): 1 training inputs, 2 test inputs, 3 label noise,
 * 900/901 teacher direction/readout, 1000+ℓ teacher layers, 2000+ℓ learner layers, 3000+ℓ / 3100+ℓ surrogate noise
 * (train / test), each network's layers laid out by {@link deeprf.model.LayerStreams} (those numbers up to layer
 * 100). Sample j of a stream sits at offset j·(row count), so nothing depends on the block size or the number of
 * threads, and points that differ only in n share their first samples and their weights.
 */
public final class Trial {
    private Trial() {}

    static final long DATA_TRAIN = 1, DATA_TEST = 2, LABEL_NOISE = 3, SURROGATE_TRAIN = 3000, SURROGATE_TEST = 3100;

    /** Stream base of the learner's layer weights (2000 + ℓ); the theory command draws the same weights from it. */
    public static final long LEARNER_BASE = 2000;

    /** What one draw produced: a row per λ' and the spectra (name → ascending eigenvalues). */
    public record Outcome(List<ResultRow> rows, Map<String, double[]> spectra) {}

    /**
     * Runs one draw. {@code rule} gives the surrogate's coefficients; it is used only when the point asks for the
     * surrogate. Numerical failures become rows with status {@code failed}; other exceptions propagate.
     */
    public static Outcome run(Backend be, PointSpec p, long seed, LinearisationRule rule) {
        java.util.Objects.requireNonNull(be, "Trial.run: backend must not be null");
        java.util.Objects.requireNonNull(p, "Trial.run: point must not be null");
        if (p.surrogate() && !p.learner().isEmpty() && rule == null)   // without layers no surrogate is built
            throw new IllegalArgumentException("Trial.run: the point asks for the surrogate (surrogate = true) and rule is null; pass "
                    + "Experiment.GAUSSIAN_EQUIVALENCE (or another rule), or a point with surrogate = false");
        long t0 = System.nanoTime();
        Map<String, double[]> spectra = new LinkedHashMap<>();
        int m = p.lambdas().length;
        double[] train = nan(m), test = nan(m), sTrain = nan(m), sTest = nan(m);
        String[] status = new String[m], message = new String[m];
        java.util.Arrays.fill(status, ResultRow.OK);
        java.util.Arrays.fill(message, "");
        double[] thTrain = nan(m), thTest = nan(m);
        double tFeat = 0, tSolve = 0, tTest = 0;
        boolean surrogate = p.surrogate() && !p.learner().isEmpty();
        String[] surrogateBuild = {null};           // why the surrogate could not be built (its columns blank, the rest kept)
        if (p.surrogate() && p.learner().isEmpty())   // a point built in code (the spec parser asks for a layer)
            surrogateBuild[0] = "surrogate: none without learner layers (the features are the inputs, Gaussian already)";
        try (Teacher teacher = teacher(be, p, seed);
             Network net = Network.sample(be, p.d(), p.data(), p.learner(), seed, LEARNER_BASE, teacher.network());
             FeatureMap fmap = new FeatureMap(net);
             SurrogateFeatureMap smap = surrogate ? surrogate(net, rule, seed, surrogateBuild) : null;
             StreamingRidge ridge = new StreamingRidge(be, p.features());
             StreamingRidge sridge = smap != null ? new StreamingRidge(be, p.features()) : null;
             Blocks blocks = new Blocks(be, p.d())) {
            List<CovarianceAccumulator> covs = new ArrayList<>();
            try {
                if (p.layerSpectra()) for (LayerSpec l : p.learner()) covs.add(new CovarianceAccumulator(be, l.width()));
                double noiseStd = Math.sqrt(p.teacher().noise());
                long t1 = System.nanoTime();
                for (long s0 = 0; s0 < p.n(); s0 += p.blockSize()) {
                    int b = (int) Math.min(p.blockSize(), p.n() - s0);
                    Matrix z = blocks.z(b);
                    be.fillGaussian(z, new GaussianStream(seed, DATA_TRAIN), s0 * p.d(), 1.0);
                    double[] y = blocks.y(b);
                    teacher.targets(z, y);
                    if (noiseStd > 0) {
                        double[] eps = blocks.noise(b);
                        Philox.fillGaussian(seed, LABEL_NOISE, s0, noiseStd, eps, 0, b);
                        for (int i = 0; i < b; i++) y[i] += eps[i];
                    }
                    List<Matrix> hs = fmap.forward(z);
                    ridge.add(last(hs, z), y);
                    for (int l = 0; l < covs.size(); l++) covs.get(l).add(hs.get(l));
                    if (smap != null) {
                        List<Matrix> ss = smap.forward(z, s0, SURROGATE_TRAIN);
                        sridge.add(ss.get(ss.size() - 1), y);
                    }
                }
                long t2 = System.nanoTime();
                tFeat = (t2 - t1) * 1e-9;
                for (int l = 0; l < covs.size(); l++) spectra.put("layer" + (l + 1), covs.get(l).eigenvalues());
            } finally {
                for (CovarianceAccumulator c : covs) c.close();
            }
            long t2 = System.nanoTime();
            StreamingRidge.Solution sol = null, ssol = null;
            String surrogateFailure = surrogateBuild[0];
            try {
                sol = ridge.solve(p.lambdas(), p.centre());
                spectra.put("readout", sol.eigenvalues());
                if (sridge != null) {
                    try {
                        ssol = sridge.solve(p.lambdas(), p.centre());
                        spectra.put("surrogate_readout", ssol.eigenvalues());
                    } catch (NumericalException e) {
                        surrogateFailure = "surrogate: " + e.getMessage();
                    }
                }
                long t3 = System.nanoTime();
                tSolve = (t3 - t2) * 1e-9;
                double[] sq = new double[m], ssq = new double[m];
                for (long s0 = 0; s0 < p.nTest(); s0 += p.blockSize()) {
                    int b = (int) Math.min(p.blockSize(), p.nTest() - s0);
                    Matrix z = blocks.z(b);
                    be.fillGaussian(z, new GaussianStream(seed, DATA_TEST), s0 * p.d(), 1.0);
                    double[] y = blocks.y(b);
                    teacher.targets(z, y);
                    List<Matrix> hs = fmap.forward(z);
                    StreamingRidge.accumulateTest(be, sol, last(hs, z), y, sq);
                    if (ssol != null) {
                        List<Matrix> ss = smap.forward(z, s0, SURROGATE_TEST);
                        StreamingRidge.accumulateTest(be, ssol, ss.get(ss.size() - 1), y, ssq);
                    }
                }
                tTest = (System.nanoTime() - t3) * 1e-9;
                String theoryFailure = null;
                List<RidgeTheory.Attempt> theory = null;
                if (p.theory()) {
                    try (ConditionalTheory ct = TheoryColumns.of(be, p, net, teacher)) {
                        theory = TheoryColumns.at(ct, p);
                    } catch (IllegalArgumentException | IllegalStateException | NumericalException e) {
                        theoryFailure = "theory: " + e.getMessage();
                    }
                }
                for (int j = 0; j < m; j++) {
                    if (sol.failure()[j] != null) {
                        status[j] = ResultRow.SINGULAR;
                        message[j] = sol.failure()[j];
                    } else {
                        train[j] = sol.trainError()[j];
                        test[j] = sq[j] / p.nTest();
                        if (sol.notes()[j] != null) message[j] = join(message[j], sol.notes()[j]);
                    }
                    if (ssol != null) {
                        if (ssol.failure()[j] != null) {
                            if (status[j].equals(ResultRow.OK)) status[j] = ResultRow.SINGULAR;
                            message[j] = join(message[j], "surrogate " + ssol.failure()[j]);
                        } else {
                            sTrain[j] = ssol.trainError()[j];
                            sTest[j] = ssq[j] / p.nTest();
                            if (ssol.notes()[j] != null) message[j] = join(message[j], "surrogate " + ssol.notes()[j]);
                        }
                    } else if (surrogateFailure != null) {
                        // as a theory failure: the row's status is its simulation's, so aggregates keep it
                        message[j] = join(message[j], surrogateFailure);
                    }
                    if (theoryFailure != null) message[j] = join(message[j], theoryFailure);
                }
                if (theory != null) TheoryColumns.fill(theory, thTrain, thTest, message);
            } finally {
                if (sol != null) sol.close();
                if (ssol != null) ssol.close();
            }
        } catch (NumericalException | ArithmeticException e) {
            java.util.Arrays.fill(status, ResultRow.FAILED);
            java.util.Arrays.fill(message, "numerical failure: " + e.getMessage());
            java.util.Arrays.fill(train, Double.NaN);
            java.util.Arrays.fill(test, Double.NaN);
            java.util.Arrays.fill(sTrain, Double.NaN);
            java.util.Arrays.fill(sTest, Double.NaN);
            java.util.Arrays.fill(thTrain, Double.NaN);
            java.util.Arrays.fill(thTest, Double.NaN);
        }
        for (int j = 0; j < m; j++) {
            String before = message[j];
            message[j] = blankInfinite(message[j], "train_error", train, j);
            message[j] = blankInfinite(message[j], "test_error", test, j);
            if (!message[j].equals(before)) status[j] = ResultRow.FAILED;     // the simulation itself overflowed
            message[j] = blankInfinite(message[j], "surrogate_train_error", sTrain, j);
            message[j] = blankInfinite(message[j], "surrogate_test_error", sTest, j);
            message[j] = blankInfinite(message[j], "theory_train_error", thTrain, j);
            message[j] = blankInfinite(message[j], "theory_test_error", thTest, j);
        }
        double tTotal = (System.nanoTime() - t0) * 1e-9;
        Map<String, String> params = p.parameters();
        List<ResultRow> rows = new ArrayList<>(m);
        for (int j = 0; j < m; j++)
            rows.add(new ResultRow(p.index(), seed, p.lambdas()[j], params, status[j], message[j], train[j], test[j], sTrain[j], sTest[j], thTrain[j], thTest[j],
                    tFeat, tSolve, tTest, tTotal, be.name(), be.threads()));
        return new Outcome(rows, spectra);
    }

    /** The surrogate of this draw's network, or null with the reason in {@code failure[0]} where it cannot be built. */
    private static SurrogateFeatureMap surrogate(Network net, LinearisationRule rule, long seed, String[] failure) {
        try {
            return SurrogateFeatureMap.of(net, rule, seed);
        } catch (NumericalException e) {
            failure[0] = "surrogate: " + e.getMessage();
            return null;
        }
    }

    static String join(String a, String b) { return a.isEmpty() ? b : a + "; " + b; }

    /**
     * An infinite error becomes a blank cell with the reason in the message, as NaN does: results files hold finite
     * numbers only. The theory diverges where the ridgeless fit interpolates (λ' = 0 at n = p).
     */
    private static String blankInfinite(String message, String column, double[] v, int j) {
        if (!Double.isInfinite(v[j])) return message;
        String m = join(message, column + " is " + (v[j] > 0 ? "+" : "-") + "infinite (diverges)");
        v[j] = Double.NaN;
        return m;
    }

    private static Matrix last(List<Matrix> hs, Matrix z) { return hs.isEmpty() ? z : hs.get(hs.size() - 1); }

    private static double[] nan(int m) {
        double[] a = new double[m];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }

    /** The teacher of one draw of a point (also what the conditional theory of that draw uses). */
    public static Teacher teacher(Backend be, PointSpec p, long seed) {
        TeacherSpec t = p.teacher();
        return switch (t.kind()) {
            case LINEAR -> Teacher.linear(be, p.d(), p.data(), t.norm(), seed);
            case SINGLE_INDEX -> Teacher.singleIndex(be, p.d(), p.data(), t.norm(), t.function(), seed);
            case NETWORK -> Teacher.network(be, p.d(), p.data(), t.layers(), t.norm(), seed);
        };
    }

    /** Input blocks and label buffers for the two block widths in use (full and tail). */
    private static final class Blocks implements AutoCloseable {
        private final Backend be;
        private final int d;
        private final Map<Integer, Matrix> z = new java.util.HashMap<>();
        private final Map<Integer, double[]> y = new java.util.HashMap<>(), noise = new java.util.HashMap<>();

        Blocks(Backend be, int d) {
            this.be = be;
            this.d = d;
        }

        Matrix z(int b) { return z.computeIfAbsent(b, k -> be.allocate(d, k)); }

        double[] y(int b) { return y.computeIfAbsent(b, double[]::new); }

        double[] noise(int b) { return noise.computeIfAbsent(b, double[]::new); }

        @Override
        public void close() { z.values().forEach(Matrix::close); }
    }
}
