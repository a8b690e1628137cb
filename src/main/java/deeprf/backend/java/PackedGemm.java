package deeprf.backend.java;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Goto/BLIS blocked driver shared by {@link Dgemm} and {@link Dsyrk}: C ← alpha·op(A)·op(B) + beta·C on
 * column-major arrays, optionally restricted to one triangle of a square C (for SYRK, whose other triangle is neither
 * read nor written).
 *
 * <p>Loops, outermost first: column panels of NC columns (op(B) packed into a KC×NC panel of NR-wide slivers, kept
 * in L3 and streamed sliver by sliver through L1), k blocks of KC (the only split of the k sum), row blocks of MC
 * (op(A) packed into an MC×KC block of MR-tall slivers that stays in L2), then the micro-kernel over MR×NR tiles.
 *
 * <p>Determinism: every C element is produced by the same sequence of operations — the k blocks in order, each a
 * micro-kernel sum in k order — whichever thread computes its tile and however the tiles are divided among
 * threads. Results are therefore bitwise identical for any thread count.
 *
 * <p>Indexing: every array index used is an in-bounds element index of a Java array (&lt; 2³¹), and column offsets
 * are formed as {@code j·ld} only for existing columns j, so no int expression overflows.
 */
final class PackedGemm {
    private PackedGemm() {}

    /** Which part of C to compute. */
    enum Part { ALL, LOWER, UPPER }

    /** Depth of a k block: a KC×NR sliver of B (8 KiB with NR = 4) sits in L1 beside the streamed A sliver. */
    static final int KC = 256;
    /** Rows of a packed A block: MC·KC doubles = 256 KiB, half the 512 KiB L2 per core. */
    static final int MC = 128;
    /** Columns of a packed B panel: KC·NC doubles = 4 MiB, in the shared L3. */
    static final int NC = 2048;

