package deeprf.theory;

import deeprf.backend.Activation;

import java.util.ArrayList;
import java.util.List;

/**
 * Weight-free asymptotic spectrum of the linearised feature covariance Ω_ℓ of a deep random-feature network with
 * i.i.d. weights, layer by layer (THEORY.md §4.1, §4.4; paper 2' App. B.4).
 *
 * <p>Model: W_ℓ ∈ R^{k_ℓ×k_{ℓ−1}} with i.i.d. N(0, Δ_ℓ/k_{ℓ−1}) entries, x ~ N(0, Σ₀), Ω_ℓ = κ1_ℓ² W_ℓ Ω_{ℓ−1} W_ℓᵀ
 * + κ*_ℓ² I with the scalar coefficients at the asymptotic variance r_1 = Δ_1 tr Σ₀/d, r_{ℓ+1} = Δ_{ℓ+1} E σ_ℓ(√r_ℓ ξ)².
 * The Stieltjes transform m_ℓ(z) = (1/k_ℓ) tr(Ω_ℓ − z)⁻¹ follows from Silverstein's equation for
 * B = W Σ Wᵀ: with c = k_{ℓ−1}/k_ℓ, z' = (z − κ*²)/(Δκ1²), w = c z',
 * <pre>  m̲ = 1/(−w + c (1/m̲)[1 − (1/m̲) m_{ℓ−1}(−1/m̲)]),   m_ℓ(z) = c m̲/(Δκ1²)</pre>
 * All layers are solved jointly (one damped fixed point over the vector (m̲_1..m̲_L), evaluating m_{ℓ−1} only at
 * z_{ℓ−1} = −1/m̲_ℓ), so depth costs O(L) per iteration, not O(iterations^L).
 *
 * <p>Activations must be centred at their own variance (E σ(√r ξ) = 0; papers 2, 2'); a non-centred one (relu,
 * sigmoid, abs) is refused with the reason (THEORY.md §4.3: its mean acts as a random bias at the next layer).
 */
public final class SpectralRecursion {

    /** One layer: width ratio γ = k_ℓ/d, activation, and weight variance Δ (entries N(0, Δ/k_{ℓ−1})). */
    public record LayerSpec(double widthRatio, Activation activation, double weightVariance) {
        public LayerSpec {
            if (!(widthRatio > 0) || !Double.isFinite(widthRatio))
                throw new IllegalArgumentException("spectral recursion: width ratio k/d must be finite and > 0, got " + widthRatio);
            if (!(weightVariance > 0) || !Double.isFinite(weightVariance))
                throw new IllegalArgumentException("spectral recursion: weight variance Delta must be finite and > 0, got " + weightVariance);
        }
    }

    /** Asymptotic per-layer quantities (paper 2' eqs. 9, 10). */
    public record LayerCoefficients(double r, double kappa1, double kappaStar) {}

    private final double[] sigma0;
    private final double[] sigmaValues, sigmaWeights;   // distinct eigenvalues of Σ₀ and their fractions (m_0 in O(#distinct))
    private final double[] ratio;     // γ_0 = 1, γ_ℓ
    private final double[] k1sq, ks2, delta;
    private final List<LayerCoefficients> coefficients;

