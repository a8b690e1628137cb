package deeprf.backend.java;

import deeprf.backend.Activation;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static deeprf.backend.ErfCoefficients.*;

/**
 * Vector API versions of the activation catalogue, applied to one contiguous run of preactivations (a column
 * segment, one neuron per row). Load only when {@link VectorSupport#enabled()}.
 *
 * <p>Agreement with the reference {@link Activation#apply}: linear, relu, abs, sign and clipped-linear are bitwise
 * equal (same IEEE operations in the same order, NaN and signed zeros included). tanh, sigmoid and erf use our own
 * exp (see the comment at {@link #E0}), which is within 1 ulp of {@code Math.exp} (as {@code StrictMath.exp} is), so they
 * differ from the reference by a few ulps: tanh ≤ {@value #TANH_ULPS}, sigmoid ≤ {@value #SIGMOID_ULPS}, erf ≤
 * {@value #ERF_ULPS} (erf is bitwise the reference below |x| = 1.25). Why each bound is what it is, at each loop.
 * Every result is a fixed sequence of IEEE operations, so it is the same bits interpreted or compiled, whatever the
 * thread count or block size.
 *
 * <p>Speed: these loops are compute-bound, not memory-bound (a 2048² matrix is 32 MiB; the in-cache time per
 * element is the same). What mattered: one division per vector at most (the divider is slow), no vector crossing
 * a call C2 does not inline (it is boxed on the heap: the former tanh loop allocated 32 bytes per element at
 * times), Estrin's scheme for the exp polynomial, and as few vector operations as possible — C2 does not keep ~20
 * broadcast constants in the 16 AVX2 registers and reloads them every iteration.
 */
final class VectorActivations {
    private VectorActivations() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /**
     * d[off + i] ← f(d[off + i] + bias[i]) for 0 ≤ i < len (bias may be null). One loop per kind, with every
     * vector a local of that loop: a vector handed to or returned from a method C2 does not inline is boxed on the
     * heap, which made erf slower than the scalar loop.
     */
    static void apply(Activation f, double[] d, int off, int len, double[] bias) {
        int upper = len - len % L;
        switch (f.kind()) {
            case TANH -> tanhLoop(f.a(), d, off, upper, bias);
            case ERF -> erfLoop(f.a(), d, off, upper, bias);
            case SIGMOID -> sigmoidLoop(d, off, upper, bias);
            default -> simpleLoop(f, d, off, upper, bias);
        }
        for (int i = upper; i < len; i++) d[off + i] = f.apply(bias == null ? d[off + i] : d[off + i] + bias[i]);
    }

    /** Documented and tested (ActivationsTest) distances from the reference, in ulps of the reference value. */
    static final int TANH_ULPS = 4, SIGMOID_ULPS = 4, ERF_ULPS = 2;

    private static final double LOG2E = 1.4426950408889634;
    /** ln 2 split so that k·LN2_HI is exact for |k| < 2^11 (Cody–Waite). */
    private static final double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
    /**
     * 1.5·2^52: x·log2(e) + SHIFT rounds x·log2(e) to the nearest integer k, held in the low mantissa bits. SHIFT +
     * 1023 leaves k + 1023 there instead, so that shifting the bits left by 52 gives 2^k directly (one integer op).
     */
    private static final double SHIFT = 0x1.8p52;
    /**
     * (e^r − 1 − r)/r² on |r| ≤ ln2/2 (a little beyond, for k's rounding): Chebyshev fit of degree 9 (mpmath
     * chebyfit at 50 digits), so 1 + r + r²·q(r) is e^r to 1.6e-17 relative — two terms fewer than Taylor needs.
     */
    private static final double
        E0 = 5.00000000000000111e-01, E1 = 1.66666666666666685e-01, E2 = 4.16666666666239902e-02,
        E3 = 8.33333333333005112e-03, E4 = 1.38888889172817938e-03, E5 = 1.98412698631059685e-04,
        E6 = 2.48015211902177286e-05, E7 = 2.75572683786841924e-06, E8 = 2.76201387197339936e-07,
        E9 = 2.51004241570050668e-08;

