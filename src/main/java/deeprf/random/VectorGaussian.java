package deeprf.random;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Philox#fillGaussian} lane-wise with the Vector API, producing the SAME BITS as the scalar definition:
 * Philox4x32-10 in 64-bit lanes (32-bit words zero-extended, so the 32×32→64 products are exact), the same
 * 53-bit uniforms, and fdlibm's log, sin and cos (the algorithms of {@link StrictMath} in JDK 25,
 * {@code java.lang.FdLibm}) re-expressed with the same IEEE operations in the same order, every branch computed
 * for all lanes and the right one blended in. Java never contracts a·b + c into an FMA, so each lane rounds
 * exactly like the scalar code. Valid only on the arguments Box–Muller gives them: log on u1 ∈ [2⁻⁵⁴, 1] (normal,
 * positive), sin/cos on t = 2π·u2 ∈ [0, 2π); {@code PhiloxTest} holds the fill to the scalar definition bit for bit
 * and the two kernels to StrictMath on those ranges (their branch boundaries included).
 *
 * <p>Load only when the module {@code jdk.incubator.vector} is present ({@link Philox} checks).
 */
final class VectorGaussian {
    private VectorGaussian() {}

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> L = VectorSpecies.of(long.class, VectorShape.forBitSize(D.vectorBitSize()));
    private static final int LANES = D.length();
    /** Pairs per chunk: the scratch arrays (5 × 8·CHUNK bytes) stay in L1. */
    private static final int CHUNK = 256;

    private static final long MASK32 = 0xFFFFFFFFL;
    private static final long M0 = 0xD2511F53L, M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;
    private static final double TWO_POW_52 = 0x1p52, TWO_POW_M53 = 0x1p-53, TWO_PI = 2 * Math.PI;
    private static final long TWO_POW_52_BITS = Double.doubleToRawLongBits(TWO_POW_52);

    /**
     * JIT warm-up, the only state here (it changes speed, never a number). Until C2 has compiled the three kernels,
     * each vector of them costs tens to hundreds of microseconds (interpreter, then C1, where every Vector API
     * operation allocates), far more than the scalar code; run on the data path they made a fresh JVM's first few
     * million normals take seconds. So the first gated fill starts one low-priority daemon thread that runs the
     * kernels on a dummy vector until they run at compiled speed ({@link #FAST_CALLS} calls under
     * {@link #FAST_NANOS}), then sets {@link #hot}; until then, and for good if that never happens within
     * {@link #WARM_LIMIT_NANOS} (an interpreter-only JVM), fills take the scalar path.
     */
    private static volatile boolean hot;
    private static final java.util.concurrent.atomic.AtomicBoolean warming = new java.util.concurrent.atomic.AtomicBoolean();
    private static final java.util.concurrent.atomic.AtomicInteger warmUpStarts = new java.util.concurrent.atomic.AtomicInteger();
    private static final int FAST_CALLS = 64;
    /** One vector of pairs through the three kernels below this many nanoseconds: compiled (C2 takes ~0.1 µs). */
    private static final long FAST_NANOS = 2_000;
    private static final long WARM_LIMIT_NANOS = 60_000_000_000L;

    /** Whether the kernels are compiled; starts the warm-up thread on the first call. */
    static boolean hot() {
        if (hot) return true;
        // at most three starts: a warm-up that ran out of memory may try again, not once per fill while memory is short
        if (warming.compareAndSet(false, true) && warmUpStarts.incrementAndGet() <= 3) {
            Thread t = new Thread(() -> {
                try {
                    warmUp();
                } catch (OutOfMemoryError e) {
                    // the caller runs out of memory too and says so; this thread stops quietly (uncaught, the JVM
                    // printed a line of its own) and a later fill may start another (after three: scalar for good)
                    warming.set(false);
                }
            }, "deeprf-gaussian-jit-warmup");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        }
        return false;
    }

    private static void warmUp() {
        double[] u1 = new double[LANES], t = new double[LANES], cos = new double[LANES], sin = new double[LANES];
        int[] k0 = new int[10], k1 = new int[10];
        long start = System.nanoTime();
        int fast = 0;
        for (long call = 0; fast < FAST_CALLS && System.nanoTime() - start < WARM_LIMIT_NANOS; call++) {
            long tic = System.nanoTime();
            uniforms(call * LANES, 0, 1, 0, k0, k1, u1, t);
            radius(u1, 0);
            sinCos(t, u1, 0, cos, sin);
            if (System.nanoTime() - tic < FAST_NANOS) fast++;
        }
        hot = fast >= FAST_CALLS;
    }

