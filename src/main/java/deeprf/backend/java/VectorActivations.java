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
 * equal (same IEEE operations in the same order, NaN and signed zeros included). tanh, sigmoid and erf use our
 * own vector exp (see {@link #exp}), whose results may differ from {@code Math.tanh}/{@code Math.exp} by an ulp or two;
 * erf is fdlibm's algorithm (as {@link deeprf.backend.Erf}) evaluated lane-wise, so it is bitwise equal below
 * |x| = 1.25 and within a few ulps above, where it needs exp. Tests hold them to 4 ulps of the reference.
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

    private static final double LOG2E = 1.4426950408889634, SHIFTER = 0x1.8p52;
    /** ln 2 split so that k·LN2_HI is exact for |k| < 2^11 (Cody–Waite). */
    private static final double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
    private static final long SHIFTER_BITS = Double.doubleToRawLongBits(SHIFTER);
    private static final double[] INV_FACT = new double[14];
    static {
        double f = 1;
        for (int n = 0; n < INV_FACT.length; n++) { if (n > 0) f *= n; INV_FACT[n] = 1.0 / f; }
    }
    private static final double F2 = INV_FACT[2], F3 = INV_FACT[3], F4 = INV_FACT[4], F5 = INV_FACT[5],
            F6 = INV_FACT[6], F7 = INV_FACT[7], F8 = INV_FACT[8], F9 = INV_FACT[9], F10 = INV_FACT[10],
            F11 = INV_FACT[11], F12 = INV_FACT[12], F13 = INV_FACT[13];

    /**
     * e^x from exactly specified IEEE operations only (multiply, add, FMA, bit moves), so that the result is the
     * same bits whether this code is interpreted or compiled. The Vector API's own EXP is not: its Java fallback and
     * the compiled intrinsic (a native vector math library) may round differently, and we saw results change with
     * JIT timing, hence with the thread count. Cody–Waite reduction x = k·ln2 + r, |r| ≤ ln2/2, a degree-13 Taylor
     * polynomial (truncation below 1e-17 relative), and 2^k applied in two halves so that subnormal results and
     * overflow to ∞ come out right. Within an ulp or two of Math.exp.
     */
    private static DoubleVector exp(DoubleVector x) {
        DoubleVector xc = x.max(-746.0).min(710.0);
        DoubleVector t = xc.mul(LOG2E).add(SHIFTER);           // round to nearest integer in the low bits
        DoubleVector k = t.sub(SHIFTER);
        DoubleVector r = k.neg().fma(DoubleVector.broadcast(S, LN2_HI), xc);
        r = k.neg().fma(DoubleVector.broadcast(S, LN2_LO), r);
        DoubleVector p = taylor(r);
        LongVector ki = t.reinterpretAsLongs().sub(SHIFTER_BITS);   // k as a 64-bit integer
        LongVector k1 = ki.lanewise(VectorOperators.ASHR, 1), k2 = ki.sub(k1);
        DoubleVector s1 = k1.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        DoubleVector s2 = k2.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        DoubleVector y = p.mul(s1).mul(s2);
        return y.blend(x, x.compare(VectorOperators.NE, x));      // NaN in, NaN out
    }

    /** Σ_{n≤13} rⁿ/n! by Horner with FMA (kept apart from {@link #exp} so both stay small enough to inline). */
    private static DoubleVector taylor(DoubleVector r) {
        DoubleVector p = r.fma(DoubleVector.broadcast(S, F13), DoubleVector.broadcast(S, F12));
        p = p.fma(r, DoubleVector.broadcast(S, F11));
        p = p.fma(r, DoubleVector.broadcast(S, F10));
        p = p.fma(r, DoubleVector.broadcast(S, F9));
        p = p.fma(r, DoubleVector.broadcast(S, F8));
        p = p.fma(r, DoubleVector.broadcast(S, F7));
        p = p.fma(r, DoubleVector.broadcast(S, F6));
        p = p.fma(r, DoubleVector.broadcast(S, F5));
        p = p.fma(r, DoubleVector.broadcast(S, F4));
        p = p.fma(r, DoubleVector.broadcast(S, F3));
        p = p.fma(r, DoubleVector.broadcast(S, F2));
        p = p.fma(r, DoubleVector.broadcast(S, 1.0));
        return p.fma(r, DoubleVector.broadcast(S, 1.0));
    }

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

    /** 1/(1 + e^{−x}), as the reference. */
    private static void sigmoidLoop(double[] d, int off, int upper, double[] bias) {
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int i = 0; i < upper; i += L) {
            DoubleVector x = load(d, off + i, bias, i);
            one.div(exp(x.neg()).add(1.0)).intoArray(d, off + i);
        }
    }

    /**
     * tanh as Cephes' tanh.c, on {@link #exp} (JDK 25's lane-wise TANH and EXPM1 are not intrinsified on x86 and
     * ran no faster than the scalar loop): |x| ≤ 0.625: x + x·x²·P(x²)/Q(x²); beyond: 1 − 2/(e^{2|x|} + 1) with
     * the sign restored (e^{2|x|} = ∞ gives exactly ±1). Both branches are computed and blended, so no vector crosses
     * a branch (which would box it). NaN passes through; −0 stays −0.
     */
    private static void tanhLoop(double a, double[] d, int off, int upper, double[] bias) {
        DoubleVector one = DoubleVector.broadcast(S, 1.0), two = DoubleVector.broadcast(S, 2.0);
        for (int i = 0; i < upper; i += L) {
            DoubleVector x = load(d, off + i, bias, i).mul(a);
            DoubleVector ax = x.lanewise(VectorOperators.ABS);
            VectorMask<Double> near = ax.compare(VectorOperators.LE, 0.625);
            DoubleVector s = x.mul(x);
            DoubleVector p = s.mul(TP0).add(TP1).mul(s).add(TP2);
            DoubleVector q = s.add(TQ0).mul(s).add(TQ1).mul(s).add(TQ2);
            // One division for both branches: p/q where |x| ≤ 0.625, 2/(e^{2|x|} + 1) elsewhere (the same quotients
            // as dividing in each branch, so the same bits; the divider is the loop's bottleneck).
            DoubleVector ratio = two.blend(p, near).div(exp(ax.mul(2.0)).add(1.0).blend(q, near));
            DoubleVector big = one.sub(ratio);
            big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0.0));
            DoubleVector small = x.add(x.mul(s).mul(ratio));
            big.blend(small, near).blend(x, x.compare(VectorOperators.NE, x)).intoArray(d, off + i);
        }
    }

    private static final double
        TP0 = -9.64399179425052238628E-1, TP1 = -9.92877231001918586564E1, TP2 = -1.61468768441708447952E3,
        TQ0 = 1.12811678491632931402E2, TQ1 = 2.23548839060100448583E3, TQ2 = 4.84406305325125486048E3;

    /** Elements per erf chunk: its three scratch arrays stay in L1. */
    private static final int ERF_CHUNK = 512;

    /**
     * fdlibm erf lane-wise, in three small loops per chunk (everything in one loop was too big for C2 to inline
     * the exp into, and its vectors were then boxed on the heap): (1) the |x| &lt; 1.25 formulas and ±1 beyond 6,
     * written to d, plus the two exp arguments of the 1.25 ≤ |x| &lt; 6 formula; (2) the exps; (3) that formula,
     * blended in. Every interval's formula is computed for all lanes and the right one blended in.
     */
    private static void erfLoop(double a, double[] d, int off, int upper, double[] bias) {
        int chunk = Math.min(ERF_CHUNK, upper);
        double[] xs = new double[chunk], e1 = new double[chunk], e2 = new double[chunk];
        for (int c0 = 0; c0 < upper; c0 += chunk) {
            int len = Math.min(chunk, upper - c0);
            erfPrepare(a, d, off + c0, len, bias, c0, xs, e1, e2);
            expInPlace(e1, len);
            expInPlace(e2, len);
            erfFinish(d, off + c0, len, xs, e1, e2);
        }
    }

    private static void expInPlace(double[] v, int len) {
        for (int i = 0; i < len; i += L) exp(DoubleVector.fromArray(S, v, i)).intoArray(v, i);
    }

    private static void erfPrepare(double a, double[] d, int off, int len, double[] bias, int b0,
                                   double[] xs, double[] e1, double[] e2) {
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int i = 0; i < len; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, d, off + i);
            if (bias != null) x = x.add(DoubleVector.fromArray(S, bias, b0 + i));
            x = x.mul(a);
            x.intoArray(xs, i);
            DoubleVector ax = x.lanewise(VectorOperators.ABS);
            VectorMask<Double> neg = x.compare(VectorOperators.LT, 0.0);
            // |x| < 0.84375 (and the tiny case below 2^-28)
            DoubleVector z2 = x.mul(x);
            DoubleVector r0 = z2.mul(z2.mul(z2.mul(z2.mul(DoubleVector.broadcast(S, pp4)).add(pp3)).add(pp2)).add(pp1)).add(pp0);
            DoubleVector s0 = z2.mul(z2.mul(z2.mul(z2.mul(z2.mul(DoubleVector.broadcast(S, qq5)).add(qq4)).add(qq3)).add(qq2)).add(qq1)).add(1.0);
            DoubleVector y0 = x.add(x.mul(r0.div(s0)));
            y0 = y0.blend(x.mul(8.0).add(x.mul(efx8)).mul(0.125), ax.compare(VectorOperators.LT, 0x1p-28));
            // 0.84375 ≤ |x| < 1.25
            DoubleVector s1 = ax.sub(1.0);
            DoubleVector p1 = s1.mul(s1.mul(s1.mul(s1.mul(s1.mul(s1.mul(DoubleVector.broadcast(S, pa6)).add(pa5)).add(pa4)).add(pa3)).add(pa2)).add(pa1)).add(pa0);
            DoubleVector q1 = s1.mul(s1.mul(s1.mul(s1.mul(s1.mul(s1.mul(DoubleVector.broadcast(S, qa6)).add(qa5)).add(qa4)).add(qa3)).add(qa2)).add(qa1)).add(1.0);
            DoubleVector y1 = p1.div(q1).add(erx);
            y1 = y1.blend(y1.neg(), neg);
            // |x| ≥ 6: ±1; NaN: NaN (lanes in [1.25, 6) are overwritten by erfFinish)
            DoubleVector y = one.blend(one.neg(), neg);
            y = y.blend(y1, ax.compare(VectorOperators.LT, 1.25));
            y = y.blend(y0, ax.compare(VectorOperators.LT, 0.84375));
            y.blend(x, x.compare(VectorOperators.NE, x)).intoArray(d, off + i);
            // 1.25 ≤ |x| < 6: two rational fits split at 1/0.35, then exp(−z² − 0.5625)·exp((z − ax)(z + ax) + r/t)
            DoubleVector s = one.div(ax.mul(ax));
            VectorMask<Double> near = ax.compare(VectorOperators.LT, 1 / 0.35);
            DoubleVector ra = s.mul(s.mul(s.mul(s.mul(s.mul(s.mul(s.mul(DoubleVector.broadcast(S, ra7)).add(ra6)).add(ra5)).add(ra4)).add(ra3)).add(ra2)).add(ra1)).add(ra0);
            DoubleVector sa = s.mul(s.mul(s.mul(s.mul(s.mul(s.mul(s.mul(s.mul(DoubleVector.broadcast(S, sa8)).add(sa7)).add(sa6)).add(sa5)).add(sa4)).add(sa3)).add(sa2)).add(sa1)).add(1.0);
            DoubleVector rb = s.mul(s.mul(s.mul(s.mul(s.mul(s.mul(DoubleVector.broadcast(S, rb6)).add(rb5)).add(rb4)).add(rb3)).add(rb2)).add(rb1)).add(rb0);
            DoubleVector sb = s.mul(s.mul(s.mul(s.mul(s.mul(s.mul(s.mul(DoubleVector.broadcast(S, sb7)).add(sb6)).add(sb5)).add(sb4)).add(sb3)).add(sb2)).add(sb1)).add(1.0);
            DoubleVector r = rb.blend(ra, near), t = sb.blend(sa, near);
            // z = ax with the low 32 bits of its representation cleared (as fdlibm's SET_LOW_WORD(z, 0)).
            DoubleVector z = ax.reinterpretAsLongs().and(0xffffffff00000000L).reinterpretAsDoubles();
            z.neg().mul(z).sub(0.5625).intoArray(e1, i);
            z.sub(ax).mul(z.add(ax)).add(r.div(t)).intoArray(e2, i);
        }
    }

    private static void erfFinish(double[] d, int off, int len, double[] xs, double[] e1, double[] e2) {
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int i = 0; i < len; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, xs, i);
            DoubleVector ax = x.lanewise(VectorOperators.ABS);
            DoubleVector e = DoubleVector.fromArray(S, e1, i).mul(DoubleVector.fromArray(S, e2, i));
            DoubleVector y2 = one.sub(e.div(ax));
            y2 = y2.blend(y2.neg(), x.compare(VectorOperators.LT, 0.0));
            VectorMask<Double> tail = ax.compare(VectorOperators.LT, 6.0).andNot(ax.compare(VectorOperators.LT, 1.25));
            DoubleVector.fromArray(S, d, off + i).blend(y2, tail).intoArray(d, off + i);
        }
    }
}
