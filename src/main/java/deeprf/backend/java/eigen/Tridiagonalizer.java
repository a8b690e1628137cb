package deeprf.backend.java.eigen;

import deeprf.backend.java.Dgemm;
import deeprf.backend.java.WorkerPool;

/**
 * Householder reduction of a symmetric matrix (lower triangle, column-major) to tridiagonal form, A = Q·T·Qᵀ, in the
 * style of LAPACK dsytrd/dlatrd with uplo = 'L': panels of {@link #NB} columns are reduced with a matrix-vector
 * product per column against the not yet updated trailing matrix (corrected by the panel's V and W), then the
 * trailing matrix takes one rank-2·NB update A ← A − V·Wᵀ − W·Vᵀ on the lower triangle (packed GEMM). The last {@link #NX} columns use the
 * unblocked dsytd2 algorithm.
 *
 * <p>On return d holds T's diagonal, e[0..n−2] its subdiagonal, and the reflectors H(i) = I − tau[i]·v·vᵀ
 * (v[i+1] = 1, v[i+2..n−1] = a[i+2..n−1, i]) sit below the subdiagonal of a; Q = H(0)·H(1)···H(n−2).
 * Results do not depend on the pool's thread count (work is split at boundaries that depend on n only).
 */
final class Tridiagonalizer {
    private Tridiagonalizer() {}

    static final int NB = 32;
    static final int NX = 128;
    /**
     * Matrix-vector products on at least this many rows are split into {@link #SYMV_CHUNKS} fixed column chunks
     * (below it a product takes tens of microseconds, about what handing it to the pool's threads costs).
     */
    private static final int SYMV_PARALLEL_MIN = 512;
    /**
     * Fixed column chunks of equal work: as many threads as chunks can share a product. Four, not more: every chunk
     * but the first needs its own zeroed partial y and a pass to add it in, which a single thread pays too
     * (eight chunks cost ~10 % of the product's time on one thread).
     */
    private static final int SYMV_CHUNKS = 4;

    static void reduce(WorkerPool pool, int n, double[] a, double[] d, double[] e, double[] tau) {
        double[][] partial = new double[SYMV_CHUNKS][n];
        int i0 = 0;
        if (n - 1 > NX) {
            int ldw = n;
            double[] w = new double[ldw * NB];
            double[] xy = new double[2 * n * 2 * NB];
            for (; n - i0 > NX; i0 += NB) {
                panel(pool, n, a, i0, e, tau, w, ldw, partial);
                trailingUpdate(pool, n, a, i0, w, ldw, xy);
                for (int j = i0; j < i0 + NB; j++) {
                    a[j + 1 + j * n] = e[j];
                    d[j] = a[j + j * n];
                }
            }
        }
        double[] y = new double[n];
        for (int i = i0; i < n - 1; i++) {
            int m = n - i - 1, col = i * n;
            double t = Householder.larfg(m, a, col + i + 1, col + Math.min(i + 2, n - 1));
            e[i] = a[col + i + 1];
            if (t != 0) {
                a[col + i + 1] = 1;
                int v = col + i + 1, sub = (i + 1) * (n + 1);
                symvLower(pool, m, a, sub, n, a, v, y, 0, partial);
                for (int r = 0; r < m; r++) y[r] *= t;
                double alpha = -0.5 * t * Householder.dot(m, y, 0, a, v);
                for (int r = 0; r < m; r++) y[r] += alpha * a[v + r];
                // A22 ← A22 − v·yᵀ − y·vᵀ (lower triangle)
                for (int j = 0; j < m; j++) {
                    double vj = a[v + j], yj = y[j];
                    int cj = sub + j * n;
                    for (int r = j; r < m; r++) a[cj + r] -= a[v + r] * yj + y[r] * vj;
                }
                a[col + i + 1] = e[i];
            }
            d[i] = a[i + col];
            tau[i] = t;
        }
        d[n - 1] = a[(n - 1) * (n + 1)];
    }

