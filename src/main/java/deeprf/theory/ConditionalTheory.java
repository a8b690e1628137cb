package deeprf.theory;

import deeprf.backend.Activation;
import deeprf.backend.Backend;
import deeprf.backend.EigenBasis;
import deeprf.backend.Matrix;
import deeprf.backend.NeuronActivations;
import deeprf.backend.Trans;

import java.util.ArrayList;
import java.util.List;

/**
 * Theory conditional on one draw of the weights (THEORY.md §3.4, §4.1–§4.3, §8.3): the linearised population
 * covariances of a deep random-feature learner and its teacher, propagated layer by layer through the sampled
 * weight matrices on a {@link Backend} (gemm; one syevd for the ridge errors), then the κ-form of §3.1.
 *
 * <p>Model: h_0 = x ~ N(0, Σ₀) with Σ₀ = diag(dataCovariance); h_ℓ,i = f_ℓ,i((W_ℓ h_{ℓ−1})_i + b_ℓ,i) with W_ℓ the
 * actual k_ℓ × k_{ℓ−1} matrix (no further 1/√fan-in factor) and the per-neuron activation and bias of a
 * {@link NeuronActivations}. Features φ = h_L (p = k_L); ridge readout in the canonical convention, on covariances
 * when it centres features and labels (an intercept) and on second moments (feature and label means included) when
 * it does not ({@code centred} of {@link #of(String, Backend, double[], List, Target, Route, boolean)}).
 *
 * <p>Linearisation (Gaussian equivalence), per neuron: the preactivation of neuron i has mean m_i = (W μ_{ℓ−1})_i + b_i
 * and variance q_i = (W Ω_{ℓ−1} Wᵀ)_ii; with its coefficients (μ0_i, μ1_i, μ*_i) at (q_i, m_i)
 * <pre>
 *   Ω_ℓ = D_μ1 W Ω_{ℓ−1} Wᵀ D_μ1 + D_μ*²,   μ_ℓ = μ0        (paper 2 eq. 25 with per-neuron κ's; §4.3 route (c))
 *   Ψ_ℓ likewise for the teacher;  Φ_ℓ = D_μ1 W Φ_{ℓ−1} Vᵀ D_μ1* + D_κ̌   (learner × teacher cross-covariance)
 * </pre>
 * where κ̌_i = E[f_i(u_i) g_i(v_i)] − μ0_i μ0*_i − μ1_i μ1*_i ρ_ii is the nonlinear cross term of matched neurons
 * whose rows are correlated (teacher-correlated weights); it is computed when the layer widths agree and the
 * preactivation correlation exceeds 0.1 (below that it is O(ρ²) per entry, below the O(1/√k) accuracy of the
 * linearisation). The per-neuron route handles biases, mixtures of nonlinearities and non-centred activations
 * (a non-zero mean becomes a fixed offset per neuron at the next layer). {@link Route#SCALAR} reproduces papers 2
 * and 2' exactly (one r_ℓ = mean_i q_i and one (κ1, κ*) per layer) and refuses layers it does not cover.
 */
public final class ConditionalTheory implements AutoCloseable {

    /** How coefficients are taken per layer. */
    public enum Route {
        /** Per-neuron coefficients at each neuron's own preactivation mean and variance (general). */
        PER_NEURON,
        /** One (κ1, κ*) per layer at r = mean_i q_i (papers 2, 2'): plain layers with centred activations only. */
        SCALAR
    }

    /** A sampled layer: W (k × k_prev, as applied) and its per-neuron activations. */
    public record Layer(Matrix weights, NeuronActivations activations) {
        public Layer {
            if (weights == null || activations == null) throw new IllegalArgumentException("layer needs weights and activations");
        }
    }

    /** What the labels are. Norms refer to E y² of the clean target; noise is added label noise. */
    public sealed interface Target {
        double noiseVariance();
    }

    /**
     * y = βᵀx + ε. With {@code beta == null}, β is averaged over an isotropic prior E ββᵀ = (norm2/d) I
     * (self-averaging, §3.4), otherwise β is the given vector (length d).
     */
    public record LinearTarget(double[] beta, double norm2, double noiseVariance) implements Target {
        public LinearTarget {
            checkTarget("LinearTarget", "beta", beta, norm2, noiseVariance);
        }
    }

