package deeprf.theory;

import deeprf.backend.Backend;
import deeprf.backend.Matrix;
import deeprf.backend.Trans;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;

/**
 * Deterministic equivalent of ridge regression on Gaussian(-equivalent) features given their population
 * statistics, in the canonical convention ŵ = argmin (1/n)Σ(y − wᵀφ)² + λ'‖w‖² (THEORY.md §1, §3.1).
 *
 * <p>Inputs, all in the eigenbasis (ω_i, u_i) of the feature covariance Ω: the eigenvalues ω_i, the signal
 * weights b_i = (u_iᵀw*)²·ω_i of the best linear predictor w* = Ω⁻¹ψ (equivalently (u_iᵀψ)²/ω_i), the residual
 * variance σ_ε² = σ_y² − ψᵀΩ⁻¹ψ (label noise, nonlinear part of the target, and anything the features cannot
 * represent; acts as independent noise), and the label-noise part σ_noise² ≤ σ_ε² of it. After one
 * eigendecomposition each (n, λ') point costs O(p): solve κ(1 − df1(κ)/n) = λ' for κ on [κ0, ∞) by Brent's method,
 * where κ0 = 0 when rank Ω ≤ n and df1(κ0) = n otherwise, then
 * <pre>
 *   R_exc   = [κ² Σ b_i/(ω_i+κ)² + σ_ε² df2/n] / (1 − df2/n),   df2 = Σ ω_i²/(ω_i+κ)²
 *   E_test  = σ_ε² + R_exc                 (against noisy labels)
 *   E_clean = E_test − σ_noise²           (against the clean target)
 *   E_train = (λ'/κ)² E_test = (1 − df1/n)² E_test
 * </pre>
 * Ridgeless λ' = 0 is exact: κ = κ0; at rank Ω = n exactly the test error is +∞ (the interpolation peak).
 * Eigenvalues below p·ε·max ω are treated as exact zeros (they carry no signal).
 */
public final class RidgeTheory {

    /** One (n, λ') point of the deterministic equivalent. */
    public record Point(double n, double lambda, double kappa, double df1, double df2,
                        double bias, double variance, double testNoisy, double testClean, double train) {}

    private final String model;
    private final double[] omega;     // eigenvalues, zeros exact
    private final double[] signal;    // b_i = (u_i^T w*)^2 ω_i
    private final double residual;    // σ_ε²
    private final double noise;       // σ_noise²
    private final int rank;
    private final double trace;

    private RidgeTheory(String model, double[] omega, double[] signal, double residual, double noise) {
        this.model = model;
        int p = omega.length;
        if (p == 0) throw new IllegalArgumentException(model + ": the feature covariance has no eigenvalues");
        if (signal.length != p)
            throw new IllegalArgumentException(model + ": " + p + " eigenvalues but " + signal.length + " signal weights");
        double max = 0;
        for (int i = 0; i < p; i++) {
            if (!Double.isFinite(omega[i])) throw new IllegalArgumentException(model + ": eigenvalue " + i + " is " + omega[i]);
            max = Math.max(max, Math.abs(omega[i]));
        }
        double tol = p * Math.ulp(1.0) * max;
        this.omega = new double[p];
        this.signal = new double[p];
        int r = 0;
        double tr = 0;
        for (int i = 0; i < p; i++) {
            double w = omega[i];
            if (w < -tol) throw new IllegalArgumentException(model + ": covariance eigenvalue " + i + " is " + w + " < 0 (not positive semidefinite beyond rounding, tolerance " + tol + ")");
            if (!(signal[i] >= 0) || !Double.isFinite(signal[i]))
                throw new IllegalArgumentException(model + ": signal weight " + i + " must be finite and >= 0, got " + signal[i]);
            if (w > tol) {
                this.omega[i] = w;
                this.signal[i] = signal[i];
                r++;
                tr += w;
            }
        }
        if (r == 0) throw new IllegalArgumentException(model + ": the feature covariance is zero");
        if (!(residual >= 0) || !Double.isFinite(residual))
            throw new IllegalArgumentException(model + ": residual variance must be finite and >= 0, got " + residual);
        if (!(noise >= 0) || !(noise <= residual * (1 + 1e-12) + 1e-300))
            throw new IllegalArgumentException(model + ": label-noise variance must be in [0, residual variance " + residual + "], got " + noise);
        this.residual = residual;
        this.noise = Math.min(noise, residual);
        this.rank = r;
        this.trace = tr;
    }

