package deeprf.experiment;

import deeprf.backend.Backend;
import deeprf.backend.EigenBasis;
import deeprf.backend.Matrix;
import deeprf.backend.NumericalException;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;

/**
 * Ridge readout accumulated over streamed blocks of features, never holding all n samples: ΦᵀΦ by {@code syrk},
 * Φᵀy by {@code gemm}, feature and label sums for centring. Memory O(p² + p·λ-count), independent of n.
 *
 * <p>Canonical ridge (THEORY.md §1): ŵ(λ') = (ΦᵀΦ/n + λ')^{-1} Φᵀy/n; at λ' = 0 its limit λ' → 0+, the
 * minimum-norm least-squares fit (eigenvalues of G at its rounding, p·ε·max, count as its null space). The whole
 * λ' grid costs ONE symmetric eigendecomposition G = ΦᵀΦ/n = U diag(ω) Uᵀ: with c = Uᵀ(Φᵀy/n), ŵ = U·(c/(ω+λ')) and the training error is
 * (1/n)‖y − Φŵ‖² = ‖y‖²/n − Σ c_i² (ω_i + 2λ')/(ω_i + λ')² (exact algebra; absolute rounding ~ε·‖y‖²/n).
 * With centring, features and labels are centred by their training means and the intercept is ȳ − μᵀŵ.
 *
 * <p>Features arrive one sample per column (p × b), the layout of {@link deeprf.model.FeatureMap}.
 */
final class StreamingRidge implements AutoCloseable {

    /**
     * Per-λ outcome of the solve; {@code coefficients} is p × λ-count, owned by the solution. {@code failure[j]}: why
     * λ'_j has no solution (null where it has one); {@code notes[j]}: what a reader of a solved row should know (null
     * where nothing), e.g. a ridgeless fit on fewer directions than the samples and features allow.
     */
    record Solution(double[] lambdas, double[] eigenvalues, Matrix coefficients, double[] offsets, double[] trainError,
                    String[] failure, String[] notes) implements AutoCloseable {
        @Override public void close() { coefficients.close(); }
    }

    private final Backend be;
    private final int p;
    private final Matrix gram, phiY;
    private final double[] sums, blockSums;
    private double ySum, yySum, squares;      // squares: the Gram's trace, Σ‖φ‖², to name an overflow of the features
    private long n;
    private Matrix yCol;

    StreamingRidge(Backend be, int p) {
        this.be = be;
        this.p = p;
        this.gram = be.allocate(p, p);
        this.phiY = be.allocate(p, 1);
        this.sums = new double[p];
        this.blockSums = new double[p];
    }

    long samples() { return n; }

    /** Adds a block: phi is p × b, y has b labels. */
    void add(Matrix phi, double[] y) {
        int b = Math.toIntExact(phi.cols());
        if (y.length != b) throw new IllegalArgumentException("StreamingRidge.add: " + y.length + " labels for " + b + " samples");
        be.syrk(Uplo.LOWER, Trans.N, 1, phi, 1, gram);
        if (yCol == null || yCol.rows() != b) {
            if (yCol != null) yCol.close();
            yCol = be.allocate(b, 1);
        }
        be.upload(y, yCol);
        be.gemm(Trans.N, Trans.N, 1, phi, yCol, 1, phiY);
        be.rowSums(phi, blockSums);
        for (int i = 0; i < p; i++) sums[i] += blockSums[i];
        double[] norms = new double[b];
        be.columnSquaredNorms(phi, norms);
        for (double v : norms) squares += v;
        for (double v : y) {
            ySum += v;
            yySum += v * v;
        }
        n += b;
    }

