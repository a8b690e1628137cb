package deeprf.backend.java;

/**
 * Plain-Java 4×4 micro-kernel: the fallback when {@code jdk.incubator.vector} is absent. Sixteen accumulators is
 * what C2 keeps in registers without spilling (x86-64 has 16 XMM registers; a few temporaries spill harmlessly).
 */
final class ScalarKernel implements MicroKernel {
    static final ScalarKernel INSTANCE = new ScalarKernel();
    static final int MR = 4, NR = 4;

    private ScalarKernel() {}

    @Override public int mr() { return MR; }

    @Override public int nr() { return NR; }

    @Override
    public void tile(int kc, double[] a, int ao, double[] b, int bo, double alpha, double beta, double[] c, int co, int ldc) {
        double c00 = 0, c10 = 0, c20 = 0, c30 = 0;
        double c01 = 0, c11 = 0, c21 = 0, c31 = 0;
        double c02 = 0, c12 = 0, c22 = 0, c32 = 0;
        double c03 = 0, c13 = 0, c23 = 0, c33 = 0;
        for (int p = 0; p < kc; p++, ao += MR, bo += NR) {
            double a0 = a[ao], a1 = a[ao + 1], a2 = a[ao + 2], a3 = a[ao + 3];
            double b0 = b[bo];
            c00 += a0 * b0; c10 += a1 * b0; c20 += a2 * b0; c30 += a3 * b0;
            double b1 = b[bo + 1];
            c01 += a0 * b1; c11 += a1 * b1; c21 += a2 * b1; c31 += a3 * b1;
            double b2 = b[bo + 2];
            c02 += a0 * b2; c12 += a1 * b2; c22 += a2 * b2; c32 += a3 * b2;
            double b3 = b[bo + 3];
            c03 += a0 * b3; c13 += a1 * b3; c23 += a2 * b3; c33 += a3 * b3;
        }
        store(c, co, alpha, beta, c00, c10, c20, c30);
        store(c, co + ldc, alpha, beta, c01, c11, c21, c31);
        store(c, co + 2 * ldc, alpha, beta, c02, c12, c22, c32);
        store(c, co + 3 * ldc, alpha, beta, c03, c13, c23, c33);
    }

    private static void store(double[] c, int o, double alpha, double beta, double s0, double s1, double s2, double s3) {
        if (beta == 0) {
            c[o] = alpha * s0; c[o + 1] = alpha * s1; c[o + 2] = alpha * s2; c[o + 3] = alpha * s3;
        } else {
            c[o] = alpha * s0 + beta * c[o];
            c[o + 1] = alpha * s1 + beta * c[o + 1];
            c[o + 2] = alpha * s2 + beta * c[o + 2];
            c[o + 3] = alpha * s3 + beta * c[o + 3];
        }
    }
}