    /**
     * @param sigma0 eigenvalues of the data covariance Σ₀ (length d; its empirical spectral measure is used)
     */
    public SpectralRecursion(double[] sigma0, List<LayerSpec> layers) {
        if (sigma0.length == 0) throw new IllegalArgumentException("spectral recursion: the data covariance needs at least one eigenvalue");
        double tr = 0;
        for (int j = 0; j < sigma0.length; j++) {
            if (!(sigma0[j] >= 0) || !Double.isFinite(sigma0[j]))
                throw new IllegalArgumentException("spectral recursion: data covariance eigenvalue " + j + " must be finite and >= 0, got " + sigma0[j]);
            tr += sigma0[j];
        }
        this.sigma0 = sigma0.clone();
        java.util.TreeMap<Double, Integer> counts = new java.util.TreeMap<>();
        for (double v : sigma0) counts.merge(v, 1, Integer::sum);
        sigmaValues = new double[counts.size()];
        sigmaWeights = new double[counts.size()];
        int u = 0;
        for (java.util.Map.Entry<Double, Integer> e : counts.entrySet()) {
            sigmaValues[u] = e.getKey();
            sigmaWeights[u++] = (double) e.getValue() / sigma0.length;
        }
        int l = layers.size();
        ratio = new double[l + 1];
        k1sq = new double[l + 1];
        ks2 = new double[l + 1];
        delta = new double[l + 1];
        ratio[0] = 1;
        List<LayerCoefficients> cs = new ArrayList<>();
        double r = tr / sigma0.length;   // times Δ below
        for (int i = 0; i < l; i++) {
            LayerSpec s = layers.get(i);
            r *= s.weightVariance();
            Coefficients c = GaussianEquivalence.of(s.activation(), r);
            double second = c.secondMoment(r);
            if (Math.abs(c.mu0()) > 1e-10 * Math.sqrt(second))
                throw new IllegalArgumentException("spectral recursion: layer " + (i + 1) + " activation " + s.activation().label()
                        + " is not centred (mean " + String.format(java.util.Locale.ROOT, "%.4g", c.mu0()) + " at r=" + String.format(java.util.Locale.ROOT, "%.4g", r) + "); the scalar recursion of papers 2/2' needs E sigma(sqrt(r) xi) = 0 "
                        + "(a non-centred mean acts as a random bias at the next layer, THEORY.md §4.3: use the conditional per-neuron theory)");
            ratio[i + 1] = s.widthRatio();
            k1sq[i + 1] = c.mu1() * c.mu1();
            ks2[i + 1] = c.muStar2();
            delta[i + 1] = s.weightVariance();
            cs.add(new LayerCoefficients(r, c.mu1(), c.muStar()));
            r = second;
        }
        this.coefficients = List.copyOf(cs);
    }

    public List<LayerCoefficients> coefficients() { return coefficients; }

    public int depth() { return coefficients.size(); }

    /** m_0(u) = (1/d) Σ 1/(σ_j − u). */
    private Complex m0(Complex u) {
        double re = 0, im = 0;
        for (int i = 0; i < sigmaValues.length; i++) {
            Complex v = new Complex(sigmaValues[i] - u.re(), -u.im()).reciprocal();
            re += sigmaWeights[i] * v.re();
            im += sigmaWeights[i] * v.im();
        }
        return new Complex(re, im);
    }

    /** m_ℓ(x) for real x < 0 (below the spectrum), where everything is real and positive. */
    public double stieltjes(int layer, double x) {
        if (!(x < 0)) throw new IllegalArgumentException("spectral recursion: real evaluation needs x < 0 (below the spectrum), got " + x);
        return stieltjes(layer, Complex.real(x), null).re();
    }

    /**
     * m_ℓ(z), z in the upper half plane (or on the negative real axis). {@code warm}, if given, is the m̲ vector of a
     * nearby point (length ℓ+1) and is overwritten with this point's.
     */
    public Complex stieltjes(int layer, Complex z, Complex[] warm) {
        if (layer < 0 || layer > depth())
            throw new IllegalArgumentException("spectral recursion: layer must be in [0, " + depth() + "], got " + layer);
        if (layer == 0) return m0(z);
        int L = layer;
        Complex[] mb = new Complex[L + 1];
        if (warm != null && warm.length == L + 1 && warm[L] != null) System.arraycopy(warm, 0, mb, 0, L + 1);
        else initialGuess(L, z, mb);
        double res = solve(L, z, mb);
        if (!(res < TOLERANCE)) {
            // Continuation in η: far above the real axis the map is a strong contraction; walk down to Im z with warm
            // starts (near the axis, from a poor start, the joint iteration can leave the upper half plane and blow up).
            // On the negative real axis down to 1e-6 of |z|, then onto the axis: the physical root is that limit.
            double top = Math.max(1.0, Math.hypot(z.re(), z.im())), floor = z.im() > 0 ? z.im() : 1e-6 * -z.re();
            initialGuess(L, new Complex(z.re(), top), mb);
            for (double eta = top; ; eta = Math.max(eta * 0.3, floor)) {
                res = solve(L, new Complex(z.re(), eta), mb);
                if (!(res < TOLERANCE) || eta == floor) break;
            }
            if (res < TOLERANCE && z.im() == 0) {
                for (int l = 1; l <= L; l++) mb[l] = Complex.real(mb[l].re());
                res = solve(L, z, mb);
            }
        }
        if (res < TOLERANCE) {
            if (warm != null && warm.length == L + 1) System.arraycopy(mb, 0, warm, 0, L + 1);
            return mb[L].times(c(L) / (delta[L] * k1sq[L]));
        }
        throw new TheoryException("spectral recursion: layer " + layer + " at z=" + z.re() + (z.im() >= 0 ? "+" : "") + z.im()
                + "i did not converge (damped fixed point, then Newton; relative residual " + res + ")");
    }

