import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;
import java.util.Random;

/**
 * Where the vector erf's time goes: the backend's loop body (VectorActivations.erfBelowTail, ninth session: a (9, 9)
 * rational function of x², a division, the ±1 / tail blends) beside cut-down copies of it, each timed against a copy
 * in the same round, round after round, so host phases cancel in the per-round ratio. TIMING ONLY: every variant
 * but rat99 computes wrong values (its coefficients are the kept rational's, truncated). Each variant is written out
 * as its own loop on purpose: one loop taking the variant as a parameter would not compile to the code being timed.
 * <ul>
 *   <li>rat99: the backend's loop body as of the ninth session — 18 multiply-adds, one division, and the ±1 / tail
 *       blends for every vector (the tenth moved the ±1 work behind a branch);</li>
 *   <li>rat99mul: the division replaced by a multiplication (what the divider costs);</li>
 *   <li>rat77, rat66: (7, 7) and (6, 6) rationals — 14 and 12 multiply-adds and the division (what lower-accuracy fits
 *       would cost: fitted in bench/tools/fit_erf.py's way they reach about 4e-14 and 2e-10 relative error);</li>
 *   <li>rat99blend2: rat99 with two coefficients each blended per lane between two constants (what a piecewise fit
 *       whose coefficients are chosen lane by lane would pay per coefficient: blends are not free beside the FMAs);</li>
 *   <li>poly9: numerator only, 9 multiply-adds, no division;</li>
 *   <li>affine: one multiply-add (how fast a loop with next to no arithmetic runs the same memory pattern);</li>
 *   <li>chunk64: rat99 over chunks of 64 vectors, as the backend's erfLoop runs it;</li>
 *   <li>touch64, touch256, touchNow64: rat99 over chunks of 64 or 256 vectors, first loading one element per cache
 *       line of the next chunk (or of this one) — software "prefetch" by demand loads, as Java has no prefetch.</li>
 * </ul>
 * usage: java --add-modules=jdk.incubator.vector -XX:OptoLoopAlignment=32 bench/peers/ErfCost.java N ROUNDS [inplace]
 * (N = 16384 stays in L2, N = 16777216 streams 128 MiB; inplace: each variant on its own array, in place, as the
 * backend's activation runs; otherwise source → destination.) Results: bench/RESULTS.md, ninth session.
 */
public class ErfCost {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    static DoubleVector bc(double v) { return DoubleVector.broadcast(S, v); }

    static long copy(double[] s, double[] d, int n) {
        for (int i = 0; i < n; i += L) DoubleVector.fromArray(S, s, i).intoArray(d, i);
        return 0;
    }

    static long affine(double[] s, double[] d, int n) {
        for (int i = 0; i < n; i += L) DoubleVector.fromArray(S, s, i).fma(bc(0.5), bc(0.25)).intoArray(d, i);
        return 0;
    }

    /** erfBelowTail's ending: ±1 beyond 3.25, x kept in [3.25, 6), the vector's bit in the tail mask. */
    static long finish(DoubleVector x, DoubleVector y, double[] d, int i, long tail, int v) {
        DoubleVector ax = x.lanewise(VectorOperators.ABS);
        VectorMask<Double> beyond = ax.compare(VectorOperators.GE, 3.25);
        VectorMask<Double> inTail = beyond.andNot(ax.compare(VectorOperators.GE, 6.0));
        DoubleVector one = x.reinterpretAsLongs().and(Long.MIN_VALUE).or(Double.doubleToRawLongBits(1.0)).reinterpretAsDoubles();
        y.blend(one, beyond).blend(x, inTail).intoArray(d, i);
        return tail | ((inTail.anyTrue() ? 1L : 0L) << (v & 63));
    }

    static DoubleVector num9(DoubleVector z) {
        return z.fma(bc(-2.1114056647243798e-11), bc(-7.369230703081104e-10)).fma(z, bc(-2.9307048302350804e-08))
                .fma(z, bc(-1.2156552427212573e-07)).fma(z, bc(-5.5069439371018584e-06)).fma(z, bc(0.00014186073020290747))
                .fma(z, bc(0.000418776261912472)).fma(z, bc(0.0288778160331329)).fma(z, bc(0.063352737658832))
                .fma(z, bc(0.8783791670955126));
    }

    static DoubleVector den9(DoubleVector z) {
        return z.fma(bc(9.918561345253084e-11), bc(7.426994931372516e-09)).fma(z, bc(2.8785684813051776e-07))
                .fma(z, bc(7.372380209432012e-06)).fma(z, bc(0.0001350329132128699)).fma(z, bc(0.0018106412348626404))
                .fma(z, bc(0.017599863771754428)).fma(z, bc(0.11865841265123704)).fma(z, bc(0.5003296334359457))
                .fma(z, bc(1.0));
    }

