package deeprf.backend.blas;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;
import deeprf.backend.Backend;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.NeuronActivations;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;
import deeprf.backend.java.JavaBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static deeprf.testing.Bitwise.assertBits;

/**
 * Differential tests: the java and blas backends on the same inputs at awkward sizes (primes, one off a power of
 * two, degenerate). Products: both are sums of k products, each within γ_k·Σ|a||b| of the exact value, so they
 * differ by at most 2k·u·Σ|a||b| = k·ε·Σ|a||b| elementwise. Eigenvalues: both backward stable, so each within a small
 * multiple of n·ε·‖A‖ of the exact ones. Everything computed in Java by the blas backend must match bit for bit.
 */
class JavaVersusBlasTest {
    private static final double EPS = Math.ulp(1.0);
    private static final int[] AWKWARD = {1, 2, 7, 31, 33, 127, 257};

    private Backend java, blas;

    @BeforeAll
    static void needLibraries() {
        var p = new BlasBackendProvider().probe();
        assumeTrue(p.available(), () -> "blas backend unavailable: " + p.reasons());
    }

    @BeforeEach
    void open() {
        java = new JavaBackend(2);
        blas = new BlasBackend(2);
    }

    @AfterEach
    void close() {
        java.close();
        blas.close();
    }

    private static double[] random(SplittableRandom r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 2 * r.nextDouble() - 1;
        return x;
    }

    private static double[] run(Backend be, double[] a, int ar, int ac, double[] b, int br, int bc, double[] c, int m, int n,
                                Trans ta, Trans tb, double alpha, double beta) {
        try (Matrix ma = be.upload(a, ar, ac); Matrix mb = be.upload(b, br, bc); Matrix mc = be.upload(c, m, n)) {
            be.gemm(ta, tb, alpha, ma, mb, beta, mc);
            return be.download(mc);
        }
    }

    @Test
    void gemmAgreesWithinKEpsAtAwkwardSizes() {
        SplittableRandom r = new SplittableRandom(5);
        for (int m : AWKWARD)
            for (int n : new int[]{1, 33, 129})
                for (int k : new int[]{1, 17, 257})
                    for (Trans ta : Trans.values())
                        for (Trans tb : Trans.values()) {
                            int ar = ta.transposed() ? k : m, ac = ta.transposed() ? m : k;
                            int br = tb.transposed() ? n : k, bc = tb.transposed() ? k : n;
                            double[] a = random(r, m * k), b = random(r, k * n), c = random(r, m * n);
                            double alpha = 1.25, beta = -0.5;
                            double[] got = run(blas, a, ar, ac, b, br, bc, c, m, n, ta, tb, alpha, beta);
                            double[] want = run(java, a, ar, ac, b, br, bc, c, m, n, ta, tb, alpha, beta);
                            for (int i = 0; i < m; i++)
                                for (int j = 0; j < n; j++) {
                                    double abs = Math.abs(beta * c[i + j * m]);
                                    for (int l = 0; l < k; l++) {
                                        double av = ta.transposed() ? a[l + i * ar] : a[i + l * ar];
                                        double bv = tb.transposed() ? b[j + l * br] : b[l + j * br];
                                        abs += Math.abs(alpha * av * bv);
                                    }
                                    double tol = (k + 2) * EPS * abs;
                                    double d = Math.abs(got[i + j * m] - want[i + j * m]);
                                    if (!(d <= tol))
                                        fail("gemm " + ta + tb + " m=" + m + " n=" + n + " k=" + k + " at (" + i + "," + j + "): java "
                                                + want[i + j * m] + " blas " + got[i + j * m] + " differ by " + d + " > " + tol);
                                }
                        }
    }