    /** Names the field (a NaN in β was reported as a bad label second moment σ_y²). */
    private static void checkTarget(String what, String vector, double[] v, double norm2, double noiseVariance) {
        if (v != null)
            for (int i = 0; i < v.length; i++)
                if (!Double.isFinite(v[i])) throw new IllegalArgumentException(what + ": " + vector + "[" + i + "] must be finite, got " + v[i]);
        if (!(norm2 >= 0) || Double.isInfinite(norm2)) throw new IllegalArgumentException(what + ": norm2 must be finite and >= 0, got " + norm2);
        if (!(noiseVariance >= 0) || Double.isInfinite(noiseVariance))
            throw new IllegalArgumentException(what + ": noiseVariance must be finite and >= 0, got " + noiseVariance);
    }

    /**
     * Single-index target y = g(βᵀx) + ε. Gaussian equivalence at q = βᵀΣ₀β splits it into μ1·βᵀx (learnable
     * linear part) and an independent nonlinear remainder of variance μ*² that acts as noise for the ridge but
     * belongs to the clean target. {@code beta == null}: isotropic average with E ββᵀ = (norm2/d) I.
     */
    public record SingleIndexTarget(Activation function, double[] beta, double norm2, double noiseVariance) implements Target {
        public SingleIndexTarget {
            java.util.Objects.requireNonNull(function, "SingleIndexTarget: function must not be null");
            checkTarget("SingleIndexTarget", "beta", beta, norm2, noiseVariance);
        }
    }

    /**
     * y = θᵀ g(x) + ε with g a teacher network (its own sampled layers). With {@code readout == null}, θ is averaged
     * over E θθᵀ = (norm2/k*) I; otherwise θ is the given vector (length k*).
     */
    public record NetworkTarget(List<Layer> layers, double[] readout, double norm2, double noiseVariance) implements Target {
        public NetworkTarget {
            layers = List.copyOf(layers);
            if (layers.isEmpty()) throw new IllegalArgumentException("teacher network needs at least one layer (use LinearTarget otherwise)");
            checkTarget("NetworkTarget", "readout", readout, norm2, noiseVariance);
        }
    }

    /**
     * Per-layer summary: r = mean preactivation variance, the neuron-averaged coefficients κ1 = mean μ1_i,
     * κ* = √(mean μ*_i²), μ0 = mean μ0_i, and the per-neuron arrays.
     */
    public record LayerSummary(String network, int layer, int width, double r, double kappa1, double kappaStar, double meanMu0,
                               double[] q, double[] mean, double[] mu0, double[] mu1, double[] muStar) {}

    private final String model;
    private final Backend be;
    private final Matrix omega;
    private final List<LayerSummary> learner, teacher;
    private final double[] psiProj2;
    private final double[] eigenvalues;
    private final double sigmaY2, noise;
    private final RidgeTheory ridge;

    private ConditionalTheory(String model, Backend be, Matrix omega, List<LayerSummary> learner, List<LayerSummary> teacher,
                              double[] eigenvalues, double[] psiProj2, double sigmaY2, double noise) {
        this.model = model;
        this.be = be;
        this.omega = omega;
        this.learner = learner;
        this.teacher = teacher;
        this.eigenvalues = eigenvalues;
        this.psiProj2 = psiProj2;
        this.sigmaY2 = sigmaY2;
        this.noise = noise;
        this.ridge = RidgeTheory.ofCrossCovariance(model, eigenvalues, psiProj2, sigmaY2, noise);
    }

    /** Ω_L (p × p) on the backend, owned by this object. */
    public Matrix omega() { return omega; }

    /** Eigenvalues of Ω_L, ascending. */
    public double[] eigenvalues() { return eigenvalues.clone(); }

    /** (u_iᵀψ)², in the order of {@link #eigenvalues()} (averaged over the target direction where asked). */
    public double[] psiProjections() { return psiProj2.clone(); }

    public double labelSecondMoment() { return sigmaY2; }

    public List<LayerSummary> learnerLayers() { return learner; }

    public List<LayerSummary> teacherLayers() { return teacher; }

    /** The deterministic equivalent for any (n, λ'), O(p) per point. */
    public RidgeTheory ridge() { return ridge; }