    static long rat99(double[] s, double[] d, int n) {
        long tail = 0;
        for (int i = 0, v = 0; i < n; i += L, v++) {
            DoubleVector x = DoubleVector.fromArray(S, s, i), z = x.mul(x);
            tail = finish(x, x.fma(num9(z).div(den9(z)), x.mul(0.25)), d, i, tail, v);
        }
        return tail;
    }

    static long rat99mul(double[] s, double[] d, int n) {
        long tail = 0;
        for (int i = 0, v = 0; i < n; i += L, v++) {
            DoubleVector x = DoubleVector.fromArray(S, s, i), z = x.mul(x);
            tail = finish(x, x.fma(num9(z).mul(den9(z)), x.mul(0.25)), d, i, tail, v);
        }
        return tail;
    }

    static long rat77(double[] s, double[] d, int n) {
        long tail = 0;
        for (int i = 0, v = 0; i < n; i += L, v++) {
            DoubleVector x = DoubleVector.fromArray(S, s, i), z = x.mul(x);
            DoubleVector p = z.fma(bc(-2.9307048302350804e-08), bc(-1.2156552427212573e-07)).fma(z, bc(-5.5069439371018584e-06))
                    .fma(z, bc(0.00014186073020290747)).fma(z, bc(0.000418776261912472)).fma(z, bc(0.0288778160331329))
                    .fma(z, bc(0.063352737658832)).fma(z, bc(0.8783791670955126));
            DoubleVector q = z.fma(bc(2.8785684813051776e-07), bc(7.372380209432012e-06)).fma(z, bc(0.0001350329132128699))
                    .fma(z, bc(0.0018106412348626404)).fma(z, bc(0.017599863771754428)).fma(z, bc(0.11865841265123704))
                    .fma(z, bc(0.5003296334359457)).fma(z, bc(1.0));
            tail = finish(x, x.fma(p.div(q), x.mul(0.25)), d, i, tail, v);
        }
        return tail;
    }

    static long rat66(double[] s, double[] d, int n) {
        long tail = 0;
        for (int i = 0, v = 0; i < n; i += L, v++) {
            DoubleVector x = DoubleVector.fromArray(S, s, i), z = x.mul(x);
            DoubleVector p = z.fma(bc(-1.2156552427212573e-07), bc(-5.5069439371018584e-06)).fma(z, bc(0.00014186073020290747))
                    .fma(z, bc(0.000418776261912472)).fma(z, bc(0.0288778160331329)).fma(z, bc(0.063352737658832))
                    .fma(z, bc(0.8783791670955126));
            DoubleVector q = z.fma(bc(7.372380209432012e-06), bc(0.0001350329132128699)).fma(z, bc(0.0018106412348626404))
                    .fma(z, bc(0.017599863771754428)).fma(z, bc(0.11865841265123704)).fma(z, bc(0.5003296334359457))
                    .fma(z, bc(1.0));
            tail = finish(x, x.fma(p.div(q), x.mul(0.25)), d, i, tail, v);
        }
        return tail;
    }

    /** rat99 with its two highest numerator coefficients each chosen per lane between two constants (z ≥ 4.41). */
    static long rat99blend2(double[] s, double[] d, int n) {
        long tail = 0;
        for (int i = 0, v = 0; i < n; i += L, v++) {
            DoubleVector x = DoubleVector.fromArray(S, s, i), z = x.mul(x);
            VectorMask<Double> m = z.compare(VectorOperators.GE, 4.41);
            DoubleVector p = z.fma(bc(-2.1114056647243798e-11).blend(bc(-2.1e-11), m), bc(-7.369230703081104e-10).blend(bc(-7.3e-10), m))
                    .fma(z, bc(-2.9307048302350804e-08)).fma(z, bc(-1.2156552427212573e-07)).fma(z, bc(-5.5069439371018584e-06))
                    .fma(z, bc(0.00014186073020290747)).fma(z, bc(0.000418776261912472)).fma(z, bc(0.0288778160331329))
                    .fma(z, bc(0.063352737658832)).fma(z, bc(0.8783791670955126));
            tail = finish(x, x.fma(p.div(den9(z)), x.mul(0.25)), d, i, tail, v);
        }
        return tail;
    }

    static long poly9(double[] s, double[] d, int n) {
        long tail = 0;
        for (int i = 0, v = 0; i < n; i += L, v++) {
            DoubleVector x = DoubleVector.fromArray(S, s, i), z = x.mul(x);
            tail = finish(x, x.fma(num9(z), x.mul(0.25)), d, i, tail, v);
        }
        return tail;
    }

