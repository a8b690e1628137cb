package deeprf.online;

import deeprf.backend.Activation;
import deeprf.backend.Backend;
import deeprf.backend.EigenBasis;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.NeuronActivations;
import deeprf.backend.NumericalException;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;
import deeprf.theory.GaussianEquivalence;
import deeprf.theory.MehlerKernel;

/**
 * The second moments that make the generalisation error of a readout v exact for Gaussian inputs:
 * ε_g(v) = ½(E y² − 2 vᵀb + vᵀ C v), with C_ij = E g(u_i)g(u_j), b_i = E g(u_i)·y, u = Wx/√N (THEORY.md §10.2).
 * From the overlaps Q = WWᵀ/N, R = WBᵀ/N, T = BBᵀ/N through the two-point kernel: in closed form where one exists,
 * otherwise by Mehler's expansion with one quadrature per unit ({@link MehlerKernel}); or, where the caller asks for
 * {@code mcSamples} &gt; 0 for such an activation, estimated by Monte Carlo over that many fresh inputs, whose ε∞ reads
 * low by about K/mcSamples ({@link #exact()} says which).
 *
 * @param c     K×K column-major
 * @param b     K
 * @param ey2   E y² of the clean teacher output
 * @param exact true when computed by the closed-form kernel
 * @param mean  K: the student features' means m_i = E g(u_i) (zero for odd g); C = Cov + m mᵀ is uncentred, and the
 *              finite-η theory needs m apart because the fourth moments of features with a mean are not those of a
 *              centred Gaussian with second moment C ({@link OnlineTheory#finiteEta})
 */
public record StudentTeacherMoments(int k, double[] c, double[] b, double ey2, boolean exact, double[] mean) {

    public StudentTeacherMoments {
        if (mean == null) mean = new double[k];
        if (mean.length != k) throw new IllegalArgumentException("online moments: " + k + " units but " + mean.length + " feature means");
    }

    /** Moments of centred features (m = 0). */
    public StudentTeacherMoments(int k, double[] c, double[] b, double ey2, boolean exact) {
        this(k, c, b, ey2, exact, null);
    }

    /**
     * Teacher readout is all ones (soft committee machine), as in THEORY.md §10.2. {@code mcSamples = 0}: exact
     * moments; &gt; K: Monte Carlo estimates for an activation without a closed-form kernel (ignored for the others;
     * 1 to K is refused: so few samples fit any target with K features).
     */
    public static StudentTeacherMoments compute(Backend be, Matrix w, Matrix bT, Activation g, GaussianStream mcStream, long mcSamples) {
        int k = (int) w.rows(), n = (int) w.cols(), m = (int) bT.rows();
        // a negative count is a caller's mistake whatever the activation
        if (mcSamples < 0) throw new IllegalArgumentException("online: mc_samples must be >= 0 (0: exact moments), got " + mcSamples);
        if (hasClosedFormKernel(g) || mcSamples == 0) return exact(be, w, bT, g, k, n, m);
        // as the spec parser: S ≤ K samples fit any target with K features, and ε∞ would read 0
        if (mcSamples <= k)
            throw new IllegalArgumentException("online: mc_samples = " + mcSamples + " is not allowed at K = " + k
                    + "; allowed: more than K (Monte Carlo moments read ε∞ low by about K/mc_samples), or 0 for the exact moments");
        return monteCarlo(be, w, bT, g, k, n, m, mcStream, mcSamples);
    }

    private static final int STUDENT = 0, TEACHER = 1;

    /**
     * Two-point moments of the units of the student (group 0) and the teacher (group 1), whose preactivation variances
     * are the overlaps' diagonals: a unit's E g(u)², a pair's E g(u)g(v) at covariance cov, a student unit's E g(u).
     */
    private interface TwoPoint {
        double second(int group, int i);

        double pair(int gi, int i, int gj, int j, double cov);

        double mean(int i);
    }