    /**
     * Propagates, then runs one eigendecomposition of Ω_L; for a readout on centred features and labels (an intercept).
     * A spec's default is {@code centre = false}: to match {@code run}'s theory columns pass its centre to the overload
     * below (a relu learner on a relu target, d = 80, n = 120, λ' = 1e-2: 0.6319 here against run's 0.6429).
     */
    public static ConditionalTheory of(String model, Backend be, double[] dataCovariance, List<Layer> learnerLayers, Target target, Route route) {
        return of(model, be, dataCovariance, learnerLayers, target, route, true);
    }

    /**
     * Propagates, then runs one eigendecomposition of Ω_L. {@code centred} says whether the readout centres features
     * and labels (fits an intercept). Without centring the ridge sees second moments, not covariances: the features'
     * mean μ_L and the label mean ȳ enter as Ω = Cov φ + μ_L μ_Lᵀ, ψ = Cov(φ, y) + μ_L ȳ and σ_y² = Var y + ȳ² (the
     * same κ-form, §3.1, on the uncentred moments). ȳ is μ0 of a single-index target's g, θᵀμ* of a teacher network
     * with output means μ*, and 0 for a linear target. Without this a centred (odd) learner on a target with a mean,
     * e.g. tanh features and relu(βᵀx) labels, got theory 0.335 against a simulated 0.662 ± 0.019 (d = 500, λ' = 0.01):
     * the label mean is unexplained and also inflates the variance term.
     * Derivation, assumptions and checks of the uncentred case: docs/DERIVATIONS.md §1.
     */
    public static ConditionalTheory of(String model, Backend be, double[] dataCovariance, List<Layer> learnerLayers, Target target, Route route,
                                       boolean centred) {
        if (learnerLayers.isEmpty()) throw new IllegalArgumentException(model + ": the learner needs at least one layer");
        int d = dataCovariance.length;
        for (int j = 0; j < d; j++)
            if (!(dataCovariance[j] >= 0) || !Double.isFinite(dataCovariance[j]))
                throw new IllegalArgumentException(model + ": data covariance eigenvalue " + j + " must be finite and >= 0, got " + dataCovariance[j]);
        if (!(target.noiseVariance() >= 0) || !Double.isFinite(target.noiseVariance()))
            throw new IllegalArgumentException(model + ": label-noise variance must be finite and >= 0, got " + target.noiseVariance());
        List<Layer> tLayers = target instanceof NetworkTarget nt ? nt.layers() : List.of();
        checkShapes(model, "learner", d, learnerLayers);
        checkShapes(model, "teacher", d, tLayers);

        List<Matrix> owned = new ArrayList<>();
        try {
            // the data covariance is diagonal: products with it are column scalings on the host, not gemms
            State l = new State(null, dataCovariance, new double[d]);
            State t = new State(null, dataCovariance, new double[d]);
            Matrix cross = null;                   // Cov(h_ℓ, g_m); null: still Cov(x, x) = Σ₀ (diagonal)
            List<LayerSummary> ls = new ArrayList<>(), ts = new ArrayList<>();
            int depth = Math.max(learnerLayers.size(), tLayers.size());
            for (int step = 0; step < depth; step++) {
                boolean adv = step < learnerLayers.size(), tadv = step < tLayers.size();
                Prepared pl = adv ? prepare(model, "learner", be, step, learnerLayers.get(step), l, route) : null;
                Prepared pt = tadv ? prepare(model, "teacher", be, step, tLayers.get(step), t, route) : null;
                Matrix newCross;
                if (adv && tadv) newCross = crossBoth(be, pl, pt, cross, dataCovariance, route);
                else if (adv) newCross = cross == null ? scaleColumns(be, pl.scaledW, dataCovariance) : mul(be, pl.scaledW, Trans.N, cross, Trans.N);
                else newCross = mul(be, cross, Trans.N, pt.scaledW, Trans.T);   // cross != null: the learner advanced at step 0
                owned.add(newCross);
                cross = newCross;
                if (adv) {
                    Matrix next = pl.nextCovariance(be);
                    owned.add(next);
                    l = new State(next, null, pl.summary.mu0());
                    ls.add(pl.summary);
                    pl.close();
                }
                if (tadv) {
                    Matrix next = pt.nextCovariance(be);
                    owned.add(next);
                    t = new State(next, null, pt.summary.mu0());
                    ts.add(pt.summary);
                    pt.close();
                }
            }
            // labels
            int p = Math.toIntExact(l.cov.rows()), kt = t.cov == null ? d : Math.toIntExact(t.cov.rows());
            double[] meanL = l.mean;                 // the learner's output means μ_L (the readout sees them when not centred)
            if (!centred) {
                // second moments: Ω ← Ω + μ_L μ_Lᵀ; a teacher network's Ψ ← Ψ + μ* μ*ᵀ and Φ ← Φ + μ_L μ*ᵀ (the data,
                // and so a linear target, have mean 0)
                addOuter(be, l.cov, meanL, meanL);
                if (t.cov != null) {
                    addOuter(be, t.cov, t.mean, t.mean);
                    addOuter(be, cross, meanL, t.mean);
                }
            }
            double[] readout;
            double norm2, extra = 0;    // extra: nonlinear part of a single-index target (clean, unlearnable by GE)
            double labelMean = 0;       // ȳ of a single-index target, which the uncentred readout must fit through μ_L
            if (target instanceof LinearTarget lt) {
                readout = lt.beta();
                norm2 = lt.norm2();
            } else if (target instanceof SingleIndexTarget si) {
                double q = 0;
                if (si.beta() != null) {
                    if (si.beta().length != d) throw new IllegalArgumentException(model + ": single-index beta has " + si.beta().length + " entries, not d=" + d);
                    for (int j = 0; j < d; j++) q += si.beta()[j] * si.beta()[j] * dataCovariance[j];
                } else {
                    for (double v : dataCovariance) q += si.norm2() * v / d;
                }
                if (!(q > 0)) throw new IllegalArgumentException(model + ": single-index target has zero signal variance beta^T Sigma0 beta = " + q);
                Coefficients c = GaussianEquivalence.of(si.function(), q);
                extra = c.muStar2();
                if (!centred) labelMean = c.mu0();
                if (si.beta() != null) {
                    readout = si.beta().clone();
                    for (int j = 0; j < d; j++) readout[j] *= c.mu1();
                    norm2 = 0;
                } else {
                    readout = null;
                    norm2 = si.norm2() * c.mu1() * c.mu1();
                }
            } else {
                NetworkTarget nt = (NetworkTarget) target;
                readout = nt.readout();
                norm2 = nt.norm2();
            }
            double[] tc = t.cov == null ? null : be.download(t.cov);   // null: the diagonal Σ₀ of a linear target
            double sigmaY2;
            double[] proj2 = new double[p];
            Matrix omega = be.allocate(p, p);
            be.copy(l.cov, omega);
            double[] ev = new double[p];
            // U is only applied (to one target vector, or to the p×k_t cross-covariance), so it is kept factored.
            try (EigenBasis u = be.syevdBasis(l.cov, ev)) {
                if (readout != null) {
                    if (readout.length != kt)
                        throw new IllegalArgumentException(model + ": target readout has " + readout.length + " entries but the target's features have " + kt);
                    double quad = 0;
                    if (tc == null) for (int i = 0; i < kt; i++) quad += readout[i] * t.diag[i] * readout[i];
                    else for (int i = 0; i < kt; i++) for (int j = 0; j < kt; j++) quad += readout[i] * tc[i + j * kt] * readout[j];
                    sigmaY2 = quad + extra + labelMean * labelMean + target.noiseVariance();
                    double[] shifted = new double[p];          // ψ's ȳ μ_L part (zero unless a single-index target is uncentred)
                    for (int i = 0; i < p; i++) shifted[i] = labelMean * meanL[i];
                    try (Matrix th = be.upload(readout, kt, 1); Matrix psi = be.upload(shifted, p, 1); Matrix pr = be.allocate(p, 1)) {
                        be.gemm(Trans.N, Trans.N, 1, cross, th, 1, psi);
                        u.multiply(Trans.T, psi, pr);
                        double[] v = be.download(pr);
                        for (int i = 0; i < p; i++) proj2[i] = v[i] * v[i];
                    }
                } else {
                    if (!(norm2 >= 0) || !Double.isFinite(norm2))
                        throw new IllegalArgumentException(model + ": target norm2 must be finite and >= 0, got " + norm2);
                    double tr = 0;
                    for (int i = 0; i < kt; i++) tr += tc == null ? t.diag[i] : tc[i + i * kt];
                    sigmaY2 = norm2 * tr / kt + extra + labelMean * labelMean + target.noiseVariance();
                    try (Matrix ux = be.allocate(p, kt)) {
                        u.multiply(Trans.T, cross, ux);
                        double[] v = be.download(ux);
                        for (int j = 0; j < kt; j++)
                            for (int i = 0; i < p; i++) proj2[i] += v[i + j * p] * v[i + j * p];
                        for (int i = 0; i < p; i++) proj2[i] *= norm2 / kt;
                    }
                    if (labelMean != 0) {
                        // ψ = Φβ + ȳ μ_L with β isotropic: the mean part adds (u_iᵀμ_L ȳ)², the cross term averages to 0
                        try (Matrix ml = be.upload(meanL, p, 1); Matrix um = be.allocate(p, 1)) {
                            u.multiply(Trans.T, ml, um);
                            double[] v = be.download(um);
                            for (int i = 0; i < p; i++) proj2[i] += labelMean * labelMean * v[i] * v[i];
                        }
                    }
                }
            }
            for (Matrix m : owned) m.close();
            return new ConditionalTheory(model, be, omega, List.copyOf(ls), List.copyOf(ts), ev, proj2, sigmaY2, target.noiseVariance());
        } catch (RuntimeException e) {
            for (Matrix m : owned) if (!m.isClosed()) m.close();
            throw e;
        }
    }

