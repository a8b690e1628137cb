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
 * equal (same IEEE operations in the same order, NaN and signed zeros included). erf uses our own exp (see the
 * comment at {@link #E0}), which is within 1 ulp of {@code Math.exp} (as {@code StrictMath.exp} is), and tanh and
 * sigmoid one rational function of e^r each (see {@link #RU1}), so they differ from the reference by a few ulps:
 * tanh ≤ {@value #TANH_ULPS}, sigmoid ≤ {@value #SIGMOID_ULPS}, erf ≤
 * {@value #ERF_ULPS} (erf: polynomials below |x| = 2.5, not fdlibm's rational fits). Why each bound is what it is,
 * at each loop.
 * Every result is a fixed sequence of IEEE operations, so it is the same bits interpreted or compiled, whatever the
 * thread count or block size.
 *
 * <p>Speed: erf is compute-bound (its in-cache time per element is its time from memory); tanh and sigmoid, one
 * rational function of 24–25 vector operations each, move their bytes about as fast as an array copy on Zen 5 (see
 * bench/RESULTS.md). What mattered: one division per vector at most (the divider is slow), no vector crossing
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
     * 1/(1 + e^{−x}), as the reference, with u = −x = k·ln2 + r and e^r = (U + V)/(U − V) (see {@link #RU1}): with
     * Q = U − V, P = U + V and s = 2^{k−1}, 1/(1 + 2^k·P/Q) = (Q/2)/((s + ½)·Q + 2s·V) — one division, and Q
     * enters both sides, so its rounding (and U's) cancels except through the 2s·V/den term, at most 2/5 of the
     * denominator (2V/P with V/U = tanh(r/2) ≤ 0.18); 2^{k−1} rather than 2^k keeps s finite at k = 1024, and the
     * scale 2 of U and V (Q = 2 at r = 0) makes the denominator overflow where 1 + e^{−x} does. u is clamped to
     * [−40, 710]: below, 1 + e^{u} is 1 either way; above, e^{u} is ∞ either way. 25 vector operations where the
     * exp polynomial took 29, 1.2× faster in cache. Bound: our side is within about an ulp (the FMA and the division
     * half an ulp each, Q's, V's and s·V's roundings scaled by ≤ 0.42), but the reference's rounding of 1 + e^{u} to
     * an even number where e^{u} ≥ 2^53 can turn Math.exp's own ulp into 2 ulps of the sum: 4 ulps (reached between
     * x = −40 and −6; 3 is the worst over [−6, 0] and 2 for x ≥ 0, over 2^22 points per range).
     */
    private static void sigmoidLoop(double[] d, int off, int upper, double[] bias) {
        for (int i = 0; i < upper; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, d, off + i);
            if (bias != null) x = x.add(DoubleVector.fromArray(S, bias, i));
            x = x.neg();
            x = x.blend(-40.0, x.compare(VectorOperators.LT, -40.0)).blend(710.0, x.compare(VectorOperators.GT, 710.0));
            DoubleVector t = x.fma(DoubleVector.broadcast(S, LOG2E), DoubleVector.broadcast(S, SHIFT + 1022));
            DoubleVector k = t.sub(SHIFT + 1022);
            DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2_HI), x);
            r = k.fma(DoubleVector.broadcast(S, -LN2_LO), r);
            DoubleVector z = r.mul(r);
            DoubleVector u = z.fma(DoubleVector.broadcast(S, SU2), DoubleVector.broadcast(S, SU1)).fma(z, DoubleVector.broadcast(S, SU0));
            DoubleVector v = z.fma(DoubleVector.broadcast(S, SW2), DoubleVector.broadcast(S, SW1)).fma(z, DoubleVector.broadcast(S, SW0)).mul(r);
            DoubleVector s = t.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();   // 2^{k−1}
            DoubleVector q = u.sub(v);
            DoubleVector sv = s.mul(v);                                                 // exact: s is a power of 2
            q.mul(0.5).div(s.add(0.5).fma(q, sv.add(sv))).intoArray(d, off + i);
        }
    }

    /** ln 2 rounded to double: tanh needs no Cody–Waite low part (see {@link #tanhLoop}). */
    private static final double LN2 = 0.6931471805599453;
    /**
     * tanh(r/2) ≈ r·W(r²)/U(r²) on |r| ≤ 0.3473 (ln2/2 and a little beyond), U = 1 + RU1·r² + RU2·r⁴,
     * W = 1/2 + RW1·r² + RW2·r⁴: minimax rational of type (5, 4), fitted on the relative error by Lawson's iteration
     * (mpmath, 40 digits), max relative error 4.9e-18, 9.8e-18 with the coefficients as stored. Then
     * e^r = (U + V)/(U − V) with V = r·W, and a ratio of the two does not care how both are scaled: tanh stores them
     * times 63/32 (TU*, TW*: U then lies in [1.97, 2), just below a power of two, where a rounding is the smallest
     * fraction of the value — at scale 2 the loop reached 4 ulps near |x| = 0.2 instead of 3); sigmoid times 2
     * (SU*, SW*, exact), which puts U − V at 2 where r = 0 (see {@link #sigmoidLoop}).
     */
    private static final double RU1 = 0.11110809144686237, RU2 = 0.000991761563657433,
        RW1 = 0.01388737905676554, RW2 = 3.30436381415413e-05;
    private static final double TS = 63.0 / 32,
        TU0 = TS, TU1 = TS * RU1, TU2 = TS * RU2, TW0 = TS * 0.5, TW1 = TS * RW1, TW2 = TS * RW2;
    private static final double SU0 = 2, SU1 = 2 * RU1, SU2 = 2 * RU2, SW0 = 1, SW1 = 2 * RW1, SW2 = 2 * RW2;

    /**
     * tanh(ax) = sign(x)·(e^y − 1)/(e^y + 1) with y = 2|ax| = k·ln2 + r and e^r = (U + V)/(U − V) (see {@link #RU1}):
     * with h = (2^k − 1)/2 (exact) and P = U + V, the numerator is h·P + V and the denominator h·P + U, so the whole
     * of tanh is one rational function with one division — 24 vector operations, where the former exp polynomial
     * and (E)/(E + 2) took 33, and 1.38× faster (4.7 → 3.4 ns per 8-lane vector, in cache). At k = 0 it is V/U exactly
     * (no cancellation, so it is good from subnormals up); y is capped at 40, where the ratio rounds to 1 already. ±0
     * and NaN pass through. r = y − k·ln2 with ln2 rounded to double (one FMA, no low part): the resulting relative
     * error of e^y, k·2.3e-17 with k ≤ 58, moves tanh by at most ~0.1 ulp, because d tanh/d(log e^y) =
     * 2e^y/(e^y + 1)² falls off as 2^{−k}. Bound: U, V, P and the two FMAs each add about half an ulp, amplified
     * up to 2× by the partial cancellation in h·P + V when r &lt; 0 at k = 1 (|x| ≈ 0.17–0.35), the division half
     * an ulp, and Math.tanh is itself within an ulp of the truth: 4 ulps from the reference (3 measured over
     * 2^22 points in each of [0, 0.17], [0.17, 0.36], [0.36, 0.8], [0.8, 3]).
     */
    private static void tanhLoop(double a, double[] d, int off, int upper, double[] bias) {
        double a2 = a + a;
        for (int i = 0; i < upper; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, d, off + i);
            if (bias != null) x = x.add(DoubleVector.fromArray(S, bias, i));
            x = x.mul(a2);                                                      // 2ax: its sign is ax's
            DoubleVector y = x.lanewise(VectorOperators.ABS);
            y = y.blend(40.0, y.compare(VectorOperators.GT, 40.0));
            DoubleVector t = y.fma(DoubleVector.broadcast(S, LOG2E), DoubleVector.broadcast(S, SHIFT + 1023));
            DoubleVector k = t.sub(SHIFT + 1023);
            DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2), y);
            DoubleVector z = r.mul(r);
            DoubleVector u = z.fma(DoubleVector.broadcast(S, TU2), DoubleVector.broadcast(S, TU1)).fma(z, DoubleVector.broadcast(S, TU0));
            DoubleVector v = z.fma(DoubleVector.broadcast(S, TW2), DoubleVector.broadcast(S, TW1)).fma(z, DoubleVector.broadcast(S, TW0)).mul(r);
            DoubleVector s = t.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();   // 2^k
            DoubleVector h = s.fma(DoubleVector.broadcast(S, 0.5), DoubleVector.broadcast(S, -0.5));        // (2^k − 1)/2
            DoubleVector p = u.add(v);
            DoubleVector th = h.fma(p, v).div(h.fma(p, u));
            th.reinterpretAsLongs().or(x.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles().intoArray(d, off + i);
        }
    }

    /** Elements per erf chunk: its scratch arrays stay in L1. */
    private static final int ERF_CHUNK = 256;

    /**
     * erf lane-wise in two loops per chunk: (1) for every vector, two polynomials computed for all lanes and the
     * right one blended in — |x| + |x|·R(x²) below 0.84375, EM0 + t·Q(t) with t = |x| − EM_CENTER up to 2.5 (no
     * division, no exp) — ±1 and NaN beyond, noting the vectors that have a lane in 2.5 ≤ |x| &lt; 6; (2) fdlibm's
     * tail formula for those vectors only — it is the expensive one (two rational fits, a division and an exp), and
     * few lanes need it (1.2 % of N(0, 1) values, 5 % of 4-lane vectors). The list is appended to without a branch,
     * so no misprediction either. This replaced fdlibm's two rational fits below 1.25 with the tail from 1.25 on
     * (61 % of N(0, 1) vectors): 2.2× faster on N(0, 1) values.
     *
     * <p>Bound. Below 2.5, each lane's error from the true erf is the fit's (ES: 1.3e-17 in erf(x)/x, EM: 6.4e-18
     * absolute, ≤ 0.06 ulp), the Estrin roundings inside R or Q, scaled down by |R|/(1 + R) ≤ 0.12 or by
     * |t·Q|/erf ≤ 0.26, and the final FMA's half ulp; measured against mpmath (40 digits, 0.79 M points dense at the
     * interval ends): ≤ 0.89 ulp below 0.84375 and ≤ 0.90 ulp above, where fdlibm's is ≤ 0.90 and ≤ 0.73. From 2.5
     * to 6, fdlibm computes 1 − exp(−z² − 0.5625)·exp((z − |x|)(z + |x|) + r/s)/|x| with s = 1/x² and two exps to
     * keep the argument's rounding out; here it is 1 − e^{−x² − 0.5625 + r/s}·(1/|x|) with one exp of a singly
     * rounded argument, r/s as x²·R(x²)/S(x²) (fdlibm's coefficients in reverse order), and 1/|x| and r/s both taken
     * from the one quotient 1/(|x|·S). Those relative errors, a few ulps of e^{…}/|x|, are scaled down by
     * e^{…}/|x| = erfc(|x|) ≤ 4.1e-4 against the result ≥ 0.9995: 0.50 ulp measured. Both sides within about an ulp
     * of the truth: {@value #ERF_ULPS} ulps from the reference (1 measured over 35 M samples; ActivationsTest sweeps
     * 10^5 points around every interval edge).
     */
    private static void erfLoop(double a, double[] d, int off, int upper, double[] bias) {
        int chunk = Math.min(ERF_CHUNK, upper);
        double[] xs = new double[chunk];
        int[] tailVectors = new int[chunk / L];
        for (int c0 = 0; c0 < upper; c0 += chunk) {
            int len = Math.min(chunk, upper - c0);
            int n = erfBelowTail(a, d, off + c0, len, bias, c0, xs, tailVectors);
            erfTail(d, off + c0, xs, tailVectors, n);
        }
    }

    /** erf's cheap intervals: |x| &lt; ERF_SMALL, ERF_SMALL ≤ |x| &lt; ERF_TAIL; the tail formula from ERF_TAIL to 6. */
    static final double ERF_SMALL = 0.84375, ERF_TAIL = 2.5;
    /**
     * erf(x)/x − 1 as a polynomial in z = x² on [0, 0.84375²], degree 11: least-squares fit at 36 Chebyshev nodes
     * (mpmath, 60 digits), each coefficient rounded to double in turn from ES0 up and the others refitted; max
     * error of the rounded polynomial 1.3e-17. Evaluated by Estrin's scheme in z⁴, as EM.
     */
    private static final double
        ES0 = 0.1283791670955126, ES1 = -0.37612638903183904, ES2 = 0.11283791670960501,
        ES3 = -0.026866170646003898, ES4 = 0.005223977633206625, ES5 = -0.0008548327436942152,
        ES6 = 0.0001205534664051492, ES7 = -1.4925926686473602e-05, ES8 = 1.6465188909155462e-06,
        ES9 = -1.6374835097876776e-07, ES10 = 1.460883085144562e-08, ES11 = -9.865085239819777e-10;
    /**
     * erf(EM_CENTER + t) on [0.84375, 2.5] as a polynomial in t, degree 21, fitted as ES (66 nodes). EM_CENTER is a
     * double chosen (among multiples of 2^-20 near 1.5) so that erf(EM_CENTER) is within 7e-5 ulp of the double EM0
     * (else EM0's rounding alone would cost up to half an ulp near t = 0), and low enough that the roundings of t·Q
     * stay small at the steep low end; t = |x| − EM_CENTER is exact (Sterbenz: EM_CENTER/2 ≤ |x| ≤ 2·EM_CENTER).
     * Max error of the rounded polynomial 6.4e-18, 0.06 ulp of erf ≥ 0.766. Q is evaluated by Estrin's scheme in
     * t⁴, four chains of 5–6 FMAs: the loop is latency-bound (against the former loop, in one process: one Horner
     * chain 1.8×, two chains 2.0×, four 2.26×).
     */
    private static final double EM_CENTER = 1.49993896484375;
    private static final double
        EM0 = 0.9660978868819188, EM1 = 0.11895206756070112, EM2 = -0.17842084108302195,
        EM3 = 0.13876289193353242, EM4 = -0.04459432054841561, EM5 = -0.014873363980257577,
        EM6 = 0.019328198204023362, EM7 = -0.004741899309080682, EM8 = -0.002363616881931111,
        EM9 = 0.0017098761085393116, EM10 = -9.274329313798757e-05, EM11 = -0.0002545047857368177,
        EM12 = 7.767490188912782e-05, EM13 = 1.7965918352358926e-05, EM14 = -1.4089800074250607e-05,
        EM15 = 5.957406268396532e-07, EM16 = 1.5261482789408479e-06, EM17 = -3.3553395126505e-07,
        EM18 = -9.6756855552944e-08, EM19 = 4.5950692394668325e-08, EM20 = -8.514308716045158e-10,
        EM21 = -1.514313047630948e-09;

    /**
     * d ← erf(x) for |x| &lt; 2.5, ±1 for |x| ≥ 2.5, NaN for NaN; xs ← x; the offsets of vectors with a lane in
     * [2.5, 6) go to tailVectors, whose length is returned. Both polynomials are computed for all lanes (no
     * division) and the right one blended in; the sign is the input's, OR-ed in at the end (both are odd in x).
     */
    private static int erfBelowTail(double a, double[] d, int off, int len, double[] bias, int b0,
                                    double[] xs, int[] tailVectors) {
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        int n = 0;
        for (int i = 0; i < len; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, d, off + i);
            if (bias != null) x = x.add(DoubleVector.fromArray(S, bias, b0 + i));
            x = x.mul(a);
            x.intoArray(xs, i);
            DoubleVector ax = x.lanewise(VectorOperators.ABS);
            // |x| < 0.84375: |x| + |x|·R(x²), one rounding at the end (subnormal |x| included)
            DoubleVector z = ax.mul(ax);
            DoubleVector z2 = z.mul(z), z4 = z2.mul(z2);
            DoubleVector rs = (z4.fma(DoubleVector.broadcast(S, ES11), DoubleVector.broadcast(S, ES7))
                    .fma(z4, DoubleVector.broadcast(S, ES3))).fma(z, z4.fma(DoubleVector.broadcast(S, ES10), DoubleVector.broadcast(S, ES6))
                    .fma(z4, DoubleVector.broadcast(S, ES2)))
                    .fma(z2, (z4.fma(DoubleVector.broadcast(S, ES9), DoubleVector.broadcast(S, ES5))
                    .fma(z4, DoubleVector.broadcast(S, ES1))).fma(z, z4.fma(DoubleVector.broadcast(S, ES8), DoubleVector.broadcast(S, ES4))
                    .fma(z4, DoubleVector.broadcast(S, ES0))));
            DoubleVector small = rs.fma(ax, ax);
            // 0.84375 ≤ |x| < 2.5: EM0 + t·Q(t), t = |x| − EM_CENTER (exact)
            DoubleVector t = ax.sub(EM_CENTER);
            DoubleVector t2 = t.mul(t), t4 = t2.mul(t2);
            DoubleVector qm = (t4.fma(DoubleVector.broadcast(S, EM20), DoubleVector.broadcast(S, EM16))
                    .fma(t4, DoubleVector.broadcast(S, EM12))
                    .fma(t4, DoubleVector.broadcast(S, EM8))
                    .fma(t4, DoubleVector.broadcast(S, EM4))).fma(t, t4.fma(DoubleVector.broadcast(S, EM19), DoubleVector.broadcast(S, EM15))
                    .fma(t4, DoubleVector.broadcast(S, EM11))
                    .fma(t4, DoubleVector.broadcast(S, EM7))
                    .fma(t4, DoubleVector.broadcast(S, EM3)))
                    .fma(t2, (t4.fma(DoubleVector.broadcast(S, EM18), DoubleVector.broadcast(S, EM14))
                    .fma(t4, DoubleVector.broadcast(S, EM10))
                    .fma(t4, DoubleVector.broadcast(S, EM6))
                    .fma(t4, DoubleVector.broadcast(S, EM2))).fma(t, t4.fma(DoubleVector.broadcast(S, EM21), DoubleVector.broadcast(S, EM17))
                    .fma(t4, DoubleVector.broadcast(S, EM13))
                    .fma(t4, DoubleVector.broadcast(S, EM9))
                    .fma(t4, DoubleVector.broadcast(S, EM5))
                    .fma(t4, DoubleVector.broadcast(S, EM1))));
            DoubleVector mid = qm.fma(t, DoubleVector.broadcast(S, EM0));
            DoubleVector y = one.blend(ax, ax.compare(VectorOperators.NE, ax));
            VectorMask<Double> below = ax.compare(VectorOperators.LT, ERF_TAIL);
            y = y.blend(mid, below).blend(small, ax.compare(VectorOperators.LT, ERF_SMALL));
            y.reinterpretAsLongs().or(x.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles().intoArray(d, off + i);
            tailVectors[n] = i;
            n += (below.or(ax.compare(VectorOperators.GE, 6.0)).not().trueCount() + L - 1) / L;   // 1 if any (NaN too)
        }
        return n;
    }

    /** For the listed vectors: d ← ±(1 − e^{−x² − 0.5625 + r/s}/|x|) in the lanes with 2.5 ≤ |x| &lt; 6. */
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
            // e^{arg}, arg in [−37, −6.8] in the tail lanes (others are blended away below)
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
            VectorMask<Double> tail = ax.compare(VectorOperators.LT, 6.0).andNot(ax.compare(VectorOperators.LT, ERF_TAIL));
            DoubleVector.fromArray(S, d, off + i).blend(y, tail).intoArray(d, off + i);
        }
    }
}
