package deeprf.backend.java;

import deeprf.backend.Activation;
import deeprf.backend.NeuronActivations;

/** In-place activation of column-major preactivations, one neuron per row. */
final class Activations {
    private Activations() {}

    static void apply(WorkerPool pool, NeuronActivations plan, double[] d, int rows, int cols, boolean vector) {
        Activation only = plan.choiceOf() == null ? plan.choices().get(0) : null;
        double[] bias = plan.bias();
        pool.forRange(cols, pool.grainFor(cols, Math.max(1, 32768 / Math.max(1, rows))), (j0, j1) -> {
            for (int j = j0; j < j1; j++) {
                int off = j * rows;
                if (only != null) {
                    if (bias == null) for (int i = 0; i < rows; i++) d[off + i] = only.apply(d[off + i]);
                    else for (int i = 0; i < rows; i++) d[off + i] = only.apply(d[off + i] + bias[i]);
                } else {
                    for (int i = 0; i < rows; i++) d[off + i] = plan.activationOf(i).apply(d[off + i] + plan.biasOf(i));
                }
            }
        });
    }
}