    @Test
    void syrkAgreesWithinKEpsAndLeavesTheOtherTriangle() {
        SplittableRandom r = new SplittableRandom(6);
        for (int n : new int[]{1, 7, 33, 257})
            for (int k : new int[]{1, 31, 129})
                for (Trans t : Trans.values())
                    for (Uplo uplo : Uplo.values()) {
                        int ar = t.transposed() ? k : n, ac = t.transposed() ? n : k;
                        double[] a = random(r, n * k), c = random(r, n * n);
                        double[][] out = new double[2][];
                        int idx = 0;
                        for (Backend be : List.of(java, blas))
                            try (Matrix ma = be.upload(a, ar, ac); Matrix mc = be.upload(c, n, n)) {
                                be.syrk(uplo, t, 0.75, ma, 0.5, mc);
                                out[idx++] = be.download(mc);
                            }
                        for (int i = 0; i < n; i++)
                            for (int j = 0; j < n; j++) {
                                boolean inTriangle = uplo == Uplo.LOWER ? i >= j : i <= j;
                                int e = i + j * n;
                                if (!inTriangle) {
                                    assertEquals(c[e], out[1][e], "syrk must not touch the other triangle at (" + i + "," + j + ")");
                                    continue;
                                }
                                double abs = Math.abs(0.5 * c[e]);
                                for (int l = 0; l < k; l++) {
                                    double ai = t.transposed() ? a[l + i * ar] : a[i + l * ar];
                                    double aj = t.transposed() ? a[l + j * ar] : a[j + l * ar];
                                    abs += Math.abs(0.75 * ai * aj);
                                }
                                double tol = (k + 2) * EPS * abs, d = Math.abs(out[0][e] - out[1][e]);
                                assertTrue(d <= tol, "syrk " + uplo + " " + t + " n=" + n + " k=" + k + " at (" + i + "," + j + "): differ by " + d + " > " + tol);
                            }
                    }
    }

    @Test
    void eigenvaluesAgreeWithinNEpsNorm() {
        SplittableRandom r = new SplittableRandom(7);
        for (int n : new int[]{1, 2, 17, 33, 129}) {
            double[] a = random(r, n * n);
            for (int j = 0; j < n; j++) for (int i = 0; i < j; i++) a[i + j * n] = a[j + i * n];
            double fro = 0;
            for (double v : a) fro += v * v;
            fro = Math.sqrt(fro);
            double[] wj = new double[n], wb = new double[n];
            try (Matrix m = java.upload(a, n, n)) { java.syevd(m, wj, false); }
            try (Matrix m = blas.upload(a, n, n)) { blas.syevd(m, wb, true); }
            for (int i = 0; i < n; i++) {
                double tol = 2 * 30 * n * EPS * fro;
                assertEquals(wj[i], wb[i], tol, "eigenvalue " + i + " of n=" + n);
            }
        }
    }