    /*
     * e^x is built from exactly specified IEEE operations only (FMA, add, multiply, bit moves), so that the result is
     * the same bits whether this code is interpreted or compiled. The Vector API's own EXP is not: its Java fallback
     * and the compiled intrinsic (a native vector math library) may round differently, and we saw results change
     * with JIT timing, hence with the thread count. Cody–Waite reduction x = k·ln2 + r, |r| ≤ ln2/2, e^r = 1 + r +
     * r²·q(r) with q evaluated by Estrin's scheme (a dependency chain of 4 FMAs instead of Horner's 9), 2^k written
     * into the exponent field. Measured against Math.exp over [−700, 700]: 90.5 % equal, the rest 1 ulp apart
     * (StrictMath.exp vs Math.exp: the same split). It is written out in each loop rather than called: with all
     * loops inlined into apply, C2 reaches its node-count cutoff and stops inlining our own helpers, and a vector
     * passed to or returned from a call that is not inlined is boxed on the heap (80 bytes per element).
     */

    private static DoubleVector load(double[] d, int o, double[] bias, int i) {
        DoubleVector x = DoubleVector.fromArray(S, d, o);
        return bias == null ? x : x.add(DoubleVector.fromArray(S, bias, i));
    }

    private static void simpleLoop(Activation f, double[] d, int off, int upper, double[] bias) {
        double a = f.a(), b = f.b();
        DoubleVector one = DoubleVector.broadcast(S, 1.0), zero = DoubleVector.zero(S);
        switch (f.kind()) {
            case LINEAR -> { for (int i = 0; i < upper; i += L) load(d, off + i, bias, i).mul(a).intoArray(d, off + i); }
            case RELU -> {
                for (int i = 0; i < upper; i += L) {
                    DoubleVector x = load(d, off + i, bias, i);
                    zero.blend(x, x.compare(VectorOperators.GT, 0.0)).intoArray(d, off + i);
                }
            }
            case ABS -> { for (int i = 0; i < upper; i += L) load(d, off + i, bias, i).lanewise(VectorOperators.ABS).intoArray(d, off + i); }
            case SIGN -> {
                for (int i = 0; i < upper; i += L) {
                    DoubleVector x = load(d, off + i, bias, i);
                    x.blend(one, x.compare(VectorOperators.GT, 0.0)).blend(one.neg(), x.compare(VectorOperators.LT, 0.0)).intoArray(d, off + i);
                }
            }
            case CLIPPED_LINEAR -> {
                for (int i = 0; i < upper; i += L) {
                    DoubleVector x = load(d, off + i, bias, i);
                    DoubleVector sg = x.blend(one, x.compare(VectorOperators.GT, 0.0)).blend(one.neg(), x.compare(VectorOperators.LT, 0.0));
                    sg.mul(a).mul(x.lanewise(VectorOperators.ABS).min(b)).intoArray(d, off + i);
                }
            }
            default -> { for (int i = 0; i < upper; i++) d[off + i] = f.apply(bias == null ? d[off + i] : d[off + i] + bias[i]); }
        }
    }

