package deeprf.backend;

import deeprf.random.Philox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static deeprf.testing.Bitwise.assertBits;

/**
 * The one contract every backend is held to ({@link Backend}'s documentation, checked). A backend's test class
 * subclasses this and implements {@link #open()}; it should also implement {@link #open(int)} when the backend has
 * a thread count, and may widen {@link #activationUlps()} / {@link #gaussianUlps()} when its transcendental
 * functions are not the JDK's (GPU libm). A subclass that cannot run here (library or device missing) skips itself
 * with an assumption in a {@code @BeforeAll}.
 *
 * <p>Tolerances are derived, not tuned: a floating-point sum of k products is within γ_k·Σ|terms| of the exact
 * value (γ_k ≈ k·u, u = ε/2), the reference computed here is within the same bound, so two correct results differ
 * by at most k·ε·Σ|terms| elementwise. Eigen- and Cholesky residuals use the LAPACK test-suite convention: a ratio
 * residual/(n·ε·‖A‖) that a backward-stable algorithm keeps below a small constant ({@link #THRESH}).
 */
public abstract class BackendContractTest {
    /** Machine epsilon 2⁻⁵². */
    protected static final double EPS = Math.ulp(1.0);
    /** Largest accepted residual ratio residual/(n·ε·‖A‖) (LAPACK's test suites use thresholds of 20–50). */
    protected static final double THRESH = 30;
    /** The sizes the issue asks every operation to see (the big ones sparingly, to keep the suite fast). */
    protected static final int[] SIZES = {0, 1, 2, 3, 17, 31, 32, 33, 255, 257, 1000};
    private static final int[] SMALL = {0, 1, 2, 3, 17, 31, 32, 33};

    protected Backend be;

    /** Opens a fresh backend for one test (the subclass's default configuration, ideally more than one thread). */
    protected abstract Backend open();

    /**
     * Opens a fresh backend using {@code threads} CPU threads, or returns null when the backend has no such setting
     * (the thread-count reproducibility tests are then skipped).
     */
    protected Backend open(int threads) { return null; }

    /** Relative error, in units of ε, allowed for activations against {@link Activation#apply}. */
    protected double activationUlps() { return 4; }

    /**
     * Error, in units of ε·stddev·(1+|z|), allowed for Gaussian numbers against {@link Philox#fillGaussian}; 0 (the
     * default) demands the same bits, which every CPU backend using {@code Philox} delivers.
     */
    protected double gaussianUlps() { return 0; }

    @BeforeEach
    void openBackend() { be = open(); }

    @AfterEach
    void closeBackend() { if (be != null) be.close(); }

    // =================================================================== helpers

    protected static double[] random(SplittableRandom r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 2 * r.nextDouble() - 1;
        return x;
    }

    protected static double[] nans(int n) {
        double[] x = new double[n];
        Arrays.fill(x, Double.NaN);
        return x;
    }