    /**
     * Pairs [pair0, pair0 + pairs): dst[dstOffset + 2q] ← stddev·r·cos t, dst[dstOffset + 2q + 1] ← stddev·r·sin t,
     * the same bits as {@link Philox#fillScalar}. {@code gated}: scalar until the kernels are compiled (see
     * {@link #hot}; tests pass false to run the lanes whatever the JIT state).
     */
    static void fillPairs(long seed, long stream, long pair0, long pairs, double stddev, double[] dst, int dstOffset, boolean gated) {
        int[] k0 = new int[10], k1 = new int[10];
        int a = (int) seed, b = (int) (seed >>> 32);
        for (int r = 0; r < 10; r++, a += W0, b += W1) { k0[r] = a; k1[r] = b; }
        double[] u1 = new double[CHUNK], t = new double[CHUNK], cos = new double[CHUNK], sin = new double[CHUNK];
        double[] two = new double[2];
        int[] x = new int[4];
        int s0 = (int) stream, s1 = (int) (stream >>> 32);
        for (long q0 = 0; q0 < pairs; q0 += CHUNK) {
            int len = (int) Math.min(CHUNK, pairs - q0);
            int vec = len - len % LANES;
            int base = dstOffset + (int) (2 * q0);
            if (gated && !hot()) {       // not compiled yet: the scalar definition
                for (int q = 0; q < len; q++) scalarPair(seed, stream, pair0 + q0 + q, stddev, dst, base + 2 * q, two, x);
                continue;
            }
            for (int q = 0; q < vec; q += LANES) uniforms(pair0 + q0, q, s0, s1, k0, k1, u1, t);
            for (int q = 0; q < vec; q += LANES) radius(u1, q);
            for (int q = 0; q < vec; q += LANES) sinCos(t, u1, q, cos, sin);
            for (int q = 0; q < vec; q++) {
                dst[base + 2 * q] = stddev * cos[q];
                dst[base + 2 * q + 1] = stddev * sin[q];
            }
            for (int q = vec; q < len; q++) scalarPair(seed, stream, pair0 + q0 + q, stddev, dst, base + 2 * q, two, x);
        }
    }

    private static void scalarPair(long seed, long stream, long pair, double stddev, double[] dst, int at, double[] two, int[] x) {
        Philox.pair(seed, stream, pair, two, x);
        dst[at] = stddev * two[0];
        dst[at + 1] = stddev * two[1];
    }