    /** Exact moments from the overlaps Q, R, T: the closed-form kernel where one exists, else Mehler's expansion. */
    private static StudentTeacherMoments exact(Backend be, Matrix w, Matrix bT, Activation g, int k, int n, int m) {
        double[] q = gram(be, w, w, n), r = gram(be, w, bT, n), t = gram(be, bT, bT, n);
        double[][] variances = {new double[k], new double[m]};
        for (int i = 0; i < k; i++) variances[STUDENT][i] = q[i + i * k];
        for (int a = 0; a < m; a++) variances[TEACHER][a] = t[a + a * m];
        TwoPoint tp = hasClosedFormKernel(g) ? closedForm(g, variances) : mehler(g, variances);
        double[] c = new double[k * k];
        for (int j = 0; j < k; j++)
            for (int i = 0; i < k; i++) c[i + j * k] = i == j ? tp.second(STUDENT, i) : tp.pair(STUDENT, i, STUDENT, j, q[i + j * k]);
        double[] b = new double[k];
        for (int i = 0; i < k; i++) {
            double s = 0;
            for (int a = 0; a < m; a++) s += tp.pair(STUDENT, i, TEACHER, a, r[i + a * k]);
            b[i] = s;
        }
        double ey2 = 0;
        for (int a = 0; a < m; a++)
            for (int bb = 0; bb < m; bb++) ey2 += a == bb ? tp.second(TEACHER, a) : tp.pair(TEACHER, a, TEACHER, bb, t[a + bb * m]);
        double[] mean = new double[k];
        // an odd g has mean 0 exactly (a quadrature's would be rounding, which the finite-η recursion takes for a mean)
        for (int i = 0; i < k; i++) mean[i] = odd(g) ? 0 : tp.mean(i);
        return new StudentTeacherMoments(k, c, b, ey2, true, mean);
    }

    private static TwoPoint closedForm(Activation g, double[][] v) {
        return new TwoPoint() {
            @Override public double second(int group, int i) {
                double x = v[group][i];
                return GaussianEquivalence.kernel(g, g, x, x, x);
            }

            @Override public double pair(int gi, int i, int gj, int j, double cov) { return GaussianEquivalence.kernel(g, g, v[gi][i], v[gj][j], cov); }

            @Override public double mean(int i) { return GaussianEquivalence.moments(g, v[STUDENT][i], 0).mean(); }
        };
    }

    private static TwoPoint mehler(Activation g, double[][] v) {
        MehlerKernel[] kernels = {new MehlerKernel(g, v[STUDENT]), new MehlerKernel(g, v[TEACHER])};
        return new TwoPoint() {
            @Override public double second(int group, int i) { return kernels[group].secondMoment(i); }

            @Override public double pair(int gi, int i, int gj, int j, double cov) { return kernels[gi].at(i, kernels[gj], j, cov); }

            @Override public double mean(int i) { return kernels[STUDENT].mean(i); }
        };
    }

    /** Whether g(−x) = −g(x) for every x, so that g(u) of a centred Gaussian u has mean 0. */
    static boolean odd(Activation g) {
        return switch (g.kind()) {
            case LINEAR, TANH, ERF, SIGN, CLIPPED_LINEAR -> true;
            case RELU, ABS, SIGMOID -> false;
        };
    }

    /**
     * Activations whose two-point kernel has a closed form (THEORY.md §2.4); the others would need a 2-D quadrature per
     * pair of units (K² of them), so their moments are estimated by Monte Carlo instead.
     */
    public static boolean hasClosedFormKernel(Activation g) {
        return switch (g.kind()) {
            case ERF, RELU, SIGN, LINEAR -> true;
            default -> false;
        };
    }

    /**
     * ε∞ = ½(E y² − bᵀC⁺b): the error of the best readout, by one Cholesky solve on the backend. C is only positive
     * semi-definite: a linear student with K &gt; N has rank N, and very wide students are singular to rounding. Where
     * Cholesky fails, bᵀC⁺b comes from C's eigendecomposition over the eigenvalues above K·ε·λ_max; b lies in C's range
     * (it is the covariance of the features with the target), so that is still the best readout's error.
     */
    public double bestReadoutError(Backend be) {
        try (Matrix cm = be.upload(c, k, k); Matrix rhs = be.upload(b, k, 1)) {
            be.posv(cm, rhs);
            double[] x = be.download(rhs);
            double bx = 0;
            for (int i = 0; i < k; i++) bx += b[i] * x[i];
            return Math.max(0, 0.5 * (ey2 - bx));             // an error; at 0 (an exact student) rounding can dip below
        } catch (NumericalException notDefinite) {
            return Math.max(0, 0.5 * (ey2 - pseudoInverseForm(be)));
        }
    }

