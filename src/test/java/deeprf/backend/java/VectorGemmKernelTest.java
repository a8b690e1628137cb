package deeprf.backend.java;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Vector API micro-kernels — (2·L)×4 and the (2·L)×8 one AVX-512 hosts use, both tested whatever this host's
 * default — against their contract, element by element and bit for bit: each C element is one FMA chain over
 * p = 0…kc−1 (the vector FMA rounds each lane as {@link Math#fma} does), then alpha·s (+ beta·c). Slivers sit at odd
 * offsets and at the very end of their arrays, where the loop's bound clamps (see the class comment) are closest to
 * biting.
 */
class VectorGemmKernelTest {

    /** Both vector kernels, where this JVM's species lets them index A as a multiple of B. */
    static List<MicroKernel> vectorKernels() {
        KernelTestSupport.vectorPath();
        List<MicroKernel> out = new ArrayList<>();
        if (VectorGemmKernel.MR % VectorGemmKernel.NR == 0) out.add(VectorGemmKernel.INSTANCE);
        if (WideVectorGemmKernel.MR % WideVectorGemmKernel.NR == 0) out.add(WideVectorGemmKernel.INSTANCE);
        assumeFalse(out.isEmpty(), "the preferred species is too short for the vector kernels");
        return out;
    }

    @Test
    void theDefaultKernelIsTheWideOneExactlyWhereVectorsHoldEightDoubles() {
        MicroKernel k = MicroKernel.forSupport(KernelTestSupport.vectorPath());
        if (WideVectorGemmKernel.MR >= 16) assertSame(WideVectorGemmKernel.INSTANCE, k);
        else if (VectorGemmKernel.MR % VectorGemmKernel.NR == 0) assertSame(VectorGemmKernel.INSTANCE, k);
        else assertSame(ScalarKernel.INSTANCE, k);
    }

    @Test
    void everyTileElementIsTheInOrderFmaChain() {
        for (MicroKernel k : vectorKernels()) everyTileElementIsTheInOrderFmaChain(k);
    }

    private static void everyTileElementIsTheInOrderFmaChain(MicroKernel k) {
        int mr = k.mr(), nr = k.nr();
        for (int kc : new int[] {0, 1, 2, 3, 7, 256}) {
            for (int aLead : new int[] {0, 5}) {
                for (int bTail : new int[] {0, 9}) {         // 0: the B sliver ends exactly at b.length
                    double[] a = KernelTestSupport.random(11 + kc, aLead + mr * kc + 3);
                    double[] b = KernelTestSupport.random(12 + kc, 6 + nr * kc + bTail);
                    int bo = 6;
                    for (double[] ab : new double[][] {{1.0, 0.0}, {-0.5, 1.0}, {2.0, 0.25}}) {
                        double alpha = ab[0], beta = ab[1];
                        int ldc = mr + 2, co = 1;
                        double[] c = KernelTestSupport.random(13 + kc, co + ldc * nr);
                        if (beta == 0) for (int j = 0; j < nr; j++) c[co + j * ldc] = Double.NaN;   // must not be read
                        double[] cOld = c.clone();
                        k.tile(kc, a, aLead, b, bo, alpha, beta, c, co, ldc);
                        for (int j = 0; j < nr; j++)
                            for (int i = 0; i < mr; i++) {
                                double s = 0;
                                for (int p = 0; p < kc; p++) s = Math.fma(a[aLead + p * mr + i], b[bo + p * nr + j], s);
                                int o = co + i + j * ldc;
                                double want = beta == 0 ? alpha * s : alpha * s + beta * cOld[o];
                                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(c[o]),
                                        k.getClass().getSimpleName() + " kc=" + kc + " aLead=" + aLead + " bTail=" + bTail + " alpha=" + alpha
                                                + " beta=" + beta + " (i, j)=(" + i + ", " + j + "): " + want + " vs " + c[o]);
                            }
                        for (int o = 0; o < c.length; o++)                   // nothing outside the tile is written
                            if ((o - co) % ldc >= mr || o < co)
                                assertEquals(Double.doubleToRawLongBits(cOld[o]), Double.doubleToRawLongBits(c[o]), "c[" + o + "]");
                    }
                }
            }
        }
    }

    @Test
    void aBSliverOutsideItsArrayIsRefusedNotTruncated() {
        for (MicroKernel k : vectorKernels()) {
            int mr = k.mr(), nr = k.nr(), kc = 8;
            double[] a = new double[mr * kc], c = new double[mr * nr];
            double[] b = new double[nr * kc];
            // One double short: the bound clamp alone would stop a step early and return a wrong tile silently.
            assertThrows(IndexOutOfBoundsException.class, () -> k.tile(kc, a, 0, b, 1, 1.0, 0.0, c, 0, mr));
            assertThrows(IndexOutOfBoundsException.class, () -> k.tile(kc, a, 0, b, -4, 1.0, 0.0, c, 0, mr));
        }
    }

    /**
     * Through the whole driver (packing of every transpose, edge tiles, both triangles of SYRK, several threads) the
     * two vector kernels give the same bits: the kernel shape must never change a result.
     */
    @Test
    void bothVectorKernelsGiveTheSameBitsThroughTheDriver() {
        List<MicroKernel> ks = vectorKernels();
        assumeTrue(ks.size() == 2, "only one vector kernel usable with this species");
        int[][] shapes = {{37, 29, 300}, {16, 8, 1}, {130, 70, 257}, {5, 41, 9}};
        for (int[] sh : shapes)
            for (PackedGemm.Part part : PackedGemm.Part.values())
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    int m = sh[0], n = part == PackedGemm.Part.ALL ? sh[1] : sh[0], k = sh[2];
                    double[] a = KernelTestSupport.random(51, m * k), b = KernelTestSupport.random(52, k * n);
                    double[] c0 = KernelTestSupport.random(53, m * n);
                    double[][] out = new double[2][];
                    for (int i = 0; i < 2; i++) {
                        out[i] = c0.clone();
                        try (WorkerPool pool = new WorkerPool(1 + i)) {
                            PackedGemm.run(pool, ks.get(i), part, ta, tb, m, n, k, 0.7, a, 0, ta ? k : m, b, 0, tb ? n : k,
                                    0.3, out[i], 0, m);
                        }
                    }
                    for (int o = 0; o < out[0].length; o++)
                        assertEquals(Double.doubleToRawLongBits(out[0][o]), Double.doubleToRawLongBits(out[1][o]),
                                "m=" + m + " n=" + n + " k=" + k + " " + part + " ta=" + ta + " tb=" + tb + " c[" + o + "]");
                }
    }
}