    private static String caseName(Object... parts) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) sb.append(sb.isEmpty() ? "" : " ").append(p);
        return sb.toString();
    }

    /** Asserts |got − want| ≤ tol elementwise (NaN fails), naming the first bad (i, j). */
    private static void assertClose(String what, double[] want, double[] got, double[] tol, int rows) {
        assertEquals(want.length, got.length, what + ": length");
        for (int e = 0; e < want.length; e++) {
            double d = Math.abs(got[e] - want[e]);
            if (!(d <= tol[e]) && !(Double.compare(got[e], want[e]) == 0))
                fail(what + ": element (" + (rows == 0 ? e : e % rows) + "," + (rows == 0 ? 0 : e / rows) + ") is " + got[e]
                        + ", expected " + want[e] + " ± " + tol[e]);
        }
    }

    /** Runs {@code body}, expects {@code type}, and checks that the message contains every fragment (case-insensitive). */
    protected static <T extends Throwable> T assertFailsNaming(Class<T> type, Executable body, String... fragments) {
        T e = assertThrows(type, body);
        String msg = e.getMessage();
        assertNotNull(msg, type.getSimpleName() + " without a message");
        for (String f : fragments)
            assertTrue(msg.toLowerCase(Locale.ROOT).contains(f.toLowerCase(Locale.ROOT)),
                    "message should name '" + f + "': " + msg);
        return e;
    }

    // =================================================================== memory

    @Test
    void uploadDownloadCopyFillPreserveBits() {
        SplittableRandom r = new SplittableRandom(1);
        for (int rows : SMALL)
            for (int cols : new int[]{0, 1, 3, 32}) {
                double[] x = random(r, rows * cols);
                if (x.length > 2) { x[0] = -0.0; x[1] = Double.MIN_VALUE; x[2] = -Double.MAX_VALUE; }
                String c = caseName(rows + "x" + cols);
                try (Matrix m = be.upload(x, rows, cols); Matrix z = be.allocate(rows, cols)) {
                    assertEquals(rows, m.rows());
                    assertEquals(cols, m.cols());
                    assertBits("upload/download " + c, x, be.download(m));
                    assertBits("allocate zero-fills " + c, new double[rows * cols], be.download(z));
                    be.copy(m, z);
                    assertBits("copy " + c, x, be.download(z));
                    be.fill(m, -2.5);
                    double[] f = new double[rows * cols];
                    Arrays.fill(f, -2.5);
                    assertBits("fill " + c, f, be.download(m));
                    assertBits("copy is a copy, not a view " + c, x, be.download(z));
                    double[] y = random(r, rows * cols);
                    be.upload(y, m);
                    assertBits("upload into existing " + c, y, be.download(m));
                    double[] out = new double[rows * cols];
                    be.download(m, out);
                    assertBits("download into array " + c, y, out);
                }
            }
        try (Matrix big = be.upload(random(r, 1000 * 257), 1000, 257); Matrix dst = be.allocate(1000, 257)) {
            be.copy(big, dst);
            assertBits("copy 1000x257", be.download(big), be.download(dst));
        }
    }

    @Test
    void scaleAndAxpy() {
        SplittableRandom r = new SplittableRandom(2);
        for (int n : SIZES) {
            int cols = n >= 255 ? 3 : 5;
            double[] x = random(r, n * cols), y = random(r, n * cols);
            try (Matrix mx = be.upload(x, n, cols); Matrix my = be.upload(y, n, cols)) {
                be.axpy(-0.375, mx, my);
                double[] want = new double[y.length], tol = new double[y.length];
                for (int e = 0; e < y.length; e++) {
                    want[e] = y[e] + -0.375 * x[e];
                    tol[e] = EPS * (Math.abs(y[e]) + Math.abs(0.375 * x[e]));   // one rounding either way (FMA or not)
                }
                assertClose("axpy n=" + n, want, be.download(my), tol, n);
                assertBits("axpy leaves x alone n=" + n, x, be.download(mx));
                be.scale(1.7, mx);
                double[] s = new double[x.length];
                for (int e = 0; e < x.length; e++) s[e] = 1.7 * x[e];    // one correctly rounded product: exact bits
                assertBits("scale n=" + n, s, be.download(mx));
            }
        }
    }

    // =================================================================== gemm

    private static double[] referenceGemm(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a,
                                          double[] b, double beta, double[] c, double[] tol) {
        int lda = ta ? k : m, ldb = tb ? n : k;
        double[] out = new double[m * n], sum = new double[m], absSum = new double[m];
        for (int j = 0; j < n; j++) {
            java.util.Arrays.fill(sum, 0);
            java.util.Arrays.fill(absSum, 0);
            for (int l = 0; l < k; l++) {   // l outermost, i innermost: contiguous columns of A when not transposed
                double bv = tb ? b[j + l * ldb] : b[l + j * ldb];
                for (int i = 0; i < m; i++) {
                    double p = (ta ? a[l + i * lda] : a[i + l * lda]) * bv;
                    sum[i] += p;
                    absSum[i] += Math.abs(p);
                }
            }
            for (int i = 0; i < m; i++) {
                double s = sum[i], abs = absSum[i];
                double cOld = beta == 0 ? 0 : c[i + j * m];
                out[i + j * m] = alpha * s + (beta == 0 ? 0 : beta * cOld);
                // both results within γ_{k+2}·(|α|·|A||B| + |β||C|) of the exact value
                tol[i + j * m] = (k + 2) * EPS * (Math.abs(alpha) * abs + Math.abs(beta * cOld)) + Double.MIN_NORMAL;
            }
        }
        return out;
    }

    private void checkGemm(SplittableRandom r, Trans ta, Trans tb, int m, int n, int k, double alpha, double beta) {
        boolean tA = ta.transposed(), tB = tb.transposed();
        double[] a = random(r, m * k), b = random(r, k * n);
        double[] c = beta == 0 ? nans(m * n) : random(r, m * n);
        double[] tol = new double[m * n];
        double[] want = referenceGemm(tA, tB, m, n, k, alpha, a, b, beta, c, tol);
        try (Matrix ma = tA ? be.upload(a, k, m) : be.upload(a, m, k);
             Matrix mb = tB ? be.upload(b, n, k) : be.upload(b, k, n);
             Matrix mc = be.upload(c, m, n)) {
            be.gemm(ta, tb, alpha, ma, mb, beta, mc);
            assertClose(caseName("gemm", ta, tb, "m=" + m, "n=" + n, "k=" + k, "alpha=" + alpha, "beta=" + beta),
                    want, be.download(mc), tol, m);
            assertBits("gemm must not touch A", a, be.download(ma));
            assertBits("gemm must not touch B", b, be.download(mb));
        }
    }

    @Test
    void gemmSmallShapesAllTransposesAndScalars() {
        SplittableRandom r = new SplittableRandom(3);
        List<int[]> shapes = new ArrayList<>();
        for (int s : SMALL) shapes.add(new int[]{s, s, s});
        shapes.addAll(List.of(new int[]{1, 17, 3}, new int[]{17, 1, 31}, new int[]{33, 32, 31}, new int[]{31, 33, 1},
                new int[]{2, 3, 0}, new int[]{0, 2, 3}, new int[]{3, 0, 2}, new int[]{32, 3, 33}));
        double[][] scalars = {{1, 0}, {-0.75, 0}, {1, 1}, {0.5, -2}, {0, 1.5}, {0, 0}, {2, 0.25}};
        for (int[] s : shapes)
            for (Trans ta : Trans.values())
                for (Trans tb : Trans.values())
                    for (double[] ab : scalars) checkGemm(r, ta, tb, s[0], s[1], s[2], ab[0], ab[1]);
    }

    @Test
    void gemmLargeShapesAllTransposes() {
        SplittableRandom r = new SplittableRandom(4);
        int[][] shapes = {{255, 257, 33}, {257, 31, 255}, {1000, 17, 33}, {17, 1000, 32}, {33, 31, 1000}, {257, 257, 257},
                {1031, 1, 517}, {1, 1031, 517}};   // the last two: matrix–vector products
        for (int[] s : shapes)
            for (Trans ta : Trans.values())
                for (Trans tb : Trans.values()) {
                    checkGemm(r, ta, tb, s[0], s[1], s[2], 1, 0);
                    checkGemm(r, ta, tb, s[0], s[1], s[2], -0.5, 2);
                }
    }

    /** A and B may be the same matrix (only C must differ): the Gram matrix AᵀA and A·Aᵀ through gemm. */
    @Test
    void gemmAcceptsTheSameMatrixAsAAndB() {
        SplittableRandom r = new SplittableRandom(16);
        int m = 33, k = 17;
        double[] a = random(r, m * k);
        try (Matrix ma = be.upload(a, m, k); Matrix g = be.allocate(k, k); Matrix h = be.allocate(m, m)) {
            double[] tol = new double[k * k];
            double[] want = referenceGemm(true, false, k, k, m, 1, a, a, 0, null, tol);
            be.gemm(Trans.T, Trans.N, 1, ma, ma, 0, g);
            assertClose("gemm(T,N) of A with itself", want, be.download(g), tol, k);
            double[] tol2 = new double[m * m];
            double[] want2 = referenceGemm(false, true, m, m, k, 1, a, a, 0, null, tol2);
            be.gemm(Trans.N, Trans.T, 1, ma, ma, 0, h);
            assertClose("gemm(N,T) of A with itself", want2, be.download(h), tol2, m);
        }
    }

    // =================================================================== syrk, symmetrize

    private void checkSyrk(SplittableRandom r, Uplo uplo, Trans trans, int n, int k, double alpha, double beta) {
        boolean t = trans.transposed(), lower = uplo == Uplo.LOWER;
        double[] a = random(r, n * k);
        double[] c = random(r, n * n);
        if (beta == 0)   // beta = 0: the referenced triangle's old contents, even NaN, must be ignored
            for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) if (lower ? i >= j : i <= j) c[i + j * n] = Double.NaN;
        double[] tol = new double[n * n];
        // C ← α·op(A)·op(A)ᵀ + βC is gemm(N,T) of op(A) with itself (trans=N: A is n×k) or gemm(T,N) (trans=T: k×n)
        double[] full = referenceGemm(t, !t, n, n, k, alpha, a, a, beta, c, tol);
        double[] want = c.clone();
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++)
                if (lower ? i >= j : i <= j) want[i + j * n] = full[i + j * n];
                else tol[i + j * n] = 0;   // the other triangle: untouched, bit for bit
        try (Matrix ma = t ? be.upload(a, k, n) : be.upload(a, n, k); Matrix mc = be.upload(c, n, n)) {
            be.syrk(uplo, trans, alpha, ma, beta, mc);
            double[] got = be.download(mc);
            String what = caseName("syrk", uplo, trans, "n=" + n, "k=" + k, "alpha=" + alpha, "beta=" + beta);
            assertClose(what, want, got, tol, n);
            for (int j = 0; j < n; j++)
                for (int i = 0; i < n; i++)
                    if (!(lower ? i >= j : i <= j) && Double.doubleToRawLongBits(got[i + j * n]) != Double.doubleToRawLongBits(c[i + j * n]))
                        fail(what + ": wrote (" + i + "," + j + ") outside the " + uplo + " triangle");
        }
    }

    @Test
    void syrkBothTrianglesAndTransposes() {
        SplittableRandom r = new SplittableRandom(5);
        int[][] nk = {{0, 3}, {3, 0}, {1, 1}, {2, 3}, {3, 2}, {17, 31}, {31, 17}, {32, 33}, {33, 32}, {255, 33}, {257, 17},
                {17, 1000}, {1000, 3}};
        double[][] scalars = {{1, 0}, {-0.5, 2}, {0, 0.5}, {0.25, 1}};
        for (int[] s : nk)
            for (Uplo u : Uplo.values())
                for (Trans t : Trans.values())
                    for (double[] ab : scalars) {
                        if (s[0] >= 255 && ab != scalars[0] && !(ab == scalars[1] && t == Trans.N)) continue;   // keep the big ones few
                        checkSyrk(r, u, t, s[0], s[1], ab[0], ab[1]);
                    }
    }

    @Test
    void symmetrizeCopiesOneTriangleExactly() {
        SplittableRandom r = new SplittableRandom(6);
        for (int n : new int[]{0, 1, 2, 3, 17, 33, 257})
            for (Uplo from : Uplo.values()) {
                double[] c = random(r, n * n);
                try (Matrix m = be.upload(c, n, n)) {
                    be.symmetrize(from, m);
                    double[] got = be.download(m);
                    for (int j = 0; j < n; j++)
                        for (int i = 0; i < n; i++) {
                            boolean inFrom = from == Uplo.LOWER ? i >= j : i <= j;
                            double want = inFrom ? c[i + j * n] : c[j + i * n];
                            assertEquals(want, got[i + j * n], 0.0, "symmetrize " + from + " n=" + n + " at (" + i + "," + j + ")");
                        }
                }
            }
    }

    // =================================================================== activations

    /** Every kind, with non-default parameters where the kind has them. */
    protected static List<Activation> catalogue() {
        List<Activation> all = new ArrayList<>();
        for (ActivationKind k : ActivationKind.values())
            all.add(switch (k) {
                case LINEAR -> new Activation(k, -1.5, 0);
                case TANH -> new Activation(k, 0.7, 0);
                case ERF -> new Activation(k, 1 / Math.sqrt(2), 0);
                case CLIPPED_LINEAR -> new Activation(k, 1.3, 0.8);
                default -> Activation.of(k);
            });
        return all;
    }

    private void checkActivate(SplittableRandom r, int rows, int cols, NeuronActivations plan, String what) {
        double[] x = new double[rows * cols];
        for (int e = 0; e < x.length; e++) {
            int v = r.nextInt(8);
            x[e] = v == 0 ? 0.0 : v == 1 ? -plan.biasOf(e % Math.max(1, rows)) : v == 2 ? 30 * (2 * r.nextDouble() - 1) : 4 * (2 * r.nextDouble() - 1);
        }
        double[] want = new double[x.length], tol = new double[x.length];
        for (int e = 0; e < x.length; e++) {
            int i = e % rows;
            want[e] = plan.activationOf(i).apply(x[e] + plan.biasOf(i));
            tol[e] = activationUlps() * EPS * Math.abs(want[e]);
        }
        try (Matrix m = be.upload(x, rows, cols)) {
            be.activate(m, plan);
            assertClose(what + " " + rows + "x" + cols, want, be.download(m), tol, rows);
        }
    }

    @Test
    void activateEveryKindWithBiasAndMixtures() {
        SplittableRandom r = new SplittableRandom(7);
        List<Activation> all = catalogue();
        int[][] shapes = {{1, 1}, {2, 3}, {3, 2}, {17, 31}, {33, 32}, {257, 33}, {31, 257}};
        for (int[] s : shapes) {
            int rows = s[0], cols = s[1];
            double[] bias = random(r, rows);
            byte[] choice = new byte[rows];
            for (int i = 0; i < rows; i++) choice[i] = (byte) r.nextInt(all.size());
            for (Activation f : all) {
                checkActivate(r, rows, cols, NeuronActivations.uniform(f), "activate " + f.label());
                checkActivate(r, rows, cols, new NeuronActivations(List.of(f), null, bias), "activate biased " + f.label());
            }
            checkActivate(r, rows, cols, new NeuronActivations(all, choice, bias), "activate mixture+bias");
            checkActivate(r, rows, cols, new NeuronActivations(all, choice, null), "activate mixture");
            checkActivate(r, rows, cols, new NeuronActivations(List.of(Activation.RELU, Activation.TANH), new byte[rows], bias),
                    "activate two choices, all neurons on the first");
        }
        try (Matrix empty = be.allocate(0, 5); Matrix noCols = be.allocate(5, 0)) {
            be.activate(empty, NeuronActivations.uniform(Activation.TANH));
            be.activate(noCols, new NeuronActivations(all, new byte[5], new double[5]));
        }
    }

    // =================================================================== reductions

    @Test
    void addToRowsRowSumsColumnSquaredNorms() {
        SplittableRandom r = new SplittableRandom(8);
        int[][] shapes = {{0, 3}, {3, 0}, {1, 1}, {2, 3}, {17, 33}, {32, 31}, {257, 31}, {33, 1000}, {1000, 17}};
        for (int[] s : shapes) {
            int rows = s[0], cols = s[1];
            double[] x = random(r, rows * cols), v = random(r, rows);
            String c = rows + "x" + cols;
            try (Matrix m = be.upload(x, rows, cols)) {
                double[] sums = new double[rows], sumsTol = new double[rows];
                for (int j = 0; j < cols; j++)
                    for (int i = 0; i < rows; i++) {
                        sums[i] += x[i + j * rows];
                        sumsTol[i] += cols * EPS * Math.abs(x[i + j * rows]);
                    }
                double[] got = new double[rows];
                Arrays.fill(got, Double.NaN);   // outputs are overwritten, not accumulated into
                be.rowSums(m, got);
                assertClose("rowSums " + c, sums, got, sumsTol, 0);

                double[] norms = new double[cols], normsTol = new double[cols];
                for (int j = 0; j < cols; j++)
                    for (int i = 0; i < rows; i++) {
                        double q = x[i + j * rows] * x[i + j * rows];
                        norms[j] += q;
                        normsTol[j] += (rows + 1) * EPS * q;
                    }
                double[] gotN = new double[cols];
                Arrays.fill(gotN, Double.NaN);
                be.columnSquaredNorms(m, gotN);
                assertClose("columnSquaredNorms " + c, norms, gotN, normsTol, 0);

                be.addToRows(m, v, -1.25);
                double[] want = new double[x.length], tol = new double[x.length];
                for (int e = 0; e < x.length; e++) {
                    double add = -1.25 * v[e % rows];
                    want[e] = x[e] + add;
                    tol[e] = EPS * (Math.abs(x[e]) + Math.abs(add));
                }
                assertClose("addToRows " + c, want, be.download(m), tol, rows);
            }
        }
    }

    // =================================================================== Gaussian numbers

    private static double[] philox(GaussianStream s, long offset, double stddev, int n) {
        double[] out = new double[n];
        Philox.fillGaussian(s.seed(), s.stream(), offset, stddev, out, 0, n);
        return out;
    }

    private void assertGaussiansMatch(String what, double[] want, double[] got, double stddev) {
        if (gaussianUlps() == 0) {
            assertBits(what, want, got);
            return;
        }
        double[] tol = new double[want.length];
        for (int e = 0; e < want.length; e++) tol[e] = gaussianUlps() * EPS * (stddev + Math.abs(want[e]));
        assertClose(what, want, got, tol, 0);
    }

    @Test
    void fillGaussianGivesPhiloxNumbers() {
        GaussianStream[] streams = {new GaussianStream(0, 0), new GaussianStream(-1, 5), new GaussianStream(123456789L, 1L << 40)};
        long[] offsets = {0, 1, 2, 7, (1L << 40) + 3};
        int[][] shapes = {{1, 1}, {2, 1}, {1, 3}, {3, 5}, {17, 33}, {257, 31}};
        for (GaussianStream s : streams)
            for (long off : offsets)
                for (int[] sh : shapes)
                    for (double sd : new double[]{1, 0.5}) {
                        try (Matrix m = be.allocate(sh[0], sh[1])) {
                            be.fillGaussian(m, s, off, sd);
                            assertGaussiansMatch(caseName("fillGaussian", s, "offset=" + off, sh[0] + "x" + sh[1], "stddev=" + sd),
                                    philox(s, off, sd, sh[0] * sh[1]), be.download(m), sd);
                        }
                    }
        // large enough to span many work chunks of any implementation (thread blocks, CPU grains)
        try (Matrix m = be.allocate(301, 257)) {
            be.fillGaussian(m, streams[1], 12345, 0.75);
            assertGaussiansMatch("fillGaussian 301x257 at odd offset", philox(streams[1], 12345, 0.75, 301 * 257), be.download(m), 0.75);
        }
        try (Matrix m = be.upload(random(new SplittableRandom(9), 12), 3, 4); Matrix e = be.allocate(0, 4)) {
            be.fillGaussian(m, streams[0], 0, 0.0);
            assertArrayEquals(new double[12], be.download(m), 0.0, "stddev 0 gives zeros (of either sign: 0·z)");
            be.fillGaussian(e, streams[0], 0, 1.0);
        }
    }

    /** Sample s of a d-row data matrix starts at offset s·d: filling in blocks of any size gives the same matrix. */
    @Test
    void fillGaussianIsIndependentOfBlockSize() {
        int d = 17, samples = 130;
        long first = 3;    // start at sample 3 so block offsets are odd and even
        GaussianStream s = new GaussianStream(42, 7);
        double[] whole;
        try (Matrix m = be.allocate(d, samples)) {
            be.fillGaussian(m, s, first * d, 1.25);
            whole = be.download(m);
        }
        for (int block : new int[]{1, 2, 3, 7, 64, 129}) {
            for (int s0 = 0; s0 < samples; s0 += block) {
                int b = Math.min(block, samples - s0);
                try (Matrix m = be.allocate(d, b)) {
                    be.fillGaussian(m, s, (first + s0) * d, 1.25);
                    assertBits("block of " + block + " samples at sample " + s0, Arrays.copyOfRange(whole, s0 * d, (s0 + b) * d), be.download(m));
                }
            }
        }
    }

    @Test
    void fillGaussianIsBitwiseIdenticalAcrossThreadCounts() {
        Backend one = open(1);
        assumeTrue(one != null, "backend has no thread-count setting (open(int) not overridden)");
        try (one; Backend three = open(3)) {
            assertEquals(1, one.threads(), "open(1) must give 1 thread");
            assertEquals(3, three.threads(), "open(3) must give 3 threads");
            GaussianStream s = new GaussianStream(2024, 3);
            int rows = 301, cols = 257;   // > 4 work chunks of any sane grain
            double[] want = null;
            for (Backend b : new Backend[]{one, three, be}) {
                try (Matrix m = b.allocate(rows, cols)) {
                    b.fillGaussian(m, s, 12345, 1.0);
                    double[] got = b.download(m);
                    if (want == null) want = got;
                    else assertBits("fillGaussian with " + b.threads() + " threads vs 1", want, got);
                }
            }
        }
    }

    /**
     * Moments of 2²⁰ numbers against their standard errors (5σ bounds: a correct generator fails with probability
     * ~10⁻⁶ per check; a 1 % error in the variance is 7σ): mean SE σ/√N, variance SE σ²√(2/N), skewness SE √(6/N),
     * kurtosis SE √(96/N) (Var z⁴ = 105 − 9), lag-1 and cross-stream correlations SE 1/√N, tail and CDF
     * frequencies SE √(p(1−p)/N).
     */
    @Test
    void fillGaussianMoments() {
        int rows = 1024, cols = 1024, n = rows * cols;
        double sd = 1.5;
        double[] z, other;
        try (Matrix m = be.allocate(rows, cols)) {
            be.fillGaussian(m, new GaussianStream(77, 1), 1, sd);   // odd offset: pairs straddle elements
            z = be.download(m);
            be.fillGaussian(m, new GaussianStream(77, 2), 1, sd);
            other = be.download(m);
        }
        double s1 = 0, s2 = 0, s3 = 0, s4 = 0, lag = 0, cross = 0;
        for (int i = 0; i < n; i++) {
            double x = z[i] / sd, x2 = x * x;
            s1 += x; s2 += x2; s3 += x2 * x; s4 += x2 * x2;
            cross += x * other[i] / sd;
            if (i > 0) lag += x * z[i - 1] / sd;
        }
        double mean = s1 / n, var = s2 / n - mean * mean;
        double se = 1 / Math.sqrt(n);
        assertEquals(0, mean, 5 * se, "mean");
        assertEquals(1, var, 5 * Math.sqrt(2.0 / n), "variance");
        assertEquals(0, s3 / n, 5 * Math.sqrt(15.0 / n), "third moment (Var z³ = 15)");
        assertEquals(3, s4 / n, 5 * Math.sqrt(96.0 / n), "fourth moment");
        assertEquals(0, lag / (n - 1), 5 * se, "lag-1 correlation");
        assertEquals(0, cross / n, 5 * se, "correlation between streams 1 and 2");
        double[] cuts = {-3, -2, -1, 0, 0.5, 1, 2, 3};
        for (double t : cuts) {
            long below = 0;
            for (double v : z) if (v / sd <= t) below++;
            double p = 0.5 * Erf.erfc(-t / Math.sqrt(2));
            assertEquals(p, (double) below / n, 5 * Math.sqrt(p * (1 - p) / n), "P(z <= " + t + ")");
        }
    }

    // =================================================================== syevd

    /** A random orthogonal n×n matrix (modified Gram–Schmidt applied twice: orthogonal to working precision). */
    protected static double[] randomOrthogonal(SplittableRandom r, int n) {
        double[] q = new double[n * n];
        for (int e = 0; e < q.length; e++) q[e] = r.nextGaussian();
        for (int pass = 0; pass < 2; pass++)
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < j; p++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) dot += q[i + p * n] * q[i + j * n];
                    for (int i = 0; i < n; i++) q[i + j * n] -= dot * q[i + p * n];
                }
                double nrm = 0;
                for (int i = 0; i < n; i++) nrm += q[i + j * n] * q[i + j * n];
                nrm = Math.sqrt(nrm);
                for (int i = 0; i < n; i++) q[i + j * n] /= nrm;
            }
        return q;
    }

    /** Q·diag(d)·Qᵀ, exactly symmetric. */
    protected static double[] withSpectrum(SplittableRandom r, double[] d) {
        int n = d.length;
        double[] q = randomOrthogonal(r, n), a = new double[n * n];
        for (int j = 0; j < n; j++)
            for (int l = 0; l < n; l++) {   // column j of Q·diag(d)·Qᵀ = Σ_l q_l·d_l·Q[j,l]
                double f = d[l] * q[j + l * n];
                for (int i = j; i < n; i++) a[i + j * n] += q[i + l * n] * f;
            }
        for (int j = 0; j < n; j++) for (int i = j + 1; i < n; i++) a[j + i * n] = a[i + j * n];
        return a;
    }

    /** ‖a‖_F without underflow or overflow (scaled by the largest entry, as dnrm2 does). */
    private static double frobenius(double[] a) {
        double max = 0;
        for (double v : a) max = Math.max(max, Math.abs(v));
        if (max == 0 || !Double.isFinite(max)) return max;
        double s = 0;
        for (double v : a) { double t = v / max; s += t * t; }
        return max * Math.sqrt(s);
    }

    /**
     * Decomposes symmetric {@code a} (only its lower triangle is handed over intact: the strict upper triangle is
     * NaN, which a correct solver never reads), checks ascending order, ‖AV−VΛ‖/(n·ε·‖A‖) and ‖VᵀV−I‖/(n·ε), that
     * values-only agrees, and returns the eigenvalues.
     */
    protected double[] checkSyevd(String what, double[] a, int n) {
        double[] lowerOnly = a.clone();
        for (int j = 0; j < n; j++) for (int i = 0; i < j; i++) lowerOnly[i + j * n] = Double.NaN;
        double[] w = new double[n], w2 = new double[n];
        double[] v;
        try (Matrix m = be.upload(lowerOnly, n, n)) {
            be.syevd(m, w, true);
            v = be.download(m);
            be.upload(lowerOnly, m);
            be.syevd(m, w2, false);
        }
        assertEigenpairs(what, a, n, w, v);
        double normA = frobenius(a);
        for (int i = 0; i < n; i++)
            assertEquals(w[i], w2[i], THRESH * n * EPS * normA, what + ": values-only eigenvalue " + i + " differs from the with-vectors one");
        return w;
    }

    /** Finite ascending w, ‖AV−VΛ‖/(n·ε·‖A‖) and ‖VᵀV−I‖/(n·ε) at most {@link #THRESH}. */
    private static void assertEigenpairs(String what, double[] a, int n, double[] w, double[] v) {
        double normA = frobenius(a);
        for (int i = 0; i < n; i++) assertTrue(Double.isFinite(w[i]), what + ": eigenvalue " + i + " is " + w[i]);
        for (int i = 1; i < n; i++) assertTrue(w[i - 1] <= w[i], what + ": eigenvalues not ascending at " + i + ": " + w[i - 1] + " > " + w[i]);
        double[] res = new double[n * n], orth = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int l = 0; l < n; l++) {
                double f = v[l + j * n];
                for (int i = 0; i < n; i++) res[i + j * n] += a[i + l * n] * f;
            }
            for (int i = 0; i < n; i++) res[i + j * n] -= w[j] * v[i + j * n];
            for (int p = 0; p < n; p++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += v[i + p * n] * v[i + j * n];
                orth[p + j * n] = s - (p == j ? 1 : 0);
            }
        }
        double resNorm = frobenius(res), orthRatio = frobenius(orth) / (n * EPS);
        // a zero matrix must give AV − VΛ = 0 exactly; otherwise the ratio (normA scaled first: it may be subnormal)
        double resRatio = normA == 0 ? (resNorm == 0 ? 0 : Double.POSITIVE_INFINITY) : resNorm / normA / (n * EPS);
        assertTrue(resRatio <= THRESH, what + ": ||AV - V diag(w)|| / (n eps ||A||) = " + resRatio + " > " + THRESH);
        assertTrue(orthRatio <= THRESH, what + ": ||V'V - I|| / (n eps) = " + orthRatio + " > " + THRESH);
    }

    private void checkKnownSpectrum(String what, SplittableRandom r, double[] d) {
        int n = d.length;
        double[] w = checkSyevd(what, withSpectrum(r, d), n);
        double[] sorted = d.clone();
        Arrays.sort(sorted);
        double max = 0;
        for (double x : d) max = Math.max(max, Math.abs(x));
        for (int i = 0; i < n; i++)   // Weyl: the constructed matrix is within O(n ε ‖D‖) of one with spectrum d
            assertEquals(sorted[i], w[i], THRESH * n * EPS * max, what + ": eigenvalue " + i);
    }

    @Test
    void syevdRandomSymmetric() {
        SplittableRandom r = new SplittableRandom(10);
        for (int n : new int[]{1, 2, 3, 17, 31, 32, 33, 257}) {
            double[] a = new double[n * n];
            for (int j = 0; j < n; j++)
                for (int i = j; i < n; i++) a[i + j * n] = a[j + i * n] = r.nextGaussian();
            checkSyevd("random symmetric n=" + n, a, n);
        }
        double[] w = new double[0];
        try (Matrix m = be.allocate(0, 0)) {
            be.syevd(m, w, true);
        }
    }

    @Test
    void syevdRepeatedAndClusteredEigenvalues() {
        SplittableRandom r = new SplittableRandom(11);
        double[] repeated = new double[33];
        for (int i = 0; i < 33; i++) repeated[i] = i < 10 ? -1 : i < 13 ? 0 : 2;
        checkKnownSpectrum("repeated -1 x10, 0 x3, 2 x20", r, repeated);
        double[] ones = new double[32];
        Arrays.fill(ones, 3.0);
        checkKnownSpectrum("all equal", r, ones);
        double[] clustered = new double[31];
        for (int i = 0; i < 31; i++) clustered[i] = i < 20 ? 1 + i * 1e-13 : 5 + (i - 20) * 1e-9;
        checkKnownSpectrum("clustered 1 + i 1e-13 and 5 + i 1e-9", r, clustered);
        double[] graded = new double[17];
        for (int i = 0; i < 17; i++) graded[i] = Math.pow(10, -i);
        checkKnownSpectrum("graded 1 .. 1e-16", r, graded);
    }

    @Test
    void syevdDiagonalAndZero() {
        SplittableRandom r = new SplittableRandom(12);
        for (int n : new int[]{1, 3, 17, 32}) {
            double[] a = new double[n * n], d = new double[n];
            for (int i = 0; i < n; i++) a[i + i * n] = d[i] = (i % 3 == 0) ? 1.5 : r.nextGaussian();
            double[] w = checkSyevd("diagonal n=" + n, a, n);
            Arrays.sort(d);
            for (int i = 0; i < n; i++) assertEquals(d[i], w[i], n * EPS * 4, "diagonal n=" + n + " eigenvalue " + i);
        }
        for (int n : new int[]{1, 2, 17}) {
            double[] w = checkSyevd("zero n=" + n, new double[n * n], n);
            for (double x : w) assertEquals(0.0, x, 0.0, "zero matrix eigenvalue");
        }
    }

    /** Gram matrices XᵀX of rank k < n (the covariance of few samples): a numerically zero block of size n − k. */
    @Test
    public void syevdRankDeficientGram() {
        SplittableRandom r = new SplittableRandom(15);
        for (int[] nk : new int[][]{{31, 1}, {32, 31}, {33, 5}}) {   // A = XᵀX, X k×n: rank k < n
            int n = nk[0], k = nk[1];
            double[] x = new double[k * n];
            for (int e = 0; e < x.length; e++) x[e] = r.nextGaussian();
            double[] a = new double[n * n];
            for (int j = 0; j < n; j++)
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    for (int l = 0; l < k; l++) s += x[l + i * k] * x[l + j * k];
                    a[i + j * n] = s;
                }
            double[] w = checkSyevd("Gram rank " + k + " n=" + n, a, n);
            double tol = THRESH * n * EPS * frobenius(a);
            for (int i = 0; i < n - k; i++) assertEquals(0.0, w[i], tol, "Gram rank " + k + " n=" + n + ": null eigenvalue " + i);
            assertTrue(w[n - k] > tol, "Gram rank " + k + " n=" + n + ": smallest nonzero eigenvalue " + w[n - k]);
        }
    }

    /**
     * Classic hard cases for tridiagonal eigensolvers: Wilkinson's W21⁺ (pairs of eigenvalues agreeing to 1e-15),
     * glued Wilkinson matrices (clusters that deflation must separate cleanly), and a strongly graded arrowhead.
     */
    @Test
    void syevdWilkinsonGluedAndArrowheadMatrices() {
        int m = 21;
        double[] w21 = new double[m * m];
        for (int i = 0; i < m; i++) {
            w21[i + i * m] = Math.abs(10 - i);
            if (i + 1 < m) w21[i + 1 + i * m] = w21[i + (i + 1) * m] = 1;
        }
        checkSyevd("Wilkinson W21+", w21, m);
        int copies = 6, n = copies * m;
        double[] glued = new double[n * n];
        for (int c = 0; c < copies; c++)
            for (int i = 0; i < m; i++) {
                int g = c * m + i;
                glued[g + g * n] = Math.abs(10 - i);
                if (i + 1 < m) glued[g + 1 + g * n] = glued[g + (g + 1) * n] = 1;
                else if (c + 1 < copies) glued[g + 1 + g * n] = glued[g + (g + 1) * n] = 1e-14;   // the glue
            }
        checkSyevd("6 Wilkinson W21+ glued by 1e-14", glued, n);
        int k = 40;
        double[] arrow = new double[k * k];
        for (int i = 0; i < k; i++) {
            arrow[i + i * k] = Math.pow(10, -i / 4.0);
            if (i > 0) arrow[i] = arrow[i * k] = Math.pow(10, -i / 8.0);
        }
        checkSyevd("graded arrowhead", arrow, k);
    }

    /** Off-diagonal entries negligible against the norm but not against a zero diagonal entry. */
    @Test
    public void syevdNegligibleCouplingToAZeroDiagonal() {
        checkSyevd("[[0, 1e-200], [1e-200, 1]]", new double[]{0, 1e-200, 1e-200, 1}, 2);
        double[] a = new double[9];
        a[0] = 1; a[4] = 0; a[8] = -2;
        a[1] = a[3] = 1e-170;
        a[7] = a[5] = 3e-300;
        double[] w = checkSyevd("diag(1, 0, -2) with couplings 1e-170, 3e-300", a, 3);
        assertArrayEquals(new double[]{-2, 0, 1}, w, 4 * 3 * EPS * 2);
    }

    @Test
    void syevdIsScaleInvariantFarFromOne() {
        SplittableRandom r = new SplittableRandom(13);
        int n = 17;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = r.nextGaussian();
        double[] base = withSpectrum(r, d);
        for (double s : new double[]{0x1p-500, 0x1p500, 0x1p-1000, 0x1p1000}) {
            double[] a = base.clone();
            for (int e = 0; e < a.length; e++) a[e] *= s;   // power of two: exact
            double[] w = checkSyevd("scaled by " + s, a, n);
            double[] sorted = d.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < n; i++) assertEquals(sorted[i], w[i] / s, THRESH * n * EPS * 4, "scaled by " + s + " eigenvalue " + i);
        }
    }

    @Test
    void syevdRejectsNonFiniteInput() {
        for (double bad : new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            for (int[] at : new int[][]{{0, 0}, {2, 1}, {3, 3}}) {
                double[] a = new double[16];
                for (int i = 0; i < 4; i++) a[i + 4 * i] = 1;
                a[at[0] + 4 * at[1]] = bad;
                try (Matrix m = be.upload(a, 4, 4)) {
                    for (boolean vec : new boolean[]{true, false}) {
                        be.upload(a, m);
                        assertFailsNaming(NumericalException.class, () -> be.syevd(m, new double[4], vec), "syevd", Double.toString(bad));
                    }
                }
            }
        }
    }

    // =================================================================== syevdBasis

    private static double[] identity(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) e[i + i * n] = 1;
        return e;
    }

    /**
     * The factored eigendecomposition of symmetric {@code a} (strict upper triangle NaN, never to be read): A left
     * unchanged, eigenvalues those of syevd, U = multiply(N, I) an accurate eigenvector matrix, multiply(T, I) its
     * transpose, and Uᵀ then U giving a block of vectors back.
     */
    private void checkBasis(String what, SplittableRandom r, double[] a, int n) {
        double[] lowerOnly = a.clone();
        for (int j = 0; j < n; j++) for (int i = 0; i < j; i++) lowerOnly[i + j * n] = Double.NaN;
        double[] ref = new double[n], w = new double[n];
        try (Matrix m = be.upload(lowerOnly, n, n)) {
            be.syevd(m, ref, false);
        }
        int cols = 3;
        double[] x = random(r, n * cols);
        double[] u, ut, back;
        try (Matrix m = be.upload(lowerOnly, n, n); EigenBasis basis = be.syevdBasis(m, w);
             Matrix eye = be.upload(identity(n), n, n); Matrix um = be.allocate(n, n); Matrix utm = be.allocate(n, n);
             Matrix xm = be.upload(x, n, cols); Matrix ym = be.allocate(n, cols); Matrix zm = be.allocate(n, cols)) {
            assertBits(what + ": A after syevdBasis", lowerOnly, be.download(m));
            assertEquals(n, basis.n(), what + ": basis order");
            basis.multiply(Trans.N, eye, um);
            basis.multiply(Trans.T, eye, utm);
            basis.multiply(Trans.T, xm, ym);
            basis.multiply(Trans.N, ym, zm);
            u = be.download(um);
            ut = be.download(utm);
            back = be.download(zm);
        }
        double normA = frobenius(a);
        for (int i = 0; i < n; i++)
            assertEquals(ref[i], w[i], THRESH * n * EPS * normA, what + ": syevdBasis eigenvalue " + i + " differs from syevd's");
        assertEigenpairs(what + " (syevdBasis, U = U·I)", a, n, w, u);
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++)
                assertEquals(u[j + i * n], ut[i + j * n], THRESH * n * EPS, what + ": (Uᵀ·I)[" + i + "," + j + "] is not U[" + j + "," + i + "]");
        double[] diff = new double[x.length];
        for (int e = 0; e < x.length; e++) diff[e] = back[e] - x[e];
        double ratio = frobenius(diff) / frobenius(x) / (n * EPS);
        assertTrue(ratio <= THRESH, what + ": ||U(Uᵀx) - x|| / (n eps ||x||) = " + ratio + " > " + THRESH);
    }

    @Test
    void syevdBasisAppliesTheEigenvectorsOfSyevd() {
        SplittableRandom r = new SplittableRandom(16);
        for (int n : new int[]{1, 2, 3, 17, 33, 257}) {
            double[] a = new double[n * n];
            for (int j = 0; j < n; j++)
                for (int i = j; i < n; i++) a[i + j * n] = a[j + i * n] = r.nextGaussian();
            checkBasis("random symmetric n=" + n, r, a, n);
        }
        double[] repeated = new double[33];
        for (int i = 0; i < 33; i++) repeated[i] = i < 10 ? -1 : i < 13 ? 0 : 2;
        checkBasis("repeated -1 x10, 0 x3, 2 x20", r, withSpectrum(r, repeated), 33);
        double[] d = new double[17];
        for (int i = 0; i < 17; i++) d[i] = r.nextGaussian();
        for (double s : new double[]{0x1p-1000, 0x1p1000}) {
            double[] a = withSpectrum(r, d);
            for (int e = 0; e < a.length; e++) a[e] *= s;   // exact; takes the solver's scaling path
            checkBasis("scaled by " + s, r, a, 17);
        }
        try (Matrix empty = be.allocate(0, 0); EigenBasis basis = be.syevdBasis(empty, new double[0]);
             Matrix x = be.allocate(0, 2); Matrix out = be.allocate(0, 2)) {
            basis.multiply(Trans.N, x, out);
            assertEquals(0, basis.n());
        }
    }

    @Test
    void syevdBasisRefusesBadInputWithClearMessages() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        double[] nan = {1, Double.NaN, 0, 1};
        try (Matrix m = be.upload(nan, 2, 2)) {
            assertFailsNaming(NumericalException.class, () -> be.syevdBasis(m, new double[2]), "syevd", "NaN");
        }
        try (Matrix rect = be.allocate(3, 2); Matrix a = be.upload(new double[]{2, 1, 1, 3}, 2, 2)) {
            assertFailsNaming(iae, () -> be.syevdBasis(rect, new double[3]), "syevdBasis", "square", "3x2");
            assertFailsNaming(iae, () -> be.syevdBasis(a, new double[3]), "syevdBasis", "3 entries", "2x2");
            assertFailsNaming(iae, () -> be.syevdBasis(a, null), "syevdBasis", "null");
            EigenBasis basis = be.syevdBasis(a, new double[2]);
            try (Matrix x = be.allocate(2, 3); Matrix wrongRows = be.allocate(3, 3); Matrix wrongCols = be.allocate(2, 2)) {
                assertFailsNaming(iae, () -> basis.multiply(Trans.N, wrongRows, wrongRows), "EigenBasis.multiply", "3x3", "n = 2");
                assertFailsNaming(iae, () -> basis.multiply(Trans.T, x, wrongCols), "EigenBasis.multiply", "2x3", "2x2");
                assertFailsNaming(iae, () -> basis.multiply(Trans.N, x, x), "EigenBasis.multiply", "aliasing");
                assertFailsNaming(iae, () -> basis.multiply(null, x, wrongRows), "EigenBasis.multiply");
                basis.close();
                basis.close();   // idempotent
                assertFailsNaming(IllegalStateException.class, () -> basis.multiply(Trans.N, x, be.allocate(2, 3)), "EigenBasis.multiply", "closed");
            }
        }
        Backend b = open();
        Matrix a = b.upload(new double[]{2, 1, 1, 3}, 2, 2);
        EigenBasis basis = b.syevdBasis(a, new double[2]);
        Matrix x = b.allocate(2, 1), out = b.allocate(2, 1);
        b.close();
        assertFailsNaming(IllegalStateException.class, () -> basis.multiply(Trans.N, x, out), "EigenBasis.multiply", "closed");
        basis.close();   // harmless after the backend closed
    }

    // =================================================================== posv

    @Test
    void posvSolvesSpdSystemsToConditionScaledAccuracy() {
        SplittableRandom r = new SplittableRandom(14);
        for (int n : new int[]{1, 2, 3, 17, 33, 257})
            for (double kappa : new double[]{1, 1e3, 1e8})
                for (int nrhs : new int[]{1, 3}) {
                    if (n == 257 && (kappa != 1e8 || nrhs == 3)) continue;
                    double[] d = new double[n];
                    for (int i = 0; i < n; i++) d[i] = n == 1 ? 1 : Math.pow(kappa, -(double) i / (n - 1));
                    double[] a = withSpectrum(r, d);
                    double[] x = new double[n * nrhs];
                    for (int e = 0; e < x.length; e++) x[e] = r.nextGaussian();
                    double[] b = new double[n * nrhs];
                    for (int c = 0; c < nrhs; c++)
                        for (int l = 0; l < n; l++)
                            for (int i = 0; i < n; i++) b[i + c * n] += a[i + l * n] * x[l + c * n];
                    double[] lowerOnly = a.clone();
                    for (int j = 0; j < n; j++) for (int i = 0; i < j; i++) lowerOnly[i + j * n] = Double.NaN;
                    double[] got;
                    try (Matrix ma = be.upload(lowerOnly, n, n); Matrix mb = be.upload(b, n, nrhs)) {
                        be.posv(ma, mb);
                        got = be.download(mb);
                    }
                    String what = "posv n=" + n + " kappa=" + kappa + " nrhs=" + nrhs;
                    double res = 0, err = 0;
                    double[] ax = new double[n];
                    for (int c = 0; c < nrhs; c++) {
                        Arrays.fill(ax, 0);
                        for (int l = 0; l < n; l++)
                            for (int i = 0; i < n; i++) ax[i] += a[i + l * n] * got[l + c * n];
                        for (int i = 0; i < n; i++) {
                            double s = ax[i] - b[i + c * n];
                            res += s * s;
                            double e = got[i + c * n] - x[i + c * n];
                            err += e * e;
                        }
                    }
                    double backward = Math.sqrt(res) / (frobenius(a) * frobenius(got) * n * EPS);
                    double forward = Math.sqrt(err) / frobenius(x);
                    assertTrue(backward <= THRESH, what + ": ||AX - B|| / (||A|| ||X|| n eps) = " + backward);
                    assertTrue(forward <= THRESH * n * EPS * kappa, what + ": relative error " + forward + " > " + THRESH + " n eps kappa");
                }
        try (Matrix a = be.upload(new double[]{4}, 1, 1); Matrix b = be.allocate(1, 0)) {
            be.posv(a, b);   // no right-hand sides: fine
        }
    }

    @Test
    void posvNamesTheFailingLeadingMinor() {
        double[] d = {2, 1, 3, -5, 7};
        double[] a = new double[25];
        for (int i = 0; i < 5; i++) a[i + 5 * i] = d[i];
        try (Matrix ma = be.upload(a, 5, 5); Matrix mb = be.allocate(5, 1)) {
            NumericalException e = assertFailsNaming(NumericalException.class, () -> be.posv(ma, mb), "posv", "minor");
            assertTrue(Pattern.compile("\\b4\\b").matcher(e.getMessage()).find(), "message should name leading minor 4: " + e.getMessage());
        }
        try (Matrix ma = be.upload(new double[]{1, 2, 2, 1}, 2, 2); Matrix mb = be.allocate(2, 2)) {   // singular-indefinite 2x2
            NumericalException e = assertFailsNaming(NumericalException.class, () -> be.posv(ma, mb), "posv", "minor");
            assertTrue(Pattern.compile("\\b2\\b").matcher(e.getMessage()).find(), "message should name leading minor 2: " + e.getMessage());
        }
    }

    @Test
    void posvRejectsNonFiniteInput() {
        for (double bad : new double[]{Double.NaN, Double.POSITIVE_INFINITY}) {
            double[] a = {4, 1, 0, 1, 3, 0, 0, 0, 2};
            a[1] = bad;
            try (Matrix ma = be.upload(a, 3, 3); Matrix mb = be.upload(new double[]{1, 2, 3}, 3, 1)) {
                assertFailsNaming(NumericalException.class, () -> be.posv(ma, mb), "posv", Double.toString(bad));
            }
            try (Matrix ma = be.upload(new double[]{4, 1, 0, 1, 3, 0, 0, 0, 2}, 3, 3); Matrix mb = be.upload(new double[]{1, bad, 3}, 3, 1)) {
                assertFailsNaming(NumericalException.class, () -> be.posv(ma, mb), "posv", Double.toString(bad));
            }
        }
    }

    // =================================================================== bad input

    @Test
    void shapeMismatchesNameTheOperationAndShapes() {
        try (Matrix a23 = be.allocate(2, 3); Matrix a32 = be.allocate(3, 2); Matrix a22 = be.allocate(2, 2);
             Matrix a33 = be.allocate(3, 3); Matrix a24 = be.allocate(2, 4)) {
            Class<IllegalArgumentException> iae = IllegalArgumentException.class;
            assertFailsNaming(iae, () -> be.gemm(Trans.N, Trans.N, 1, a23, a23, 0, a22), "gemm", "2x3");
            assertFailsNaming(iae, () -> be.gemm(Trans.N, Trans.N, 1, a23, a32, 0, a33), "gemm", "3x3");
            assertFailsNaming(iae, () -> be.gemm(Trans.T, Trans.N, 1, a23, a32, 0, a22), "gemm");
            assertFailsNaming(iae, () -> be.syrk(Uplo.LOWER, Trans.N, 1, a23, 0, a33), "syrk", "3x3");
            assertFailsNaming(iae, () -> be.syrk(Uplo.LOWER, Trans.T, 1, a23, 0, a22), "syrk", "2x2");
            assertFailsNaming(iae, () -> be.symmetrize(Uplo.LOWER, a23), "symmetrize", "2x3");
            assertFailsNaming(iae, () -> be.copy(a23, a32), "copy", "2x3", "3x2");
            assertFailsNaming(iae, () -> be.axpy(1, a23, a32), "axpy", "2x3", "3x2");
            assertFailsNaming(iae, () -> be.upload(new double[5], a23), "upload", "5", "6");
            assertFailsNaming(iae, () -> be.upload(new double[5], 2, 3), "upload", "5", "6");
            assertFailsNaming(iae, () -> be.download(a23, new double[7]), "download", "7", "6");
            assertFailsNaming(iae, () -> be.addToRows(a23, new double[3], 1), "addToRows", "3", "2");
            assertFailsNaming(iae, () -> be.rowSums(a23, new double[3]), "rowSums", "3", "2");
            assertFailsNaming(iae, () -> be.columnSquaredNorms(a23, new double[2]), "columnSquaredNorms", "2", "3");
            assertFailsNaming(iae, () -> be.activate(a23, new NeuronActivations(List.of(Activation.TANH), null, new double[3])), "activate", "3", "2");
            assertFailsNaming(iae, () -> be.syevd(a23, new double[2], true), "syevd", "2x3");
            assertFailsNaming(iae, () -> be.syevd(a22, new double[3], true), "syevd", "3");
            assertFailsNaming(iae, () -> be.posv(a23, a22), "posv", "2x3");
            assertFailsNaming(iae, () -> be.posv(a33, a24), "posv", "2", "3x3");
        }
    }

    @Test
    void negativeAndOverflowingSizesAreRefused() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        assertFailsNaming(iae, () -> be.allocate(-1, 3), "allocate", "-1");
        assertFailsNaming(iae, () -> be.allocate(3, -2), "allocate", "-2");
        assertFailsNaming(iae, () -> be.upload(new double[0], -1, 0), "upload", "-1");
        // 2³¹−1 squared elements is 2⁶² doubles, 2⁶⁵ bytes: no backend can hold it, every one must say so up front
        assertFailsNaming(iae, () -> be.allocate(Integer.MAX_VALUE, Integer.MAX_VALUE), "allocate", Long.toString(Integer.MAX_VALUE));
        assertFailsNaming(iae, () -> be.allocate(Long.MAX_VALUE, 2), "allocate", Long.toString(Long.MAX_VALUE));
        try (Matrix m = be.allocate(2, 2)) {
            assertFailsNaming(iae, () -> be.fillGaussian(m, new GaussianStream(1, 1), -1, 1), "fillGaussian", "-1");
            assertFailsNaming(iae, () -> be.fillGaussian(m, new GaussianStream(1, 1), Long.MAX_VALUE - 2, 1), "fillGaussian", "overflow");
            assertFailsNaming(iae, () -> be.fillGaussian(m, new GaussianStream(1, 1), 0, -1), "fillGaussian", "-1");
            assertFailsNaming(iae, () -> be.fillGaussian(m, new GaussianStream(1, 1), 0, Double.NaN), "fillGaussian", "NaN");
        }
    }

    @Test
    void nonFiniteScalarsAreRefused() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        try (Matrix a = be.allocate(2, 2); Matrix b = be.allocate(2, 2); Matrix c = be.allocate(2, 2)) {
            assertFailsNaming(iae, () -> be.gemm(Trans.N, Trans.N, Double.NaN, a, b, 0, c), "gemm", "alpha", "NaN");
            assertFailsNaming(iae, () -> be.gemm(Trans.N, Trans.N, 1, a, b, Double.POSITIVE_INFINITY, c), "gemm", "beta", "Infinity");
            assertFailsNaming(iae, () -> be.syrk(Uplo.UPPER, Trans.N, Double.NaN, a, 0, c), "syrk", "alpha", "NaN");
            assertFailsNaming(iae, () -> be.scale(Double.NEGATIVE_INFINITY, a), "scale", "Infinity");
            assertFailsNaming(iae, () -> be.axpy(Double.NaN, a, b), "axpy", "NaN");
            assertFailsNaming(iae, () -> be.addToRows(a, new double[2], Double.NaN), "addToRows", "NaN");
        }
    }

    @Test
    void aliasingIsRefused() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        try (Matrix a = be.allocate(3, 3); Matrix b = be.allocate(3, 3)) {
            assertFailsNaming(iae, () -> be.gemm(Trans.N, Trans.N, 1, a, b, 0, a), "gemm", "alias");
            assertFailsNaming(iae, () -> be.gemm(Trans.N, Trans.T, 1, a, b, 0, b), "gemm", "alias");
            assertFailsNaming(iae, () -> be.syrk(Uplo.LOWER, Trans.N, 1, a, 0, a), "syrk", "alias");
            assertFailsNaming(iae, () -> be.posv(a, a), "posv", "alias");
        }
    }

    @Test
    void nullArgumentsAreRefused() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        try (Matrix a = be.allocate(2, 2); Matrix b = be.allocate(2, 2); Matrix c = be.allocate(2, 2)) {
            assertFailsNaming(iae, () -> be.upload(null, 2, 2), "upload", "null");
            assertFailsNaming(iae, () -> be.upload(null, a), "upload", "null");
            assertFailsNaming(iae, () -> be.upload(new double[4], null), "upload", "null");
            assertFailsNaming(iae, () -> be.download(null, new double[4]), "download", "null");
            assertFailsNaming(iae, () -> be.download(a, null), "download", "null");
            assertFailsNaming(iae, () -> be.download(null), "download", "null");
            assertFailsNaming(iae, () -> be.copy(null, a), "copy", "null");
            assertFailsNaming(iae, () -> be.copy(a, null), "copy", "null");
            assertFailsNaming(iae, () -> be.fill(null, 1), "fill", "null");
            assertFailsNaming(iae, () -> be.gemm(Trans.N, Trans.N, 1, null, b, 0, c), "gemm", "A", "null");
            assertFailsNaming(iae, () -> be.gemm(Trans.N, Trans.N, 1, a, null, 0, c), "gemm", "B", "null");
            assertFailsNaming(iae, () -> be.gemm(Trans.N, Trans.N, 1, a, b, 0, null), "gemm", "C", "null");
            assertFailsNaming(iae, () -> be.gemm(null, Trans.N, 1, a, b, 0, c), "gemm", "null");
            assertFailsNaming(iae, () -> be.syrk(null, Trans.N, 1, a, 0, c), "syrk", "null");
            assertFailsNaming(iae, () -> be.syrk(Uplo.LOWER, null, 1, a, 0, c), "syrk", "null");
            assertFailsNaming(iae, () -> be.syrk(Uplo.LOWER, Trans.N, 1, null, 0, c), "syrk", "null");
            assertFailsNaming(iae, () -> be.symmetrize(null, a), "symmetrize", "null");
            assertFailsNaming(iae, () -> be.symmetrize(Uplo.LOWER, null), "symmetrize", "null");
            assertFailsNaming(iae, () -> be.scale(1, null), "scale", "null");
            assertFailsNaming(iae, () -> be.axpy(1, null, a), "axpy", "null");
            assertFailsNaming(iae, () -> be.activate(null, NeuronActivations.uniform(Activation.RELU)), "activate", "null");
            assertFailsNaming(iae, () -> be.activate(a, null), "activate", "null");
            assertFailsNaming(iae, () -> be.addToRows(a, null, 1), "addToRows", "null");
            assertFailsNaming(iae, () -> be.rowSums(a, null), "rowSums", "null");
            assertFailsNaming(iae, () -> be.columnSquaredNorms(a, null), "columnSquaredNorms", "null");
            assertFailsNaming(iae, () -> be.fillGaussian(a, null, 0, 1), "fillGaussian", "null");
            assertFailsNaming(iae, () -> be.fillGaussian(null, new GaussianStream(0, 0), 0, 1), "fillGaussian", "null");
            assertFailsNaming(iae, () -> be.syevd(null, new double[2], true), "syevd", "null");
            assertFailsNaming(iae, () -> be.syevd(a, null, true), "syevd", "null");
            assertFailsNaming(iae, () -> be.posv(null, b), "posv", "null");
            assertFailsNaming(iae, () -> be.posv(a, null), "posv", "null");
        }
    }

    @Test
    void useOfAClosedMatrixIsAClearError() {
        Matrix m = be.allocate(2, 2);
        Matrix other = be.allocate(2, 2);
        m.close();
        m.close();   // idempotent
        assertTrue(m.isClosed());
        Class<IllegalStateException> ise = IllegalStateException.class;
        assertFailsNaming(ise, () -> be.fill(m, 1), "fill", "closed");
        assertFailsNaming(ise, () -> be.download(m), "download", "closed");
        assertFailsNaming(ise, () -> be.copy(other, m), "copy", "closed");
        assertFailsNaming(ise, () -> be.gemm(Trans.N, Trans.N, 1, m, other, 0, be.allocate(2, 2)), "gemm", "closed");
        assertFailsNaming(ise, () -> be.syevd(m, new double[2], false), "syevd", "closed");
        be.fill(other, 1);   // the others still work
        assertArrayEquals(new double[]{1, 1, 1, 1}, be.download(other));
    }

    @Test
    void useOfAClosedBackendIsAClearError() {
        Backend b = open();
        Matrix m = b.allocate(2, 2);
        assertFalse(b.isClosed());
        b.close();
        b.close();   // idempotent
        assertTrue(b.isClosed());
        assertTrue(m.isClosed(), "closing the backend closes its matrices");
        m.close();   // still harmless
        Class<IllegalStateException> ise = IllegalStateException.class;
        assertFailsNaming(ise, () -> b.allocate(1, 1), "allocate", "closed");
        assertFailsNaming(ise, () -> b.upload(new double[1], 1, 1), "upload", "closed");
        assertFailsNaming(ise, () -> b.fill(m, 0), "fill", "closed");
        assertFailsNaming(ise, () -> b.fillGaussian(m, new GaussianStream(0, 0), 0, 1), "fillGaussian", "closed");
        // this test's main backend is unaffected, and refuses the dead matrix
        assertFailsNaming(IllegalStateException.class, () -> be.fill(m, 0), "fill", "closed");
    }

    @Test
    void aMatrixFromAnotherBackendInstanceIsRefused() {
        try (Backend other = open(); Matrix foreign = other.allocate(2, 2); Matrix mine = be.allocate(2, 2)) {
            Class<IllegalArgumentException> iae = IllegalArgumentException.class;
            assertFailsNaming(iae, () -> be.fill(foreign, 1), "fill", "another backend");
            assertFailsNaming(iae, () -> be.copy(mine, foreign), "copy", "dst", "another backend");
            assertFailsNaming(iae, () -> be.gemm(Trans.N, Trans.N, 1, mine, foreign, 0, be.allocate(2, 2)), "gemm", "B", "another backend");
            assertFailsNaming(iae, () -> other.download(mine), "download", "another backend");
        }
    }

    @Test
    void closingTheBackendReleasesEveryMatrix() {
        Backend b = open();
        List<Matrix> ms = new ArrayList<>();
        for (int i = 0; i < 5; i++) ms.add(b.allocate(3, i));
        ms.get(2).close();
        b.close();
        for (Matrix m : ms) assertTrue(m.isClosed(), m + " should be closed with its backend");
        if (b instanceof AbstractBackend<?> ab) assertEquals(0, ab.liveMatrices(), "live matrices after close");
    }

    @Test
    void describesItself() {
        assertNotNull(be.name());
        assertFalse(be.name().isBlank());
        assertNotNull(be.description());
        assertTrue(be.threads() >= 1, "threads() = " + be.threads());
    }
}
