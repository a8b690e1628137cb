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
 */
public final class OnlineTheory {
    private final int n;
    private final double[] c;       // eigenvalues of C, ascending
    private final double[] s0;      // (u_kᵀ(v0 − v∞))² for v0 = 0
    private final double epsInf;    // ½(Ey² − bᵀC⁻¹b), against the clean teacher
    private final double traceC;

    /** Eigenvalues below this fraction of the largest are treated as zero (pseudo-inverse). */
    static final double RCOND = 1e-12;

    private OnlineTheory(int n, double[] c, double[] s0, double epsInf) {
        this.n = n;
        this.c = c;
        this.s0 = s0;
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
        double[] s0 = new double[k];
        double explained = 0;
        for (int j = 0; j < k; j++) {
            double ub = 0;
            for (int i = 0; i < k; i++) ub += u[i + j * k] * mom.b()[i];
            if (w[j] > cut) {
                double coord = ub / w[j];            // u_jᵀ v∞
                s0[j] = coord * coord;
                explained += ub * ub / w[j];
            }
        }
        double eps = 0.5 * (mom.ey2() - explained);
        if (eps < -1e-9 * Math.max(1, mom.ey2()))
            throw new NumericalException("online theory: negative residual error " + eps + " (C and b inconsistent)");
        for (int j = 0; j < k; j++) if (w[j] < 0) w[j] = 0;  // rounding of a PSD matrix
        return new OnlineTheory(n, w, s0, Math.max(eps, 0));
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
     * noise term. Returns ε_g at those steps, or +∞ from the step where the second moments blow up (unstable η).
     */
    public double[] finiteEta(double stepSize, double noiseVar, long[] steps) {
        double[] s = s0.clone();
        double[] out = new double[steps.length];
        double h = stepSize, h2 = h * h;
        double resid = 2 * epsInf + noiseVar;
        long done = 0;
        boolean blown = false;
        for (int t = 0; t < steps.length; t++) {
            if (steps[t] < done) throw new IllegalArgumentException("online theory: steps must be ascending");
            for (; done < steps[t] && !blown; done++) {
                double sum = 0;
                for (int k = 0; k < c.length; k++) sum += c[k] * s[k];
                double noise = h2 * (resid + sum);
                for (int k = 0; k < c.length; k++) {
                    double ck = c[k];
                    s[k] = s[k] * (1 - 2 * h * ck + 2 * h2 * ck * ck) + noise * ck;
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

    /**
     * The fixed point of the finite-η recursion: ε_stat = ε∞ + ½·A·(2ε∞ + σ²)/(1 − A), A = η_s Σ_k c_k / (2(1 − η_s c_k)).
     * For σ² = 0 and small η_s c_k this is ε∞/(1 − ητ/2) (§10.3). +∞ when unstable.
     */
    public double stationaryError(double stepSize, double noiseVar) {
        if (!isStable(stepSize)) return Double.POSITIVE_INFINITY;
        double a = amplification(stepSize);
        return epsInf + 0.5 * a * (2 * epsInf + noiseVar) / (1 - a);
    }

    /** Stable iff every mode contracts (η_s c_k < 1) and the noise feedback A < 1. */
    public boolean isStable(double stepSize) {
        if (stepSize * c[c.length - 1] >= 1) return false;
        return amplification(stepSize) < 1;
    }

    private double amplification(double h) {
        double a = 0;
        for (double ck : c) a += h * ck / (2 * (1 - h * ck));
        return a;
    }

    /** Largest stable step size, found by bisection on {@link #isStable} (≈ 2/tr C for large widths). */
    public double maxStableStepSize() {
        double lo = 0, hi = 1 / c[c.length - 1];
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