    /** rat99 chunk by chunk, as the backend's erfLoop runs it (no touching). */
    static long chunk64(double[] s, double[] d, int n) {
        int chunk = 64 * L;
        long tail = 0;
        for (int c0 = 0; c0 < n; c0 += chunk) {
            int e = Math.min(n, c0 + chunk);
            for (int i = c0, v = 0; i < e; i += L, v++) {
                DoubleVector x = DoubleVector.fromArray(S, s, i), z = x.mul(x);
                tail = finish(x, x.fma(num9(z).div(den9(z)), x.mul(0.25)), d, i, tail, v);
            }
        }
        return tail;
    }

    /** rat99 chunk by chunk; before chunk k, one load per cache line of chunk k + 1 (ahead) or of chunk k. */
    static long ratTouch(double[] s, double[] d, int n, int chunkVectors, boolean ahead) {
        int chunk = chunkVectors * L;
        long acc = 0, tail = 0;
        if (ahead) for (int i = 0; i < Math.min(chunk, n); i += 8) acc += Double.doubleToRawLongBits(s[i]);
        for (int c0 = 0; c0 < n; c0 += chunk) {
            int t0 = ahead ? c0 + chunk : c0, t1 = Math.min(n, t0 + chunk);
            for (int i = t0; i < t1; i += 8) acc += Double.doubleToRawLongBits(s[i]);
            int e = Math.min(n, c0 + chunk);
            for (int i = c0, v = 0; i < e; i += L, v++) {
                DoubleVector x = DoubleVector.fromArray(S, s, i), z = x.mul(x);
                tail = finish(x, x.fma(num9(z).div(den9(z)), x.mul(0.25)), d, i, tail, v);
            }
        }
        return tail + (acc == 42 ? 1 : 0);   // keeps the touching loads alive
    }

    interface Kernel { long run(double[] s, double[] d, int n); }

    public static void main(String[] a) {
        if (a.length < 2) throw new IllegalArgumentException("usage: ErfCost N ROUNDS [inplace]");
        int n = Integer.parseInt(a[0]), rounds = Integer.parseInt(a[1]);
        if (n <= 0 || n % (8 * L) != 0) throw new IllegalArgumentException("N must be a positive multiple of " + 8 * L);
        boolean inPlace = a.length > 2 && a[2].equals("inplace");
        String[] names = {"copy", "rat99", "rat99mul", "rat77", "rat66", "rat99blend2", "poly9", "affine", "chunk64", "touch64", "touch256", "touchNow64"};
        Kernel[] ks = {ErfCost::copy, ErfCost::rat99, ErfCost::rat99mul, ErfCost::rat77, ErfCost::rat66, ErfCost::rat99blend2, ErfCost::poly9,
                ErfCost::affine, ErfCost::chunk64, (s, d, m) -> ratTouch(s, d, m, 64, true), (s, d, m) -> ratTouch(s, d, m, 256, true),
                (s, d, m) -> ratTouch(s, d, m, 64, false)};
        int reps = Math.max(1, (1 << 26) / n);
        double[] src = new double[n], dst = new double[n];
        Random r = new Random(1);
        for (int i = 0; i < n; i++) src[i] = r.nextGaussian();
        double[][] own = new double[ks.length][];   // in place: each variant its own array (the copy stays src → dst)
        for (int k = 1; k < ks.length; k++) own[k] = inPlace ? src.clone() : null;
        long sink = 0;
        for (int w = 0; w < 3; w++)
            for (int k = 0; k < ks.length; k++) sink += time(ks[k], own[k], src, dst, n, reps, new long[1]);
        double[][] gbs = new double[ks.length][rounds];
        for (int rd = 0; rd < rounds; rd++)
            for (int k = 0; k < ks.length; k++) {
                long[] ns = new long[1];
                sink += time(ks[k], own[k], src, dst, n, reps, ns);
                gbs[k][rd] = 16.0 * n * reps / ns[0];   // 16 bytes per element, as ActivationBenchmark counts
            }
        System.out.printf("%s, n = %d, %d rounds of %d calls, %d lanes (sink %d)%n", inPlace ? "in place" : "source -> destination",
                n, rounds, reps, L, sink);
        for (int k = 0; k < ks.length; k++) {
            double[] ratio = new double[rounds], g = gbs[k].clone();
            for (int rd = 0; rd < rounds; rd++) ratio[rd] = gbs[k][rd] / gbs[0][rd];
            Arrays.sort(ratio);
            Arrays.sort(g);
            System.out.printf("%-10s median %6.1f GB/s   per-round ratio to copy: median %.3f (min %.3f, max %.3f)%n",
                    names[k], g[rounds / 2], ratio[rounds / 2], ratio[0], ratio[rounds - 1]);
        }
    }

    static long time(Kernel k, double[] own, double[] src, double[] dst, int n, int reps, long[] ns) {
        long sink = 0, t0 = System.nanoTime();
        for (int j = 0; j < reps; j++) sink += own == null ? k.run(src, dst, n) : k.run(own, own, n);
        ns[0] = System.nanoTime() - t0;
        return sink;
    }
}
