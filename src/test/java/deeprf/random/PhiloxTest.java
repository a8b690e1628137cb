package deeprf.random;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class PhiloxTest {

    /** Philox4x32-10 known answers from Random123's kat_vectors (counter words c0..c3, key words k0, k1). */
    @Test
    void matchesRandom123KnownAnswers() {
        int[][] kat = {
                // c0, c1, c2, c3, k0, k1, expected x0..x3
                {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
                {-1, -1, -1, -1, -1, -1, 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, 0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
        };
        int[] out = new int[4];
        for (int[] v : kat) {
            Philox.block(v[0], v[1], v[2], v[3], v[4], v[5], out);
            assertArrayEquals(Arrays.copyOfRange(v, 6, 10), out,
                    () -> String.format("Philox4x32-10 of ctr %08x %08x %08x %08x key %08x %08x gave %08x %08x %08x %08x",
                            v[0], v[1], v[2], v[3], v[4], v[5], out[0], out[1], out[2], out[3]));
        }
    }

    /** The documented layout: normal 2p and 2p+1 come from the block of counter (p, stream), key = seed. */
    @Test
    void gaussianFollowsTheDocumentedLayout() {
        long seed = 0x0123456789abcdefL, stream = 0x0fedcba987654321L, pair = 0x00000012_3456789aL;
        int[] x = new int[4];
        Philox.block((int) pair, (int) (pair >>> 32), (int) stream, (int) (stream >>> 32), (int) seed, (int) (seed >>> 32), x);
        long a = (((x[0] & 0xFFFFFFFFL) << 32) | (x[1] & 0xFFFFFFFFL)) >>> 11;
        long b = (((x[2] & 0xFFFFFFFFL) << 32) | (x[3] & 0xFFFFFFFFL)) >>> 11;
        double r = StrictMath.sqrt(-2 * StrictMath.log((a + 0.5) * 0x1p-53)), t = 2 * Math.PI * (b * 0x1p-53);
        assertEquals(r * StrictMath.cos(t), Philox.gaussian(seed, stream, 2 * pair), 0.0);
        assertEquals(r * StrictMath.sin(t), Philox.gaussian(seed, stream, 2 * pair + 1), 0.0);
    }

    /** fillGaussian over any range, starting at odd or even offsets, equals the one-at-a-time definition, bit for bit. */
    @Test
    void fillGaussianHandlesOddAndEvenOffsetsAndLengths() {
        long seed = -7, stream = 3;
        for (long offset : new long[]{0, 1, 2, 3, 1L << 33, (1L << 33) + 1})
            for (int length : new int[]{0, 1, 2, 3, 4, 5, 16, 17}) {
                double[] dst = new double[length + 4];
                Arrays.fill(dst, 99);
                Philox.fillGaussian(seed, stream, offset, 2.0, dst, 2, length);
                for (int e = 0; e < dst.length; e++) {
                    double want = e < 2 || e >= 2 + length ? 99 : 2.0 * Philox.gaussian(seed, stream, offset + e - 2);
                    assertEquals(want, dst[e], 0.0, "offset " + offset + " length " + length + " element " + e);
                }
            }
    }

    @Test
    void badRangesAreClearErrors() {
        double[] dst = new double[4];
        assertThrows(IllegalArgumentException.class, () -> Philox.fillGaussian(0, 0, -1, 1, dst, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> Philox.fillGaussian(0, 0, Long.MAX_VALUE - 1, 1, dst, 0, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Philox.fillGaussian(0, 0, 0, 1, dst, 3, 2));
        assertTrue(e.getMessage().contains("4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Philox.fillGaussian(0, 0, 0, 1, null, 0, 1));
        Philox.fillGaussian(0, 0, 0, 1, null, 0, 0);   // nothing to do
    }

    /** A range split anywhere (as threads and blocks do) gives the same bits as one call. */
    @Test
    void fillGaussianIsIndependentOfSplitting() {
        int n = 1001;
        double[] whole = new double[n];
        Philox.fillGaussian(11, 0, 5, 1.0, whole, 0, n);
        for (int split : new int[]{1, 2, 3, 500, 1000}) {
            double[] parts = new double[n];
            Philox.fillGaussian(11, 0, 5, 1.0, parts, 0, split);
            Philox.fillGaussian(11, 0, 5 + split, 1.0, parts, split, n - split);
            assertArrayEquals(whole, parts, 0.0, "split at " + split);
        }
    }

    /** Different seeds and streams give different numbers (the key and the counter's high half both matter). */
    @Test
    void seedsAndStreamsSelectDifferentNumbers() {
        double base = Philox.gaussian(1, 1, 0);
        assertNotEquals(base, Philox.gaussian(2, 1, 0));
        assertNotEquals(base, Philox.gaussian(1L | (1L << 32), 1, 0));
        assertNotEquals(base, Philox.gaussian(1, 2, 0));
        assertNotEquals(base, Philox.gaussian(1, 1 | (1L << 32), 0));
        assertNotEquals(base, Philox.gaussian(1, 1, 2));
    }

    /**
     * Moments of 2²⁰ normals at 5 standard errors: mean √(1/N), variance √(2/N), third moment √(15/N), fourth √(96/N);
     * and the uniforms: mean 1/2 ± 5·√(1/12N), all in [0, 1).
     */
    @Test
    void momentsOfGaussianAndUniformNumbers() {
        int n = 1 << 20;
        double[] z = new double[n];
        Philox.fillGaussian(2718, 9, 3, 1.0, z, 0, n);
        double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
        for (double x : z) { double x2 = x * x; s1 += x; s2 += x2; s3 += x2 * x; s4 += x2 * x2; }
        assertEquals(0, s1 / n, 5 * Math.sqrt(1.0 / n), "mean");
        assertEquals(1, s2 / n, 5 * Math.sqrt(2.0 / n), "second moment");
        assertEquals(0, s3 / n, 5 * Math.sqrt(15.0 / n), "third moment");
        assertEquals(3, s4 / n, 5 * Math.sqrt(96.0 / n), "fourth moment");
        int m = 1 << 16;
        double su = 0;
        for (int i = 0; i < m; i++) {
            double u = Philox.uniform(5, 6, i);
            assertTrue(u >= 0 && u < 1, "uniform " + i + " = " + u);
            su += u;
        }
        assertEquals(0.5, su / m, 5 * Math.sqrt(1.0 / (12.0 * m)), "uniform mean");
    }
}