    /** Solves for every λ' from one eigendecomposition; the accumulated Gram matrix is scaled (and centred) in place, so solve once. */
    Solution solve(double[] lambdas, boolean centre) {
        if (n == 0) throw new IllegalStateException("StreamingRidge.solve: no samples were added");
        int m = lambdas.length;
        be.scale(1.0 / n, gram);
        double[] mean = new double[p];
        double yMean = ySum / n;
        double[] b = be.download(phiY);
        for (int i = 0; i < p; i++) b[i] /= n;
        double yy = yySum / n;
        Matrix meanCol = null;
        EigenBasis basis = null;
        try {
            if (centre) {
                for (int i = 0; i < p; i++) mean[i] = sums[i] / n;
                meanCol = be.upload(mean, p, 1);
                be.syrk(Uplo.LOWER, Trans.N, -1, meanCol, 1, gram);
                for (int i = 0; i < p; i++) b[i] -= mean[i] * yMean;
                yy -= yMean * yMean;
            }
            for (int i = 0; i < p; i++)
                if (!Double.isFinite(b[i]) || !Double.isFinite(sums[i]))
                    throw new NumericalException("features are not finite (feature " + i + " has sum " + sums[i] + ")");
            if (!Double.isFinite(squares))   // finite features whose squares overflow: the Gram has an infinite entry
                throw new NumericalException("the features overflow double precision: the sum of their squares over the training samples is "
                        + squares + " (a smaller weight_scale, bias or depth keeps them finite)");
            if (!Double.isFinite(yy)) throw new NumericalException("labels are not finite");
            double[] w = new double[p];
            // U is only ever applied (to b, then to one column per λ'), so it is kept factored, never formed.
            basis = be.syevdBasis(gram, w);
            double[] c;
            try (Matrix bm = be.upload(b, p, 1); Matrix cm = be.allocate(p, 1)) {
                basis.multiply(Trans.T, bm, cm);
                c = be.download(cm);
            }
            double wMax = Math.max(Math.abs(w[p - 1]), Math.abs(w[0]));
            double floor = p * 0x1p-52 * Math.max(wMax, Double.MIN_NORMAL);
            double[] coef = new double[p * m];
            double[] train = new double[m];
            String[] failure = new String[m], notes = new String[m];
            for (int j = 0; j < m; j++) {
                double lam = lambdas[j];
                if (lam == 0 && wMax >= Double.MIN_NORMAL) {
                    // ridgeless: the limit λ' → 0+, the minimum-norm least-squares fit (numpy.linalg.lstsq with
                    // rcond = p·ε): eigenvalues at the Gram's rounding are its null space, whose coefficients are 0
                    int rank = 0;
                    double s = 0;
                    for (int i = 0; i < p; i++) {
                        if (!(w[i] > floor)) continue;
                        rank++;
                        coef[i + j * p] = c[i] / w[i];
                        s += c[i] * c[i] / w[i];
                    }
                    train[j] = Math.max(0, yy - s);
                    long expected = Math.min(p, centre ? n - 1 : n);
                    if (rank < expected) notes[j] = rankNote(rank, expected, p, n, centre);
                    continue;
                }
                if (w[0] + lam <= floor) {
                    failure[j] = singular(w[0], wMax, lam, floor, p);
                    train[j] = Double.NaN;
                    continue;
                }
                double s = 0;
                for (int i = 0; i < p; i++) {
                    double den = w[i] + lam;
                    coef[i + j * p] = c[i] / den;
                    s += c[i] * c[i] * (w[i] + 2 * lam) / (den * den);
                }
                // ‖y − Φw‖²/n ≥ 0, here the difference of two terms of size yy: where the fit interpolates (n ≤ p,
                // λ' = 0) it is 0 up to their rounding (±1e-11 seen), which must not come out as a negative error
                train[j] = Math.max(0, yy - s);
            }
            Matrix coefficients = be.allocate(p, m);
            try (Matrix cmat = be.upload(coef, p, m)) {
                basis.multiply(Trans.N, cmat, coefficients);
            }
            double[] offsets = new double[m];
            if (centre) {
                try (Matrix o = be.allocate(1, m)) {
                    be.gemm(Trans.T, Trans.N, 1, meanCol, coefficients, 0, o);
                    double[] mw = be.download(o);
                    for (int j = 0; j < m; j++) offsets[j] = yMean - mw[j];
                }
            }
            return new Solution(lambdas.clone(), w, coefficients, offsets, train, failure, notes);
        } finally {
            if (meanCol != null) meanCol.close();
            if (basis != null) basis.close();
        }
    }

