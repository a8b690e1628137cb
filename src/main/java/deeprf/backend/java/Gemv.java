package deeprf.backend.java;

/**
 * Matrix–vector products for the GEMM calls whose result is one row or one column (the teacher's βᵀz, the ridge
 * readout's Φᵀy, projections onto one direction). Packing a 1-wide panel for the blocked GEMM costs more than the
 * product, which only streams the matrix once; these loops stream it once, split over the worker pool.
 *
 * <p>Two shapes, both on a dense column-major M with leading dimension {@code ld}:
 * <ul>
 *   <li>{@link #columns}: y[i] ← alpha·Σ_j M[i,j]·x[j] + beta·y[i] (M is rows × len), column by column;</li>
 *   <li>{@link #dots}: y[i] ← alpha·Σ_j M[j,i]·x[j] + beta·y[i] (M is len × rows), one dot product per column.</li>
 * </ul>
 * Every y[i] is summed in a fixed order that depends neither on the thread count nor on where the work is split,
 * so results are bitwise identical for any number of threads. beta = 0 overwrites y without reading it; alpha = 0 or
 * len = 0 never reads M or x.
 */
final class Gemv {
    private Gemv() {}

    /** Rows per task of {@link #columns}: a few KiB of y stay in L1 while the columns stream past. */
    private static final int COLUMN_ROWS = 512;
    /** Dot products per task of {@link #dots}. */
    private static final int DOT_GRAIN = 16;

    static void columns(WorkerPool pool, int rows, int len, double alpha, double[] m, int ld, double[] x, double beta, double[] y) {
        if (alpha == 0 || len == 0) { scale(rows, beta, y); return; }
        pool.forRange(rows, COLUMN_ROWS, (i0, i1) -> {
            int w = i1 - i0;
            double[] t = new double[w];
            int j = 0;
            // Four columns per sweep, added one after the other: the same order as one column at a time.
            for (; j + 4 <= len; j += 4) {
                double x0 = x[j], x1 = x[j + 1], x2 = x[j + 2], x3 = x[j + 3];
                int o0 = j * ld + i0, o1 = o0 + ld, o2 = o1 + ld, o3 = o2 + ld;
                for (int i = 0; i < w; i++) t[i] = (((t[i] + m[o0 + i] * x0) + m[o1 + i] * x1) + m[o2 + i] * x2) + m[o3 + i] * x3;
            }
            for (; j < len; j++) {
                double xj = x[j];
                int o = j * ld + i0;
                for (int i = 0; i < w; i++) t[i] = t[i] + m[o + i] * xj;
            }
            store(t, i0, w, alpha, beta, y);
        });
    }

    static void dots(WorkerPool pool, int rows, int len, double alpha, double[] m, int ld, double[] x, double beta, double[] y) {
        if (alpha == 0 || len == 0) { scale(rows, beta, y); return; }
        pool.forRange(rows, pool.grainFor(rows, DOT_GRAIN), (i0, i1) -> {
            double[] t = new double[i1 - i0];
            for (int i = i0; i < i1; i++) {
                int o = i * ld;
                // Four interleaved partial sums, combined in a fixed order.
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int j = 0;
                for (; j + 4 <= len; j += 4) {
                    s0 += m[o + j] * x[j];
                    s1 += m[o + j + 1] * x[j + 1];
                    s2 += m[o + j + 2] * x[j + 2];
                    s3 += m[o + j + 3] * x[j + 3];
                }
                for (; j < len; j++) s0 += m[o + j] * x[j];
                t[i - i0] = (s0 + s1) + (s2 + s3);
            }
            store(t, i0, i1 - i0, alpha, beta, y);
        });
    }

    private static void store(double[] t, int i0, int w, double alpha, double beta, double[] y) {
        if (beta == 0) for (int i = 0; i < w; i++) y[i0 + i] = alpha * t[i];
        else for (int i = 0; i < w; i++) y[i0 + i] = alpha * t[i] + beta * y[i0 + i];
    }

    private static void scale(int rows, double beta, double[] y) {
        if (beta == 0) java.util.Arrays.fill(y, 0, rows, 0.0);
        else if (beta != 1) for (int i = 0; i < rows; i++) y[i] *= beta;
    }
}
