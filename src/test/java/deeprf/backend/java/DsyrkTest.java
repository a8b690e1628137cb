package deeprf.backend.java;

import org.junit.jupiter.api.Test;

import static deeprf.backend.java.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Dsyrk against a naive reference and against Dgemm: the triangle it computes must be bitwise the triangle of the
 * equivalent gemm (same packing, same kernel, same order), and the other triangle must be left untouched.
 */
class DsyrkTest {

    private static void check(VectorSupport path, int threads, int n, int k, boolean lower, boolean trans,
                              double alpha, double beta, long seed) {
        int ar = trans ? k : n, ac = trans ? n : k;
        double[] a = random(seed, ar * ac);
        int lda = Math.max(1, ar);
        double[] c0 = random(seed + 1, n * n);
        double sentinel = 12345.678;
        double[] c = new double[n * n];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) {
                boolean kept = lower ? i >= j : i <= j;
                c[i + j * n] = !kept ? sentinel : beta == 0 ? Double.NaN : c0[i + j * n];
            }
        double[] g = new double[n * n];
        for (int i = 0; i < g.length; i++) g[i] = beta == 0 ? Double.NaN : c0[i];
        try (WorkerPool pool = new WorkerPool(threads)) {
            Dsyrk.syrk(pool, path, lower, trans, n, k, alpha, a, lda, beta, c, Math.max(1, n));
            Dgemm.gemm(pool, path, trans, !trans, n, n, k, alpha, a, lda, a, lda, beta, g, Math.max(1, n));
        }
        double tol = 2.0 * (k + 2) * EPS;
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) {
                int o = i + j * n;
                boolean kept = lower ? i >= j : i <= j;
                final int fi = i, fj = j;
                java.util.function.Supplier<String> where = () -> String.format("syrk %s lower=%b trans=%b n=%d k=%d alpha=%s beta=%s threads=%d at (%d,%d)",
                        path.reason(), lower, trans, n, k, alpha, beta, threads, fi, fj);
                if (!kept) {
                    assertEquals(sentinel, c[o], 0.0, () -> where.get() + ": other triangle was written");
                    continue;
                }
                double gv = g[o], cv = c[o];
                assertEquals(Double.doubleToRawLongBits(gv), Double.doubleToRawLongBits(cv), () -> where.get() + ": differs from gemm " + gv + " vs " + cv);
                double s = 0, mag = 0;
                for (int l = 0; l < k; l++) {
                    double x = trans ? a[l + i * lda] * a[l + j * lda] : a[i + l * lda] * a[j + l * lda];
                    s += x;
                    mag += Math.abs(x);
                }
                double cb = beta == 0 ? 0 : beta * c0[o];
                double ref = alpha * s + cb;
                if (!(Math.abs(cv - ref) <= tol * (Math.abs(alpha) * mag + Math.abs(cb))))
                    fail(where.get() + ": " + cv + " vs reference " + ref);
            }
    }

    @Test
    void awkwardSizesBothTrianglesBothTransposes() {
        long seed = 1;
        for (VectorSupport path : paths())
            for (int n : SIZES) {
                int[] ks = n >= 255 ? new int[]{17} : new int[]{0, 1, 33, 257};
                for (int k : ks)
                    for (int t = 0; t < 4; t++)
                        check(path, 2, n, k, (t & 1) != 0, (t & 2) != 0, 1.0, 0.0, seed++);
            }
    }

    @Test
    void alphaBetaCases() {
        long seed = 50;
        for (VectorSupport path : paths())
            for (double alpha : new double[]{1.0, -0.5, 0.0})
                for (double beta : new double[]{0.0, 1.0, 0.25})
                    for (int t = 0; t < 4; t++)
                        check(path, 2, 33, 31, (t & 1) != 0, (t & 2) != 0, alpha, beta, seed++);
    }

    @Test
    void severalBlocks() {
        for (VectorSupport path : paths()) {
            check(path, 3, 300, 513, true, false, 0.5, 0.3, 5);
            check(path, 2, 257, 260, false, true, 1.0, 1.0, 6);
        }
    }

    @Test
    void bitwiseIdenticalForOneTwoThreeThreads() {
        for (VectorSupport path : paths())
            for (int t = 0; t < 4; t++) {
                boolean lower = (t & 1) != 0, trans = (t & 2) != 0;
                int n = 300, k = 290;
                double[] a = random(7, n * k), c0 = random(8, n * n);
                double[] first = null;
                for (int threads = 1; threads <= 3; threads++) {
                    double[] c = c0.clone();
                    try (WorkerPool pool = new WorkerPool(threads)) {
                        Dsyrk.syrk(pool, path, lower, trans, n, k, 0.9, a, trans ? k : n, 0.4, c, n);
                    }
                    if (first == null) first = c;
                    else assertArrayEquals(first, c, 0.0, path.reason() + " lower=" + lower + " trans=" + trans + " threads=" + threads);
                }
            }
    }

    @Test
    void rowPanelsAndKSuperBlocksGiveTheSameTriangle() {
        // Small panel limits: several row panels and k super-blocks must give the default blocking's bits in the kept
        // triangle and leave the other one untouched, for any thread count.
        int n = 300, k = 600;
        for (VectorSupport path : paths())
            for (int t = 0; t < 4; t++) {
                boolean lower = (t & 1) != 0, trans = (t & 2) != 0;
                double[] a = random(17, n * k), c0 = random(18, n * n);
                double[] ref = c0.clone();
                try (WorkerPool pool = new WorkerPool(1)) {
                    Dsyrk.syrk(pool, path, lower, trans, n, k, 0.9, a, trans ? k : n, 0.4, ref, n);
                }
                for (int threads = 1; threads <= 3; threads++) {
                    double[] c = c0.clone();
                    try (WorkerPool pool = new WorkerPool(threads)) {
                        PackedGemm.run(pool, MicroKernel.forSupport(path), lower ? PackedGemm.Part.LOWER : PackedGemm.Part.UPPER,
                                trans, !trans, n, n, k, 0.9, a, 0, trans ? k : n, a, 0, trans ? k : n, 0.4, c, 0, n,
                                PackedGemm.MC, 16 * 512);
                    }
                    assertArrayEquals(ref, c, 0.0, path.reason() + " lower=" + lower + " trans=" + trans + " threads=" + threads);
                }
            }
    }
}
