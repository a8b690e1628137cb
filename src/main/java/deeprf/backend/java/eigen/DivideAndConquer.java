package deeprf.backend.java.eigen;

import deeprf.backend.java.Dgemm;
import deeprf.backend.java.WorkerPool;

import java.util.Arrays;

/**
 * Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by Cuppen's divide and conquer, as LAPACK
 * dstedc/dlaed0–dlaed3: T is torn at the middle into two halves plus a rank-one term, the halves are solved
 * recursively (implicit QL below {@link #LEAF} rows), and each merge
 * <ol>
 * <li>deflates components of z that are negligible and pairs of nearly equal poles (a Givens rotation zeroes one
 *     z component), with dlaed2's tolerance 8·ε·max(|d|, |z|);</li>
 * <li>solves the secular equation for the remaining k roots ({@link SecularEquation});</li>
 * <li>recomputes z from the computed roots by Löwner's formula (Gu–Eisenstat), so the new eigenvectors are
 *     numerically orthogonal however close the roots are;</li>
 * <li>multiplies the old eigenvectors by the k×k secular eigenvectors as two GEMMs that skip the structural zero
 *     blocks (columns from the upper half, mixed columns, columns from the lower half).</li>
 * </ol>
 */
final class DivideAndConquer {
    private DivideAndConquer() {}

    static final int LEAF = 25;
    /**
     * Blocks at least this large solve their two halves as two parallel tasks. Below it the halves are solved in
     * turn (each merge's GEMMs, secular roots and Löwner products still use the pool): small subproblems are not
     * worth a task. The arithmetic is the same either way, so results do not depend on the thread count.
     */
    static final int PARALLEL_HALVES_MIN = 256;
    private static final double EPS = 0x1p-53;

    /**
     * Overwrites d with T's eigenvalues in ascending order and q (n×n, leading dimension n) with its eigenvectors;
     * e[0..n−2] is T's subdiagonal (destroyed).
     */
    static void solve(WorkerPool pool, int n, double[] d, double[] e, double[] q) {
        Arrays.fill(q, 0, n * n, 0.0);
        if (n == 0) return;
        // split where the off-diagonal is negligible (dstedc), solve each unreduced block on its own scale
        int start = 0;
        while (start < n) {
            int end = start;
            while (end < n - 1) {
                double tiny = EPS * Math.sqrt(Math.abs(d[end])) * Math.sqrt(Math.abs(d[end + 1]));
                if (Math.abs(e[end]) <= tiny) {
                    e[end] = 0;
                    break;
                }
                end++;
            }
            int size = end - start + 1;
            if (size == 1) {
                q[start + start * n] = 1;
            } else {
                double norm = 0;
                for (int i = start; i <= end; i++) norm = Math.max(norm, Math.abs(d[i]));
                for (int i = start; i < end; i++) norm = Math.max(norm, Math.abs(e[i]));
                for (int i = start; i <= end; i++) d[i] /= norm;
                for (int i = start; i < end; i++) e[i] /= norm;
                divide(pool, n, start, size, d, e, q);
                for (int i = start; i <= end; i++) d[i] *= norm;
            }
            start = end + 1;
        }
        sortColumns(n, d, q);
    }

