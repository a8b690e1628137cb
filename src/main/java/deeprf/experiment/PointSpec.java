package deeprf.experiment;

import deeprf.model.LayerSpec;
import deeprf.model.Num;
import deeprf.model.Spectrum;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fully resolved point of a sweep: everything a trial needs except the seed.
 *
 * @param index        position in the sweep (0-based), stable for a given spec
 * @param d            input dimension
 * @param data         Σ₀ by its spectrum
 * @param n            training samples
 * @param nTest        fresh test samples
 * @param teacher      target
 * @param learner      the learner's layers (widths resolved)
 * @param lambdas      canonical ridge λ' grid (THEORY.md §1), solved from one eigendecomposition
 * @param centre       centre features and labels (fit an intercept)
 * @param surrogate    also run the Gaussian-equivalent surrogate on the same draw
 * @param theory       also compute the conditional theory on the draw's weights (deeprf.theory.ConditionalTheory)
 * @param theoryOnDrawnTarget the theory uses the draw's own target direction (β or the teacher readout θ) instead of
 *                     averaging over it; same expectation over seeds, but the paired per-seed difference simulation −
 *                     theory then no longer carries the target-direction spread (±20 % per draw at d = 250 for the
 *                     rainbow set-up, where the teacher's feature covariance is far from isotropic)
 * @param layerSpectra keep the eigenvalues of every layer's empirical feature covariance
 * @param blockSize    samples per streamed block (results do not depend on it)
 * @param sweepValues  the values of the sweep axes at this point, as written in the spec
 */
public record PointSpec(int index, int d, Spectrum data, int n, int nTest, TeacherSpec teacher, List<LayerSpec> learner,
                        double[] lambdas, boolean centre, boolean surrogate, boolean theory, boolean theoryOnDrawnTarget, boolean layerSpectra, int blockSize,
                        Map<String, String> sweepValues) {

    /** Checks what the spec parser checks for a point built in code (Java API): one line naming the field. */
    public PointSpec {
        if (index < 0) throw new IllegalArgumentException("PointSpec: index must be >= 0, got " + index);
        if (d < 1 || d > ExperimentSpec.MAX_DIM)
            throw new IllegalArgumentException("PointSpec: d must be an integer from 1 to " + ExperimentSpec.MAX_DIM + ", got " + d);
        if (n < 1) throw new IllegalArgumentException("PointSpec: n (training samples) must be >= 1, got " + n);
        if (nTest < 1) throw new IllegalArgumentException("PointSpec: nTest (test samples) must be >= 1, got " + nTest);
        if (blockSize < 1) throw new IllegalArgumentException("PointSpec: blockSize must be >= 1, got " + blockSize);
        java.util.Objects.requireNonNull(data, "PointSpec: data (the input covariance's spectrum) must not be null");
        java.util.Objects.requireNonNull(teacher, "PointSpec: teacher must not be null");
        java.util.Objects.requireNonNull(learner, "PointSpec: learner must not be null (an empty list: the readout on the inputs)");
        java.util.Objects.requireNonNull(lambdas, "PointSpec: lambdas must not be null");
        java.util.Objects.requireNonNull(sweepValues, "PointSpec: sweepValues must not be null (Map.of() for none)");
        if (lambdas.length == 0) throw new IllegalArgumentException("PointSpec: lambdas must hold at least one λ'");
        for (int j = 0; j < lambdas.length; j++)
            if (!(lambdas[j] >= 0) || Double.isInfinite(lambdas[j]))
                throw new IllegalArgumentException("PointSpec: lambdas[" + j + "] = " + lambdas[j] + "; allowed: a finite number >= 0");
        learner = List.copyOf(learner);
        lambdas = lambdas.clone();
        sweepValues = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sweepValues));
    }

    public int features() { return learner.isEmpty() ? d : learner.get(learner.size() - 1).width(); }

    /** Every parameter of the point as table columns (name → formatted value), in a fixed order. */
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("d", Integer.toString(d));
        p.put("n", Integer.toString(n));
        p.put("n_over_d", Num.fmt((double) n / d));
        p.put("n_test", Integer.toString(nTest));
        p.put("covariance", data.label());
        p.put("teacher", teacher.label());
        p.put("teacher_norm", Num.fmt(teacher.norm()));
        p.put("noise", Num.fmt(teacher.noise()));
        p.put("depth", Integer.toString(learner.size()));
        p.put("p", Integer.toString(features()));
        p.put("widths", join(learner, l -> Integer.toString(l.width())));
        p.put("activations", join(learner, LayerSpec::activationLabel));
        p.put("weight_scales", join(learner, l -> Num.fmt(l.weightScale())));
        p.put("biases", join(learner, l -> l.bias().label()));
        p.put("weights", join(learner, l -> l.weights().label()));
        p.put("centre", Boolean.toString(centre));
        for (Map.Entry<String, String> e : sweepValues.entrySet())
            if (!p.containsKey(e.getKey())) p.put(e.getKey(), e.getValue());
        return p;
    }

    private static String join(List<LayerSpec> ls, java.util.function.Function<LayerSpec, String> f) {
        StringBuilder sb = new StringBuilder();
        for (LayerSpec l : ls) sb.append(sb.isEmpty() ? "" : ";").append(f.apply(l));
        return sb.toString();
    }
}
