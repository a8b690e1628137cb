package deeprf.backend.java;

import java.util.Objects;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API micro-kernel for CPUs with 32 vector registers (AVX-512): a (2·L)×8 tile of C, L = lanes of the
 * preferred species (16×8 with AVX-512), held in sixteen vector accumulators. Per k step: two vector loads of packed
 * A, eight broadcasts of packed B, sixteen FMAs — 0.625 loads per FMA where {@link VectorGemmKernel}'s (2·L)×4 tile
 * needs 0.75, and half as many loop-control instructions per FMA.
 *
 * <p>{@link VectorKernels#gemmKernel()} takes it when the preferred species has 8 or more lanes: 512-bit doubles
 * mean AVX-512, which has the 32 registers that sixteen accumulators, two A vectors and a broadcast need. With the 16
 * AVX2 registers C2 would spill (twelve accumulators already did), so AVX2 keeps the (2·L)×4 kernel.
 * Measured on a 2-vCPU AMD EPYC Zen 5 (AVX-512, JDK 25, 2026-12-04), the k loop alone over L2-resident panels
 * (one process, alternating): 16×8 98–106 GFLOP/s against 16×4's 82–90; 24×8 (24 accumulators) ran 73–79, so
 * sixteen is the most C2 keeps in registers here too. The whole DGEMM: see bench/RESULTS.md.
 *
 * <p>The loop is written as {@link VectorGemmKernel}'s (its class comment says why: the B index is the loop variable,
 * the bounds clamped behind one explicit range check, no unrolling). Each C element is still the in-order FMA chain of
 * {@link MicroKernel}'s contract, so GEMM and SYRK give the same bits with either kernel.
 */
final class WideVectorGemmKernel implements MicroKernel {
    static final WideVectorGemmKernel INSTANCE = new WideVectorGemmKernel();
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 2 * L, NR = 8;
    /** A doubles per B double in one k step (MR % NR == 0 is checked by VectorKernels before this kernel is used). */
    private static final int A_PER_B = MR / NR;

    private WideVectorGemmKernel() {}

    @Override public int mr() { return MR; }

    @Override public int nr() { return NR; }

    @Override
    public void tile(int kc, double[] a, int ao, double[] b, int bo, double alpha, double beta, double[] c, int co, int ldc) {
        Objects.checkFromIndexSize(bo, kc * NR, b.length);
        DoubleVector c00 = DoubleVector.zero(S), c10 = c00, c01 = c00, c11 = c00, c02 = c00, c12 = c00, c03 = c00, c13 = c00;
        DoubleVector c04 = c00, c14 = c00, c05 = c00, c15 = c00, c06 = c00, c16 = c00, c07 = c00, c17 = c00;
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
            DoubleVector b4 = DoubleVector.broadcast(S, b[ib + 4]);
            c04 = a0.fma(b4, c04);
            c14 = a1.fma(b4, c14);
            DoubleVector b5 = DoubleVector.broadcast(S, b[ib + 5]);
            c05 = a0.fma(b5, c05);
            c15 = a1.fma(b5, c15);
            DoubleVector b6 = DoubleVector.broadcast(S, b[ib + 6]);
            c06 = a0.fma(b6, c06);
            c16 = a1.fma(b6, c16);
            DoubleVector b7 = DoubleVector.broadcast(S, b[ib + 7]);
            c07 = a0.fma(b7, c07);
            c17 = a1.fma(b7, c17);
        }
        // Stores written out in place (a helper taking vectors would box them where it is not inlined).
        DoubleVector al = DoubleVector.broadcast(S, alpha);
        int o0 = co, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc, o6 = o5 + ldc, o7 = o6 + ldc;
        if (beta == 0) {
            c00.mul(al).intoArray(c, o0);
            c10.mul(al).intoArray(c, o0 + L);
            c01.mul(al).intoArray(c, o1);
            c11.mul(al).intoArray(c, o1 + L);
            c02.mul(al).intoArray(c, o2);
            c12.mul(al).intoArray(c, o2 + L);
            c03.mul(al).intoArray(c, o3);
            c13.mul(al).intoArray(c, o3 + L);
            c04.mul(al).intoArray(c, o4);
            c14.mul(al).intoArray(c, o4 + L);
            c05.mul(al).intoArray(c, o5);
            c15.mul(al).intoArray(c, o5 + L);
            c06.mul(al).intoArray(c, o6);
            c16.mul(al).intoArray(c, o6 + L);
            c07.mul(al).intoArray(c, o7);
            c17.mul(al).intoArray(c, o7 + L);
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
            c04.mul(al).add(DoubleVector.fromArray(S, c, o4).mul(be)).intoArray(c, o4);
            c14.mul(al).add(DoubleVector.fromArray(S, c, o4 + L).mul(be)).intoArray(c, o4 + L);
            c05.mul(al).add(DoubleVector.fromArray(S, c, o5).mul(be)).intoArray(c, o5);
            c15.mul(al).add(DoubleVector.fromArray(S, c, o5 + L).mul(be)).intoArray(c, o5 + L);
            c06.mul(al).add(DoubleVector.fromArray(S, c, o6).mul(be)).intoArray(c, o6);
            c16.mul(al).add(DoubleVector.fromArray(S, c, o6 + L).mul(be)).intoArray(c, o6 + L);
            c07.mul(al).add(DoubleVector.fromArray(S, c, o7).mul(be)).intoArray(c, o7);
            c17.mul(al).add(DoubleVector.fromArray(S, c, o7 + L).mul(be)).intoArray(c, o7 + L);
        }
    }
}
