package deeprf.online;

import deeprf.backend.Backend;
import deeprf.backend.Matrix;
import deeprf.backend.NumericalException;

/**
 * Learning-curve theory of online SGD on the readout (THEORY.md §10.2–§10.4), conditional on one weight draw: the
 * eigenpairs (c_k, u_k) of the feature covariance C, the best readout v∞ = C⁻¹b and its error ε∞ = ½(Ey² − bᵀC⁻¹b).
 * With δ = v − v∞ and s_k = E(u_kᵀδ)², ε_g = ε∞ + ½ Σ_k c_k s_k. Two readings of the dynamics, both offered because
 * THEORY.md §12 leaves open which one the paper uses:
 * <ul>
 *   <li>{@link #smallEtaOde}: η → 0 with ηα fixed, dv/dα = N η_s (b − Cv), solved in closed form;</li>
 *   <li>{@link #finiteEta}: the exact per-step recursion of the second moments for Gaussian-equivalent features,
 *       keeping the O(η_s²) noise term that is O(1) when K/N is fixed (§10.3).</li>
 * </ul>
 *
 * <p>Features with a mean. For φ = m + g with g ~ N(0, Σ) and C = Σ + m mᵀ (the uncentred second moment used
 * throughout), the fourth moment is E[φφᵀ S φφᵀ] = 2 C S C + C tr(CS) − 2 (mᵀSm) m mᵀ: the centred-Gaussian (Wick)
 * form with C alone counts the mean direction's fourth moment three times instead of once. Non-odd activations
 * (relu, abs, sigmoid) have m ≠ 0 and K μ0² puts m almost exactly on C's top eigenvector, so the recursion keeps
 * the correction's diagonal in C's eigenbasis, −2h²(Σ_j μ_j s_j) μ_k with μ_k = (u_kᵀm)² (exact when m is an
 * eigenvector). Without it the recursion over-states the noise of the mean mode: at N = 400, K = 1200, relu, η_s
 * = 4/K it blew up (ε ≈ 3.6·10³ at α = 0.86) while SGD stayed at 1.1.
 */
public final class OnlineTheory {
    private final int n;
    private final double[] c;       // eigenvalues of C, ascending
    private final double[] s0;      // (u_kᵀ(v0 − v∞))² for v0 = 0
    private final double[] mu;      // (u_kᵀm)², m the features' mean (zero for centred features)
    private final double epsInf;    // ½(Ey² − bᵀC⁻¹b), against the clean teacher
    private final double traceC;

    /** Eigenvalues below this fraction of the largest are treated as zero (pseudo-inverse). */
    static final double RCOND = 1e-12;

    private OnlineTheory(int n, double[] c, double[] s0, double[] mu, double epsInf) {
        this.n = n;
        this.c = c;
        this.s0 = s0;
        this.mu = mu;
        this.epsInf = epsInf;
        double t = 0;
        for (double x : c) t += x;
        this.traceC = t;
    }

    /** One eigendecomposition of C on the backend, then everything is O(K) per time. */
    public static OnlineTheory of(Backend be, StudentTeacherMoments mom, int n) {
        int k = mom.k();
        double[] w = new double[k];
        double[] u;
        try (Matrix cm = be.upload(mom.c(), k, k)) {
            be.syevd(cm, w, true);
            u = be.download(cm);
        }
        double cut = RCOND * Math.max(w[k - 1], 0);
        double[] s0 = new double[k], mu = new double[k];
        double[] mean = mom.mean();
        double explained = 0;
        for (int j = 0; j < k; j++) {
            double ub = 0, um = 0;
            for (int i = 0; i < k; i++) {
                ub += u[i + j * k] * mom.b()[i];
                um += u[i + j * k] * mean[i];
            }
            if (w[j] > cut) {
                double coord = ub / w[j];            // u_jᵀ v∞
                s0[j] = coord * coord;
                explained += ub * ub / w[j];
                mu[j] = Math.min(um * um, w[j]);     // C ⪰ m mᵀ: (u_jᵀm)² ≤ c_j up to rounding (Monte Carlo moments too)
            }
        }
        double eps = 0.5 * (mom.ey2() - explained);
        if (eps < -1e-9 * Math.max(1, mom.ey2()))
            throw new NumericalException("online theory: negative residual error " + eps + " (C and b inconsistent)");
        for (int j = 0; j < k; j++) if (w[j] < 0) w[j] = 0;  // rounding of a PSD matrix
        return new OnlineTheory(n, w, s0, mu, Math.max(eps, 0));
    }

    /** ε∞: the error of the best readout on this draw (what SGD approaches as η → 0, α → ∞). */
    public double epsilonInfinity() { return epsInf; }

    /** τ = tr C / N (§10.3). */
    public double tau() { return traceC / n; }