    static void run(WorkerPool pool, MicroKernel kern, Part part, boolean transA, boolean transB,
                    int m, int n, int k, double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                    double beta, double[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) return;
        if (alpha == 0 || k == 0) {
            scaleC(pool, part, m, n, beta, c, cOff, ldc);
            return;
        }
        final int mr = kern.mr(), nr = kern.nr();
        final int mc = Math.max(mr, MC / mr * mr);
        final int nc = Math.max(nr, NC / nr * nr);
        final int kcMax = Math.min(KC, k);
        final double[] bPanel = new double[kcMax * roundUp(Math.min(nc, n), nr)];
        final int lanes = pool.threads();
        final double[][] aBufs = new double[lanes][], tmps = new double[lanes][];

        for (int jc = 0; jc < n; jc += nc) {
            final int ncur = Math.min(nc, n - jc);
            // Row blocks that meet the kept part of C within columns [jc, jc+ncur).
            final int icLo = part == Part.LOWER ? jc / mc * mc : 0;
            final int icHi = part == Part.UPPER ? Math.min(m, jc + ncur) : m;
            if (icLo >= icHi) continue;
            final int mBlocks = (icHi - icLo + mc - 1) / mc;
            final int nSlivers = (ncur + nr - 1) / nr;
            // Split the columns too when there are too few row blocks to keep every thread busy.
            final int groups = Math.min(nSlivers, Math.max(1, (2 * pool.threads() + mBlocks - 1) / mBlocks));
            final int slivPerGroup = (nSlivers + groups - 1) / groups;
            for (int pc = 0; pc < k; pc += kcMax) {
                final int kc = Math.min(kcMax, k - pc);
                final double betaNow = pc == 0 ? beta : 1.0;
                final int pcF = pc, jcF = jc;
                pool.forRange(nSlivers, Math.max(8, pool.grainFor(nSlivers, 8)), (s0, s1) -> {
                    for (int s = s0; s < s1; s++)
                        packB(transB, b, bOff, ldb, pcF, kc, jcF + s * nr, Math.min(nr, ncur - s * nr), nr, bPanel, s * nr * kc);
                });
                final int tasks = mBlocks * groups;
                final AtomicInteger next = new AtomicInteger();
                // One lane per thread, each with its own packing buffers, taking (row block, column group) tasks
                // in turn; which lane computes a tile never changes the tile's arithmetic.
                pool.forRange(Math.min(lanes, tasks), 1, (l0, l1) -> {
                    for (int lane = l0; lane < l1; lane++) {
                        if (aBufs[lane] == null) aBufs[lane] = new double[roundUp(Math.min(mc, m), mr) * kcMax];
                        if (tmps[lane] == null) tmps[lane] = new double[mr * nr];
                        double[] aBlock = aBufs[lane], tmp = tmps[lane];
                        for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                            // LOWER: bottom row blocks first (they reach the most columns), so the last tasks
                            // handed out are the small ones and the lanes finish together
                            int rb = part == Part.LOWER ? mBlocks - 1 - t / groups : t / groups;
                            int ic = icLo + rb * mc;
                            int mcur = Math.min(mc, icHi - ic);
                            int g = t % groups;
                            int sLo = g * slivPerGroup, sHi = Math.min(nSlivers, sLo + slivPerGroup);
                            // Columns of this block that meet the kept triangle.
                            if (part == Part.LOWER) sHi = Math.min(sHi, Math.max(0, ic + mcur - 1 - jcF) / nr + 1);
                            if (part == Part.UPPER) sLo = Math.max(sLo, Math.max(0, ic - jcF) / nr);
                            if (sLo >= sHi) continue;
                            packA(transA, a, aOff, lda, ic, mcur, pcF, kc, mr, aBlock);
                            macro(kern, part, aBlock, mcur, ic, bPanel, sLo, sHi, ncur, jcF, kc, alpha, betaNow, c, cOff, ldc, tmp);
                        }
                    }
                });
            }
        }
    }

    /** Runs the micro-kernel over the tiles of one packed A block × slivers [sLo, sHi) of the packed B panel. */
    private static void macro(MicroKernel kern, Part part, double[] aBlock, int mcur, int ic, double[] bPanel,
                              int sLo, int sHi, int ncur, int jc, int kc, double alpha, double beta,
                              double[] c, int cOff, int ldc, double[] tmp) {
        final int mr = kern.mr(), nr = kern.nr();
        for (int s = sLo; s < sHi; s++) {
            int j0 = jc + s * nr, nw = Math.min(nr, ncur - s * nr);
            int bo = s * nr * kc;
            for (int ir = 0; ir < mcur; ir += mr) {
                int i0 = ic + ir, mw = Math.min(mr, mcur - ir);
                int ao = ir * kc;
                boolean full = mw == mr && nw == nr;
                if (part == Part.LOWER) {
                    if (i0 + mw - 1 < j0) continue;            // tile entirely above the diagonal
                    full &= i0 >= j0 + nw - 1;
                } else if (part == Part.UPPER) {
                    if (i0 > j0 + nw - 1) continue;            // tile entirely below the diagonal
                    full &= i0 + mw - 1 <= j0;
                }
                if (full) {
                    kern.tile(kc, aBlock, ao, bPanel, bo, alpha, beta, c, cOff + i0 + j0 * ldc, ldc);
                } else {
                    kern.tile(kc, aBlock, ao, bPanel, bo, 1.0, 0.0, tmp, 0, mr);
                    for (int j = 0; j < nw; j++) {
                        int col = cOff + (j0 + j) * ldc;
                        int iFrom = part == Part.LOWER ? Math.max(0, j0 + j - i0) : 0;
                        int iTo = part == Part.UPPER ? Math.min(mw, j0 + j - i0 + 1) : mw;
                        for (int i = iFrom; i < iTo; i++) {
                            int o = col + i0 + i;
                            c[o] = beta == 0 ? alpha * tmp[i + j * mr] : alpha * tmp[i + j * mr] + beta * c[o];
                        }
                    }
                }
            }
        }
    }

    /** Packs op(A)[i0:i0+mcur, p0:p0+kc] as MR-tall slivers, zero-padding the last one. */
    static void packA(boolean transA, double[] a, int aOff, int lda, int i0, int mcur, int p0, int kc, int mr, double[] dst) {
        for (int ir = 0; ir < mcur; ir += mr) {
            int mw = Math.min(mr, mcur - ir);
            int d = ir * kc;
            if (!transA) {
                for (int p = 0; p < kc; p++, d += mr) {
                    int src = aOff + i0 + ir + (p0 + p) * lda;
                    for (int i = 0; i < mw; i++) dst[d + i] = a[src + i];
                    for (int i = mw; i < mr; i++) dst[d + i] = 0;
                }
            } else {
                // op(A)(i, p) = A(p, i): read each A column (contiguous in p) into a strided sliver row.
                for (int i = 0; i < mw; i++) {
                    int src = aOff + p0 + (i0 + ir + i) * lda;
                    for (int p = 0; p < kc; p++) dst[d + p * mr + i] = a[src + p];
                }
                for (int i = mw; i < mr; i++)
                    for (int p = 0; p < kc; p++) dst[d + p * mr + i] = 0;
            }
        }
    }

    /** Packs op(B)[p0:p0+kc, j0:j0+nw] as one NR-wide sliver at dst[d…], zero-padding missing columns. */
    static void packB(boolean transB, double[] b, int bOff, int ldb, int p0, int kc, int j0, int nw, int nr, double[] dst, int d) {
        if (!transB) {
            for (int j = 0; j < nw; j++) {
                int src = bOff + p0 + (j0 + j) * ldb;
                for (int p = 0; p < kc; p++) dst[d + p * nr + j] = b[src + p];
            }
        } else {
            // op(B)(p, j) = B(j, p): for each p the NR values are contiguous in B's column p.
            for (int p = 0; p < kc; p++) {
                int src = bOff + j0 + (p0 + p) * ldb;
                for (int j = 0; j < nw; j++) dst[d + p * nr + j] = b[src + j];
            }
        }
        for (int j = nw; j < nr; j++)
            for (int p = 0; p < kc; p++) dst[d + p * nr + j] = 0;
    }

    /** C ← beta·C on the kept part (beta = 0 writes zeros without reading C). */
    private static void scaleC(WorkerPool pool, Part part, int m, int n, double beta, double[] c, int cOff, int ldc) {
        if (beta == 1) return;
        pool.forRange(n, pool.grainFor(n, 16), (j0, j1) -> {
            for (int j = j0; j < j1; j++) {
                int from = part == Part.LOWER ? Math.min(j, m) : 0;
                int to = part == Part.UPPER ? Math.min(j + 1, m) : m;
                int col = cOff + j * ldc;
                if (beta == 0) for (int i = from; i < to; i++) c[col + i] = 0;
                else for (int i = from; i < to; i++) c[col + i] *= beta;
            }
        });
    }

    private static int roundUp(int x, int r) { return (x + r - 1) / r * r; }
}
