package deeprf.backend.java;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static deeprf.backend.java.KernelTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Dgemm against a naive triple loop, on both kernel paths, at awkward sizes, with every transpose and alpha/beta
 * case. Tolerance: each result is a sum of k products, so both it and the reference are within
 * γ_k·(|α|·(|A||B|)_ij + |β|·|C_ij|) of the exact value (γ_k ≈ k·ε); we allow 2·(k+2)·ε times that magnitude.
 */
class DgemmTest {

    /** Exact-order naive reference and the magnitude |α|·|op(A)||op(B)| + |β||C0| for the tolerance. */
    private static double[][] reference(int m, int n, int k, double alpha, double[] opA, double[] opB, double beta, double[] c0) {
        double[] ref = new double[m * n], mag = new double[m * n];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++) {
                double s = 0, g = 0;
                for (int l = 0; l < k; l++) {
                    s += opA[i + l * m] * opB[l + j * k];
                    g += Math.abs(opA[i + l * m] * opB[l + j * k]);
                }
                double c = beta == 0 ? 0 : beta * c0[i + j * m];
                ref[i + j * m] = alpha * s + c;
                mag[i + j * m] = Math.abs(alpha) * g + Math.abs(c);
            }
        return new double[][]{ref, mag};
    }

    private static void check(VectorSupport path, int threads, int m, int n, int k, boolean ta, boolean tb,
                              double alpha, double beta, long seed) {
        double[] opA = random(seed, m * k), opB = random(seed + 1, k * n), c0 = random(seed + 2, m * n);
        int lda = (ta ? k : m) + (seed % 2 == 0 ? 0 : 3), ldb = (tb ? n : k) + (seed % 3 == 0 ? 0 : 2);
        lda = Math.max(1, lda); ldb = Math.max(1, ldb);
        double[] a = store(opA, m, k, ta, lda), b = store(opB, k, n, tb, ldb);
        double[] c = beta == 0 ? nanArray(m * n) : c0.clone();
        try (WorkerPool pool = new WorkerPool(threads)) {
            Dgemm.gemm(pool, path, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, Math.max(1, m));
        }
        double[][] r = reference(m, n, k, alpha, opA, opB, beta, c0);
        double tol = 2.0 * (k + 2) * EPS;
        for (int idx = 0; idx < m * n; idx++) {
            double err = Math.abs(c[idx] - r[0][idx]);
            if (!(err <= tol * r[1][idx])) {
                fail(String.format("gemm %s ta=%b tb=%b m=%d n=%d k=%d alpha=%s beta=%s threads=%d: C(%d,%d)=%s, reference %s (tol %s)",
                        path.reason(), ta, tb, m, n, k, alpha, beta, threads, idx % m, idx / m, c[idx], r[0][idx], tol * r[1][idx]));
            }
        }
    }

    private static double[] nanArray(int len) {
        double[] x = new double[len];
        Arrays.fill(x, Double.NaN);
        return x;
    }

    @Test
    void awkwardSizesAllTransposesBothPaths() {
        long seed = 1;
        for (VectorSupport path : paths())
            for (int s : SIZES) {
                int[][] shapes = s >= 255
                        ? new int[][]{{s, 17, 33}, {33, s, 17}, {17, 31, s}}
                        : new int[][]{{s, s, s}, {s, 33, 17}, {17, s, 2}, {3, 31, s}};
                for (int[] sh : shapes)
                    for (int t = 0; t < 4; t++)
                        check(path, 2, sh[0], sh[1], sh[2], (t & 1) != 0, (t & 2) != 0, 1.0, 0.0, seed++);
            }
    }

    @Test
    void alphaBetaCasesBothPaths() {
        double[] alphas = {1.0, -0.7, 2.5};
        double[] betas = {0.0, 1.0, 0.3, -1.5};
        long seed = 100;
        for (VectorSupport path : paths())
            for (double alpha : alphas)
                for (double beta : betas)
                    for (int t = 0; t < 4; t++)
                        check(path, 2, 33, 31, 17, (t & 1) != 0, (t & 2) != 0, alpha, beta, seed++);
    }

    @Test
    void multipleBlocksInEveryDimension() {
        // m > MC, k > KC (several k blocks, beta applied once), n > NC (several column panels), awkward remainders.
        for (VectorSupport path : paths()) {
            check(path, 2, 257, 300, 513, false, false, 0.5, 0.3, 7);
            check(path, 2, 255, 33, 257, true, true, 1.0, 0.0, 8);
            check(path, 3, 9, PackedGemm.NC + 57, 5, false, true, -1.0, 1.0, 9);
        }
    }

    @Test
    void rowPanelsAndKSuperBlocksGiveTheSameBits() {
        // Small panel limits force several row panels (m > MC) and k super-blocks (k > KC, beta applied once); the
        // k-block sequence per element is unchanged, so the bits must equal the default blocking's, for any threads.
        int m = 300, n = 70, k = 1100;
        for (VectorSupport path : paths())
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                double[] a = random(41, m * k), b = random(42, k * n), c0 = random(43, m * n);
                double[] ref = c0.clone();
                try (WorkerPool pool = new WorkerPool(1)) {
                    Dgemm.gemm(pool, path, ta, tb, m, n, k, 0.7, a, ta ? k : m, b, tb ? n : k, 0.3, ref, m);
                }
                for (int threads = 1; threads <= 3; threads++) {
                    double[] cc = c0.clone();
                    try (WorkerPool pool = new WorkerPool(threads)) {
                        PackedGemm.run(pool, MicroKernel.forSupport(path), PackedGemm.Part.ALL, ta, tb, m, n, k, 0.7,
                                a, 0, ta ? k : m, b, 0, tb ? n : k, 0.3, cc, 0, m, PackedGemm.MC, 16 * 512);
                    }
                    assertArrayEquals(ref, cc, 0.0, path.reason() + " ta=" + ta + " tb=" + tb + " threads=" + threads);
                }
            }
        check(VectorSupport.scalar("forced by test"), 2, 300, 70, 1100, false, true, 0.7, 0.3, 44);
    }

    @Test
    void alphaZeroOnlyScalesCAndNeverReadsAOrB() {
        for (VectorSupport path : paths()) {
            int m = 5, n = 4, k = 3;
            double[] a = nanArray(m * k), b = nanArray(k * n);
            double[] c = random(3, m * n), expect = c.clone();
            for (int i = 0; i < expect.length; i++) expect[i] *= 0.5;
            try (WorkerPool pool = new WorkerPool(1)) {
                Dgemm.gemm(pool, path, false, false, m, n, k, 0.0, a, m, b, k, 0.5, c, m);
                assertArrayEquals(expect, c, 0.0);
                double[] cn = nanArray(m * n);
                Dgemm.gemm(pool, path, false, false, m, n, k, 0.0, a, m, b, k, 0.0, cn, m);
                assertArrayEquals(new double[m * n], cn, 0.0, "alpha=0, beta=0 must give exact zeros even over NaN");
                // k = 0: C = beta·C
                double[] ck = nanArray(m * n);
                Dgemm.gemm(pool, path, false, false, m, n, 0, 1.0, new double[0], m, new double[0], 1, 0.0, ck, m);
                assertArrayEquals(new double[m * n], ck, 0.0);
            }
        }
    }

    @Test
    void bitwiseIdenticalForOneTwoThreeThreads() {
        int[][] shapes = {{257, 300, 513}, {1000, 17, 33}, {9, 2100, 40}, {31, 1000, 257}, {PackedGemm.MP + 9, 5, 3}};
        for (VectorSupport path : paths())
            for (int[] sh : shapes)
                for (int t = 0; t < 4; t++) {
                    int m = sh[0], n = sh[1], k = sh[2];
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    double[] a = random(11, m * k), b = random(12, k * n), c0 = random(13, m * n);
                    double[] first = null;
                    for (int threads = 1; threads <= 3; threads++) {
                        double[] c = c0.clone();
                        try (WorkerPool pool = new WorkerPool(threads)) {
                            Dgemm.gemm(pool, path, ta, tb, m, n, k, 0.7, a, ta ? k : m, b, tb ? n : k, 0.3, c, m);
                        }
                        if (first == null) first = c;
                        else assertArrayEquals(first, c, 0.0, path.reason() + " " + m + "x" + n + "x" + k + " threads=" + threads + " differs from 1 thread");
                    }
                }
    }

    @Test
    void scalarAndVectorPathsAgree() {
        VectorSupport vec = vectorPath();
        VectorSupport sca = VectorSupport.scalar("forced by test");
        int m = 257, n = 255, k = 1000;
        double[] a = random(21, m * k), b = random(22, k * n);
        double[] cs = new double[m * n], cv = new double[m * n], mag = new double[m * n];
        try (WorkerPool pool = new WorkerPool(2)) {
            Dgemm.gemm(pool, sca, false, false, m, n, k, 1, a, m, b, k, 0, cs, m);
            Dgemm.gemm(pool, vec, false, false, m, n, k, 1, a, m, b, k, 0, cv, m);
        }
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++)
                for (int l = 0; l < k; l++) mag[i + j * m] += Math.abs(a[i + l * m] * b[l + j * k]);
        for (int i = 0; i < m * n; i++)
            if (!(Math.abs(cs[i] - cv[i]) <= 2.0 * k * EPS * mag[i]))
                fail("element " + i + ": scalar " + cs[i] + " vector " + cv[i]);
    }

    @Test
    void subMatricesAtOffsetsLeaveTheRestUntouched() {
        for (VectorSupport path : paths()) {
            int m = 37, n = 29, k = 41, ld = 50, off = 3 + 2 * ld;
            double[] big = random(31, ld * 60), a = random(32, ld * 60), b = random(33, ld * 60);
            double[] c = big.clone();
            try (WorkerPool pool = new WorkerPool(2)) {
                Dgemm.gemm(pool, path, true, false, m, n, k, 1.5, a, 7, ld, b, 11, ld, 0.5, c, off, ld);
            }
            for (int idx = 0; idx < c.length; idx++) {
                int i = (idx - off) % ld, j = (idx - off) / ld;
                boolean inside = idx >= off && i >= 0 && i < m && j < n;
                if (!inside) { assertEquals(big[idx], c[idx], 0.0, "element " + idx + " outside C was written"); continue; }
                double s = 0, mag = 0;
                for (int l = 0; l < k; l++) {
                    double x = a[7 + l + i * ld] * b[11 + l + j * ld];
                    s += x; mag += Math.abs(x);
                }
                double ref = 1.5 * s + 0.5 * big[idx];
                assertEquals(ref, c[idx], 2.0 * (k + 2) * EPS * (1.5 * mag + 0.5 * Math.abs(big[idx])), "C(" + i + "," + j + ")");
            }
        }
    }
}