    private RidgeTheory(String model, RidgeTheory t) {
        this.model = model;
        this.omega = t.omega;
        this.signal = t.signal;
        this.residual = t.residual;
        this.noise = t.noise;
        this.rank = t.rank;
        this.trace = t.trace;
    }

    /**
     * The same theory (arrays shared, nothing recomputed) whose messages name {@code model}: points sharing one
     * eigendecomposition each report failures under their own name.
     */
    public RidgeTheory named(String model) {
        return model.equals(this.model) ? this : new RidgeTheory(model, this);
    }

    /**
     * From eigenvalues ω_i, squared projections (u_iᵀw*)² of the best linear predictor, the residual variance
     * σ_ε² (everything not linearly explained, label noise included) and the label-noise variance.
     */
    public static RidgeTheory ofTarget(String model, double[] omega, double[] wStarProj2, double residualVar, double noiseVar) {
        if (omega.length != wStarProj2.length)
            throw new IllegalArgumentException(model + ": " + omega.length + " eigenvalues but " + wStarProj2.length + " projections");
        double[] b = new double[omega.length];
        for (int i = 0; i < b.length; i++) b[i] = wStarProj2[i] * Math.max(omega[i], 0);
        return new RidgeTheory(model, omega, b, residualVar, noiseVar);
    }

    /**
     * From eigenvalues ω_i, squared projections (u_iᵀψ)² of the feature–label cross-covariance ψ = E[φy], the
     * label second moment σ_y² = E y² (noise included) and the label-noise variance. σ_ε² = σ_y² − Σ (u_iᵀψ)²/ω_i;
     * a ψ component on a zero eigenvalue is an inconsistent input and is refused.
     */
    public static RidgeTheory ofCrossCovariance(String model, double[] omega, double[] psiProj2, double sigmaY2, double noiseVar) {
        int p = omega.length;
        if (psiProj2.length != p)
            throw new IllegalArgumentException(model + ": " + p + " eigenvalues but " + psiProj2.length + " projections of psi");
        if (!(sigmaY2 >= 0) || !Double.isFinite(sigmaY2))
            throw new IllegalArgumentException(model + ": label second moment sigma_y^2 must be finite and >= 0, got " + sigmaY2);
        double max = 0;
        for (double w : omega) max = Math.max(max, Math.abs(w));
        double tol = p * Math.ulp(1.0) * max;
        double[] b = new double[p];
        double explained = 0, psiNorm2 = 0;
        for (int i = 0; i < p; i++) {
            if (!(psiProj2[i] >= 0) || !Double.isFinite(psiProj2[i]))
                throw new IllegalArgumentException(model + ": squared projection of psi " + i + " must be finite and >= 0, got " + psiProj2[i]);
            psiNorm2 += psiProj2[i];
            if (omega[i] > tol) {
                b[i] = psiProj2[i] / omega[i];
                explained += b[i];
            }
        }
        for (int i = 0; i < p; i++)
            if (!(omega[i] > tol) && psiProj2[i] > 1e-10 * Math.max(psiNorm2, Double.MIN_NORMAL))
                throw new IllegalArgumentException(model + ": psi has weight " + psiProj2[i] + " on the null space of Omega (eigenvalue " + omega[i] + "): inconsistent covariances");
        double residual = sigmaY2 - explained;
        if (residual < -1e-9 * Math.max(sigmaY2, explained))
            throw new IllegalArgumentException(model + ": psi^T Omega^-1 psi = " + explained + " exceeds sigma_y^2 = " + sigmaY2 + " (inconsistent covariances)");
        residual = Math.max(residual, 0);
        return new RidgeTheory(model, omega, b, residual, checkNoise(model, noiseVar, residual, sigmaY2));
    }

    /** The noise may exceed the computed residual only by the rounding of ψᵀΩ⁻¹ψ (relative 1e-8 of σ_y²). */
    private static double checkNoise(String model, double noise, double residual, double sigmaY2) {
        if (!(noise >= 0) || !Double.isFinite(noise))
            throw new IllegalArgumentException(model + ": label-noise variance must be finite and >= 0, got " + noise);
        if (noise <= residual + 1e-8 * sigmaY2) return Math.min(noise, residual);
        throw new IllegalArgumentException(model + ": label-noise variance " + noise + " exceeds the residual variance " + residual);
    }

