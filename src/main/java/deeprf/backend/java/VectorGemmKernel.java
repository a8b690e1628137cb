package deeprf.backend.java;

import java.util.Objects;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API micro-kernel: a (2·L)×4 tile of C, L = lanes of the preferred species (8×4 with AVX2), held in eight
 * vector accumulators. Per k step: two vector loads of packed A, four broadcasts of packed B, eight FMAs. Eight
 * accumulators is the shape C2 keeps in the 16 AVX2 registers; twelve (6×8 or 12×4) spilled when measured. Where
 * vectors hold 8 doubles (AVX-512, 32 registers) {@link WideVectorGemmKernel}'s (2·L)×8 tile is used instead.
 *
 * <p>Why the loop looks as it does. On the shared development host, for seconds to minutes at a time, something
 * outside our VM — most likely another tenant on the other SMT thread of our core, sharing its instruction fetch and
 * dispatch — slows OpenBLAS's DGEMM to ≈ 0.8 of its speed and this kernel, as first written, to 0.57 (a "slow
 * phase"). The kernel is then bound by its instruction stream rather than its FMAs:
 * <ul>
 * <li>The loop body is 93 bytes (96 before the change below). Starting 0 or 32 bytes past a 64-byte boundary it
 *     spans two 64-byte fetch windows, starting 48 bytes past one it spans three, and with C2's default loop
 *     alignment (16 bytes) that depends on where the compiled method lands in the code cache (it landed at 48 in the
 *     disassembled runs). In slow phases the kernel ran at 23–25 GFLOP/s with the default against 28–30 with the loop
 *     aligned to 64 bytes (OpenBLAS 30–32 in the same 1.5-ms chunks, in cache); the whole DGEMM n = 2048 against
 *     OpenBLAS, three alternating process pairs: 0.835 / 0.883 / 0.797 with the default, 0.949 / 0.894 / 0.910 with
 *     {@code -XX:OptoLoopAlignment=32}, which the launcher and the JMH forks therefore pass (and
 *     {@link VectorSupport} advises where it is missing).
 * <li>The B index is the loop variable and the A index a multiple of it, and the bounds are clamped to
 *     [0, b.length − 3], so that C2 can prove {@code ib + 3} does not overflow and folds every B offset into the
 *     addressing mode: 17 instructions per 8 FMAs where the plain loop ({@code p} counting k steps) had 19 (two
 *     {@code lea}s and a sign extension; disassembled with hsdis). Whole DGEMM, both versions in one process (two
 *     class loaders, aligned loops): 1.02–1.06× the plain loop.
 * <li>Unrolling by hand (×2, ×4) or by C2 ({@code -XX:LoopUnrollLimit}) is worse: C2 schedules every load of the
 *     unrolled body first and spills accumulators to the stack.
 * </ul>
 */
final class VectorGemmKernel implements MicroKernel {
    static final VectorGemmKernel INSTANCE = new VectorGemmKernel();
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 2 * L, NR = 4;
    /** A doubles per B double in one k step. */
    private static final int A_PER_B = MR / NR;

    private VectorGemmKernel() {}

    @Override public int mr() { return MR; }

    @Override public int nr() { return NR; }

    @Override
    public void tile(int kc, double[] a, int ao, double[] b, int bo, double alpha, double beta, double[] c, int co, int ldc) {
        // Invalid slivers fail here, as they would have on the first out-of-range load; the clamps below then never bite.
        Objects.checkFromIndexSize(bo, kc * NR, b.length);
        DoubleVector c00 = DoubleVector.zero(S), c10 = c00, c01 = c00, c11 = c00;
        DoubleVector c02 = c00, c12 = c00, c03 = c00, c13 = c00;
        // Step p: ib = bo + p·NR, ia = ao + p·MR = aShift + A_PER_B·ib (int wrap-around cancels in aShift + A_PER_B·ib).
        final int bEnd = Math.min(bo + kc * NR, b.length - (NR - 1)), aShift = ao - A_PER_B * bo;
        for (int ib = Math.max(bo, 0); ib < bEnd; ib += NR) {
            final int ia = aShift + A_PER_B * ib;
            DoubleVector a0 = DoubleVector.fromArray(S, a, ia);
            DoubleVector a1 = DoubleVector.fromArray(S, a, ia + L);
            DoubleVector b0 = DoubleVector.broadcast(S, b[ib]);
            c00 = a0.fma(b0, c00);
            c10 = a1.fma(b0, c10);
            DoubleVector b1 = DoubleVector.broadcast(S, b[ib + 1]);
            c01 = a0.fma(b1, c01);
            c11 = a1.fma(b1, c11);
            DoubleVector b2 = DoubleVector.broadcast(S, b[ib + 2]);
            c02 = a0.fma(b2, c02);
            c12 = a1.fma(b2, c12);
            DoubleVector b3 = DoubleVector.broadcast(S, b[ib + 3]);
            c03 = a0.fma(b3, c03);
            c13 = a1.fma(b3, c13);
        }
        // Stores written out in place: a helper taking vectors as arguments may not inline into this large
        // method, and a non-inlined vector argument is boxed on the heap.
        DoubleVector al = DoubleVector.broadcast(S, alpha);
        int o0 = co, o1 = co + ldc, o2 = o1 + ldc, o3 = o2 + ldc;
        if (beta == 0) {
            c00.mul(al).intoArray(c, o0);
            c10.mul(al).intoArray(c, o0 + L);
            c01.mul(al).intoArray(c, o1);
            c11.mul(al).intoArray(c, o1 + L);
            c02.mul(al).intoArray(c, o2);
            c12.mul(al).intoArray(c, o2 + L);
            c03.mul(al).intoArray(c, o3);
            c13.mul(al).intoArray(c, o3 + L);
        } else {
            DoubleVector be = DoubleVector.broadcast(S, beta);
            c00.mul(al).add(DoubleVector.fromArray(S, c, o0).mul(be)).intoArray(c, o0);
            c10.mul(al).add(DoubleVector.fromArray(S, c, o0 + L).mul(be)).intoArray(c, o0 + L);
            c01.mul(al).add(DoubleVector.fromArray(S, c, o1).mul(be)).intoArray(c, o1);
            c11.mul(al).add(DoubleVector.fromArray(S, c, o1 + L).mul(be)).intoArray(c, o1 + L);
            c02.mul(al).add(DoubleVector.fromArray(S, c, o2).mul(be)).intoArray(c, o2);
            c12.mul(al).add(DoubleVector.fromArray(S, c, o2 + L).mul(be)).intoArray(c, o2 + L);
            c03.mul(al).add(DoubleVector.fromArray(S, c, o3).mul(be)).intoArray(c, o3);
            c13.mul(al).add(DoubleVector.fromArray(S, c, o3 + L).mul(be)).intoArray(c, o3 + L);
        }
    }
}
