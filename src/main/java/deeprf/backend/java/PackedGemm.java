package deeprf.backend.java;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Goto/BLIS blocked driver shared by {@link Dgemm} and {@link Dsyrk}: C ← alpha·op(A)·op(B) + beta·C on
 * column-major arrays, optionally restricted to one triangle of a square C (for SYRK, whose other triangle is neither
 * read nor written).
 *
 * <p>Loops, outermost first: row panels of up to MP rows, whose op(A) is packed once, whole (every k block, as
 * MR-tall slivers of MC×KC blocks), by all threads together; then tasks over narrow column panels of NC columns, taken
 * by the threads in turn with no barrier between them. A task runs every k block of its panel in order: it packs
 * op(B)'s KC×NC block (NR-wide slivers, its own buffer) and runs the micro-kernel over MR×NR tiles for each MC row block
 * (the packed A block streams through L2, the B sliver sits in L1).
 *
 * <p>Why this order: a column panel of C (MP×NC doubles, ≤ 4 MiB) is updated once per k block, and between two updates
 * only that panel is touched, so it stays in L3 instead of being re-read from memory on every k block (Java has no
 * prefetch instruction to hide that latency, unlike OpenBLAS's kernels). Packing A once per row panel keeps packing
 * work the same as a single wide panel would, and per-task B packing needs no sharing, hence no per-k-block barrier.
 *
 * <p>Determinism: every C element is produced by the same sequence of operations — the k blocks in order, each a
 * micro-kernel sum in k order — whichever thread computes its tile and however the tiles are divided among
 * threads. Results are therefore bitwise identical for any thread count.
 *
 * <p>Indexing: every array index used is an in-bounds element index of a Java array (&lt; 2³¹), and column offsets
 * are formed as {@code j·ld} only for existing columns j, so no int expression overflows; the packed A panel is
 * capped at {@link #PACKED_A_MAX} doubles (plus its {@link #A_PAD}-double pad).
 */
final class PackedGemm {
    private PackedGemm() {}

    /** Which part of C to compute. */
    enum Part { ALL, LOWER, UPPER }

    /** Depth of a k block: a KC×NR sliver of B (8 KiB with NR = 4, 16 KiB with 8) sits in L1 beside the streamed A sliver. */
    static final int KC = 256;
    /** Rows of a packed A block: MC·KC doubles = 256 KiB, half the 512 KiB L2 per core. */
    static final int MC = 128;
    /** Columns of a task's panel: a B block of KC·NC doubles (512 KiB) and a C panel of MP·NC (≤ 4 MiB, in L3). */
    static final int NC = 256;
    /** Narrowest panel used to make more tasks for several threads (narrower ones would reuse each A block less). */
    static final int NC_MIN = 64;
    /** Most rows of one row panel (bounds the C panel a task keeps in L3). */
    static final int MP = 2048;
    /**
     * Doubles skipped at the start of the packed A panel, so that its slivers start on a 64-byte boundary: a double[]'s
     * elements start 16 bytes into the object, and G1 places an array of half a heap region or more (every packed
     * panel of a large product) at a region boundary, so element 6 sits at byte 64. The micro-kernel's 32-byte A loads
     * then never straddle a cache line; with no pad every other one did. Measured in one process, interleaved with
     * OpenBLAS, n = 2048: 0.93 / 0.89 of OpenBLAS with a pad of 2 / 6 against 0.82 with none (1 thread), 0.82 / 0.89
     * against 0.76 (2 threads). Where arrays are placed otherwise (other collectors, small panels) the pad aligns
     * nothing and costs nothing.
     */
    static final int A_PAD = 6;
    /** Most doubles of one packed A panel (32 MiB); taller or deeper problems use more row panels. */
    static final int PACKED_A_MAX = 1 << 22;

    static void run(WorkerPool pool, MicroKernel kern, Part part, boolean transA, boolean transB,
                    int m, int n, int k, double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                    double beta, double[] c, int cOff, int ldc) {
        run(pool, kern, part, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, MP, PACKED_A_MAX);
    }

    /** As above with explicit row-panel and packed-A limits (tests use small ones to reach every panel loop). */
    static void run(WorkerPool pool, MicroKernel kern, Part part, boolean transA, boolean transB,
                    int m, int n, int k, double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                    double beta, double[] c, int cOff, int ldc, int mpLimit, int packedLimit) {
        if (m <= 0 || n <= 0) return;
        if (alpha == 0 || k == 0) {
            scaleC(pool, part, m, n, beta, c, cOff, ldc);
            return;
        }
        final int mr = kern.mr(), nr = kern.nr();
        final int mc = Math.max(mr, MC / mr * mr);
        final int lanes = pool.threads();
        // Narrower panels (down to NC_MIN) when n is too small to give every thread about four; below that the rows
        // are split as well (see splits).
        final int nc = lanes == 1 ? Math.max(nr, NC / nr * nr)
                : Math.max(nr, Math.min(NC, Math.max(NC_MIN, roundUp((n + 4 * lanes - 1) / (4 * lanes), nr))) / nr * nr);
        final int kcMax = Math.min(KC, k);
        // The packed A panel holds at most PACKED_A_MAX doubles: k is cut into super-blocks of whole k blocks when
        // even one MC-row block of all k would not fit, and the rows into panels of a multiple of mc.
        final int ks = roundUp(Math.min(m, mc), mr) * (long) k <= packedLimit ? k
                : Math.max(kcMax, packedLimit / roundUp(Math.min(m, mc), mr) / kcMax * kcMax);
        final int mpMax = Math.max(mc, Math.min(mpLimit, packedLimit / ks) / mc * mc);
        final double[][] bBufs = new double[lanes][], tmps = new double[lanes][];
        final double[] aP = new double[A_PAD + roundUp(Math.min(mpMax, m), mr) * ks];

        for (int ip = 0; ip < m; ip += mpMax) {
            final int ipF = ip, mp = Math.min(mpMax, m - ip);
            // Columns that meet the kept part of C within rows [ip, ip+mp).
            final int jLo = part == Part.UPPER ? ip : 0;
            final int jHi = part == Part.LOWER ? Math.min(n, ip + mp) : n;
            if (jLo >= jHi) continue;
            final int mPad = roundUp(mp, mr);
            final int mBlocks = (mp + mc - 1) / mc;
            final int jFirst = jLo / nc * nc;
            final int nPanels = (jHi - jFirst + nc - 1) / nc;
            // Split the rows too when there are too few column panels to keep every thread busy (B is then packed
            // once per split; the arithmetic of a tile does not change).
            final int splits = lanes == 1 ? 1 : Math.min(mBlocks, Math.max(1, (4 * lanes + nPanels - 1) / nPanels));
            final int blocksPerSplit = (mBlocks + splits - 1) / splits;
            final int tasks = nPanels * splits;
            for (int kp = 0; kp < k; kp += ks) {
                final int kpF = kp, kLen = Math.min(ks, k - kp);
                final int kBlocks = (kLen + kcMax - 1) / kcMax;
                // Pack op(A)[ip:ip+mp, kp:kp+kLen] whole: block (pc, ic) at (pc−kp)·mPad + (ic−ip)·kc, slivers every MR·kc.
                pool.forRange(kBlocks * mBlocks, pool.grainFor(kBlocks * mBlocks, 1), (t0, t1) -> {
                    for (int t = t0; t < t1; t++) {
                        int pRel = (t / mBlocks) * kcMax, kc = Math.min(kcMax, kLen - pRel);
                        int icRel = (t % mBlocks) * mc;
                        packA(transA, a, aOff, lda, ipF + icRel, Math.min(mc, mp - icRel), kpF + pRel, kc, mr, aP,
                                A_PAD + pRel * mPad + icRel * kc);
                    }
                });
                final AtomicInteger next = new AtomicInteger();
                pool.forRange(Math.min(lanes, tasks), 1, (l0, l1) -> {
                    for (int lane = l0; lane < l1; lane++) {
                        if (bBufs[lane] == null) bBufs[lane] = new double[kcMax * roundUp(Math.min(nc, n), nr)];
                        if (tmps[lane] == null) tmps[lane] = new double[mr * nr];
                        for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                            // LOWER: the leftmost panels have the most rows, so they go first; UPPER: the rightmost.
                            int panel = part == Part.UPPER ? nPanels - 1 - t / splits : t / splits;
                            int split = t % splits;
                            int jc = jFirst + panel * nc;
                            int bFrom = split * blocksPerSplit, bTo = Math.min(mBlocks, bFrom + blocksPerSplit);
                            if (bFrom >= bTo) continue;
                            panelTask(kern, part, transB, kpF, kLen, kcMax, mc, mp, ipF, mPad, aP, bFrom, bTo,
                                    Math.max(jc, jLo), Math.min(jc + nc, jHi), alpha, beta, b, bOff, ldb, c, cOff, ldc,
                                    bBufs[lane], tmps[lane]);
                        }
                    }
                });
            }
        }
    }

    /**
     * One task: columns [j0, j1) of C against row blocks [bFrom, bTo) of the row panel at ip, every k block of
     * [kp, kp+kLen) in order (beta applies in the very first k block only).
     */
    private static void panelTask(MicroKernel kern, Part part, boolean transB, int kp, int kLen, int kcMax, int mc, int mp, int ip,
                                  int mPad, double[] aP, int bFrom, int bTo, int j0, int j1, double alpha, double beta,
                                  double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, double[] bBuf, double[] tmp) {
        final int nr = kern.nr();
        final int ncur = j1 - j0;
        if (ncur <= 0) return;
        final int rowLo = ip + bFrom * mc, rowHi = ip + Math.min(mp, bTo * mc);
        // Slivers of this panel that meet the kept part for some row of [rowLo, rowHi).
        int sLoT = 0, sHiT = (ncur + nr - 1) / nr;
        if (part == Part.LOWER) {
            if (rowHi - 1 < j0) return;
            sHiT = Math.min(sHiT, (rowHi - 1 - j0) / nr + 1);
        } else if (part == Part.UPPER) {
            if (rowLo > j1 - 1) return;
            sLoT = Math.max(0, (rowLo - j0) / nr);
        }
        for (int pRel = 0; pRel < kLen; pRel += kcMax) {
            final int kc = Math.min(kcMax, kLen - pRel);
            final double betaNow = kp + pRel == 0 ? beta : 1.0;
            if (transB) {
                // op(B)(p, j) = B(j, p) is laid out like an untransposed A with j as the row: the same packing
                // (one contiguous read of B's column p per p) gives exactly packB's NR-wide slivers.
                packA(false, b, bOff, ldb, j0 + sLoT * nr, Math.min(ncur, sHiT * nr) - sLoT * nr, kp + pRel, kc, nr,
                        bBuf, sLoT * nr * kc);
            } else {
                for (int s = sLoT; s < sHiT; s++)
                    packB(b, bOff, ldb, kp + pRel, kc, j0 + s * nr, Math.min(nr, ncur - s * nr), nr, bBuf, s * nr * kc);
            }
            for (int blk = bFrom; blk < bTo; blk++) {
                int icRel = blk * mc, ic = ip + icRel;
                int mcur = Math.min(mc, mp - icRel);
                int sLo = sLoT, sHi = sHiT;
                // Columns of this block that meet the kept triangle.
                if (part == Part.LOWER) {
                    if (ic + mcur - 1 < j0) continue;
                    sHi = Math.min(sHi, (ic + mcur - 1 - j0) / nr + 1);
                } else if (part == Part.UPPER) {
                    if (ic > j1 - 1) continue;
                    sLo = Math.max(sLo, Math.max(0, ic - j0) / nr);
                }
                if (sLo >= sHi) continue;
                macro(kern, part, aP, A_PAD + pRel * mPad + icRel * kc, mcur, ic, bBuf, sLo, sHi, ncur, j0, kc, alpha, betaNow,
                        c, cOff, ldc, tmp);
            }
        }
    }

    /** Runs the micro-kernel over the tiles of one packed A block (at aBase) × slivers [sLo, sHi) of the packed B panel. */
    private static void macro(MicroKernel kern, Part part, double[] aBlock, int aBase, int mcur, int ic, double[] bPanel,
                              int sLo, int sHi, int ncur, int jc, int kc, double alpha, double beta,
                              double[] c, int cOff, int ldc, double[] tmp) {
        final int mr = kern.mr(), nr = kern.nr();
        for (int s = sLo; s < sHi; s++) {
            int j0 = jc + s * nr, nw = Math.min(nr, ncur - s * nr);
            int bo = s * nr * kc;
            for (int ir = 0; ir < mcur; ir += mr) {
                int i0 = ic + ir, mw = Math.min(mr, mcur - ir);
                int ao = aBase + ir * kc;
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

    /** Packs op(A)[i0:i0+mcur, p0:p0+kc] as MR-tall slivers at dst[dOff…], zero-padding the last one. */
    static void packA(boolean transA, double[] a, int aOff, int lda, int i0, int mcur, int p0, int kc, int mr, double[] dst, int dOff) {
        if (!transA) {
            // Column p of the block is contiguous in A: read it in one pass and scatter it over the slivers (one
            // strided pass per sliver reads a new cache line per p and was measured ~20 % slower at ld = 2048).
            int full = mcur / mr * mr;
            for (int p = 0; p < kc; p++) {
                int src = aOff + i0 + (p0 + p) * lda;
                int d = dOff + p * mr;
                if (mr % 8 == 0) {
                    for (int ir = 0; ir < full; ir += mr, d += mr * kc)
                        for (int i = 0; i < mr; i += 8) {
                            int s = src + ir + i, o = d + i;
                            dst[o] = a[s]; dst[o + 1] = a[s + 1]; dst[o + 2] = a[s + 2]; dst[o + 3] = a[s + 3];
                            dst[o + 4] = a[s + 4]; dst[o + 5] = a[s + 5]; dst[o + 6] = a[s + 6]; dst[o + 7] = a[s + 7];
                        }
                } else if (mr == 4) {
                    for (int ir = 0; ir < full; ir += 4, d += 4 * kc) {
                        int s = src + ir;
                        dst[d] = a[s]; dst[d + 1] = a[s + 1]; dst[d + 2] = a[s + 2]; dst[d + 3] = a[s + 3];
                    }
                } else {
                    for (int ir = 0; ir < full; ir += mr, d += mr * kc)
                        for (int i = 0; i < mr; i++) dst[d + i] = a[src + ir + i];
                }
                if (full < mcur) {
                    int mw = mcur - full;
                    for (int i = 0; i < mw; i++) dst[d + i] = a[src + full + i];
                    for (int i = mw; i < mr; i++) dst[d + i] = 0;
                }
            }
            return;
        }
        for (int ir = 0; ir < mcur; ir += mr) {
            int mw = Math.min(mr, mcur - ir);
            int d = dOff + ir * kc;
            if (mw == mr && mr % 8 == 0) {
                // op(A)(i, p) = A(p, i): eight of the sliver's A columns read side by side at a time, each group
                // written as 8 consecutive doubles of every sliver row.
                for (int g = 0; g < mr; g += 8) {
                    int s0 = aOff + p0 + (i0 + ir + g) * lda;
                    int s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda, s4 = s3 + lda, s5 = s4 + lda, s6 = s5 + lda, s7 = s6 + lda;
                    for (int p = 0, o = d + g; p < kc; p++, o += mr) {
                        dst[o] = a[s0 + p]; dst[o + 1] = a[s1 + p]; dst[o + 2] = a[s2 + p]; dst[o + 3] = a[s3 + p];
                        dst[o + 4] = a[s4 + p]; dst[o + 5] = a[s5 + p]; dst[o + 6] = a[s6 + p]; dst[o + 7] = a[s7 + p];
                    }
                }
                continue;
            }
            // op(A)(i, p) = A(p, i): read each A column (contiguous in p) into a strided sliver row.
            for (int i = 0; i < mw; i++) {
                int src = aOff + p0 + (i0 + ir + i) * lda;
                for (int p = 0; p < kc; p++) dst[d + p * mr + i] = a[src + p];
            }
            for (int i = mw; i < mr; i++)
                for (int p = 0; p < kc; p++) dst[d + p * mr + i] = 0;
        }
    }

    /**
     * Packs B[p0:p0+kc, j0:j0+nw] (untransposed; a transposed op(B) is packed by {@link #packA}, whose layout is the
     * same) as one NR-wide sliver at dst[d…], zero-padding missing columns.
     */
    static void packB(double[] b, int bOff, int ldb, int p0, int kc, int j0, int nw, int nr, double[] dst, int d) {
        if (nw == 8 && nr == 8) {
            // The eight columns read side by side, the sliver written in order (as for four, below).
            int s0 = bOff + p0 + j0 * ldb, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
            int s4 = s3 + ldb, s5 = s4 + ldb, s6 = s5 + ldb, s7 = s6 + ldb;
            for (int p = 0; p < kc; p++, d += 8) {
                dst[d] = b[s0 + p]; dst[d + 1] = b[s1 + p]; dst[d + 2] = b[s2 + p]; dst[d + 3] = b[s3 + p];
                dst[d + 4] = b[s4 + p]; dst[d + 5] = b[s5 + p]; dst[d + 6] = b[s6 + p]; dst[d + 7] = b[s7 + p];
            }
            return;
        }
        if (nw == 4 && nr == 4) {
            // The four columns read side by side, the sliver written in order (1.5x faster than column by column).
            int s0 = bOff + p0 + j0 * ldb, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
            for (int p = 0; p < kc; p++, d += 4) {
                dst[d] = b[s0 + p]; dst[d + 1] = b[s1 + p]; dst[d + 2] = b[s2 + p]; dst[d + 3] = b[s3 + p];
            }
            return;
        }
        for (int j = 0; j < nw; j++) {
            int src = bOff + p0 + (j0 + j) * ldb;
            for (int p = 0; p < kc; p++) dst[d + p * nr + j] = b[src + p];
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