    /**
     * Builds the theory from Ω and ψ held on a backend: one symmetric eigendecomposition (through the backend, so
     * a faster backend speeds it up) and Uᵀψ by gemm. Ω is read, not modified.
     */
    public static RidgeTheory fromCovariance(String model, Backend backend, Matrix omega, double[] psi, double sigmaY2, double noiseVar) {
        long p = omega.rows();
        if (omega.cols() != p) throw new IllegalArgumentException(model + ": Omega must be square, got " + omega.shape());
        if (psi.length != p) throw new IllegalArgumentException(model + ": psi has " + psi.length + " entries but Omega is " + omega.shape());
        double[] w = new double[(int) p];
        try (Matrix u = backend.allocate(p, p); Matrix v = backend.upload(psi, p, 1); Matrix proj = backend.allocate(p, 1)) {
            backend.copy(omega, u);
            backend.syevd(u, w, true);
            backend.gemm(Trans.T, Trans.N, 1.0, u, v, 0.0, proj);
            double[] pr = backend.download(proj);
            for (int i = 0; i < pr.length; i++) pr[i] *= pr[i];
            return ofCrossCovariance(model, w, pr, sigmaY2, noiseVar);
        }
    }

    public String model() { return model; }

    public int dimension() { return omega.length; }

    public int rank() { return rank; }

    public double residualVariance() { return residual; }

    public double noiseVariance() { return noise; }

    /** σ_y² − σ_ε²: the linearly explained part of the label variance. */
    public double explainedVariance() {
        double s = 0;
        for (double b : signal) s += b;
        return s;
    }

    /** df1(κ) = Σ ω_i/(ω_i+κ). */
    public double df1(double kappa) {
        if (kappa == 0) return rank;
        double s = 0;
        for (double w : omega) if (w > 0) s += w / (w + kappa);
        return s;
    }

    /** 1 − df1(κ)/n computed without the cancellation of 1 − df1/n when df1 ≈ n: (n − rank + κ Σ 1/(ω+κ))/n. */
    private double slack(double kappa, double n) {
        double s = 0;
        if (kappa > 0) for (double w : omega) if (w > 0) s += 1 / (w + kappa);
        return (n - rank + kappa * s) / n;
    }

    /** κ0: 0 when rank ≤ n, else the root of df1(κ) = n (the ridgeless effective regulariser). */
    public double kappa0(double n) {
        checkN(n);
        if (rank <= n) return 0.0;
        double hi = trace / n;               // df1(κ) ≤ tr/κ, so df1(tr/n) ≤ n
        double lo = hi;
        int guard = 0;
        while (slack(lo, n) >= 0) {
            lo *= 0.5;
            if (++guard > 2000 || lo == 0)
                throw new TheoryException(model + ": could not bracket kappa0 (df1 = n) below " + hi + " for n=" + n);
        }
        return Roots.brent(model + ": kappa0 (df1(kappa) = n=" + n + ")", k -> slack(k, n), lo, hi, 0.0);
    }

    /** The effective regulariser κ solving κ(1 − df1(κ)/n) = λ'. */
    public double kappa(double n, double lambda) {
        return kappa(n, lambda, kappa0(n));
    }

    private double kappa(double n, double lambda, double k0) {
        checkLambda(lambda);
        if (lambda == 0) return k0;
        String what = model + ": kappa equation kappa(1 - df1/n) = lambda'=" + lambda + " at n=" + n;
        DoubleUnaryOperator f = k -> k * slack(k, n) - lambda;
        // λ' below the rounding of h(κ0) ≈ 0 (a tiny λ' with rank > n): κ0 is the root to working precision
        if (f.applyAsDouble(k0) >= 0) return k0;
        // h(κ) = κ − tr/n + Σ ω²/(ω+κ)/n, so f(λ' + tr/n) > 0 exactly; but at large λ' that margin (≈ 1e-8 at
        // λ' = 1e8) is below the rounding of h ≈ λ', so the end is widened until the computed f is positive
        double hi = Roots.upperAbove(what, f, lambda, trace / n);
        // h(κ) = κ(1 − df1/n) ≤ κ puts the root at or above λ': a lower end > 0 even when κ0 = 0, so Brent's
        // geometric bisection reaches a tiny root (κ ≈ √λ' at rank = n) in relative precision
        double lo = Math.max(k0, lambda);
        if (lo < hi && f.applyAsDouble(lo) > 0) return Roots.brent(what, f, k0, lo, 0.0);   // rounding: root in [κ0, λ']
        return Roots.brent(what, f, lo < hi ? lo : k0, hi, 0.0);
    }