    private static final double TOLERANCE = 1e-13;

    /**
     * Damped fixed point (robust far from the solution), then Newton on F(m̲) = map(m̲) − m̲ when the damped steps
     * crawl (near the real axis their rate is 1 − O(Im z)). Returns the relative residual (NaN at a root off the
     * physical branch); mb holds the iterate.
     */
    private double solve(int L, Complex z, Complex[] mb) {
        Complex[] start = mb.clone();
        double res = physical(iterate(L, z, mb, 3000), L, z, mb);
        if (res < TOLERANCE) return res;
        // Newton from the start (a neighbour's solution: close to a fixed point that the damped map can drift away
        // from where that point repels, as deep layers' sampled laws do in their tail), then from where the map went
        Complex[] drifted = mb.clone();
        System.arraycopy(start, 0, mb, 0, L + 1);
        double r = physical(newton(L, z, mb), L, z, mb);
        if (r < TOLERANCE) return r;
        if (!Double.isFinite(res)) return res;
        System.arraycopy(drifted, 0, mb, 0, L + 1);
        r = physical(newton(L, z, mb), L, z, mb);
        if (r < TOLERANCE) return r;
        System.arraycopy(drifted, 0, mb, 0, L + 1);
        return physical(iterate(L, z, mb, 20000), L, z, mb);
    }

    /**
     * res, or NaN where mb is a fixed point off the physical branch: every level's m̲ is a Stieltjes transform, so Im > 0
     * above the real axis and real > 0 below the spectrum (z < 0; then each z_{ℓ−1} = −1/m̲_ℓ < 0 too), and with that
     * the root is unique (Silverstein–Bai, level by level from the data up). On the axis the map also has roots with
     * m̲ < 0 (a linear square layer on rank-deficient data at z = −4.1e-6: m = −1412 for +1401).
     */
    private static double physical(double res, int L, Complex z, Complex[] mb) {
        if (!(res < TOLERANCE)) return res;
        for (int l = 1; l <= L; l++) if (!onBranch(z, mb[l])) return Double.NaN;
        return res;
    }

    private static boolean onBranch(Complex z, Complex m) { return z.im() > 0 ? m.im() > 0 : m.re() > 0; }

    /** The undamped update m̲ ↦ map(m̲) of every level (Silverstein's equation with m_{ℓ−1} taken at −1/m̲_ℓ). */
    private Complex[] map(int L, Complex z, Complex[] mb) {
        Complex[] zz = new Complex[L + 1];
        Complex[] upd = new Complex[L + 1];
        zz[L] = z;
        for (int l = L; l >= 1; l--) zz[l - 1] = mb[l].reciprocal().negate();
        for (int l = 1; l <= L; l++) {
            Complex below = l == 1 ? m0(zz[0]) : mb[l - 1].times(c(l - 1) / (delta[l - 1] * k1sq[l - 1]));
            double cl = c(l);
            Complex w = zz[l].plus(-ks2[l]).times(cl / (delta[l] * k1sq[l]));
            Complex inv = mb[l].reciprocal();
            Complex bracket = Complex.real(1).minus(inv.times(below));
            Complex den = w.negate().plus(inv.times(bracket).times(cl));
            upd[l] = den.reciprocal();
        }
        return upd;
    }

    private static double residual(Complex[] upd, Complex[] mb, int L) {
        double res = 0;
        for (int l = 1; l <= L; l++) res = Math.max(res, upd[l].minus(mb[l]).abs() / Math.max(upd[l].abs(), 1e-300));
        return res;
    }