    /** Small-η ODE closed form: ε(α) = ε∞ + ½ Σ_k c_k s_k(0) e^{−2 N η_s c_k α}. */
    public double smallEtaOde(double stepSize, double alpha) {
        double rate = 2 * n * stepSize * alpha, s = 0;
        for (int k = 0; k < c.length; k++) s += c[k] * s0[k] * Math.exp(-rate * c[k]);
        return epsInf + 0.5 * s;
    }

    /**
     * Finite-η recursion, iterated step by step up to each requested step (ascending); label noise σ² enters the
     * noise term. Per step, with h = η_s and s_k = E(u_kᵀδ)²:
     * s_k ← s_k(1 − 2hc_k + 2h²c_k²) + h²c_k(2ε∞ + σ² + Σ_j c_j s_j) − 2h²μ_k Σ_j μ_j s_j (the last term for
     * features with a mean, see the class comment). Returns ε_g at those steps, or +∞ from the step where the second
     * moments blow up (unstable η). Derivation of the mean term and of its diagonal closure: docs/DERIVATIONS.md §3.
     */
    public double[] finiteEta(double stepSize, double noiseVar, long[] steps) {
        double[] s = s0.clone();
        double[] out = new double[steps.length];
        double h = stepSize, h2 = h * h;
        double resid = 2 * epsInf + noiseVar;
        boolean hasMean = hasMean();
        long done = 0;
        boolean blown = false;
        for (int t = 0; t < steps.length; t++) {
            if (steps[t] < done) throw new IllegalArgumentException("online theory: steps must be ascending");
            for (; done < steps[t] && !blown; done++) {
                double sum = 0, meanSum = 0;
                for (int k = 0; k < c.length; k++) sum += c[k] * s[k];
                if (hasMean) for (int k = 0; k < c.length; k++) meanSum += mu[k] * s[k];
                double noise = h2 * (resid + sum), meanTerm = 2 * h2 * meanSum;
                for (int k = 0; k < c.length; k++) {
                    double ck = c[k];
                    s[k] = s[k] * (1 - 2 * h * ck + 2 * h2 * ck * ck) + noise * ck - meanTerm * mu[k];
                }
                if (!(sum < 1e300)) blown = true;
            }
            if (blown) { out[t] = Double.POSITIVE_INFINITY; continue; }
            double sum = 0;
            for (int k = 0; k < c.length; k++) sum += c[k] * s[k];
            out[t] = epsInf + 0.5 * sum;
        }
        return out;
    }

    private boolean hasMean() {
        for (double v : mu) if (v != 0) return true;
        return false;
    }

    /**
     * The fixed point of the finite-η recursion: ε_stat = ε∞ + ½·A·(2ε∞ + σ²)/(1 − A) with the noise feedback
     * A = P − 2Q²/(1 + 2R), P = h² Σ c_k²/D_k, Q = h² Σ c_k μ_k/D_k, R = h² Σ μ_k²/D_k, D_k = 2hc_k(1 − hc_k)
     * (A = P = Σ h c_k/(2(1 − h c_k)) for centred features). For σ² = 0 and small η_s c_k this is ε∞/(1 − ητ/2)
     * (§10.3). +∞ when unstable. Derivation: docs/DERIVATIONS.md §3.
     */
    public double stationaryError(double stepSize, double noiseVar) {
        if (!isStable(stepSize)) return Double.POSITIVE_INFINITY;
        double a = amplification(stepSize);
        return epsInf + 0.5 * a * (2 * epsInf + noiseVar) / (1 - a);
    }

    /**
     * Stable iff the recursion's linear map T (s ← T s + const) has every eigenvalue in (−1, 1). T = I − diag(D) + h²(ccᵀ − 2μμᵀ)
     * over the modes with c_k > 0 is a diagonal plus a symmetric rank-two matrix, so both conditions,
     * I − T ≻ 0 and I + T ≻ 0, are inertia counts of 2×2 Schur complements (Haynsworth), O(K). For centred features
     * this is η_s c_k < 1 for every mode and A < 1. Derivation: docs/DERIVATIONS.md §3.
     */
    public boolean isStable(double stepSize) {
        // centred features: the same two conditions in the form (and the bits) they had before the mean correction
        if (!hasMean()) return stepSize * c[c.length - 1] < 1 && amplification(stepSize) < 1;
        double h = stepSize, h2 = h * h;
        int m = 0;
        for (double ck : c) if (ck > 0) m++;
        double[] dMinus = new double[m], dPlus = new double[m], cc = new double[m], mm = new double[m];
        int j = 0;
        for (int k = 0; k < c.length; k++) {
            if (!(c[k] > 0)) continue;
            double d = 2 * h * c[k] * (1 - h * c[k]);
            dMinus[j] = d;            // I − T = diag(D) + h²(2μμᵀ − ccᵀ)
            dPlus[j] = 2 - d;         // I + T = diag(2 − D) − h²(2μμᵀ − ccᵀ)
            cc[j] = c[k];
            mm[j] = mu[k];
            j++;
        }
        return positiveDefinite(dMinus, mm, cc, 2 * h2, -h2) && positiveDefinite(dPlus, mm, cc, -2 * h2, h2);
    }

