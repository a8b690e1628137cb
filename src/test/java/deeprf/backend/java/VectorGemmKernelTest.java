package deeprf.backend.java;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Vector API micro-kernel against its contract, element by element and bit for bit: each C element is one FMA
 * chain over p = 0…kc−1 (the vector FMA rounds each lane as {@link Math#fma} does), then alpha·s (+ beta·c). Slivers
 * sit at odd offsets and at the very end of their arrays, where the loop's bound clamps (see the class comment) are
 * closest to biting.
 */
class VectorGemmKernelTest {

    @Test
    void everyTileElementIsTheInOrderFmaChain() {
        MicroKernel k = MicroKernel.forSupport(KernelTestSupport.vectorPath());
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
                                        "kc=" + kc + " aLead=" + aLead + " bTail=" + bTail + " alpha=" + alpha
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
        MicroKernel k = MicroKernel.forSupport(KernelTestSupport.vectorPath());
        int mr = k.mr(), nr = k.nr(), kc = 8;
        double[] a = new double[mr * kc], c = new double[mr * nr];
        double[] b = new double[nr * kc];
        // One double short: the bound clamp alone would stop a step early and return a wrong tile silently.
        assertThrows(IndexOutOfBoundsException.class, () -> k.tile(kc, a, 0, b, 1, 1.0, 0.0, c, 0, mr));
        assertThrows(IndexOutOfBoundsException.class, () -> k.tile(kc, a, 0, b, -4, 1.0, 0.0, c, 0, mr));
    }
}