    /**
     * 1/(1 + e^{−x}), as the reference, with e^{−x}/2 = 2^{k−1}·(1 + r + r²q) (half, so that 2^{k−1} is still a
     * normal double at k = 1024, the top of the range; the doubling folds into 1 + 2·(e^{−x}/2)). −x is clamped to
     * [−40, 710]: below, 1 + e^{−x} is 1 either way; above, e^{−x} is ∞ either way. Bound: our exp and Math.exp are
     * within 1 ulp of each other, but where e^{−x} ≥ 2^53 the reference's rounding of 1 + e^{−x} (to an even number)
     * can turn that 1-ulp difference into 2 ulps of the sum, and each side's division adds half an ulp: 4 ulps
     * (reached near x = −36.9).
     */
    private static void sigmoidLoop(double[] d, int off, int upper, double[] bias) {
        DoubleVector one = DoubleVector.broadcast(S, 1.0), two = DoubleVector.broadcast(S, 2.0);
        for (int i = 0; i < upper; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, d, off + i);
            if (bias != null) x = x.add(DoubleVector.fromArray(S, bias, i));
            x = x.neg();
            x = x.blend(-40.0, x.compare(VectorOperators.LT, -40.0)).blend(710.0, x.compare(VectorOperators.GT, 710.0));
            DoubleVector t = x.fma(DoubleVector.broadcast(S, LOG2E), DoubleVector.broadcast(S, SHIFT + 1022));
            DoubleVector k = t.sub(SHIFT + 1022);
            DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2_HI), x);
            r = k.fma(DoubleVector.broadcast(S, -LN2_LO), r);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector q = r.fma(DoubleVector.broadcast(S, E7), DoubleVector.broadcast(S, E6)).fma(r2, r.fma(DoubleVector.broadcast(S, E5), DoubleVector.broadcast(S, E4)))
                    .fma(r4, r.fma(DoubleVector.broadcast(S, E3), DoubleVector.broadcast(S, E2)).fma(r2, r.fma(DoubleVector.broadcast(S, E1), DoubleVector.broadcast(S, E0))))
                    .add(r.fma(DoubleVector.broadcast(S, E9), DoubleVector.broadcast(S, E8)).mul(r4.mul(r4)));        // Estrin
            DoubleVector s = t.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();   // 2^k
            DoubleVector half = s.fma(r2.fma(q, r), s);      // 2^{k−1}·(1 + r + r²q), one rounding
            one.div(half.fma(two, one)).intoArray(d, off + i);
        }
    }

    /**
     * tanh(ax) = sign(x)·E/(E + 2) with E = e^{2|ax|} − 1, one division and no branch. E = 2^k·(1 + r + r²q) − 1 =
     * fma(2^k·r², q, fma(2^k, r, 2^k − 1)): no cancellation (at k = 0 it is r + r²q, accurate for tiny x, and
     * 2^k − 1 is exact), so the formula is good from subnormals up; 2|ax| is capped at 40, where E/(E + 2) rounds to 1
     * already. ±0 and NaN pass through. Bound: E is within ~1.5 ulp, E + 2 and the division add half an ulp each,
     * and the reference is within about an ulp of the truth: 4 ulps (up to 3 measured, near |x| = 0.23, k = 1).
     */
    private static void tanhLoop(double a, double[] d, int off, int upper, double[] bias) {
        DoubleVector two = DoubleVector.broadcast(S, 2.0);
        for (int i = 0; i < upper; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, d, off + i);
            if (bias != null) x = x.add(DoubleVector.fromArray(S, bias, i));
            x = x.mul(a);
            DoubleVector ax = x.lanewise(VectorOperators.ABS);
            DoubleVector y = ax.add(ax);
            y = y.blend(40.0, y.compare(VectorOperators.GT, 40.0));
            DoubleVector t = y.fma(DoubleVector.broadcast(S, LOG2E), DoubleVector.broadcast(S, SHIFT + 1023));
            DoubleVector k = t.sub(SHIFT + 1023);
            DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2_HI), y);
            r = k.fma(DoubleVector.broadcast(S, -LN2_LO), r);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector q = r.fma(DoubleVector.broadcast(S, E7), DoubleVector.broadcast(S, E6)).fma(r2, r.fma(DoubleVector.broadcast(S, E5), DoubleVector.broadcast(S, E4)))
                    .fma(r4, r.fma(DoubleVector.broadcast(S, E3), DoubleVector.broadcast(S, E2)).fma(r2, r.fma(DoubleVector.broadcast(S, E1), DoubleVector.broadcast(S, E0))))
                    .add(r.fma(DoubleVector.broadcast(S, E9), DoubleVector.broadcast(S, E8)).mul(r4.mul(r4)));        // Estrin
            DoubleVector s = t.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();   // 2^k
            DoubleVector em1 = s.mul(r2).fma(q, s.fma(r, s.sub(1.0)));
            DoubleVector th = em1.div(em1.add(two));
            th.reinterpretAsLongs().or(x.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles().intoArray(d, off + i);
        }
    }

    /** Elements per erf chunk: its scratch arrays stay in L1. */
    private static final int ERF_CHUNK = 256;

    /**
     * fdlibm's erf (as {@link deeprf.backend.Erf}) lane-wise, in two loops per chunk: (1) |x| &lt; 1.25 for every
     * vector (±1 and NaN beyond), noting the vectors that have a lane in 1.25 ≤ |x| &lt; 6; (2) the tail formula for
     * those vectors only — it is the expensive one (two rational fits, a division and an exp), and most lanes of
     * typical preactivations never need it. The list is appended to without a branch, so no misprediction either.
     *
     * <p>Bound: below |x| = 1.25 bitwise the reference (the same multiplies and adds in fdlibm's order, and the same
     * quotients). From 1.25 to 6, fdlibm computes 1 − exp(−z² − 0.5625)·exp((z − |x|)(z + |x|) + r/s)/|x| with
     * s = 1/x² and two exps to keep the argument's rounding out; here it is 1 − e^{−x² − 0.5625 + r/s}·(1/|x|) with
     * one exp of a singly rounded argument, r/s as x²·R(x²)/S(x²) (fdlibm's coefficients in reverse order), and
     * 1/|x| and r/s both taken from the one quotient 1/(|x|·S). Those relative errors, a few ulps of e^{…}/|x|, are
     * scaled down by e^{…}/|x| = erfc(|x|) ≤ 0.08 against the result ≥ 0.92: 2 ulps with the reference's own
     * (1 measured over 18 M samples).
     */
    private static void erfLoop(double a, double[] d, int off, int upper, double[] bias) {
        int chunk = Math.min(ERF_CHUNK, upper);
        double[] xs = new double[chunk];
        int[] tailVectors = new int[chunk / L];
        for (int c0 = 0; c0 < upper; c0 += chunk) {
            int len = Math.min(chunk, upper - c0);
            int n = erfBelowOnePointTwoFive(a, d, off + c0, len, bias, c0, xs, tailVectors);
            erfTail(d, off + c0, xs, tailVectors, n);
        }
    }

    /**
     * d ← erf(x) for |x| &lt; 1.25, ±1 for |x| ≥ 1.25, NaN for NaN; xs ← x; the offsets of vectors with a lane in
     * [1.25, 6) go to tailVectors, whose length is returned. Both intervals' formulas are computed for all lanes,
     * sharing one division, and the right one blended in; the sign is the input's, OR-ed in at the end (every
     * formula is odd).
     */
    private static int erfBelowOnePointTwoFive(double a, double[] d, int off, int len, double[] bias, int b0,
                                               double[] xs, int[] tailVectors) {
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        int n = 0;
        for (int i = 0; i < len; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, d, off + i);
            if (bias != null) x = x.add(DoubleVector.fromArray(S, bias, b0 + i));
            x = x.mul(a);
            x.intoArray(xs, i);
            DoubleVector ax = x.lanewise(VectorOperators.ABS);
            VectorMask<Double> small = ax.compare(VectorOperators.LT, 0.84375), below = ax.compare(VectorOperators.LT, 1.25);
            // |x| < 0.84375: r/s in z = x² (fdlibm's multiplies and adds, in its order)
            DoubleVector z = ax.mul(ax);
            DoubleVector r0 = z.mul(z.mul(z.mul(z.mul(pp4).add(pp3)).add(pp2)).add(pp1)).add(pp0);
            DoubleVector s0 = z.mul(z.mul(z.mul(z.mul(z.mul(qq5).add(qq4)).add(qq3)).add(qq2)).add(qq1)).add(1.0);
            // 0.84375 ≤ |x| < 1.25: P/Q in |x| − 1
            DoubleVector s1 = ax.sub(1.0);
            DoubleVector p1 = s1.mul(s1.mul(s1.mul(s1.mul(s1.mul(s1.mul(pa6).add(pa5)).add(pa4)).add(pa3)).add(pa2)).add(pa1)).add(pa0);
            DoubleVector q1 = s1.mul(s1.mul(s1.mul(s1.mul(s1.mul(s1.mul(qa6).add(qa5)).add(qa4)).add(qa3)).add(qa2)).add(qa1)).add(1.0);
            DoubleVector quot = p1.blend(r0, small).div(q1.blend(s0, small));
            DoubleVector y = one.blend(ax, ax.compare(VectorOperators.NE, ax));
            y = y.blend(quot.add(erx), below);
            DoubleVector tiny = ax.mul(8.0).add(ax.mul(efx8)).mul(0.125);
            y = y.blend(ax.add(ax.mul(quot)).blend(tiny, ax.compare(VectorOperators.LT, 0x1p-28)), small);
            y.reinterpretAsLongs().or(x.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles().intoArray(d, off + i);
            tailVectors[n] = i;
            n += (below.or(ax.compare(VectorOperators.GE, 6.0)).not().trueCount() + L - 1) / L;   // 1 if any (NaN too)
        }
        return n;
    }

    /** For the listed vectors: d ← ±(1 − e^{−x² − 0.5625 + r/s}/|x|) in the lanes with 1.25 ≤ |x| &lt; 6. */
    private static void erfTail(double[] d, int off, double[] xs, int[] tailVectors, int n) {
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int j = 0; j < n; j++) {
            int i = tailVectors[j];
            DoubleVector x = DoubleVector.fromArray(S, xs, i);
            DoubleVector ax = x.lanewise(VectorOperators.ABS);
            // fdlibm's r(1/z)/s(1/z), two fits split at 1/0.35, = z·R(z)/S(z) with the coefficients reversed
            DoubleVector z = ax.mul(ax);
            VectorMask<Double> nearTail = ax.compare(VectorOperators.LT, 1 / 0.35);
            DoubleVector ra = z.fma(DoubleVector.broadcast(S, ra0), DoubleVector.broadcast(S, ra1)).fma(z, DoubleVector.broadcast(S, ra2))
                    .fma(z, DoubleVector.broadcast(S, ra3)).fma(z, DoubleVector.broadcast(S, ra4)).fma(z, DoubleVector.broadcast(S, ra5))
                    .fma(z, DoubleVector.broadcast(S, ra6)).fma(z, DoubleVector.broadcast(S, ra7));
            DoubleVector sa = z.add(sa1).fma(z, DoubleVector.broadcast(S, sa2)).fma(z, DoubleVector.broadcast(S, sa3))
                    .fma(z, DoubleVector.broadcast(S, sa4)).fma(z, DoubleVector.broadcast(S, sa5)).fma(z, DoubleVector.broadcast(S, sa6))
                    .fma(z, DoubleVector.broadcast(S, sa7)).fma(z, DoubleVector.broadcast(S, sa8));
            DoubleVector rb = z.fma(DoubleVector.broadcast(S, rb0), DoubleVector.broadcast(S, rb1)).fma(z, DoubleVector.broadcast(S, rb2))
                    .fma(z, DoubleVector.broadcast(S, rb3)).fma(z, DoubleVector.broadcast(S, rb4)).fma(z, DoubleVector.broadcast(S, rb5))
                    .fma(z, DoubleVector.broadcast(S, rb6));
            DoubleVector sb = z.add(sb1).fma(z, DoubleVector.broadcast(S, sb2)).fma(z, DoubleVector.broadcast(S, sb3))
                    .fma(z, DoubleVector.broadcast(S, sb4)).fma(z, DoubleVector.broadcast(S, sb5)).fma(z, DoubleVector.broadcast(S, sb6))
                    .fma(z, DoubleVector.broadcast(S, sb7));
            DoubleVector st = sb.blend(sa, nearTail);
            DoubleVector inv = one.div(ax.mul(st));                                   // 1/(|x|·S)
            DoubleVector arg = ax.neg().fma(ax, z.mul(ax).mul(rb.blend(ra, nearTail).mul(inv)).sub(0.5625));
            // e^{arg}, arg in [−37, −1.5] in the tail lanes (others are blended away below)
            DoubleVector t = arg.fma(DoubleVector.broadcast(S, LOG2E), DoubleVector.broadcast(S, SHIFT + 1023));
            DoubleVector k = t.sub(SHIFT + 1023);
            DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2_HI), arg);
            r = k.fma(DoubleVector.broadcast(S, -LN2_LO), r);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector q = r.fma(DoubleVector.broadcast(S, E7), DoubleVector.broadcast(S, E6)).fma(r2, r.fma(DoubleVector.broadcast(S, E5), DoubleVector.broadcast(S, E4)))
                    .fma(r4, r.fma(DoubleVector.broadcast(S, E3), DoubleVector.broadcast(S, E2)).fma(r2, r.fma(DoubleVector.broadcast(S, E1), DoubleVector.broadcast(S, E0))))
                    .add(r.fma(DoubleVector.broadcast(S, E9), DoubleVector.broadcast(S, E8)).mul(r4.mul(r4)));        // Estrin
            DoubleVector s = t.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();   // 2^k
            DoubleVector e = s.fma(r2.fma(q, r), s);
            DoubleVector y = e.neg().fma(st.mul(inv), one);                          // 1 − e/|x|
            y = y.reinterpretAsLongs().or(x.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles();
            VectorMask<Double> tail = ax.compare(VectorOperators.LT, 6.0).andNot(ax.compare(VectorOperators.LT, 1.25));
            DoubleVector.fromArray(S, d, off + i).blend(y, tail).intoArray(d, off + i);
        }
    }
}