    /**
     * Newton's method on F(m̲) = map(m̲) − m̲ (holomorphic, so a real finite-difference step gives the complex
     * Jacobian), at most 60 steps; returns the relative residual, or NaN when an iterate leaves the physical branch
     * ({@link #onBranch}).
     */
    private double newton(int L, Complex z, Complex[] mb) {
        for (int step = 0; step < 60; step++) {
            Complex[] f0 = map(L, z, mb);
            double res = residual(f0, mb, L);
            if (!Double.isFinite(res)) return Double.NaN;
            if (res < TOLERANCE) return res;
            Complex[][] jac = new Complex[L][L + 1];
            for (int j = 1; j <= L; j++) {
                double h = 1e-7 * Math.max(mb[j].abs(), 1e-300);
                Complex[] pert = mb.clone();
                pert[j] = mb[j].plus(h);
                Complex[] f1 = map(L, z, pert);
                for (int i = 1; i <= L; i++) {
                    Complex d = f1[i].minus(pert[i]).minus(f0[i].minus(mb[i])).times(1 / h);
                    jac[i - 1][j - 1] = d;
                }
            }
            for (int i = 1; i <= L; i++) jac[i - 1][L] = f0[i].minus(mb[i]).negate();
            Complex[] delta = solveLinear(jac, L);
            if (delta == null) return Double.NaN;
            for (int l = 1; l <= L; l++) {
                mb[l] = mb[l].plus(delta[l - 1]);
                if (!onBranch(z, mb[l])) return Double.NaN;
            }
        }
        return residual(map(L, z, mb), mb, L);
    }