    /** bᵀC⁺b with C⁺ cut at eigenvalues ≤ K·ε·λ_max. */
    private double pseudoInverseForm(Backend be) {
        double[] w = new double[k];
        try (Matrix cm = be.upload(c, k, k); Matrix rhs = be.upload(b, k, 1); Matrix proj = be.allocate(k, 1);
             EigenBasis u = be.syevdBasis(cm, w)) {
            u.multiply(Trans.T, rhs, proj);
            double[] ub = be.download(proj);
            double cut = k * Math.ulp(1.0) * Math.max(w[k - 1], 0), sum = 0;
            for (int i = 0; i < k; i++) if (w[i] > cut) sum += ub[i] * ub[i] / w[i];
            return sum;
        }
    }

    /** X·Yᵀ/N for row-wise weight matrices (rows = units). */
    private static double[] gram(Backend be, Matrix x, Matrix y, int n) {
        try (Matrix out = be.allocate(x.rows(), y.rows())) {
            be.gemm(Trans.N, Trans.T, 1.0 / n, x, y, 0, out);
            return be.download(out);
        }
    }

    private static StudentTeacherMoments monteCarlo(Backend be, Matrix w, Matrix bT, Activation g, int k, int n, int m,
                                                    GaussianStream stream, long samples) {
        if (samples < 1) throw new IllegalArgumentException("online: mc_samples must be >= 1 for activation " + g.label());
        int block = (int) Math.min(samples, 2048);
        NeuronActivations plan = NeuronActivations.uniform(g);
        double invSqrtN = 1 / Math.sqrt(n);
        try (Matrix cAcc = be.allocate(k, k); Matrix bAcc = be.allocate(k, 1); Matrix ones = be.allocate(m, 1);
             Matrix mAcc = be.allocate(k, 1)) {
            be.fill(ones, 1);
            double ey2 = 0;
            for (long done = 0; done < samples; done += block) {
                int bs = (int) Math.min(block, samples - done);
                try (Matrix x = be.allocate(n, bs); Matrix gs = be.allocate(k, bs); Matrix gt = be.allocate(m, bs);
                     Matrix y = be.allocate(bs, 1)) {
                    be.fillGaussian(x, stream, done * n, 1.0);
                    be.gemm(Trans.N, Trans.N, invSqrtN, w, x, 0, gs);
                    be.gemm(Trans.N, Trans.N, invSqrtN, bT, x, 0, gt);
                    be.activate(gs, plan);
                    be.activate(gt, plan);
                    be.gemm(Trans.T, Trans.N, 1, gt, ones, 0, y);        // y_s = Σ_n g(t_n)
                    be.syrk(Uplo.LOWER, Trans.N, 1, gs, 1, cAcc);
                    be.gemm(Trans.N, Trans.N, 1, gs, y, 1, bAcc);
                    try (Matrix sampleOnes = be.allocate(bs, 1)) {
                        be.fill(sampleOnes, 1);
                        be.gemm(Trans.N, Trans.N, 1, gs, sampleOnes, 1, mAcc);   // Σ_s g(u_i)
                    }
                    for (double v : be.download(y)) ey2 += v * v;
                }
            }
            be.symmetrize(Uplo.LOWER, cAcc);
            double[] c = be.download(cAcc), b = be.download(bAcc);
            for (int i = 0; i < c.length; i++) c[i] /= samples;
            for (int i = 0; i < k; i++) b[i] /= samples;
            double[] mean = be.download(mAcc);
            // an odd g (tanh, clipped) has mean 0 exactly: the sample mean would be Monte Carlo noise, which the finite-η
            // recursion would take for a mean and so move the results of centred features
            for (int i = 0; i < k; i++) mean[i] = odd(g) ? 0 : mean[i] / samples;
            return new StudentTeacherMoments(k, c, b, ey2 / samples, false, mean);
        }
    }

    /** ε_g(v) = ½(E y² − 2 vᵀb + vᵀCv) for one readout v. */
    public double error(double[] v) {
        double vb = 0, vcv = 0;
        for (int j = 0; j < k; j++) {
            vb += v[j] * b[j];
            double s = 0;
            for (int i = 0; i < k; i++) s += c[i + j * k] * v[i];
            vcv += v[j] * s;
        }
        return 0.5 * (ey2 - 2 * vb + vcv);
    }
}