    /** m ← m + a bᵀ (host round trip; once per draw). */
    private static void addOuter(Backend be, Matrix m, double[] a, double[] b) {
        int rows = Math.toIntExact(m.rows()), cols = Math.toIntExact(m.cols());
        double[] h = be.download(m);
        for (int j = 0; j < cols; j++)
            for (int i = 0; i < rows; i++) h[i + j * rows] += a[i] * b[j];
        be.upload(h, m);
    }

    private static void checkShapes(String model, String who, int d, List<Layer> layers) {
        long fanIn = d;
        for (int l = 0; l < layers.size(); l++) {
            Matrix w = layers.get(l).weights();
            if (w.cols() != fanIn)
                throw new IllegalArgumentException(model + ": " + who + " layer " + (l + 1) + " has weights " + w.shape() + " but its input has " + fanIn + " entries");
            int n = layers.get(l).activations().neurons();
            if (n >= 0 && n != w.rows())
                throw new IllegalArgumentException(model + ": " + who + " layer " + (l + 1) + " has " + w.rows() + " neurons but its activation plan fixes " + n);
            fanIn = w.rows();
        }
    }

    /** Covariance of a layer's output, either a backend matrix (not owned) or (for the data) a diagonal, and its mean. */
    private record State(Matrix cov, double[] diag, double[] mean) {}