    /** Gaussian elimination with partial pivoting on the augmented L × (L+1) complex system; null if singular. */
    private static Complex[] solveLinear(Complex[][] a, int n) {
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) if (a[r][col].abs() > a[piv][col].abs()) piv = r;
            if (!(a[piv][col].abs() > 0)) return null;
            Complex[] t = a[piv]; a[piv] = a[col]; a[col] = t;
            Complex inv = a[col][col].reciprocal();
            for (int r = col + 1; r < n; r++) {
                Complex f = a[r][col].times(inv);
                for (int k = col; k <= n; k++) a[r][k] = a[r][k].minus(f.times(a[col][k]));
            }
        }
        Complex[] x = new Complex[n];
        for (int r = n - 1; r >= 0; r--) {
            Complex sum = a[r][n];
            for (int k = r + 1; k < n; k++) sum = sum.minus(a[r][k].times(x[k]));
            x[r] = sum.times(a[r][r].reciprocal());
        }
        return x;
    }

    /** m̲_ℓ ≈ (Δκ1²/c) / (t_ℓ − z_ℓ) with t_ℓ the mean eigenvalue, top down. */
    private void initialGuess(int L, Complex z, Complex[] mb) {
        double[] t = new double[L + 1];
        double tr = 0;
        for (double s : sigma0) tr += s;
        t[0] = tr / sigma0.length;
        for (int l = 1; l <= L; l++) t[l] = delta[l] * k1sq[l] * t[l - 1] + ks2[l];
        Complex zl = z;
        for (int l = L; l >= 1; l--) {
            Complex m = new Complex(t[l] - zl.re(), -zl.im()).reciprocal();
            mb[l] = m.times(delta[l] * k1sq[l] / c(l));
            zl = mb[l].reciprocal().negate();
        }
    }

    /**
     * Damped joint fixed point over (m̲_1..m̲_L) at z, from and into mb; returns the last relative residual (below
     * {@link #TOLERANCE} on success, NaN or larger otherwise). In the upper half plane every m̲ is a Stieltjes-type
     * value with Im ≥ 0: an iterate that leaves it is reflected back.
     */
    private double iterate(int L, Complex z, Complex[] mb, int maxIterations) {
        double res = Double.NaN, step = 0.5, windowBest = Double.POSITIVE_INFINITY, lastWindowBest = Double.POSITIVE_INFINITY;
        boolean upper = z.im() > 0;
        for (int it = 0; it < maxIterations; it++) {
            Complex[] upd = map(L, z, mb);
            res = residual(upd, mb, L);
            for (int l = 1; l <= L; l++) {
                Complex u = upper && upd[l].im() < 0 ? new Complex(upd[l].re(), -upd[l].im()) : upd[l];
                mb[l] = mb[l].times(1 - step).plus(u.times(step));
            }
            if (!(res < Double.POSITIVE_INFINITY)) return Double.NaN;
            if (res < TOLERANCE) return res;
            // a damped step that cycles instead of contracting: halve it when a window of 100 steps gains < 2×
            windowBest = Math.min(windowBest, res);
            if (it % 100 == 99) {
                if (windowBest > 0.5 * lastWindowBest && step > 1.0 / 256) step *= 0.5;
                lastWindowBest = windowBest;
                windowBest = Double.POSITIVE_INFINITY;
            }
        }
        return res;
    }

    /** c_ℓ = k_{ℓ−1}/k_ℓ. */
    private double c(int l) { return ratio[l - 1] / ratio[l]; }

    /**
     * Density of the eigenvalues of Ω_ℓ at the points x (ascending), ρ(x) = Im m_ℓ(x + iη)/π, warm-started along the
     * grid. An atom (e.g. at κ*² when k_ℓ > k_{ℓ−1}) shows as a peak of width η.
     */
    public double[] density(int layer, double[] xs, double eta) {
        if (!(eta > 0)) throw new IllegalArgumentException("spectral recursion: eta must be > 0, got " + eta);
        double[] out = new double[xs.length];
        Complex[] warm = new Complex[layer + 1];
        for (int i = 0; i < xs.length; i++) {
            Complex m = stieltjes(layer, new Complex(xs[i], eta), layer == 0 ? null : warm);
            out[i] = Math.max(m.im(), 0) / Math.PI;
        }
        return out;
    }

    /** g(κ) = m_L(−κ) and g'(κ) (central difference, step 1e-5·κ: truncation ~1e-10, rounding ~1e-13/1e-5). */
    private double[] gAndDerivative(int layer, double kappa) {
        double h = 1e-5 * kappa;
        double g = stieltjes(layer, -kappa);
        double gp = (stieltjes(layer, -(kappa + h)) - stieltjes(layer, -(kappa - h))) / (2 * h);
        return new double[]{g, gp};
    }

    /** One point of {@link #wellSpecifiedRidge}. */
    public record RidgePoint(double samplesPerInput, double lambda, double kappa, double df2OverN,
                             double bias, double testClean, double testNoisy, double train) {}

    /**
     * Asymptotic ridge errors at the last layer for the well-specified target y = θ*ᵀφ_L(x) + ε with an isotropic
     * readout E θ*θ*ᵀ = (F²/k_L) I and noise variance τ² (paper 2' Corollary 4.1 in the κ-form of §3.1 and §7.1):
     * with g(κ) = m_L(−κ), df1/k = 1 − κg, df2/k = 1 − 2κg − κ²g', bias = F²κ²(g + κg'),
     * κ(1 − df1/n) = λ', E_test = τ² + [bias + τ² df2/n]/(1 − df2/n), E_train = (λ'/κ)² E_test.
     *
     * @param alpha n/d, samples per input dimension
     */
    public RidgePoint wellSpecifiedRidge(double alpha, double lambda, double readoutNorm2, double noiseVariance) {
        if (depth() == 0) throw new IllegalArgumentException("spectral recursion: the well-specified ridge needs at least one layer");
        if (!(alpha > 0) || !Double.isFinite(alpha))
            throw new IllegalArgumentException("spectral recursion: alpha = n/d must be finite and > 0, got " + alpha);
        if (!(lambda > 0) || !Double.isFinite(lambda))
            throw new IllegalArgumentException("spectral recursion: ridge lambda' must be finite and > 0 here (the ridgeless limit needs the atom at 0 resolved), got " + lambda);
        if (!(readoutNorm2 >= 0) || !(noiseVariance >= 0))
            throw new IllegalArgumentException("spectral recursion: readout norm and noise variance must be >= 0, got " + readoutNorm2 + ", " + noiseVariance);
        int L = depth();
        double ratio = this.ratio[L] / alpha;   // k/n
        java.util.function.DoubleUnaryOperator h = k -> k * (1 - ratio * (1 - k * stieltjes(L, -k))) - lambda;
        double hi = Roots.expandUpper("spectral recursion: kappa bracket", h, lambda, true);
        double lo = hi;
        while (h.applyAsDouble(lo) > 0 && lo > 1e-300) lo *= 0.5;
        double kappa = Roots.brent("spectral recursion: kappa equation at alpha=" + alpha + ", lambda'=" + lambda, h, lo, hi, 0);
        double[] gg = gAndDerivative(L, kappa);
        double g = gg[0], gp = gg[1];
        double df2 = ratio * (1 - 2 * kappa * g - kappa * kappa * gp);
        double bias = readoutNorm2 * kappa * kappa * (g + kappa * gp);
        double denom = 1 - df2;
        if (!(denom > 0)) throw new TheoryException("spectral recursion: 1 - df2/n = " + denom + " <= 0 at alpha=" + alpha + ", lambda'=" + lambda);
        double testNoisy = noiseVariance + (bias + noiseVariance * df2) / denom;
        double slack = lambda / kappa;
        return new RidgePoint(alpha, lambda, kappa, df2, bias / denom, testNoisy - noiseVariance, testNoisy, slack * slack * testNoisy);
    }
}
