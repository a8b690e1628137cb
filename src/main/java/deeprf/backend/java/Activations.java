package deeprf.backend.java;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;
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
        rows(f, d, off, rows, bias, 0, vector);
    }

    /** d[off + i] ← f(d[off + i] + bias[b0 + i]) for 0 ≤ i < len: part of a column, from its row b0 on. */
    private static void rows(Activation f, double[] d, int off, int len, double[] bias, int b0, boolean vector) {
        if (vector) VectorActivations.apply(f, d, off, len, bias, b0);
        else if (bias == null) for (int i = 0; i < len; i++) d[off + i] = f.apply(d[off + i]);
        else for (int i = 0; i < len; i++) d[off + i] = f.apply(d[off + i] + bias[b0 + i]);
    }

    static void apply(WorkerPool pool, NeuronActivations plan, double[] d, int rows, int cols, boolean vector) {
        Activation only = plan.choiceOf() == null ? plan.choices().get(0) : null;
        double[] bias = plan.bias();
        pool.forRange(cols, pool.grainFor(cols, Math.max(1, GRAIN_ELEMENTS / Math.max(1, rows))), (j0, j1) -> {
            if (only != null && bias != null && only.kind() != ActivationKind.ERF) {
                withBias(only, d, rows, j0, j1, bias, vector);
                return;
            }
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

    /**
     * Rows per chunk and columns per block for {@link #withBias}. BIAS_ROWS is a multiple of every vector length, so
     * the rows that take the scalar remainder (the last rows mod L of a column) are the same as column by column.
     */
    private static final int BIAS_ROWS = 512, BIAS_COLUMNS = 8;

    /**
     * Columns j0 ≤ j &lt; j1 with a per-neuron bias, a chunk of BIAS_ROWS rows at a time across BIAS_COLUMNS columns,
     * so that the 4 KB of bias a chunk needs are reused from L1 by all of them. Column by column, with the whole bias
     * read once per column beside the column's own stream, the bias cost about a third of the speed from memory
     * (n = 4096, one thread: relu 0.65–0.72 of its speed without bias, tanh 0.65, sigmoid 0.67), though it cost
     * nothing in cache and adding a constant instead cost nothing from memory. In this order tanh and sigmoid run
     * 1.34–1.38× faster with bias, relu 1.10–1.17×, one thread or two (bench/RESULTS.md, eleventh session); every
     * element gets the same arithmetic as column by column. Not for erf: its loop (one vector per iteration,
     * compute-bound) ran 0.7× as fast in this order (0.76× with 2048-row chunks, and adding the bias in a pass ahead
     * of each chunk was slower still), so erf keeps the column order; why is not understood.
     */
    private static void withBias(Activation f, double[] d, int rows, int j0, int j1, double[] bias, boolean vector) {
        for (int jb = j0; jb < j1; jb += BIAS_COLUMNS) {
            int jEnd = Math.min(jb + BIAS_COLUMNS, j1);
            for (int r0 = 0; r0 < rows; r0 += BIAS_ROWS) {
                int len = Math.min(BIAS_ROWS, rows - r0);
                for (int j = jb; j < jEnd; j++) rows(f, d, j * rows + r0, len, bias, r0, vector);
            }
        }
    }
}
