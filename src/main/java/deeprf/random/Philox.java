package deeprf.random;

/**
 * Philox4x32-10, the counter-based generator of Salmon et al. (SC'11, Random123): a keyed bijection of a 128-bit
 * counter, so the i-th number of a stream is computed directly from (seed, stream, i) with no state. That makes
 * results independent of thread count and block size, and lets the CUDA kernel ({@code native/philox.cuh}) produce
 * the same numbers.
 *
 * <p>Layout (shared with the CUDA kernel; change both or neither): key = (seed low 32, seed high 32); counter =
 * (pair low 32, pair high 32, stream low 32, stream high 32), where pair = i/2. One Philox block (x0..x3) yields two
 * uniforms u1 = ((x0·2³² + x1) >>> 11 + ½)·2⁻⁵³ ∈ (0,1) and u2 = ((x2·2³² + x3) >>> 11)·2⁻⁵³ ∈ [0,1), and Box–Muller
 * turns them into normal 2·pair = r·cos(2πu2) and 2·pair+1 = r·sin(2πu2), with r = √(−2 ln u1). StrictMath keeps the
 * CPU bits identical on every JVM.
 */
public final class Philox {
    private Philox() {}

    private static final int M0 = 0xD2511F53, M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;
    private static final double TWO_POW_M53 = 0x1p-53;
    private static final double TWO_PI = 2 * Math.PI;

    /**
     * Whether {@link #fillGaussian} runs the lane-wise {@link VectorGaussian} (same bits, several times faster): the
     * module jdk.incubator.vector must be present, and {@code -Ddeeprf.java.vector=false} turns it off as it does
     * the java backend's kernels. Read once; it changes speed only, never a number.
     */
    private static final boolean VECTOR = !"false".equalsIgnoreCase(System.getProperty("deeprf.java.vector", "auto"))
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    /** Below this many numbers the scalar loop is as fast (no scratch arrays to set up). */
    private static final int VECTOR_MIN_LENGTH = 64;

    /** One Philox4x32-10 block: out[0..3] ← Philox(key, counter). */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < 10; round++) {
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32), lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32), lo1 = (int) p1;
            int n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
            c0 = n0;
            c1 = lo1;
            c2 = n2;
            c3 = lo0;
            k0 += W0;
            k1 += W1;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** Standard normal number {@code index} of stream (seed, stream). Slow path for single values; see {@link #fillGaussian}. */
    public static double gaussian(long seed, long stream, long index) {
        double[] two = new double[2];
        pair(seed, stream, index >>> 1, two, new int[4]);
        return two[(int) (index & 1)];
    }

    /** Uniform number in [0,1) number {@code index} of stream (seed, stream): 53 bits from the pair's block. */
    public static double uniform(long seed, long stream, long index) {
        int[] x = new int[4];
        block((int) index, (int) (index >>> 32), (int) stream, (int) (stream >>> 32), (int) seed, (int) (seed >>> 32), x);
        long bits = (((x[0] & 0xFFFFFFFFL) << 32) | (x[1] & 0xFFFFFFFFL)) >>> 11;
        return bits * TWO_POW_M53;
    }

    static void pair(long seed, long stream, long pair, double[] out, int[] x) {
        block((int) pair, (int) (pair >>> 32), (int) stream, (int) (stream >>> 32), (int) seed, (int) (seed >>> 32), x);
        long a = (((x[0] & 0xFFFFFFFFL) << 32) | (x[1] & 0xFFFFFFFFL)) >>> 11;
        long b = (((x[2] & 0xFFFFFFFFL) << 32) | (x[3] & 0xFFFFFFFFL)) >>> 11;
        double u1 = (a + 0.5) * TWO_POW_M53;
        double u2 = b * TWO_POW_M53;
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        double t = TWO_PI * u2;
        out[0] = r * StrictMath.cos(t);
        out[1] = r * StrictMath.sin(t);
    }

    /**
     * dst[dstOffset + e] ← stddev · normal number (offset + e) of stream (seed, stream), for e in [0, length).
     * Pure function of its arguments: the caller may split a range across threads at any boundary.
     */
    public static void fillGaussian(long seed, long stream, long offset, double stddev, double[] dst, int dstOffset, int length) {
        if (length <= 0) return;
        if (offset < 0 || offset > Long.MAX_VALUE - length)
            throw new IllegalArgumentException("Philox.fillGaussian: numbers " + offset + " .. " + offset + "+" + length + " are outside the stream [0, 2^63)");
        if (dst == null || dstOffset < 0 || dstOffset > dst.length - length)
            throw new IllegalArgumentException("Philox.fillGaussian: " + length + " numbers at " + dstOffset + " do not fit an array of "
                    + (dst == null ? "null" : Integer.toString(dst.length)));
        if (VECTOR && length >= VECTOR_MIN_LENGTH) fillVector(seed, stream, offset, stddev, dst, dstOffset, length, true);
        else fillScalar(seed, stream, offset, stddev, dst, dstOffset, length);
    }

    /** The lane-wise fill (arguments already checked); {@code gated}: the scalar path until the JIT has compiled the lanes (see VectorGaussian#hot). */
    static void fillVector(long seed, long stream, long offset, double stddev, double[] dst, int dstOffset, int length, boolean gated) {
        int[] x = new int[4];
        double[] two = new double[2];
        int e = 0;
        if ((offset & 1) == 1) {                // odd start: second half of a pair
            pair(seed, stream, offset >>> 1, two, x);
            dst[dstOffset] = stddev * two[1];
            e = 1;
        }
        long pairs = (length - e) / 2;
        VectorGaussian.fillPairs(seed, stream, (offset + e) >>> 1, pairs, stddev, dst, dstOffset + e, gated);
        e += (int) (2 * pairs);
        if (e < length) {                       // odd end: first half of a pair
            pair(seed, stream, (offset + e) >>> 1, two, x);
            dst[dstOffset + e] = stddev * two[0];
        }
    }

    /** The scalar definition, pair by pair (arguments already checked). */
    static void fillScalar(long seed, long stream, long offset, double stddev, double[] dst, int dstOffset, int length) {
        int[] x = new int[4];
        double[] two = new double[2];
        int e = 0;
        long index = offset;
        if ((index & 1) == 1) {                 // odd start: second half of a pair
            pair(seed, stream, index >>> 1, two, x);
            dst[dstOffset] = stddev * two[1];
            e = 1;
            index++;
        }
        for (; e + 1 < length; e += 2, index += 2) {
            pair(seed, stream, index >>> 1, two, x);
            dst[dstOffset + e] = stddev * two[0];
            dst[dstOffset + e + 1] = stddev * two[1];
        }
        if (e < length) {
            pair(seed, stream, index >>> 1, two, x);
            dst[dstOffset + e] = stddev * two[0];
        }
    }
}