    /**
     * Why λ' &gt; 0 has no reliable solution: the smallest eigenvalue of G + λ' lies within the eigensolver's resolution
     * of zero ({@code floor} = p·ε·largest), so the condition number of G + λ' is beyond what doubles resolve — where
     * λ' is below that rounding on a rank-deficient G (n &lt; p), or where G's scale dwarfs λ' (huge biases or weights:
     * the smallest eigenvalue is rounding, possibly negative, even though λ' exceeds it); and, at any λ', why a Gram
     * matrix of zeros (a dead layer) has nothing to fit.
     */
    static String singular(double smallest, double largest, double lambda, double floor, int p) {
        if (!(Math.abs(largest) >= Double.MIN_NORMAL))   // no λ' to suggest: there is nothing to fit with
            return "singular: every feature is zero on this draw's training data (the Gram matrix is 0: a dead layer, e.g. relu"
                    + " with biases far below its inputs), so a ridgeless fit has no solution; use λ' > 0 (the fit is then 0),"
                    + " or change the layer's bias or activation";
        return "singular: the Gram matrix's smallest eigenvalue " + g(smallest) + " plus λ' " + g(lambda) + " is " + g(smallest + lambda)
                + ", within the eigenvalues' rounding error " + g(floor) + " (p·ε times the largest eigenvalue " + g(largest) + ", p = " + p
                + "): Gram + λ' is singular to double precision (a condition number beyond what doubles resolve), so the ridge fit has no"
                + " reliable solution; use λ' > " + String.format(java.util.Locale.ROOT, "%.2g", ceil2(floor - smallest)) + " for this draw, λ' = 0 for the"
                + " minimum-norm fit (the ridgeless limit, computed without Gram + λ'), or features of a smaller scale (a smaller bias std or weight_scale)";
    }

    /** A ridgeless fit whose Gram has fewer directions above its rounding than min(n, p) (less one when centred). */
    static String rankNote(int rank, long expected, int p, long n, boolean centre) {
        return "ridgeless: minimum-norm fit on the Gram matrix's " + rank + " directions above its rounding, where n = " + n + " samples and p = "
                + p + " features allow " + expected + (centre ? " (one fewer, centred)" : "")
                + " (the features are linearly dependent, or nearly so, on this draw: the other directions are fitted as 0)";
    }

    private static String g(double v) { return v == 0 ? "0" : String.format(java.util.Locale.ROOT, "%.3g", v); }

    /** v rounded up to two significant digits, so that the suggested λ' clears the threshold when printed. */
    private static double ceil2(double v) {
        if (!(v > 0)) return 0;
        double unit = Math.pow(10, Math.floor(Math.log10(v)) - 1);
        return Math.ceil(v / unit) * unit;
    }

    /**
     * Adds the squared test residuals of a block for every λ: sumSq[j] += Σ_s (φ_sᵀŵ_j + o_j − y_s)².
     * One GEMM (b × p times p × λ-count), then O(b·λ-count) on the host.
     */
    static void accumulateTest(Backend be, Solution sol, Matrix phi, double[] y, double[] sumSq) {
        int b = Math.toIntExact(phi.cols()), m = sol.lambdas().length;
        try (Matrix pred = be.allocate(b, m)) {
            be.gemm(Trans.T, Trans.N, 1, phi, sol.coefficients(), 0, pred);
            double[] pr = be.download(pred);
            for (int j = 0; j < m; j++) {
                double o = sol.offsets()[j], s = 0;
                int off = j * b;
                for (int i = 0; i < b; i++) {
                    double r = pr[off + i] + o - y[i];
                    s += r * r;
                }
                sumSq[j] += s;
            }
        }
    }

    @Override
    public void close() {
        gram.close();
        phiY.close();
        if (yCol != null) yCol.close();
    }
}