    /** One layer's coefficients, its row-scaled weights D_μ1 W, and A = W·Cov_prev (for the next covariance). */
    private static final class Prepared implements AutoCloseable {
        final LayerSummary summary;
        final Matrix w, scaledW, scaledA;
        final double[] muStar;
        final NeuronActivations plan;
        final double[] inputDiag;   // the layer's input covariance when diagonal (the data), else null

        Prepared(LayerSummary s, NeuronActivations plan, Matrix w, Matrix scaledW, Matrix scaledA, double[] muStar, double[] inputDiag) {
            this.summary = s;
            this.inputDiag = inputDiag;
            this.plan = plan;
            this.w = w;
            this.scaledW = scaledW;
            this.scaledA = scaledA;
            this.muStar = muStar;
        }

        Matrix nextCovariance(Backend be) {
            int k = Math.toIntExact(scaledW.rows());
            Matrix c;
            if (inputDiag != null) {
                // diagonal input covariance: D W Σ Wᵀ D = S Sᵀ with S = D W Σ^{1/2}, a syrk (half a gemm)
                int kp = Math.toIntExact(scaledW.cols());
                double[] sh = be.download(scaledW);
                double[] root = new double[kp];
                for (int j = 0; j < kp; j++) root[j] = Math.sqrt(inputDiag[j]);
                scaleColumns(sh, k, kp, root);
                c = be.allocate(k, k);
                try (Matrix sm = be.upload(sh, k, kp)) {
                    be.syrk(deeprf.backend.Uplo.LOWER, Trans.N, 1.0, sm, 0.0, c);
                }
                be.symmetrize(deeprf.backend.Uplo.LOWER, c);
            } else {
                c = mul(be, scaledA, Trans.N, scaledW, Trans.T);
            }
            double[] a = be.download(c);
            for (int j = 0; j < k; j++)
                for (int i = j + 1; i < k; i++) {   // exact symmetry (gemm rounding differs between triangles)
                    double s = 0.5 * (a[i + j * k] + a[j + i * k]);
                    a[i + j * k] = s;
                    a[j + i * k] = s;
                }
            for (int i = 0; i < k; i++) a[i + i * k] += muStar[i] * muStar[i];
            be.upload(a, c);
            return c;
        }

