package deeprf.backend.java;

import deeprf.backend.Activation;
import deeprf.backend.NeuronActivations;

/**
 * In-place activation of column-major preactivations, one neuron per row: h[i][j] ← f_i(h[i][j] + bias[i]).
 * Work is split by columns, so every element sees the same arithmetic whatever the thread count. With one
 * activation for all neurons the Vector API path ({@link VectorActivations}) runs when {@code vector} is true; a
 * mixture of activations (a per-neuron choice) is applied element by element with the scalar reference, as its
 * rows change function too often to fill vector lanes.
 */
public final class Activations {
    private Activations() {}

    /** About this many elements per task, so small matrices do not pay for threads. */
    private static final int GRAIN_ELEMENTS = 1 << 15;

    /**
     * d[off + i] ← f(d[off + i] + bias[i]) for one column of {@code rows} neurons (bias may be null), with the Vector
     * API kernel when {@code vector} (then the module must be present). Public so that other CPU-side backends (blas)
     * apply activations with the java backend's bits.
     */
    public static void column(Activation f, double[] d, int off, int rows, double[] bias, boolean vector) {
        if (vector) VectorActivations.apply(f, d, off, rows, bias);
        else if (bias == null) for (int i = 0; i < rows; i++) d[off + i] = f.apply(d[off + i]);
        else for (int i = 0; i < rows; i++) d[off + i] = f.apply(d[off + i] + bias[i]);
    }

    static void apply(WorkerPool pool, NeuronActivations plan, double[] d, int rows, int cols, boolean vector) {
        Activation only = plan.choiceOf() == null ? plan.choices().get(0) : null;
        double[] bias = plan.bias();
        pool.forRange(cols, pool.grainFor(cols, Math.max(1, GRAIN_ELEMENTS / Math.max(1, rows))), (j0, j1) -> {
            for (int j = j0; j < j1; j++) {
                int off = j * rows;
                if (only != null) {
                    column(only, d, off, rows, bias, vector);
                } else {
                    for (int i = 0; i < rows; i++) d[off + i] = plan.activationOf(i).apply(d[off + i] + plan.biasOf(i));
                }
            }
        });
    }
}