    /**
     * Whether diag(e) + j1·a aᵀ + j2·b bᵀ is positive definite (j1, j2 ≠ 0): by Haynsworth's inertia additivity on
     * [[diag(e), U], [Uᵀ, −J⁻¹]] with U = [a, b], J = diag(j1, j2), the number of negative eigenvalues is
     * neg(e) + neg(S) − neg(−J⁻¹) with the 2×2 Schur complement S = −J⁻¹ − Uᵀ diag(e)⁻¹ U. Derivation:
     * docs/DERIVATIONS.md §3.
     */
    private static boolean positiveDefinite(double[] e, double[] a, double[] b, double j1, double j2) {
        int neg = 0;
        double saa = 0, sab = 0, sbb = 0;
        for (int i = 0; i < e.length; i++) {
            if (!(e[i] != 0) || !Double.isFinite(e[i])) return false;   // singular: on the boundary, not stable
            if (e[i] < 0) neg++;
            saa += a[i] * a[i] / e[i];
            sab += a[i] * b[i] / e[i];
            sbb += b[i] * b[i] / e[i];
        }
        double s11 = -1 / j1 - saa, s12 = -sab, s22 = -1 / j2 - sbb;
        double det = s11 * s22 - s12 * s12, tr = s11 + s22;
        if (det == 0) return false;
        int negS = det < 0 ? 1 : (tr < 0 ? 2 : 0);
        int negJ = (-1 / j1 < 0 ? 1 : 0) + (-1 / j2 < 0 ? 1 : 0);
        return neg + negS - negJ == 0;
    }

    private double amplification(double h) {
        double h2 = h * h, p = 0, q = 0, r = 0;
        for (int k = 0; k < c.length; k++) {
            double ck = c[k];
            if (!(ck > 0)) continue;
            double d = 2 * h * ck * (1 - h * ck);
            p += h * ck / (2 * (1 - h * ck));     // h²c²/D in the form that keeps centred features' bits
            q += h2 * ck * mu[k] / d;
            r += h2 * mu[k] * mu[k] / d;
        }
        return p - 2 * q * q / (1 + 2 * r);
    }

    /** Largest stable step size, found by bisection on {@link #isStable} (≈ 2/tr C for large widths). */
    public double maxStableStepSize() {
        double lo = 0, hi = 2 / c[c.length - 1];   // no mode contracts at η_s c_max ≥ 2
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (isStable(mid)) lo = mid; else hi = mid;
        }
        return lo;
    }

    /**
     * Weight-free asymptotic ε∞ for K/N = γ (§10.4): M teacher units with near-orthogonal rows, readout all ones,
     * activation with Gaussian-equivalence coefficients μ1, μ* at q = 1:
     * ε∞ = (M/2)[μ*² + μ1²·e(γ)], e(γ) = [−(1 + (γ−1)ζ²) + √((1 + (γ−1)ζ²)² + 4ζ²)]/(2ζ²), ζ² = μ1²/μ*².
     * As γ → ∞ it tends to the floor (M/2)μ*² set by the teacher's higher Hermite components. At μ* = 0 (a linear
     * activation) its limit is (M/2)μ1²·max(0, 1 − γ): the part of the teacher's direction outside the K-dimensional
     * span of the student's rows (e → 1 − γ below γ = 1, → 0 above).
     */
    public static double asymptoticEpsilonInfinity(double gamma, int m, double mu1, double muStar) {
        if (!(gamma > 0)) throw new IllegalArgumentException("online asymptotics: K/N must be > 0, got " + gamma);
        if (!(muStar >= 0)) throw new IllegalArgumentException("online asymptotics: mu* must be >= 0, got " + muStar);
        if (muStar == 0) return 0.5 * m * mu1 * mu1 * Math.max(0, 1 - gamma);
        double z2 = mu1 * mu1 / (muStar * muStar);
        double bq = 1 + (gamma - 1) * z2;
        double root = Math.sqrt(bq * bq + 4 * z2);
        // the positive root of ζ²e² + bq·e − 1 = 0, in the form without cancellation for each sign of bq
        double e = bq >= 0 ? 2 / (bq + root) : (root - bq) / (2 * z2);
        return 0.5 * m * (muStar * muStar + mu1 * mu1 * e);
    }
}