    /** All error components at (n, λ'). */
    public Point at(double n, double lambda) {
        checkN(n);
        checkLambda(lambda);
        return evaluate(n, lambda, kappa0(n));
    }

    /** The whole λ' grid at one n: κ0 once, then O(p) work per λ'. */
    public List<Point> sweep(double n, double[] lambdas) {
        checkN(n);
        for (double l : lambdas) checkLambda(l);
        double k0 = kappa0(n);
        List<Point> out = new ArrayList<>(lambdas.length);
        for (double l : lambdas) out.add(evaluate(n, l, k0));
        return out;
    }

    /** One λ' of {@link #sweepEach}: its point, or (point null) why the κ equation failed at this λ' alone. */
    public record Attempt(double lambda, Point point, String failure) {
        public boolean ok() { return point != null; }
    }

    /**
     * The λ' grid at one n with every λ' standing alone: a κ equation that fails at one λ' becomes that λ''s
     * failure and the others are still computed. What all λ' share (n, κ0) still throws.
     */
    public List<Attempt> sweepEach(double n, double[] lambdas) {
        checkN(n);
        for (double l : lambdas) checkLambda(l);
        double k0 = kappa0(n);
        return each(lambdas, l -> evaluate(n, l, k0));
    }

    /** One attempt per λ': a {@link TheoryException} at one λ' becomes that attempt's failure. */
    static List<Attempt> each(double[] lambdas, DoubleFunction<Point> point) {
        List<Attempt> out = new ArrayList<>(lambdas.length);
        for (double l : lambdas) {
            try {
                out.add(new Attempt(l, point.apply(l), null));
            } catch (TheoryException e) {
                out.add(new Attempt(l, null, e.getMessage()));
            }
        }
        return out;
    }

    private Point evaluate(double n, double lambda, double k0) {
        double kappa = kappa(n, lambda, k0);
        double df1 = 0, df2 = 0, bias = 0, gap = 0;   // gap = Σ (1 − r_i²) = rank − df2 without its cancellation
        if (kappa == 0) {
            df1 = rank;
            df2 = rank;
        } else {
            for (int i = 0; i < omega.length; i++) {
                double w = omega[i];
                if (w == 0) continue;
                double r = w / (w + kappa);
                df1 += r;
                df2 += r * r;
                double d = kappa / (w + kappa);
                bias += signal[i] * d * d;   // κ² b_i/(ω_i+κ)² with b_i = (u_i^T w*)² ω_i
                gap += d * (1 + r);
            }
        }
        // 1 − df2/n as (n − rank + gap)/n: at rank = n and a tiny λ' (κ ≈ 1e-150) df2 rounds to n, and 1 − df2/n
        // to 0, which made a finite (if huge) error infinite
        double denom = (n - rank + gap) / n;
        double slack = kappa == 0 ? (n - rank) / n : slack(kappa, n);
        double variance, testNoisy;
        if (denom <= 0) {
            // only reachable at λ' = 0 with rank = n exactly: the interpolation peak
            variance = Double.POSITIVE_INFINITY;
            testNoisy = Double.POSITIVE_INFINITY;
            slack = 0;
        } else {
            variance = residual * (df2 / n) / denom;
            testNoisy = residual + (bias + residual * df2 / n) / denom;
            bias = bias / denom;
        }
        double train = slack * slack * testNoisy;
        if (Double.isInfinite(testNoisy)) train = 0;
        return new Point(n, lambda, kappa, df1, df2, bias, variance, testNoisy, testNoisy - noise, train);
    }

    private void checkN(double n) {
        if (!(n > 0) || !Double.isFinite(n))
            throw new IllegalArgumentException(model + ": sample count n must be finite and > 0, got " + n);
    }

    private void checkLambda(double lambda) {
        if (!(lambda >= 0) || !Double.isFinite(lambda))
            throw new IllegalArgumentException(model + ": ridge lambda' must be finite and >= 0, got " + lambda);
    }
}