    /** Sorts d ascending, permuting q's columns along (stable; needed only across split blocks). */
    private static void sortColumns(int n, double[] d, double[] q) {
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) sorted = d[i - 1] <= d[i];
        if (sorted) return;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double[] dc = d.clone();
        Arrays.sort(order, (x, y) -> Double.compare(dc[x], dc[y]));
        double[] qc = q.clone();
        for (int j = 0; j < n; j++) {
            d[j] = dc[order[j]];
            System.arraycopy(qc, order[j] * n, q, j * n, n);
        }
    }

    /** Solves the unreduced block [s, s+size) into the diagonal block of q (ld = ldq). */
    private static void divide(WorkerPool pool, int ldq, int s, int size, double[] d, double[] e, double[] q) {
        if (size <= LEAF) {
            for (int i = 0; i < size; i++) q[(s + i) + (s + i) * ldq] = 1;
            double[] el = new double[size];
            System.arraycopy(e, s, el, 0, size - 1);
            TridiagonalQL.solve(size, d, s, el, 0, q, s + s * ldq, ldq);
            sortBlock(ldq, s, size, d, q);
            return;
        }
        int n1 = size / 2, cut = s + n1;
        double beta = e[cut - 1];
        d[cut - 1] -= Math.abs(beta);
        d[cut] -= Math.abs(beta);
        if (size >= PARALLEL_HALVES_MIN) {
            // the halves touch disjoint ranges of d, e and disjoint diagonal blocks of q: solve them side by side
            // (each on one worker, nested pool calls run inline there), then merge on the whole pool
            pool.forRange(2, 1, (h0, h1) -> {
                for (int h = h0; h < h1; h++) {
                    if (h == 0) divide(pool, ldq, s, n1, d, e, q);
                    else divide(pool, ldq, cut, size - n1, d, e, q);
                }
            });
        } else {
            divide(pool, ldq, s, n1, d, e, q);
            divide(pool, ldq, cut, size - n1, d, e, q);
        }
        merge(pool, ldq, s, n1, size - n1, beta, d, q);
    }

    private static void sortBlock(int ldq, int s, int size, double[] d, double[] q) {
        // insertion sort (leaf sizes are small); columns move with their values
        double[] col = new double[size];
        for (int i = 1; i < size; i++) {
            double v = d[s + i];
            int j = i - 1;
            if (d[s + j] <= v) continue;
            for (int r = 0; r < size; r++) col[r] = q[(s + r) + (s + i) * ldq];
            while (j >= 0 && d[s + j] > v) {
                d[s + j + 1] = d[s + j];
                System.arraycopy(q, s + (s + j) * ldq, q, s + (s + j + 1) * ldq, size);
                j--;
            }
            d[s + j + 1] = v;
            for (int r = 0; r < size; r++) q[(s + r) + (s + j + 1) * ldq] = col[r];
        }
    }

    /**
     * Merges the solved halves [s, s+n1) and [s+n1, s+n) (eigenvalues ascending in each half, eigenvectors in the
     * diagonal blocks of q) across the coupling β = T(s+n1, s+n1−1).
     */
    static void merge(WorkerPool pool, int ldq, int s, int n1, int n2, double beta, double[] d, double[] q) {
        int n = n1 + n2;
        // D + |β|·v·vᵀ with v = [last row of Q1; sign(β)·first row of Q2]; normalise ‖z‖ = 1 (‖v‖ = √2)
        double[] zRaw = new double[n];
        double r2 = Math.sqrt(0.5);
        for (int i = 0; i < n1; i++) zRaw[i] = q[(s + n1 - 1) + (s + i) * ldq] * r2;
        double sign = beta < 0 ? -r2 : r2;
        for (int i = 0; i < n2; i++) zRaw[n1 + i] = q[(s + n1) + (s + n1 + i) * ldq] * sign;
        double rho = 2 * Math.abs(beta);

        // merge the two ascending lists: sorted position p holds local column col[p]
        int[] col = new int[n];
        double[] ds = new double[n], zs = new double[n];
        int[] type = new int[n];   // 1: upper rows only, 2: both halves, 3: lower rows only
        for (int p = 0, i = 0, j = n1; p < n; p++) {
            int c = (j >= n || (i < n1 && d[s + i] <= d[s + j])) ? i++ : j++;
            col[p] = c;
            ds[p] = d[s + c];
            zs[p] = zRaw[c];
            type[p] = c < n1 ? 1 : 3;
        }
        double dmax = 0, zmax = 0;
        for (int p = 0; p < n; p++) {
            dmax = Math.max(dmax, Math.abs(ds[p]));
            zmax = Math.max(zmax, Math.abs(zs[p]));
        }
        double tol = 8 * EPS * Math.max(dmax, zmax);

        int[] keep = new int[n], defl = new int[n];
        int k = 0, nd = 0;
        if (rho * zmax <= tol) {
            for (int p = 0; p < n; p++) defl[nd++] = p;
        } else {
            int pj = -1;
            for (int j = 0; j < n; j++) {
                if (rho * Math.abs(zs[j]) <= tol) {
                    defl[nd++] = j;
                    continue;
                }
                if (pj < 0) {
                    pj = j;
                    continue;
                }
                double sn = zs[pj], cs = zs[j];
                double tau = Householder.hypot(cs, sn);
                double t = ds[j] - ds[pj];
                cs /= tau;
                sn = -sn / tau;
                if (Math.abs(t * cs * sn) <= tol) {
                    // close poles: rotate so that pj's z component vanishes and pj deflates
                    zs[j] = tau;
                    zs[pj] = 0;
                    if (type[pj] != type[j]) type[pj] = type[j] = 2;
                    int xc = s + (s + col[pj]) * ldq, yc = s + (s + col[j]) * ldq;
                    for (int r = 0; r < n; r++) {
                        double x = q[xc + r], y = q[yc + r];
                        q[xc + r] = cs * x + sn * y;
                        q[yc + r] = cs * y - sn * x;
                    }
                    double c2 = cs * cs, s2 = sn * sn;
                    double dp = ds[pj] * c2 + ds[j] * s2;
                    ds[j] = ds[pj] * s2 + ds[j] * c2;
                    ds[pj] = dp;
                    defl[nd++] = pj;
                } else {
                    keep[k++] = pj;
                }
                pj = j;
            }
            if (pj >= 0) keep[k++] = pj;
        }

        // secular equation for the kept poles (ascending, distinct)
        double[] dl = new double[k], zl = new double[k], lam = new double[k];
        for (int r = 0; r < k; r++) {
            dl[r] = ds[keep[r]];
            zl[r] = zs[keep[r]];
        }
        double[] delta = new double[k * k];   // delta(i, j) = dl_i − λ_j, column j per root
        final int kk = k;
        pool.forRange(k, pool.grainFor(k, 32), (j0, j1) -> {
            for (int j = j0; j < j1; j++) lam[j] = SecularEquation.root(kk, dl, zl, rho, j, delta, j * kk);
        });

        // order of kept columns by type (1, 2, 3): the upper rows of the result need types 1–2, the lower rows
        // types 2–3, so with U's rows in this order both GEMMs read a contiguous row range of U
        int c1 = 0, c2 = 0, c3 = 0;
        for (int r = 0; r < k; r++) {
            int t = type[keep[r]];
            if (t == 1) c1++; else if (t == 2) c2++; else c3++;
        }
        int[] byType = new int[k], pos = new int[k];
        int p1 = 0, p2 = c1, p3 = c1 + c2;
        for (int r = 0; r < k; r++) {
            int t = type[keep[r]];
            int x = t == 1 ? p1++ : t == 2 ? p2++ : p3++;
            byType[x] = r;
            pos[r] = x;
        }

        // Löwner: ẑ_i² = ∏_j (λ_j − d_i) / ∏_{j≠i} (d_j − d_i) (up to the factor ρ, irrelevant after normalising)
        double[] zh = new double[k];
        pool.forRange(k, pool.grainFor(k, 64), (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                double w = delta[i + i * kk];
                for (int j = 0; j < kk; j++) if (j != i) w *= delta[i + j * kk] / (dl[i] - dl[j]);
                zh[i] = Math.copySign(Math.sqrt(Math.max(-w, 0)), zl[i]);
            }
        });
        // secular eigenvectors u_j = (ẑ_i / (d_i − λ_j))_i, normalised, rows in type order; overwrite delta
        pool.forRange(k, pool.grainFor(k, 64), (j0, j1) -> {
            double[] u = new double[kk];
            for (int j = j0; j < j1; j++) {
                int cj = j * kk;
                for (int i = 0; i < kk; i++) u[pos[i]] = zh[i] / delta[cj + i];
                double nrm = Householder.nrm2(kk, u, 0);
                for (int i = 0; i < kk; i++) delta[cj + i] = u[i] / nrm;
            }
        });

        // gather Q's nonzero blocks: upper rows of type 1–2 columns, lower rows of type 2–3 columns
        int kt = c1 + c2, kb = c2 + c3;
        double[] qt = new double[n1 * kt], qb = new double[n2 * kb];
        final int fc1 = c1;
        pool.forRange(kt + kb, pool.grainFor(kt + kb, 64), (x0, x1) -> {
            for (int x = x0; x < x1; x++) {
                if (x < kt) System.arraycopy(q, s + (s + col[keep[byType[x]]]) * ldq, qt, x * n1, n1);
                else System.arraycopy(q, s + n1 + (s + col[keep[byType[fc1 + x - kt]]]) * ldq, qb, (x - kt) * n2, n2);
            }
        });
        // result block: columns 0..k−1 new vectors, k..n−1 deflated ones (copied before q is overwritten)
        double[] out = new double[n * n];
        if (k > 0) {
            if (kt > 0) Dgemm.gemm(pool, false, false, n1, k, kt, 1.0, qt, 0, n1, delta, 0, k, 0.0, out, 0, n);
            if (kb > 0) Dgemm.gemm(pool, false, false, n2, k, kb, 1.0, qb, 0, n2, delta, c1, k, 0.0, out, n1, n);
        }
        double[] vals = new double[n];
        System.arraycopy(lam, 0, vals, 0, k);
        // deflated values in ascending order
        Integer[] dord = new Integer[nd];
        for (int x = 0; x < nd; x++) dord[x] = defl[x];
        Arrays.sort(dord, (x, y) -> Double.compare(ds[x], ds[y]));
        for (int x = 0; x < nd; x++) vals[k + x] = ds[dord[x]];
        pool.forRange(nd, pool.grainFor(nd, 64), (x0, x1) -> {
            for (int x = x0; x < x1; x++) System.arraycopy(q, s + (s + col[dord[x]]) * ldq, out, (kk + x) * n, n);
        });
        // merge the two ascending runs into the diagonal block of q
        int[] from = new int[n];
        for (int p = 0, i = 0, j = k; p < n; p++) {
            int c = (j >= n || (i < k && vals[i] <= vals[j])) ? i++ : j++;
            d[s + p] = vals[c];
            from[p] = c;
        }
        pool.forRange(n, pool.grainFor(n, 64), (x0, x1) -> {
            for (int p = x0; p < x1; p++) System.arraycopy(out, from[p] * n, q, s + (s + p) * ldq, n);
        });
    }
}
