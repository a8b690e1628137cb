package deeprf.backend.java;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API micro-kernel: a (2·L)×4 tile of C, L = lanes of the preferred species (8×4 with AVX2), held in eight
 * vector accumulators. Per k step: two vector loads of packed A, four broadcasts of packed B, eight FMAs. Eight
 * accumulators is the shape C2 keeps in registers on x86-64; twelve (6×8 or 12×4) spilled when measured.
 */
final class VectorGemmKernel implements MicroKernel {
    static final VectorGemmKernel INSTANCE = new VectorGemmKernel();
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 2 * L, NR = 4;

    private VectorGemmKernel() {}

    @Override public int mr() { return MR; }

    @Override public int nr() { return NR; }

    @Override
    public void tile(int kc, double[] a, int ao, double[] b, int bo, double alpha, double beta, double[] c, int co, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S), c10 = c00, c01 = c00, c11 = c00;
        DoubleVector c02 = c00, c12 = c00, c03 = c00, c13 = c00;
        for (int p = 0; p < kc; p++, ao += MR, bo += NR) {
            DoubleVector a0 = DoubleVector.fromArray(S, a, ao);
            DoubleVector a1 = DoubleVector.fromArray(S, a, ao + L);
            DoubleVector b0 = DoubleVector.broadcast(S, b[bo]);
            c00 = a0.fma(b0, c00);
            c10 = a1.fma(b0, c10);
            DoubleVector b1 = DoubleVector.broadcast(S, b[bo + 1]);
            c01 = a0.fma(b1, c01);
            c11 = a1.fma(b1, c11);
            DoubleVector b2 = DoubleVector.broadcast(S, b[bo + 2]);
            c02 = a0.fma(b2, c02);
            c12 = a1.fma(b2, c12);
            DoubleVector b3 = DoubleVector.broadcast(S, b[bo + 3]);
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