    /**
     * dlatrd (lower): reduces columns i0..i0+NB−1; W(r, l) = w[(r−i0) + l·ldw] for rows r ≥ i0+l+1. Leaves the unit
     * entries of V in place (a[j+1, j] = 1); the caller restores e.
     */
    private static void panel(WorkerPool pool, int n, double[] a, int i0, double[] e, double[] tau,
                              double[] w, int ldw, double[][] partial) {
        double[] t1 = new double[NB], t2 = new double[NB];
        for (int jj = 0; jj < NB; jj++) {
            int c = i0 + jj, col = c * n;
            // bring column c up to date with the panel's earlier reflectors: A(c:n,c) −= V·W(c,:)ᵀ + W·V(c,:)ᵀ
            if (jj > 0) {
                for (int l = 0; l < jj; l++) {
                    t1[l] = w[(c - i0) + l * ldw];   // W(c, l)
                    t2[l] = a[(i0 + l) * n + c];     // V(c, l)
                }
                PanelGemv.minusGemv(n - c, jj, a, i0 * n + c, n, t1, a, col + c);
                PanelGemv.minusGemv(n - c, jj, w, c - i0, ldw, t2, a, col + c);
            }
            int m = n - c - 1;
            double t = Householder.larfg(m, a, col + c + 1, col + Math.min(c + 2, n - 1));
            tau[c] = t;
            e[c] = a[col + c + 1];
            a[col + c + 1] = 1;
            int v = col + c + 1;
            int wc = (c + 1 - i0) + jj * ldw;
            symvLower(pool, m, a, (c + 1) * (n + 1), n, a, v, w, wc, partial);
            if (jj > 0) {
                PanelGemv.gemvT(m, jj, w, c + 1 - i0, ldw, a, v, t1);        // W(c+1:n, :)ᵀ v
                PanelGemv.gemvT(m, jj, a, i0 * n + c + 1, n, a, v, t2);      // V(c+1:n, :)ᵀ v
                PanelGemv.minusGemv(m, jj, a, i0 * n + c + 1, n, t1, w, wc);  // w −= V·(Wᵀv) + W·(Vᵀv)
                PanelGemv.minusGemv(m, jj, w, c + 1 - i0, ldw, t2, w, wc);
            }
            for (int r = 0; r < m; r++) w[wc + r] *= t;
            double alpha = -0.5 * t * Householder.dot(m, w, wc, a, v);
            for (int r = 0; r < m; r++) w[wc + r] += alpha * a[v + r];
        }
    }

    /** A(i0+NB:n, i0+NB:n) −= V·Wᵀ + W·Vᵀ on the lower triangle, as one lower-triangle GEMM with k = 2·NB. */
    private static void trailingUpdate(WorkerPool pool, int n, double[] a, int i0, double[] w, int ldw, double[] xy) {
        int s = i0 + NB, m = n - s;
        if (m <= 0) return;
        // X = [V W], Y = [W V] (m × 2NB, contiguous) so that V·Wᵀ + W·Vᵀ = X·Yᵀ
        int k = 2 * NB, ldx = m;
        int yOff = ldx * k;
        for (int l = 0; l < NB; l++) {
            System.arraycopy(a, (i0 + l) * n + s, xy, l * ldx, m);
            System.arraycopy(w, (s - i0) + l * ldw, xy, (NB + l) * ldx, m);
            System.arraycopy(w, (s - i0) + l * ldw, xy, yOff + l * ldx, m);
            System.arraycopy(a, (i0 + l) * n + s, xy, yOff + (NB + l) * ldx, m);
        }
        // one lower-triangle product: the packed GEMM computes only the tiles that meet the lower triangle and
        // packs each row block of X once (column blocks of separate GEMMs re-packed X per block, ~20 % slower)
        Dgemm.gemmLower(pool, false, true, m, k, -1.0, xy, 0, ldx, xy, yOff, ldx, 1.0, a, s + s * n, n);
    }