    @Test
    void posvSolutionsAgreeWithinConditionTimesNEps() {
        SplittableRandom r = new SplittableRandom(8);
        for (int n : new int[]{1, 3, 31, 129}) {
            // A = G·Gᵀ/n + I: eigenvalues in [1, ~5], so κ ≤ 5 and ‖x‖ errors stay within κ·n·ε·‖x‖ for both.
            double[] g = random(r, n * n), a = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    double s = i == j ? 1 : 0;
                    for (int l = 0; l < n; l++) s += g[i + l * n] * g[j + l * n] / n;
                    a[i + j * n] = s;
                }
            double[] b = random(r, n * 2);
            double[][] x = new double[2][];
            int idx = 0;
            for (Backend be : List.of(java, blas))
                try (Matrix ma = be.upload(a, n, n); Matrix mb = be.upload(b, n, 2)) {
                    be.posv(ma, mb);
                    x[idx++] = be.download(mb);
                }
            double norm = 0;
            for (double v : x[0]) norm = Math.max(norm, Math.abs(v));
            for (int e = 0; e < x[0].length; e++)
                assertEquals(x[0][e], x[1][e], 2 * 30 * 5 * n * EPS * norm, "posv n=" + n + " element " + e);
        }
    }

    @Test
    void javaSideOperationsAreBitIdentical() {
        SplittableRandom r = new SplittableRandom(9);
        List<Activation> kinds = List.of(Activation.TANH, Activation.RELU, new Activation(ActivationKind.ERF, 0.7, 0),
                new Activation(ActivationKind.CLIPPED_LINEAR, 1.3, 0.8), Activation.of(ActivationKind.SIGMOID));
        for (int rows : new int[]{1, 7, 33, 257})
            for (int cols : new int[]{1, 3, 129}) {
                double[] x = random(r, rows * cols), y = random(r, rows * cols), v = random(r, rows), bias = random(r, rows);
                byte[] choice = new byte[rows];
                for (int i = 0; i < rows; i++) choice[i] = (byte) r.nextInt(kinds.size());
                NeuronActivations mixed = new NeuronActivations(kinds, choice, bias);
                // A uniform plan runs the java backend's Vector API kernels (tanh/erf/sigmoid a few ulps from the
                // scalar reference by design, see ActivationsTest); blas applies the same kernels, so the same bits.
                NeuronActivations plain = new NeuronActivations(List.of(new Activation(ActivationKind.CLIPPED_LINEAR, 1.1, 0.6)), null, bias);
                List<NeuronActivations> uniform = List.of(new NeuronActivations(List.of(Activation.TANH), null, bias),
                        new NeuronActivations(List.of(new Activation(ActivationKind.ERF, 0.7, 0)), null, null),
                        new NeuronActivations(List.of(Activation.of(ActivationKind.SIGMOID)), null, bias));
                double[][] res = new double[2][];
                double[][] sums = new double[2][], norms = new double[2][], sym = new double[2][];
                int idx = 0;
                for (Backend be : List.of(java, blas))
                    try (Matrix mx = be.upload(x, rows, cols); Matrix my = be.upload(y, rows, cols); Matrix g = be.allocate(rows, cols)) {
                        be.axpy(0.3, mx, my);
                        be.scale(-1.7, my);
                        be.addToRows(my, v, 0.9);
                        be.activate(my, mixed);
                        be.activate(mx, plain);
                        be.scale(3.0, mx);
                        for (NeuronActivations u : uniform) be.activate(mx, u);
                        be.axpy(1.0, mx, my);
                        be.fillGaussian(g, new GaussianStream(42, 3), 12345, 0.5);
                        be.axpy(1.0, g, my);
                        sums[idx] = new double[rows];
                        norms[idx] = new double[cols];
                        be.rowSums(my, sums[idx]);
                        be.columnSquaredNorms(my, norms[idx]);
                        res[idx] = be.download(my);
                        try (Matrix sq = be.upload(random(new SplittableRandom(rows), rows * rows), rows, rows)) {
                            be.symmetrize(Uplo.UPPER, sq);
                            sym[idx] = be.download(sq);
                        }
                        idx++;
                    }
                String c = rows + "x" + cols + ", blas against java";
                assertBits("elementwise chain " + c, res[0], res[1]);
                assertBits("rowSums " + c, sums[0], sums[1]);
                assertBits("columnSquaredNorms " + c, norms[0], norms[1]);
                assertBits("symmetrize " + c, sym[0], sym[1]);
            }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        SplittableRandom r = new SplittableRandom(10);
        double[] a = random(r, 300 * 200), b = random(r, 200 * 100);
        double[][] out = new double[2][];
        int idx = 0;
        for (int threads : new int[]{1, 2})
            try (Backend be = new BlasBackend(threads); Matrix g = be.allocate(301, 77)) {
                be.fillGaussian(g, new GaussianStream(1, 2), 3, 1.0);
                out[idx++] = be.download(g);
                assertEquals(threads, be.threads());
                try (Matrix ma = be.upload(a, 300, 200); Matrix mb = be.upload(b, 200, 100); Matrix mc = be.allocate(300, 100)) {
                    be.gemm(Trans.N, Trans.N, 1, ma, mb, 0, mc);   // runs with this backend's count reasserted
                }
            }
        assertBits("fillGaussian 1 vs 2 threads", out[0], out[1]);
    }
}