        @Override
        public void close() {
            scaledW.close();
            scaledA.close();
        }
    }

    private static Prepared prepare(String model, String who, Backend be, int index, Layer layer, State in, Route route) {
        Matrix w = layer.weights();
        int k = Math.toIntExact(w.rows()), kp = Math.toIntExact(w.cols());
        double[] wh = be.download(w);
        double[] ah;
        if (in.cov == null) {
            ah = wh.clone();
            scaleColumns(ah, k, kp, in.diag);
        } else {
            try (Matrix a = mul(be, w, Trans.N, in.cov, Trans.N)) {
                ah = be.download(a);
            }
        }
        double[] q = new double[k], m = new double[k];
        for (int j = 0; j < kp; j++) {
            double mj = in.mean[j];
            int off = j * k;
            for (int i = 0; i < k; i++) {
                q[i] += ah[off + i] * wh[off + i];
                m[i] += wh[off + i] * mj;
            }
        }
        NeuronActivations plan = layer.activations();
        String where = model + ": " + who + " layer " + (index + 1);
        double[] mu0 = new double[k], mu1 = new double[k], ms = new double[k];
        double rMean = 0;
        for (int i = 0; i < k; i++) {
            if (!(q[i] > 0))
                throw new TheoryException(where + ": neuron " + i + " has preactivation variance " + q[i] + " (a zero weight row or a degenerate input covariance)");
            rMean += q[i] / k;
        }
        if (route == Route.SCALAR) {
            if (plan.choices().size() > 1 || plan.bias() != null)
                throw new IllegalArgumentException(where + ": the scalar route (papers 2, 2') covers one activation without biases; this layer has "
                        + (plan.bias() != null ? "random biases" : "a mixture of activations") + " (use Route.PER_NEURON)");
            Activation f = plan.choices().get(0);
            double maxMean = 0;
            for (double v : m) maxMean = Math.max(maxMean, Math.abs(v));
            Coefficients c = GaussianEquivalence.of(f, rMean);
            if (maxMean > 1e-12 || Math.abs(c.mu0()) > 1e-12 * Math.sqrt(c.secondMoment(rMean)))
                throw new IllegalArgumentException(where + ": the scalar route (papers 2, 2') needs centred activations, but "
                        + f.label() + " has mean " + c.mu0() + " at r=" + rMean + " (use Route.PER_NEURON, THEORY.md §4.3)");
            java.util.Arrays.fill(mu0, c.mu0());
            java.util.Arrays.fill(mu1, c.mu1());
            java.util.Arrays.fill(ms, c.muStar());
        } else {
            java.util.Map<Activation, java.util.Map<Double, Coefficients>> cache = new java.util.HashMap<>();
            for (int i = 0; i < k; i++) {
                Activation f = plan.activationOf(i);
                double mean = m[i] + plan.biasOf(i), qi = q[i];
                // plain centred layers share q only approximately; coefficients are cheap enough per neuron
                Coefficients c = mean == 0
                        ? cache.computeIfAbsent(f, x -> new java.util.HashMap<>()).computeIfAbsent(qi, x -> GaussianEquivalence.of(f, x, 0))
                        : GaussianEquivalence.of(f, qi, mean);
                mu0[i] = c.mu0();
                mu1[i] = c.mu1();
                ms[i] = c.muStar();
            }
        }
        double k1 = 0, ks2 = 0, m0 = 0;
        for (int i = 0; i < k; i++) {
            k1 += mu1[i] / k;
            ks2 += ms[i] * ms[i] / k;
            m0 += mu0[i] / k;
        }
        LayerSummary s = new LayerSummary(who, index + 1, k, rMean, k1, Math.sqrt(ks2), m0, q, m, mu0, mu1, ms);
        scaleRows(wh, k, kp, mu1);
        scaleRows(ah, k, kp, mu1);
        return new Prepared(s, plan, w, be.upload(wh, k, kp), be.upload(ah, k, kp), ms, in.cov == null ? in.diag : null);
    }