    /** For the lanes' pairs pair0 + q + lane: u1[q + lane] and t[q + lane] = 2π·u2, as Philox.pair. */
    private static void uniforms(long pair0, int q, int s0, int s1, int[] k0, int[] k1, double[] u1, double[] t) {
        LongVector magic = LongVector.broadcast(L, TWO_POW_52_BITS);
        LongVector p = LongVector.zero(L).addIndex(1).add(pair0 + q);
        LongVector c0 = p.and(MASK32), c1 = p.lanewise(VectorOperators.LSHR, 32);
        LongVector c2 = LongVector.broadcast(L, s0 & MASK32), c3 = LongVector.broadcast(L, s1 & MASK32);
        for (int r = 0; r < 10; r++) {
            LongVector p0 = c0.and(MASK32).mul(M0), p1 = c2.and(MASK32).mul(M1);   // the masks let C2 use a 32×32→64 multiply
            LongVector n0 = p1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c1).lanewise(VectorOperators.XOR, k0[r] & MASK32);
            LongVector n2 = p0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c3).lanewise(VectorOperators.XOR, k1[r] & MASK32);
            c1 = p1.and(MASK32);
            c3 = p0.and(MASK32);
            c0 = n0;
            c2 = n2;
        }
        // a = (x0·2³² + x1) >>> 11 = x0·2²¹ + (x1 >>> 11) < 2⁵³, converted exactly: each part via 2⁵² + v − 2⁵².
        DoubleVector a = exact(c0, magic).mul(0x1p21).add(exact(c1.lanewise(VectorOperators.LSHR, 11), magic));
        DoubleVector b = exact(c2, magic).mul(0x1p21).add(exact(c3.lanewise(VectorOperators.LSHR, 11), magic));
        a.add(0.5).mul(TWO_POW_M53).intoArray(u1, q);
        b.mul(TWO_POW_M53).mul(TWO_PI).intoArray(t, q);
    }

    /** v (0 ≤ v < 2⁵²) as a double, exactly. */
    private static DoubleVector exact(LongVector v, LongVector magic) {
        return v.or(magic).reinterpretAsDoubles().sub(TWO_POW_52);
    }

    private static final double
            LN2_HI = 0x1.62e42feep-1, LN2_LO = 0x1.a39ef35793c76p-33,
            LG1 = 0x1.5555555555593p-1, LG2 = 0x1.999999997fa04p-2, LG3 = 0x1.2492494229359p-2,
            LG4 = 0x1.c71c51d8e78afp-3, LG5 = 0x1.7466496cb03dep-3, LG6 = 0x1.39a09d078c69fp-3,
            LG7 = 0x1.2f112df3e5244p-3;

    /**
     * u[q] ← √(−2·log u[q]) in place, log as fdlibm's __ieee754_log (StrictMath) for normal positive finite u (no zero,
     * subnormal, negative, ∞ or NaN lanes; Box–Muller's u1 ∈ [2⁻⁵⁴, 1]). All in one loop: a vector passed to a
     * method C2 does not inline is boxed on the heap.
     */
    private static void radius(double[] u, int q) {
        DoubleVector x = DoubleVector.fromArray(D, u, q);
        LongVector bits = x.reinterpretAsLongs();
        LongVector hx0 = bits.lanewise(VectorOperators.LSHR, 32);
        LongVector k = hx0.lanewise(VectorOperators.LSHR, 20).sub(1023);
        LongVector hx = hx0.and(0x000f_ffffL);
        LongVector i = hx.add(0x9_5f64L).and(0x10_0000L);
        LongVector hi = hx.or(i.lanewise(VectorOperators.XOR, 0x3ff0_0000L));
        DoubleVector xn = hi.lanewise(VectorOperators.LSHL, 32).or(bits.and(MASK32)).reinterpretAsDoubles();
        k = k.add(i.lanewise(VectorOperators.LSHR, 20));
        DoubleVector f = xn.sub(1.0);
        // k ∈ [−54, 0] here; exactly as a double via 2⁵² + (k + 1024) − (2⁵² + 1024).
        DoubleVector dk = k.add(1024).or(TWO_POW_52_BITS).reinterpretAsDoubles().sub(TWO_POW_52 + 1024);
        VectorMask<Double> k0 = k.compare(VectorOperators.EQ, 0).cast(D);
        // |f| < 2⁻²⁰
        VectorMask<Double> tinyF = hx.add(2).and(0x000f_ffffL).compare(VectorOperators.LT, 3).cast(D);
        DoubleVector rt = f.mul(f).mul(DoubleVector.broadcast(D, 0.5).sub(f.mul(0.33333333333333333)));
        DoubleVector tinyK0 = f.sub(rt);
        DoubleVector tinyK = dk.mul(LN2_HI).sub(rt.sub(dk.mul(LN2_LO)).sub(f));
        DoubleVector zeroK = dk.mul(LN2_HI).add(dk.mul(LN2_LO));   // f == 0, k != 0 (k == 0 gives 0 from tinyK0)
        DoubleVector tiny = tinyK.blend(zeroK, f.compare(VectorOperators.EQ, 0.0)).blend(tinyK0, k0);
        // general case
        DoubleVector s = f.div(f.add(2.0));
        DoubleVector z = s.mul(s);
        DoubleVector w = z.mul(z);
        DoubleVector t1 = w.mul(w.mul(w.mul(LG6).add(LG4)).add(LG2));
        DoubleVector t2 = z.mul(w.mul(w.mul(w.mul(LG7).add(LG5)).add(LG3)).add(LG1));
        DoubleVector rr = t2.add(t1);
        VectorMask<Double> iPos = hx.sub(0x6_147aL).or(hx.neg().add(0x6b851L)).compare(VectorOperators.GT, 0).cast(D);
        DoubleVector hfsq = f.mul(0.5).mul(f);
        DoubleVector aK0 = f.sub(hfsq.sub(s.mul(hfsq.add(rr))));
        DoubleVector aK = dk.mul(LN2_HI).sub(hfsq.sub(s.mul(hfsq.add(rr)).add(dk.mul(LN2_LO))).sub(f));
        DoubleVector bK0 = f.sub(s.mul(f.sub(rr)));
        DoubleVector bK = dk.mul(LN2_HI).sub(s.mul(f.sub(rr)).sub(dk.mul(LN2_LO)).sub(f));
        DoubleVector general = bK.blend(bK0, k0).blend(aK.blend(aK0, k0), iPos);
        general.blend(tiny, tinyF).mul(-2.0).sqrt().intoArray(u, q);
    }

    private static final double
            INVPIO2 = 0x1.45f306dc9c883p-1,
            PIO2_1 = 0x1.921fb544p0, PIO2_1T = 0x1.0b4611a626331p-34,
            PIO2_2 = 0x1.0b4611a6p-34, PIO2_2T = 0x1.3198a2e037073p-69,
            PIO2_3 = 0x1.3198a2ep-69, PIO2_3T = 0x1.b839a252049c1p-104;
    private static final double
            S1 = -0x1.5555555555549p-3, S2 = 0x1.111111110f8a6p-7, S3 = -0x1.a01a019c161d5p-13,
            S4 = 0x1.71de357b1fe7dp-19, S5 = -0x1.ae5e68a2b9cebp-26, S6 = 0x1.5d93a5acfd57cp-33;
    private static final double
            C1 = 0x1.555555555554cp-5, C2 = -0x1.6c16c16c15177p-10, C3 = 0x1.a01a019cb159p-16,
            C4 = -0x1.27e4f809c52adp-22, C5 = 0x1.1ee9ebdb4b1c4p-29, C6 = -0x1.8fae9be8838d4p-37;

    /** cos[q] ← r[q]·cos t[q], sin[q] ← r[q]·sin t[q], with fdlibm sin/cos (StrictMath) for t ∈ [0, 2π). */
    private static void sinCos(double[] t, double[] r, int q, double[] cos, double[] sin) {
        DoubleVector x = DoubleVector.fromArray(D, t, q);
        DoubleVector rad = DoubleVector.fromArray(D, r, q);
        // __ieee754_rem_pio2 for 0 ≤ x < 2π: y0 + y1 = x − n·π/2.
        LongVector ix = x.reinterpretAsLongs().lanewise(VectorOperators.LSHR, 32);
        VectorMask<Double> small = ix.compare(VectorOperators.LE, 0x3fe9_21fbL).cast(D);   // |x| ≲ π/4: no reduction
        VectorMask<Double> one = ix.compare(VectorOperators.LT, 0x4002_d97cL).cast(D);     // |x| < 3π/4: n = 1
        VectorMask<Double> nearHalfPi = ix.compare(VectorOperators.EQ, 0x3ff9_21fbL).cast(D);
        DoubleVector z = x.sub(PIO2_1);
        DoubleVector y0a = z.sub(PIO2_1T);
        DoubleVector y1a = z.sub(y0a).sub(PIO2_1T);
        DoubleVector zb = z.sub(PIO2_2);
        DoubleVector y0b = zb.sub(PIO2_2T);
        DoubleVector y1b = zb.sub(y0b).sub(PIO2_2T);
        DoubleVector y0One = y0a.blend(y0b, nearHalfPi), y1One = y1a.blend(y1b, nearHalfPi);
        // medium: n = (int)(x·2/π + ½) ∈ {2, 3, 4} for 3π/4 ≤ x < 2π
        DoubleVector v = x.mul(INVPIO2).add(0.5);
        DoubleVector fn = DoubleVector.broadcast(D, 1.0)
                .add(DoubleVector.zero(D).blend(1.0, v.compare(VectorOperators.GE, 2.0)))
                .add(DoubleVector.zero(D).blend(1.0, v.compare(VectorOperators.GE, 3.0)))
                .add(DoubleVector.zero(D).blend(1.0, v.compare(VectorOperators.GE, 4.0)));
        DoubleVector rm = x.sub(fn.mul(PIO2_1));
        DoubleVector wm = fn.mul(PIO2_1T);
        DoubleVector y0m = rm.sub(wm);
        // x's high word equal to that of n·π/2 (npio2_hw[n − 1]): possible cancellation, refine.
        LongVector hwN = LongVector.broadcast(L, 0x400921FBL)
                .blend(0x4012D97CL, fn.compare(VectorOperators.EQ, 3.0).cast(L))
                .blend(0x401921FBL, fn.compare(VectorOperators.EQ, 4.0).cast(L));
        VectorMask<Double> refine = ix.compare(VectorOperators.EQ, hwN).cast(D);
        LongVector j = ix.lanewise(VectorOperators.LSHR, 20);
        VectorMask<Double> second = refine.and(j.sub(y0m.reinterpretAsLongs().lanewise(VectorOperators.LSHR, 52).and(0x7ffL))
                .compare(VectorOperators.GT, 16).cast(D));
        DoubleVector tt = rm;
        DoubleVector w2 = fn.mul(PIO2_2);
        DoubleVector r2 = tt.sub(w2);
        w2 = fn.mul(PIO2_2T).sub(tt.sub(r2).sub(w2));
        DoubleVector y02 = r2.sub(w2);
        VectorMask<Double> third = second.and(j.sub(y02.reinterpretAsLongs().lanewise(VectorOperators.LSHR, 52).and(0x7ffL))
                .compare(VectorOperators.GT, 49).cast(D));
        tt = r2;
        DoubleVector w3 = fn.mul(PIO2_3);
        DoubleVector r3 = tt.sub(w3);
        w3 = fn.mul(PIO2_3T).sub(tt.sub(r3).sub(w3));
        DoubleVector y03 = r3.sub(w3);
        rm = rm.blend(r2, second).blend(r3, third);
        wm = wm.blend(w2, second).blend(w3, third);
        y0m = y0m.blend(y02, second).blend(y03, third);
        DoubleVector y1m = rm.sub(y0m).sub(wm);
        DoubleVector y0 = y0m.blend(y0One, one).blend(x, small);
        DoubleVector y1 = y1m.blend(y1One, one).blend(DoubleVector.zero(D), small);
        DoubleVector nq = fn.blend(1.0, one).blend(0.0, small);    // n, all lanes in 0..4
        // __kernel_sin(y0, y1, iy) and __kernel_cos(y0, y1)
        LongVector iy = y0.reinterpretAsLongs().lanewise(VectorOperators.LSHR, 32).and(0x7fff_ffffL);
        VectorMask<Double> tiny = iy.compare(VectorOperators.LT, 0x3e40_0000L).cast(D);
        DoubleVector zz = y0.mul(y0);
        DoubleVector vv = zz.mul(y0);
        DoubleVector rs = zz.mul(zz.mul(zz.mul(zz.mul(S6).add(S5)).add(S4)).add(S3)).add(S2);
        DoubleVector sinIy0 = y0.add(vv.mul(zz.mul(rs).add(S1)));
        DoubleVector sinIy1 = y0.sub(zz.mul(y1.mul(0.5).sub(vv.mul(rs))).sub(y1).sub(vv.mul(S1)));
        DoubleVector ks = sinIy1.blend(sinIy0, small).blend(y0, tiny);
        DoubleVector rc = zz.mul(zz.mul(zz.mul(zz.mul(zz.mul(zz.mul(C6).add(C5)).add(C4)).add(C3)).add(C2)).add(C1));
        DoubleVector corr = zz.mul(rc).sub(y0.mul(y1));
        DoubleVector cosNear = DoubleVector.broadcast(D, 1.0).sub(zz.mul(0.5).sub(corr));
        DoubleVector qx = iy.sub(0x0020_0000L).lanewise(VectorOperators.LSHL, 32).reinterpretAsDoubles()
                .blend(0.28125, iy.compare(VectorOperators.GT, 0x3fe9_0000L).cast(D));
        DoubleVector cosFar = DoubleVector.broadcast(D, 1.0).sub(qx).sub(zz.mul(0.5).sub(qx).sub(corr));
        DoubleVector kc = cosFar.blend(cosNear, iy.compare(VectorOperators.LT, 0x3FD3_3333L).cast(D)).blend(1.0, tiny);
        // quadrant n & 3: sin = ks, kc, −ks, −kc; cos = kc, −ks, −kc, ks
        VectorMask<Double> odd = nq.compare(VectorOperators.EQ, 1.0).or(nq.compare(VectorOperators.EQ, 3.0));
        VectorMask<Double> sinNeg = nq.compare(VectorOperators.EQ, 2.0).or(nq.compare(VectorOperators.EQ, 3.0));
        VectorMask<Double> cosNeg = nq.compare(VectorOperators.EQ, 1.0).or(nq.compare(VectorOperators.EQ, 2.0));
        DoubleVector sn = ks.blend(kc, odd), cs = kc.blend(ks, odd);
        sn = sn.blend(sn.neg(), sinNeg);
        cs = cs.blend(cs.neg(), cosNeg);
        rad.mul(cs).intoArray(cos, q);
        rad.mul(sn).intoArray(sin, q);
    }

    /** Test hooks: the lane-wise kernels on one array (len a multiple of the lane count). */
    static void radiusInPlace(double[] u, int len) { for (int q = 0; q < len; q += LANES) radius(u, q); }

    static void sinCosOf(double[] t, int len, double[] cos, double[] sin) {
        double[] one = new double[len];
        java.util.Arrays.fill(one, 1.0);
        for (int q = 0; q < len; q += LANES) sinCos(t, one, q, cos, sin);
    }

    static int lanes() { return LANES; }
}
