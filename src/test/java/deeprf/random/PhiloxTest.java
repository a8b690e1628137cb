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

    // ---------------------------------------------------------------- the lane-wise path (VectorGaussian)

    private static void assumeVectors() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector is not present");
    }

    private static void assertSameBits(double want, double got, String what) {
        if (Double.doubleToRawLongBits(want) != Double.doubleToRawLongBits(got))
            fail(what + ": want " + want + " (" + Long.toHexString(Double.doubleToRawLongBits(want)) + "), got " + got
                    + " (" + Long.toHexString(Double.doubleToRawLongBits(got)) + ")");
    }

    /**
     * The lane-wise fill gives the scalar definition's bits: odd and even starts and lengths, lengths that are not a
     * multiple of the lanes or of the chunk, pair counters that carry into their high word, keys and streams with
     * both halves set, and the JIT warm-up gate on and off.
     */
    @Test
    void vectorFillEqualsTheScalarDefinitionBitForBit() {
        assumeVectors();
        long[][] cases = {
                {0, 0, 0, 1000}, {-7, 3, 1, 1001}, {0x0123456789abcdefL, 0x0fedcba987654321L, (1L << 33) - 37, 777},
                {42, 1L << 40, (0xFFFFFFFFL << 1) - 8, 300}, {5, 2000, 123456789L, 65536 + 13}, {-1, Long.MAX_VALUE, 0, 2049},
        };
        for (long[] c : cases)
            for (boolean gated : new boolean[]{false, true}) {
                int n = (int) c[3];
                double[] want = new double[n + 2], got = new double[n + 2];
                Philox.fillScalar(c[0], c[1], c[2], 1.5, want, 1, n);
                Philox.fillVector(c[0], c[1], c[2], 1.5, got, 1, n, gated);
                for (int e = 0; e < n + 2; e++)
                    assertSameBits(want[e], got[e], "seed " + c[0] + " stream " + c[1] + " offset " + c[2] + " gated " + gated + " element " + e);
            }
    }

    /** Many millions of random pairs: the rare branches of log (|f| < 2⁻²⁰) and of the reduction appear here too. */
    @Test
    void vectorFillMatchesOnFourMillionNumbers() {
        assumeVectors();
        int n = 1 << 22;
        double[] want = new double[n], got = new double[n];
        Philox.fillScalar(2718, 9, 3, 1.0, want, 0, n);
        Philox.fillVector(2718, 9, 3, 1.0, got, 0, n, false);
        for (int e = 0; e < n; e++) if (want[e] != got[e] || Double.doubleToRawLongBits(want[e]) != Double.doubleToRawLongBits(got[e]))
            assertSameBits(want[e], got[e], "element " + e);
    }

    /** √(−2·log u) lane-wise equals StrictMath's on [2⁻⁵⁴, 1]: every branch of fdlibm's log and its boundaries. */
    @Test
    void vectorRadiusEqualsStrictMathOnItsDomain() {
        assumeVectors();
        java.util.List<Double> us = new java.util.ArrayList<>();
        double[] anchors = {0x1p-54, 0x1p-53, 0.25, 0.5, Math.sqrt(0.5), 0.7071067811865476, 0.75, 0.9, 0.999999, 1.0};
        for (double a : anchors) {
            double v = a;
            for (int k = 0; k < 40; k++) { us.add(v); v = Math.nextDown(v); }
            v = a;
            for (int k = 0; k < 40 && v < 1; k++) { v = Math.nextUp(v); if (v <= 1) us.add(v); }
        }
        // |f| < 2⁻²⁰ (mantissa near 1 or near its halving point), and the i = hx − 0x6147a, j = 0x6b851 − hx sign changes
        for (int e = -54; e <= 0; e++)
            for (long hx : new long[]{0, 1, 2, 0xffffd, 0xffffe, 0xfffff, 0x6147a - 1, 0x6147a, 0x6147a + 1, 0x6b851 - 1, 0x6b851, 0x6b851 + 1, 0x95f64, 0x6a09e})
                for (long lo : new long[]{0, 1, 0xFFFFFFFFL}) {
                    double u = Double.longBitsToDouble(((1023L + e - 1) << 52 | hx << 32 | lo));
                    if (u >= 0x1p-54 && u <= 1) us.add(u);
                }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        for (int k = 0; k < 200_000; k++) us.add(Math.max(0x1p-54, Math.min(1.0, Math.pow(2, -54 * rnd.nextDouble()) * (1 + rnd.nextDouble()) / 2)));
        int lanes = VectorGaussian.lanes(), n = (us.size() + lanes - 1) / lanes * lanes;
        double[] u = new double[n];
        java.util.Arrays.fill(u, 0.5);
        for (int k = 0; k < us.size(); k++) u[k] = us.get(k);
        double[] r = u.clone();
        VectorGaussian.radiusInPlace(r, n);
        for (int k = 0; k < n; k++) assertSameBits(StrictMath.sqrt(-2.0 * StrictMath.log(u[k])), r[k], "sqrt(-2 log " + u[k] + ")");
    }

    /** cos and sin lane-wise equal StrictMath's on [0, 2π): around π/4, 3π/4, π/2 and every n·π/2 (the refinement steps). */
    @Test
    void vectorSinCosEqualStrictMathOnItsDomain() {
        assumeVectors();
        java.util.List<Double> ts = new java.util.ArrayList<>();
        ts.add(0.0);
        ts.add(2 * Math.PI * 0x1p-53);
        ts.add(0x1p-27);
        ts.add(Math.nextDown(0x1p-27));
        double[] anchors = {Math.PI / 4, 3 * Math.PI / 4, Math.PI / 2, Math.PI, 3 * Math.PI / 2, 2 * Math.PI, 0.3, 0.78125, 0.2,
                Double.longBitsToDouble(0x3fe921fbL << 32), Double.longBitsToDouble(0x4002d97cL << 32), Double.longBitsToDouble(0x3ff921fbL << 32),
                Double.longBitsToDouble(0x400921fbL << 32), Double.longBitsToDouble(0x4012d97cL << 32), Double.longBitsToDouble(0x401921fbL << 32),
                Double.longBitsToDouble(0x3FD33333L << 32), Double.longBitsToDouble(0x3fe90000L << 32)};
        for (double a : anchors) {
            double v = a;
            for (int k = 0; k < 300; k++) { if (v < 2 * Math.PI) ts.add(v); v = Math.nextDown(v); }
            v = a;
            for (int k = 0; k < 300; k++) { v = Math.nextUp(v); if (v < 2 * Math.PI) ts.add(v); }
            // the whole high word of the anchor: its low word swept
            long hi = Double.doubleToRawLongBits(a) & 0xFFFFFFFF00000000L;
            for (long lo = 0; lo < (1L << 32); lo += 0x01000193L) {
                double w = Double.longBitsToDouble(hi | lo);
                if (w < 2 * Math.PI) ts.add(w);
            }
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(2);
        for (int k = 0; k < 200_000; k++) ts.add(2 * Math.PI * (rnd.nextLong() >>> 11) * 0x1p-53);
        int lanes = VectorGaussian.lanes(), n = (ts.size() + lanes - 1) / lanes * lanes;
        double[] t = new double[n], c = new double[n], s = new double[n];
        for (int k = 0; k < ts.size(); k++) t[k] = ts.get(k);
        VectorGaussian.sinCosOf(t, n, c, s);
        for (int k = 0; k < n; k++) {
            assertSameBits(StrictMath.cos(t[k]), c[k], "cos " + t[k]);
            assertSameBits(StrictMath.sin(t[k]), s[k], "sin " + t[k]);
        }
    }
}