    /** Φ_new = D_μ1 W Φ Vᵀ D_μ1* + D_κ̌ (κ̌ only for matched, strongly correlated neurons). */
    private static Matrix crossBoth(Backend be, Prepared pl, Prepared pt, Matrix cross, double[] sigma0, Route route) {
        Matrix out;
        try (Matrix b = cross == null ? scaleColumns(be, pl.scaledW, sigma0) : mul(be, pl.scaledW, Trans.N, cross, Trans.N)) {
            out = mul(be, b, Trans.N, pt.scaledW, Trans.T);
        }
        int k = pl.summary.width(), kt = pt.summary.width();
        if (k != kt) return out;
        // ρ_ii = (W Φ Vᵀ)_ii with the unscaled W, V
        double[] rho = new double[k];
        try (Matrix b = cross == null ? scaleColumns(be, pl.w, sigma0) : mul(be, pl.w, Trans.N, cross, Trans.N)) {
            double[] bh = be.download(b), vh = be.download(pt.w);
            int kp = Math.toIntExact(pt.w.cols());
            for (int j = 0; j < kp; j++)
                for (int i = 0; i < k; i++) rho[i] += bh[i + j * k] * vh[i + j * k];
        }
        double[] oh = null;
        LayerSummary sl = pl.summary, st = pt.summary;
        if (route == Route.SCALAR) {
            // paper 2 eqs. 26–27: one κ̌*² = E φ(N)ψ(Ñ) − ř κ1 κ̃1 at the layer means (r, r̃, ř), added as κ̌*² I
            double rc = 0;
            for (double v : rho) rc += v / k;
            if (Math.abs(rc) > 0.1 * Math.sqrt(sl.r() * st.r())) {
                double lim = Math.sqrt(sl.r() * st.r());
                rc = Math.max(-lim, Math.min(lim, rc));
                double full = GaussianEquivalence.kernel(pl.plan.activationOf(0), pt.plan.activationOf(0), sl.r(), st.r(), rc);
                double add = full - sl.mu0()[0] * st.mu0()[0] - sl.kappa1() * st.kappa1() * rc;
                oh = be.download(out);
                for (int i = 0; i < k; i++) oh[i + i * k] += add;
            }
        } else {
            for (int i = 0; i < k; i++) {
                double corr = rho[i] / Math.sqrt(sl.q()[i] * st.q()[i]);
                if (Math.abs(corr) <= 0.1) continue;
                if (oh == null) oh = be.download(out);
                double lim = Math.sqrt(sl.q()[i] * st.q()[i]);
                rho[i] = Math.max(-lim, Math.min(lim, rho[i]));   // rounding can put a perfect correlation a hair above 1
                double full = GaussianEquivalence.kernel(pl.plan.activationOf(i), pt.plan.activationOf(i), sl.q()[i], st.q()[i], rho[i],
                        sl.mean()[i] + pl.plan.biasOf(i), st.mean()[i] + pt.plan.biasOf(i));
                double lin = sl.mu0()[i] * st.mu0()[i] + sl.mu1()[i] * st.mu1()[i] * rho[i];
                oh[i + i * k] += full - lin;
            }
        }
        if (oh != null) be.upload(oh, out);
        return out;
    }

    private static void scaleRows(double[] a, int rows, int cols, double[] f) {
        for (int j = 0; j < cols; j++) {
            int off = j * rows;
            for (int i = 0; i < rows; i++) a[off + i] *= f[i];
        }
    }

    private static Matrix mul(Backend be, Matrix a, Trans ta, Matrix b, Trans tb) {
        long m = ta == Trans.N ? a.rows() : a.cols(), n = tb == Trans.N ? b.cols() : b.rows();
        Matrix c = be.allocate(m, n);
        be.gemm(ta, tb, 1.0, a, b, 0.0, c);
        return c;
    }

    private static void scaleColumns(double[] a, int rows, int cols, double[] f) {
        for (int j = 0; j < cols; j++) {
            int off = j * rows;
            for (int i = 0; i < rows; i++) a[off + i] *= f[j];
        }
    }

    /** A new matrix m·diag(f) (host round trip: O(size), against the O(size·cols) of a gemm). */
    private static Matrix scaleColumns(Backend be, Matrix m, double[] f) {
        int rows = Math.toIntExact(m.rows()), cols = Math.toIntExact(m.cols());
        double[] a = be.download(m);
        scaleColumns(a, rows, cols, f);
        return be.upload(a, rows, cols);
    }

    @Override
    public void close() {
        omega.close();
    }
}