    /**
     * y = A·x for the m×m symmetric matrix whose lower triangle starts at a[aOff] (leading dimension lda); x at
     * a-like array xs[xOff], y written to ys[yOff..yOff+m). Large products are split into fixed column chunks, each
     * accumulating into its own buffer, summed in a fixed order (same bits for any thread count).
     */
    static void symvLower(WorkerPool pool, int m, double[] a, int aOff, int lda, double[] xs, int xOff,
                          double[] ys, int yOff, double[][] partial) {
        if (m < SYMV_PARALLEL_MIN) {
            for (int i = 0; i < m; i++) ys[yOff + i] = 0;
            symvColumns(m, a, aOff, lda, xs, xOff, ys, yOff, 0, m);
            return;
        }
        int[] bounds = new int[SYMV_CHUNKS + 1];
        for (int c = 1; c < SYMV_CHUNKS; c++) {
            int b = (int) (m * (1 - Math.sqrt(1 - (double) c / SYMV_CHUNKS)));
            bounds[c] = Math.max(bounds[c - 1], b & ~3);
        }
        bounds[SYMV_CHUNKS] = m;
        // one task per thread (a task per chunk would hand off more often than needed); chunk 0 accumulates into y
        // itself, the others into their partial buffers; which thread runs a chunk does not change its arithmetic
        int perTask = (SYMV_CHUNKS + pool.threads() - 1) / pool.threads();
        pool.forRange(SYMV_CHUNKS, perTask, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                int j0 = bounds[c];
                if (c == 0) {
                    java.util.Arrays.fill(ys, yOff, yOff + m, 0.0);
                    symvColumns(m, a, aOff, lda, xs, xOff, ys, yOff, 0, bounds[1]);
                } else {
                    double[] p = partial[c];
                    java.util.Arrays.fill(p, j0, m, 0.0);
                    symvColumns(m, a, aOff, lda, xs, xOff, p, 0, j0, bounds[c + 1]);
                }
            }
        });
        // y = ((y₀ + p₁) + p₂) + p₃, row by row in this fixed order; chunk c touched rows ≥ bounds[c] only
        for (int c = 1; c < SYMV_CHUNKS; c++) {
            double[] p = partial[c];
            for (int i = bounds[c]; i < m; i++) ys[yOff + i] += p[i];
        }
    }

    /** Vector API symv kernel when the incubator module is present (decided once), the scalar one otherwise. */
    private static final boolean VECTOR = deeprf.backend.java.VectorSupport.detect().enabled();

    private static void symvColumns(int m, double[] a, int aOff, int lda, double[] x, int xOff,
                                    double[] y, int yOff, int j0, int j1) {
        if (VECTOR) VectorSymv.columns(m, a, aOff, lda, x, xOff, y, yOff, j0, j1);
        else scalarSymvColumns(m, a, aOff, lda, x, xOff, y, yOff, j0, j1);
    }

    /** Adds the contribution of columns [j0, j1) of the lower-stored symmetric matrix to y (rows j0..m−1). */
    static void scalarSymvColumns(int m, double[] a, int aOff, int lda, double[] x, int xOff,
                                    double[] y, int yOff, int j0, int j1) {
        int j = j0;
        for (; j + 4 <= j1; j += 4) {
            int c0 = aOff + j * lda, c1 = c0 + lda, c2 = c1 + lda, c3 = c2 + lda;
            double x0 = x[xOff + j], x1 = x[xOff + j + 1], x2 = x[xOff + j + 2], x3 = x[xOff + j + 3];
            // 4×4 diagonal block from its lower triangle
            double a00 = a[c0 + j], a10 = a[c0 + j + 1], a20 = a[c0 + j + 2], a30 = a[c0 + j + 3];
            double a11 = a[c1 + j + 1], a21 = a[c1 + j + 2], a31 = a[c1 + j + 3];
            double a22 = a[c2 + j + 2], a32 = a[c2 + j + 3];
            double a33 = a[c3 + j + 3];
            double s0 = a00 * x0 + a10 * x1 + a20 * x2 + a30 * x3;
            double s1 = a10 * x0 + a11 * x1 + a21 * x2 + a31 * x3;
            double s2 = a20 * x0 + a21 * x1 + a22 * x2 + a32 * x3;
            double s3 = a30 * x0 + a31 * x1 + a32 * x2 + a33 * x3;
            for (int i = j + 4; i < m; i++) {
                double xi = x[xOff + i];
                double b0 = a[c0 + i], b1 = a[c1 + i], b2 = a[c2 + i], b3 = a[c3 + i];
                y[yOff + i] += b0 * x0 + b1 * x1 + b2 * x2 + b3 * x3;
                s0 += b0 * xi;
                s1 += b1 * xi;
                s2 += b2 * xi;
                s3 += b3 * xi;
            }
            y[yOff + j] += s0;
            y[yOff + j + 1] += s1;
            y[yOff + j + 2] += s2;
            y[yOff + j + 3] += s3;
        }
        for (; j < j1; j++) {
            int c0 = aOff + j * lda;
            double x0 = x[xOff + j];
            double s = a[c0 + j] * x0;
            for (int i = j + 1; i < m; i++) {
                double b = a[c0 + i];
                y[yOff + i] += b * x0;
                s += b * x[xOff + i];
            }
            y[yOff + j] += s;
        }
    }
}
