package deeprf.backend.java;

import deeprf.backend.Activation;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the activation catalogue, applied to one contiguous run of preactivations (a column
 * segment, one neuron per row). Load only when {@link VectorSupport#enabled()}.
 *
 * <p>Agreement with the reference {@link Activation#apply}: linear, relu, abs, sign and clipped-linear are bitwise
 * equal (same IEEE operations in the same order, NaN and signed zeros included). erf uses our own exp (see the
 * comment at {@link #E0}), which is within 1 ulp of {@code Math.exp} (as {@code StrictMath.exp} is), and tanh and
 * sigmoid one rational function of e^r each (see {@link #RU1}), so they differ from the reference by a few ulps:
 * tanh ≤ {@value #TANH_ULPS}, sigmoid ≤ {@value #SIGMOID_ULPS}, erf ≤ {@value #ERF_ULPS} (erf: one rational
 * function below |x| = 3.25, not fdlibm's intervals). Why each bound is what it is, at each loop.
 * Every result is a fixed sequence of IEEE operations, so it is the same bits interpreted or compiled, whatever the
 * thread count or block size.
 *
 * <p>Speed: tanh and sigmoid, one rational function of 24–25 vector operations each, move their bytes about as
 * fast as an array copy on Zen 5; erf, one (9, 9) rational function of x², at 0.73–0.86 of it on one thread and
 * 0.69–0.77 on two (n = 4096, N(0, 1) inputs) — it is still compute-bound: its time follows its 19 multiply-adds
 * per vector (see bench/RESULTS.md, ninth and tenth sessions). What mattered: one division per vector at most (the
 * divider is slow), no vector crossing a
 * call C2 does not inline (it is boxed on the heap: the former tanh loop allocated 32 bytes per element at times),
 * Estrin's scheme for the exp polynomial, as few vector operations as possible — C2 does not keep ~20 broadcast
 * constants in the 16 AVX2 registers and reloads them every iteration — and, for erf, not letting C2 unroll the
 * loop ({@link #ERF_STRIDE}).
 */
final class VectorActivations {
    private VectorActivations() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /**
     * d[off + i] ← f(d[off + i] + bias[b0 + i]) for 0 ≤ i < len (bias may be null). One loop per kind, with every
     * vector a local of that loop: a vector handed to or returned from a method C2 does not inline is boxed on the
     * heap, which made erf slower than the scalar loop.
     */
    static void apply(Activation f, double[] d, int off, int len, double[] bias, int b0) {
        int upper = len - len % L;
        switch (f.kind()) {
            case TANH -> tanhLoop(f.a(), d, off, upper, bias, b0);
            case ERF -> erfLoop(f.a(), d, off, upper, bias, b0);
            case SIGMOID -> sigmoidLoop(d, off, upper, bias, b0);
            default -> simpleLoop(f, d, off, upper, bias, b0);
        }
        for (int i = upper; i < len; i++) d[off + i] = f.apply(bias == null ? d[off + i] : d[off + i] + bias[b0 + i]);
    }

    /** Documented and tested (ActivationsTest) distances from the reference, in ulps of the reference value. */
    static final int TANH_ULPS = 4, SIGMOID_ULPS = 4, ERF_ULPS = 4;

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

    private static void simpleLoop(Activation f, double[] d, int off, int upper, double[] bias, int b0) {
        double a = f.a(), b = f.b();
        DoubleVector one = DoubleVector.broadcast(S, 1.0), zero = DoubleVector.zero(S);
        switch (f.kind()) {
            case LINEAR -> { for (int i = 0; i < upper; i += L) load(d, off + i, bias, b0 + i).mul(a).intoArray(d, off + i); }
            case RELU -> {
                for (int i = 0; i < upper; i += L) {
                    DoubleVector x = load(d, off + i, bias, b0 + i);
                    zero.blend(x, x.compare(VectorOperators.GT, 0.0)).intoArray(d, off + i);
                }
            }
            case ABS -> { for (int i = 0; i < upper; i += L) load(d, off + i, bias, b0 + i).lanewise(VectorOperators.ABS).intoArray(d, off + i); }
            case SIGN -> {
                for (int i = 0; i < upper; i += L) {
                    DoubleVector x = load(d, off + i, bias, b0 + i);
                    x.blend(one, x.compare(VectorOperators.GT, 0.0)).blend(one.neg(), x.compare(VectorOperators.LT, 0.0)).intoArray(d, off + i);
                }
            }
            case CLIPPED_LINEAR -> {
                for (int i = 0; i < upper; i += L) {
                    DoubleVector x = load(d, off + i, bias, b0 + i);
                    DoubleVector sg = x.blend(one, x.compare(VectorOperators.GT, 0.0)).blend(one.neg(), x.compare(VectorOperators.LT, 0.0));
                    sg.mul(a).mul(x.lanewise(VectorOperators.ABS).min(b)).intoArray(d, off + i);
                }
            }
            default -> { for (int i = 0; i < upper; i++) d[off + i] = f.apply(bias == null ? d[off + i] : d[off + i] + bias[b0 + i]); }
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
    private static void sigmoidLoop(double[] d, int off, int upper, double[] bias, int b0) {
        for (int i = 0; i < upper; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, d, off + i);
            if (bias != null) x = x.add(DoubleVector.fromArray(S, bias, b0 + i));
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
    private static void tanhLoop(double a, double[] d, int off, int upper, double[] bias, int b0) {
        double a2 = a + a;
        for (int i = 0; i < upper; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, d, off + i);
            if (bias != null) x = x.add(DoubleVector.fromArray(S, bias, b0 + i));
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

    /** Vectors per erf chunk: one bit each in the tail mask erfBelowTail returns. */
    private static final int ERF_CHUNK_VECTORS = Long.SIZE;
    /**
     * erfBelowTail's stride, L, read from an array so that C2 cannot see it as a constant: a loop with a stride that
     * is not a compile-time constant is not a counted loop, and C2 does not unroll it. Unrolled (4 vectors per
     * iteration, C2's choice for this body on AVX-512) the loop ran 1.15–1.2× slower than one vector per iteration —
     * the same code with -XX:LoopUnrollLimit=20, or with this stride (bench/RESULTS.md, ninth session). Never written.
     */
    private static final int[] ERF_STRIDE = {L};

    /**
     * erf lane-wise in two loops per chunk of 64 vectors: (1) for every vector, one rational function of x² for all
     * lanes — erf(x) = x/4 + x·A(x²)/B(x²) below |x| = {@value #ERF_TAIL} (no exp) — ±1 from |x| = 6 on and NaN
     * for NaN; the lanes with 3.25 ≤ |x| &lt; 6 keep x itself, and their vectors are marked in a 64-bit mask; (2)
     * the tail formula for the marked vectors only — it is the expensive one (a polynomial, a division and an exp),
     * and few lanes need it at unit scale (0.12 % of N(0, 1) values, 0.9 % of 8-lane vectors; but 22 % of vectors at
     * σ = 1.5, 82 % at 2.5). The mask is set without a branch and nothing is allocated: the former scratch arrays (a
     * copy of x and a list of vector offsets, 2.2 KB per column) made every call allocate, and in some JVMs zeroing
     * them took most of erf's time (bench/RESULTS.md, eighth session). Loop (1) has one branch: the ±1 lanes (|x| ≥ 6)
     * are dealt with only in vectors that have one, which are either very rare (σ ≤ 1.5) or nearly all (σ ≥ 10), so
     * it is predicted; skipping that work (two blends, a sign mask, a compare) made erf 1.05–1.1× faster from memory
     * at σ = 1, 1.1–1.6× at σ = 1.5, and no slower above (tenth session). A branch on "any lane ≥ 3.25" instead,
     * and C2's own branch for the mask bit, each cost 15–25 % where vectors with such lanes are common but not the
     * rule (σ = 1.5, or 100).
     *
     * <p>History, each step measured interleaved in one process: fdlibm's intervals (rational fits below 1.25, the
     * tail from 1.25 on: 61 % of N(0, 1) vectors) → two polynomials for every lane, blended (degree 11 in x² below
     * 0.84375, degree 21 in |x| − 1.5 up to 2.5): 2.2× → this single rational (9, 9): 1.7× in cache and 1.6× from
     * memory (n = 4096, one and two threads) → the same loop kept from being unrolled ({@link #ERF_STRIDE}): 1.14–1.18×
     * on one thread → the ±1 work only in vectors that need it: 1.05–1.1×. C2's loop is about 64 instructions per
     * vector (19 FMAs, 3 multiplications, one division, 18 register copies C2 adds because its FMA overwrites the
     * addend — here the constant — every constant in a register) where the two polynomials took 110 (33 FMAs and 22
     * constants reloaded).
     *
     * <p>Bound. Why x/4 + x·A/B and not x·P/Q: the roundings inside A/B reach erf scaled by |A/B|/(¼ + A/B), and
     * A/B = erf(x)/x − ¼ runs from 0.878 at 0 to 0.058 at 3.25, so the factor is ≤ 0.78 where x is small (and A, B
     * are nearly their constant terms) and ≤ 0.19 at the top, where the roundings of a degree-9 evaluation pile up;
     * x·P/Q, which has them all at full weight, was 5 ulps from the reference. Budget against mpmath's erf, each
     * part's worst over [0, 3.25] (bench/tools/fit_erf.py --budget): the fit as rounded 0.12 ulp, A's Horner
     * roundings 0.7, B's 1.0, the division 0.6, x² rounded once 0.5 (erf(x)/x ≈ 1/x up there), the final FMA 0.5 —
     * 3.4 if they all met; measured together they reach 2.3 (2·10^5 points, the worst between |x| = 1.2 and 2.3,
     * where the factor above is still 0.4–0.66). The reference is within 0.8 ulp of the truth, so
     * {@value #ERF_ULPS} ulps of the reference (3 seen 14 times in 10^8 uniform points on [0, 3.25], 2 at most
     * elsewhere; the former polynomials were within 0.9 ulp of the truth and 2 of the reference — this is the price
     * of one rational function). ActivationsTest sweeps 10^5 points around every interval edge, and subnormals
     * (there x/4 is rounded too, half an ulp at most).
     *
     * <p>Tail. From 3.25 to 6, erf = 1 − erfc(|x|) with erfc(|x|) ≤ 4.3e-6, so erfc is needed only to a relative
     * 2e-12 for an error of a hundredth of an ulp: erfc(|x|) = e^{−x²}·G(t)/|x|, where G ≈ erfc(x)·e^{x²}·x is one
     * degree-8 polynomial in t = 1/x² mapped onto [−1, 1] (relative error 3.1e-13 with the coefficients as rounded;
     * bench/tools/fit_erf.py --tail), and e^{−x²} our exp of the rounded −x² (its rounding moves e^{…} by at most
     * 36·2^−53 relative). Every relative error there is scaled down by erfc(|x|) ≤ 4.3e-6 against the result
     * ≥ 0.99999: far below an ulp; the final multiply-add's rounding is the only one that counts. The former tail,
     * fdlibm's (two rational fits blended, a division and an exp: ~50 vector operations against ~30), took about
     * twice the time per tail vector (N(0, 2.5²) inputs; bench/RESULTS.md, ninth session).
     */
    private static void erfLoop(double a, double[] d, int off, int upper, double[] bias, int b0) {
        int chunk = ERF_CHUNK_VECTORS * L;
        for (int c0 = 0; c0 < upper; c0 += chunk) {
            int len = Math.min(chunk, upper - c0);
            long tail = erfBelowTail(a, d, off + c0, len, bias, b0 + c0);
            if (tail != 0) erfTail(d, off + c0, tail);
        }
    }

    /** Where erf's rational function ends and the tail formula (up to 6, then ±1) takes over. */
    static final double ERF_TAIL = 3.25;
    /**
     * erf(x) = x/4 + x·A(z)/B(z), z = x², on |x| &lt; 3.25: a (9, 9) rational fit of erf(x)/x − ¼, minimax in
     * erf's relative error (bench/tools/fit_erf.py: mpmath at 36 digits, Lawson-weighted linearised least squares
     * at 300 Chebyshev nodes; B then rounded to double, A refitted, and A rounded coefficient by coefficient from
     * EA0 up with the rest refitted). Max error of the rounded function 1.4e-17 relative (0.12 ulp; 9.7e-19 before
     * rounding). B has no zero on z ≥ 0 (all coefficients positive). EA0 = 2/√π − ¼. The script fits in
     * w = (x/4)²; these are its coefficients scaled by exact powers of two (EA_i = A_i/4/16^i, EB_i = B_i/16^i).
     */
    private static final double
        EA0 = 0.8783791670955126, EA1 = 0.063352737658832, EA2 = 0.0288778160331329, EA3 = 0.000418776261912472,
        EA4 = 0.00014186073020290747, EA5 = -5.5069439371018584e-06, EA6 = -1.2156552427212573e-07,
        EA7 = -2.9307048302350804e-08, EA8 = -7.369230703081104e-10, EA9 = -2.1114056647243798e-11,
        EB1 = 0.5003296334359457, EB2 = 0.11865841265123704, EB3 = 0.017599863771754428,
        EB4 = 0.0018106412348626404, EB5 = 0.0001350329132128699, EB6 = 7.372380209432012e-06,
        EB7 = 2.8785684813051776e-07, EB8 = 7.426994931372516e-09, EB9 = 9.918561345253084e-11;

    /** erfBelowTail's range tests on z = x²: the tail from 3.25², ±1 from 6², and the bits of both. */
    private static final double Z_TAIL = ERF_TAIL * ERF_TAIL, Z_BIG = 6.0 * 6.0;
    private static final long Z_TAIL_BITS = Double.doubleToRawLongBits(Z_TAIL), Z_BIG_BITS = Double.doubleToRawLongBits(Z_BIG);

    /**
     * For len ≤ 64·L elements: d ← erf(x) for |x| &lt; 3.25, x itself for 3.25 ≤ |x| &lt; 6 (erfTail finishes
     * those), ±1 for |x| ≥ 6, NaN for NaN; returns a mask with bit v set when vector v has a lane left for erfTail.
     * The range tests are on z = x², exactly equivalent: 3.25² and 6² are doubles, and the square of the largest
     * double below each rounds below it. In the common branch they compare z's bits as longs: z is +0 or more (x²
     * is never −0), where the order of the bits is the order of the values, or NaN, whose bits exceed 36's, so NaN
     * takes the other branch, which tests with double compares. Why: with both double masks computed before the
     * branch, C2 kept the array base in an XMM register inside this loop (a vmovq to a general register before every
     * load and store) in about a third of the JVMs, erf then 1.2× slower from memory for the whole run (23 against
     * 27.5 GB/s), by the luck of C2's register allocation. With the masks inside the branches and the common one on
     * the bits, none of 55 loaded copies in 46 processes did (bench/peers/ActivationJarAB.java; bench/RESULTS.md,
     * eleventh session) — an observation, not a guarantee; the loop's bias version still shows such modes.
     * Horner, not Estrin: Estrin measured no faster here (its z², z⁴ cost what the shorter chains save) and reached
     * 2.9–3.4 ulps from mpmath (their roundings).
     */
    private static long erfBelowTail(double a, double[] d, int off, int len, double[] bias, int b0) {
        long tail = 0;
        for (int i = 0, v = 0, step = ERF_STRIDE[0]; i < len; i += step, v++) {
            DoubleVector x = DoubleVector.fromArray(S, d, off + i);
            if (bias != null) x = x.add(DoubleVector.fromArray(S, bias, b0 + i));
            x = x.mul(a);
            DoubleVector z = x.mul(x);
            DoubleVector p = z.fma(DoubleVector.broadcast(S, EA9), DoubleVector.broadcast(S, EA8))
                    .fma(z, DoubleVector.broadcast(S, EA7)).fma(z, DoubleVector.broadcast(S, EA6))
                    .fma(z, DoubleVector.broadcast(S, EA5)).fma(z, DoubleVector.broadcast(S, EA4))
                    .fma(z, DoubleVector.broadcast(S, EA3)).fma(z, DoubleVector.broadcast(S, EA2))
                    .fma(z, DoubleVector.broadcast(S, EA1)).fma(z, DoubleVector.broadcast(S, EA0));
            DoubleVector q = z.fma(DoubleVector.broadcast(S, EB9), DoubleVector.broadcast(S, EB8))
                    .fma(z, DoubleVector.broadcast(S, EB7)).fma(z, DoubleVector.broadcast(S, EB6))
                    .fma(z, DoubleVector.broadcast(S, EB5)).fma(z, DoubleVector.broadcast(S, EB4))
                    .fma(z, DoubleVector.broadcast(S, EB3)).fma(z, DoubleVector.broadcast(S, EB2))
                    .fma(z, DoubleVector.broadcast(S, EB1)).fma(z, DoubleVector.broadcast(S, 1.0));
            DoubleVector y = x.fma(p.div(q), x.mul(0.25));                  // x/4 + x·A/B, one rounding
            LongVector zb = z.reinterpretAsLongs();
            if (!zb.compare(VectorOperators.GE, Z_BIG_BITS).anyTrue()) {   // the branch is predicted: see erfLoop
                VectorMask<Long> beyond = zb.compare(VectorOperators.GE, Z_TAIL_BITS);
                y.reinterpretAsLongs().blend(x.reinterpretAsLongs(), beyond).reinterpretAsDoubles().intoArray(d, off + i);
                long lanes = beyond.toLong();
                tail |= ((lanes | -lanes) >>> 63) << v;                     // 1 if any lane: no branch to mispredict
            } else {
                VectorMask<Double> beyond = z.compare(VectorOperators.GE, Z_TAIL);   // false for NaN: stays NaN
                VectorMask<Double> big = z.compare(VectorOperators.GE, Z_BIG);       // erf rounds to ±1 there
                VectorMask<Double> inTail = beyond.andNot(big);
                DoubleVector one = x.reinterpretAsLongs().and(Long.MIN_VALUE).or(Double.doubleToRawLongBits(1.0))
                        .reinterpretAsDoubles();                            // ±1 with x's sign
                y.blend(one, big).blend(x, inTail).intoArray(d, off + i);
                long lanes = inTail.toLong();
                tail |= ((lanes | -lanes) >>> 63) << v;                     // as above
            }
        }
        return tail;
    }

    /**
     * erf's tail polynomial G(t) ≈ erfc(x)·e^{x²}·x, t = (1/x²)·ET_SCALE + ET_SHIFT ∈ [−1, 1] for 3.25 ≤ |x| ≤ 6:
     * Lawson-weighted least squares in relative error at 200 Chebyshev nodes (bench/tools/fit_erf.py --tail).
     */
    private static final double ET_SCALE = 29.896805896805898, ET_SHIFT = -1.8304668304668306,
        ET0 = 0.5483026039969695, ET1 = -0.008014937695981576, ET2 = 0.00032045349622776483,
        ET3 = -1.9671787793360188e-05, ET4 = 1.5702182467267116e-06, ET5 = -1.5058726921839148e-07,
        ET6 = 1.6591170190686003e-08, ET7 = -2.136817081129477e-09, ET8 = 2.9258382927440336e-10;

    /**
     * For the vectors marked in tail: d ← ±(1 − e^{−x²}·G(t)/|x|) in the lanes erfBelowTail left holding x
     * (3.25 ≤ |x| &lt; 6). Its other lanes hold finished values, all of magnitude below 3.25 (erf results, ±1 or
     * NaN), so the same test on the loaded value finds exactly the tail lanes (what the formula makes of the others,
     * ∞ or NaN included, is blended away).
     */
    private static void erfTail(double[] d, int off, long tail) {
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (long bits = tail; bits != 0; bits &= bits - 1) {
            int i = Long.numberOfTrailingZeros(bits) * L;
            DoubleVector x = DoubleVector.fromArray(S, d, off + i);
            DoubleVector ax = x.lanewise(VectorOperators.ABS);
            DoubleVector inv = one.div(ax);                                           // 1/|x|
            DoubleVector t = inv.mul(inv).fma(DoubleVector.broadcast(S, ET_SCALE), DoubleVector.broadcast(S, ET_SHIFT));
            DoubleVector g = t.fma(DoubleVector.broadcast(S, ET8), DoubleVector.broadcast(S, ET7))
                    .fma(t, DoubleVector.broadcast(S, ET6)).fma(t, DoubleVector.broadcast(S, ET5))
                    .fma(t, DoubleVector.broadcast(S, ET4)).fma(t, DoubleVector.broadcast(S, ET3))
                    .fma(t, DoubleVector.broadcast(S, ET2)).fma(t, DoubleVector.broadcast(S, ET1))
                    .fma(t, DoubleVector.broadcast(S, ET0));
            DoubleVector arg = ax.mul(ax).neg();
            // e^{arg}, arg in (−36, −10.5] in the tail lanes (others are blended away below)
            DoubleVector tk = arg.fma(DoubleVector.broadcast(S, LOG2E), DoubleVector.broadcast(S, SHIFT + 1023));
            DoubleVector k = tk.sub(SHIFT + 1023);
            DoubleVector r = k.fma(DoubleVector.broadcast(S, -LN2_HI), arg);
            r = k.fma(DoubleVector.broadcast(S, -LN2_LO), r);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector q = r.fma(DoubleVector.broadcast(S, E7), DoubleVector.broadcast(S, E6)).fma(r2, r.fma(DoubleVector.broadcast(S, E5), DoubleVector.broadcast(S, E4)))
                    .fma(r4, r.fma(DoubleVector.broadcast(S, E3), DoubleVector.broadcast(S, E2)).fma(r2, r.fma(DoubleVector.broadcast(S, E1), DoubleVector.broadcast(S, E0))))
                    .add(r.fma(DoubleVector.broadcast(S, E9), DoubleVector.broadcast(S, E8)).mul(r4.mul(r4)));        // Estrin
            DoubleVector s = tk.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();   // 2^k
            DoubleVector e = s.fma(r2.fma(q, r), s);
            DoubleVector y = e.neg().fma(g.mul(inv), one);                            // 1 − e^{−x²}·G/|x|
            y = y.reinterpretAsLongs().or(x.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles();
            VectorMask<Double> inTail = ax.compare(VectorOperators.LT, 6.0).andNot(ax.compare(VectorOperators.LT, ERF_TAIL));
            x.blend(y, inTail).intoArray(d, off + i);
        }
    }
}
