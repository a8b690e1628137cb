import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * This core's vector FMA and add throughput and the FMA latency, through the Vector API as the kernels use it: twelve
 * independent FMA chains (enough to fill the pipes), twelve add chains, the two mixed (12 FMAs + 8 adds per round)
 * and one chain of dependent FMAs. It bounds what erf can reach: 22 FMA-pipe operations per vector (19 FMAs, 3
 * multiplications) need ≥ 22 / peak ns per 8 elements whatever else the loop does (bench/RESULTS.md, eleventh session).
 * usage: java --add-modules=jdk.incubator.vector bench/peers/FmaPeak.java
 */
public class FmaPeak {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    static DoubleVector v(double x) { return DoubleVector.broadcast(S, x); }

    /**
     * Written out, chain by chain, and summed without arrays or varargs: a vector that reaches an array is boxed, and
     * with the loop's vectors kept in an array, or summed through varargs, the loops ran 30–35× slower.
     */
    static double fmas(long rounds) {
        DoubleVector m = DoubleVector.broadcast(S, 0.999999), c = DoubleVector.broadcast(S, 1e-9);
        DoubleVector a0 = v(1), a1 = v(2), a2 = v(3), a3 = v(4), a4 = v(5), a5 = v(6), a6 = v(7), a7 = v(8), a8 = v(9), a9 = v(10), a10 = v(11), a11 = v(12);
        for (long i = 0; i < rounds; i++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c); a4 = a4.fma(m, c); a5 = a5.fma(m, c);
            a6 = a6.fma(m, c); a7 = a7.fma(m, c); a8 = a8.fma(m, c); a9 = a9.fma(m, c); a10 = a10.fma(m, c); a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).reduceLanes(VectorOperators.ADD);
    }

    static double adds(long rounds) {
        DoubleVector c = DoubleVector.broadcast(S, 1e-9);
        DoubleVector a0 = v(1), a1 = v(2), a2 = v(3), a3 = v(4), a4 = v(5), a5 = v(6), a6 = v(7), a7 = v(8), a8 = v(9), a9 = v(10), a10 = v(11), a11 = v(12);
        for (long i = 0; i < rounds; i++) {
            a0 = a0.add(c); a1 = a1.add(c); a2 = a2.add(c); a3 = a3.add(c); a4 = a4.add(c); a5 = a5.add(c);
            a6 = a6.add(c); a7 = a7.add(c); a8 = a8.add(c); a9 = a9.add(c); a10 = a10.add(c); a11 = a11.add(c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).reduceLanes(VectorOperators.ADD);
    }

    static double mixed(long rounds) {
        DoubleVector m = DoubleVector.broadcast(S, 0.999999), c = DoubleVector.broadcast(S, 1e-9);
        DoubleVector a0 = v(1), a1 = v(2), a2 = v(3), a3 = v(4), a4 = v(5), a5 = v(6), a6 = v(7), a7 = v(8), a8 = v(9), a9 = v(10), a10 = v(11), a11 = v(12);
        DoubleVector b0 = v(13), b1 = v(14), b2 = v(15), b3 = v(16), b4 = v(17), b5 = v(18), b6 = v(19), b7 = v(20);
        for (long i = 0; i < rounds; i++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c); a4 = a4.fma(m, c); a5 = a5.fma(m, c);
            a6 = a6.fma(m, c); a7 = a7.fma(m, c); a8 = a8.fma(m, c); a9 = a9.fma(m, c); a10 = a10.fma(m, c); a11 = a11.fma(m, c);
            b0 = b0.add(c); b1 = b1.add(c); b2 = b2.add(c); b3 = b3.add(c); b4 = b4.add(c); b5 = b5.add(c); b6 = b6.add(c); b7 = b7.add(c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .add(b0).add(b1).add(b2).add(b3).add(b4).add(b5).add(b6).add(b7).reduceLanes(VectorOperators.ADD);
    }

    static double chain(long rounds) {
        DoubleVector m = DoubleVector.broadcast(S, 0.999999), c = DoubleVector.broadcast(S, 1e-9), a = DoubleVector.broadcast(S, 1);
        for (long i = 0; i < rounds; i++) a = a.fma(m, c).fma(m, c).fma(m, c).fma(m, c);
        return a.reduceLanes(VectorOperators.ADD);
    }

    public static void main(String[] args) {
        long rounds = 20_000_000;
        double sink = 0;
        System.out.printf("%d-lane doubles; per ns: FMAs, adds, 12 FMA + 8 add mixed (operations), and ns per dependent FMA%n", S.length());
        for (int r = 0; r < 8; r++) {
            long t0 = System.nanoTime(); sink += fmas(rounds);
            long t1 = System.nanoTime(); sink += adds(rounds);
            long t2 = System.nanoTime(); sink += mixed(rounds);
            long t3 = System.nanoTime(); sink += chain(rounds / 4);
            long t4 = System.nanoTime();
            if (r >= 3) System.out.printf("fma %.2f  add %.2f  mixed %.2f  latency %.3f ns%n",
                    12.0 * rounds / (t1 - t0), 12.0 * rounds / (t2 - t1), 20.0 * rounds / (t3 - t2), (t4 - t3) / (double) rounds);
        }
        if (sink == 42) System.out.println();   // keeps the results live
    }
}
