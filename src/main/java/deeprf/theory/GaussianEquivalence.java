package deeprf.theory;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;
import deeprf.backend.Erf;

/**
 * Gaussian-equivalence coefficients and two-point kernels of the activation catalogue (THEORY.md §2).
 *
 * <p>Everything is defined at the preactivation N = √q·z + b with z ~ N(0,1): variance q > 0 and mean (bias) b.
 * Closed forms are used where they exist (linear, relu, abs, sign, and erf without bias); smooth activations
 * (tanh(a·x), sigmoid, erf with a bias) use probabilists' Gauss–Hermite with 100 nodes, checked against 140 nodes
 * and replaced by adaptive split quadrature when the two disagree (very steep tanh); kinked or jumping ones
 * without a closed form (clipped linear) use adaptive Gauss–Legendre split at the kinks, which sit at
 * z = (x_kink − b)/√q. Plain Gauss–Hermite would be off by about 1e-3 there (§2.3).
 */
public final class GaussianEquivalence {
    private GaussianEquivalence() {}

    private static final double SQRT2 = Math.sqrt(2), SQRT_PI = Math.sqrt(Math.PI), SQRT_2PI = Math.sqrt(2 * Math.PI);
    private static final int GH_NODES = 100, GH_CHECK = 140;
    private static final double SPLIT_TOL = 1e-15;

    /** Raw Gaussian moments at N = √q·z + b: E f(N), E[z f(N)], E f(N)². */
    public record Moments(double mean, double zMoment, double second) {}

    /** Coefficients of f at N ~ N(0, q). */
    public static Coefficients of(Activation f, double q) {
        return of(f, q, 0.0);
    }

    /**
     * Coefficients of f at N = √q·z + b (THEORY.md §2.1 with a bias, §9.3): mu0 = E f(N), mu1 = E[z f(N)]/√q,
     * muStar² = E f(N)² − mu0² − q·mu1².
     *
     * @throws IllegalArgumentException when q is not a finite positive number or b is not finite
     */
    public static Coefficients of(Activation f, double q, double bias) {
        Moments m = moments(f, q, bias);
        double mu1 = m.zMoment / Math.sqrt(q);
        double star2 = m.second - m.mean * m.mean - m.zMoment * m.zMoment;
        // rounding can leave a tiny negative remainder for (nearly) linear activations
        double tol = 1e-13 * Math.max(m.second, Double.MIN_NORMAL);
        if (star2 < -tol)
            throw new TheoryException("Gaussian equivalence of " + f.label() + " at q=" + q + ", b=" + bias
                    + ": negative nonlinear variance " + star2 + " (quadrature failed)");
        return new Coefficients(m.mean, mu1, Math.sqrt(Math.max(star2, 0.0)));
    }

    /** E f(N), E[z f(N)], E f(N)² at N = √q·z + b. */
    public static Moments moments(Activation f, double q, double bias) {
        checkVariance(f, "q", q);
        if (!Double.isFinite(bias))
            throw new IllegalArgumentException("Gaussian equivalence of " + f.label() + ": bias must be finite, got " + bias);
        double s = Math.sqrt(q), t = bias / s;
        double a = f.a();
        return switch (f.kind()) {
            case LINEAR -> new Moments(a * bias, a * s, a * a * (q + bias * bias));
            case RELU -> {
                double cdf = normalCdf(t), pdf = normalPdf(t);
                yield new Moments(s * pdf + bias * cdf, s * cdf, (q + bias * bias) * cdf + bias * s * pdf);
            }
            case SIGN -> new Moments(2 * normalCdf(t) - 1, 2 * normalPdf(t), 1.0);
            case ABS -> new Moments(2 * s * normalPdf(t) + bias * (2 * normalCdf(t) - 1), s * (2 * normalCdf(t) - 1), q + bias * bias);
            case ERF -> {
                if (a == 0) yield new Moments(0, 0, 0);
                double g = 1 + 2 * a * a * q;
                double mean = Erf.erf(a * bias / Math.sqrt(g));
                // E[z erf(a(sz+b))] = s·E[a·(2/√π) e^{-a²N²}] = s·a·(2/√π)·e^{-a²b²/g}/√g
                double zm = s * a * (2 / SQRT_PI) * Math.exp(-a * a * bias * bias / g) / Math.sqrt(g);
                if (bias == 0) yield new Moments(0, zm, (2 / Math.PI) * Math.asin(2 * a * a * q / g));
                yield new Moments(mean, zm, smooth(f, s, bias).second);
            }
            case TANH, SIGMOID -> smooth(f, s, bias);
            case CLIPPED_LINEAR -> split(f, s, bias);
        };
    }

    /** Kinks and jumps of f in x (where f or f' is discontinuous). */
    static double[] kinks(Activation f) {
        return switch (f.kind()) {
            case RELU, ABS, SIGN -> new double[]{0.0};
            case CLIPPED_LINEAR -> new double[]{-f.b(), f.b()};
            default -> new double[0];
        };
    }

    private static Moments smooth(Activation f, double s, double bias) {
        double[] hi = new double[3], lo = new double[3];
        Quadrature.VectorFunction g = momentIntegrand(f, s, bias);
        Quadrature.hermiteExpectation(g, 3, GH_NODES, lo);
        Quadrature.hermiteExpectation(g, 3, GH_CHECK, hi);
        double scale = Math.max(1e-300, Math.abs(hi[2]));
        boolean agree = true;
        for (int j = 0; j < 3; j++) agree &= Math.abs(hi[j] - lo[j]) <= 1e-12 * scale;
        if (agree) return new Moments(hi[0], hi[1], hi[2]);
        return split(f, s, bias);   // steep (e.g. tanh(20x)): Hermite has not converged
    }

    private static Moments split(Activation f, double s, double bias) {
        double[] kx = kinks(f), kz = new double[kx.length];
        for (int i = 0; i < kx.length; i++) kz[i] = (kx[i] - bias) / s;
        double[] out = new double[3];
        Quadrature.splitExpectation(momentIntegrand(f, s, bias), 3, kz, SPLIT_TOL, out);
        return new Moments(out[0], out[1], out[2]);
    }

    private static Quadrature.VectorFunction momentIntegrand(Activation f, double s, double bias) {
        return (z, o) -> {
            double v = f.apply(s * z + bias);
            o[0] = v;
            o[1] = z * v;
            o[2] = v * v;
        };
    }

    /**
     * Two-point kernel E[f(u)·g(v)] for a centred jointly Gaussian pair with Var u = q1, Var v = q2, Cov = rho
     * (THEORY.md §2.4). Closed forms for f = g among relu, erf(a·x), sign; otherwise nested quadrature:
     * v = (rho/√q1)·z1 + √(q2 − rho²/q1)·z2, the inner expectation over z2 taken as a biased one-point mean.
     */
    public static double kernel(Activation f, Activation g, double q1, double q2, double rho) {
        checkVariance(f, "q1", q1);
        checkVariance(g, "q2", q2);
        double lim = Math.sqrt(q1 * q2);
        if (!Double.isFinite(rho) || Math.abs(rho) > lim * (1 + 1e-12))
            throw new IllegalArgumentException("two-point kernel of " + f.label() + ", " + g.label() + ": covariance rho=" + rho
                    + " must satisfy |rho| <= sqrt(q1*q2)=" + lim);
        double c = Math.max(-1, Math.min(1, rho / lim));
        if (f.equals(g)) {
            switch (f.kind()) {
                case RELU -> {
                    double th = Math.acos(c);
                    return lim / (2 * Math.PI) * (Math.sin(th) + (Math.PI - th) * c);
                }
                case SIGN -> {
                    return (2 / Math.PI) * Math.asin(c);
                }
                case ERF -> {
                    double a2 = f.a() * f.a();
                    return (2 / Math.PI) * Math.asin(2 * a2 * rho / Math.sqrt((1 + 2 * a2 * q1) * (1 + 2 * a2 * q2)));
                }
                case LINEAR -> {
                    return f.a() * f.a() * rho;
                }
                default -> { }
            }
        }
        return kernelByQuadrature(f, g, q1, q2, rho, 0, 0);
    }

    /**
     * E[f(u)·g(v)] for a jointly Gaussian pair with means m1, m2 (biases), variances q1, q2 and covariance rho.
     */
    public static double kernel(Activation f, Activation g, double q1, double q2, double rho, double m1, double m2) {
        if (m1 == 0 && m2 == 0) return kernel(f, g, q1, q2, rho);
        checkVariance(f, "q1", q1);
        checkVariance(g, "q2", q2);
        if (!Double.isFinite(m1) || !Double.isFinite(m2))
            throw new IllegalArgumentException("two-point kernel of " + f.label() + ", " + g.label() + ": means must be finite, got " + m1 + ", " + m2);
        double lim = Math.sqrt(q1 * q2);
        if (!Double.isFinite(rho) || Math.abs(rho) > lim * (1 + 1e-12))
            throw new IllegalArgumentException("two-point kernel of " + f.label() + ", " + g.label() + ": covariance rho=" + rho
                    + " must satisfy |rho| <= sqrt(q1*q2)=" + lim);
        return kernelByQuadrature(f, g, q1, q2, Math.max(-lim, Math.min(lim, rho)), m1, m2);
    }

    /** The quadrature route of {@link #kernel}, for any pair (package-private so tests can check it). */
    static double kernelByQuadrature(Activation f, Activation g, double q1, double q2, double rho) {
        return kernelByQuadrature(f, g, q1, q2, rho, 0, 0);
    }

    static double kernelByQuadrature(Activation f, Activation g, double q1, double q2, double rho, double m1, double m2) {
        double s1 = Math.sqrt(q1), slope = rho / s1;
        double inner2 = q2 - rho * rho / q1;
        double innerVar = inner2 <= 1e-14 * q2 ? 0.0 : inner2;
        boolean smooth = kinks(f).length == 0 && kinks(g).length == 0;
        if (smooth) {
            // tensor Gauss–Hermite, 80² against 120² nodes; steep pairs (e.g. tanh(2x) at q ≈ 1 converges only to
            // ~1e-5 at 80 nodes) fall through to the adaptive split route
            double lo = tensorHermite(f, g, s1, slope, Math.sqrt(innerVar), m1, m2, 80);
            double hi = tensorHermite(f, g, s1, slope, Math.sqrt(innerVar), m1, m2, 120);
            if (Math.abs(hi - lo) <= 1e-12 * Math.max(1e-300, Math.abs(hi)) + 1e-15) return hi;
        }
        // outer breakpoints: f's kinks, and g's kinks too when v is a deterministic function of z1
        java.util.List<Double> bp = new java.util.ArrayList<>();
        for (double k : kinks(f)) bp.add((k - m1) / s1);
        if (innerVar == 0 && slope != 0) for (double k : kinks(g)) bp.add((k - m2) / slope);
        double[] cuts = bp.stream().mapToDouble(Double::doubleValue).toArray();
        double[] out = new double[1];
        Quadrature.VectorFunction integrand = (z, o) -> {
            double fv = f.apply(m1 + s1 * z);
            if (fv == 0) { o[0] = 0; return; }
            double gv = innerVar == 0 ? g.apply(m2 + slope * z) : moments(g, innerVar, m2 + slope * z).mean;
            o[0] = fv * gv;
        };
        Quadrature.splitExpectation(integrand, 1, cuts, 1e-14, out);
        return out[0];
    }

    private static double tensorHermite(Activation f, Activation g, double s1, double slope, double si, double m1, double m2, int n) {
        Quadrature.Rule r = Quadrature.hermite(n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double z1 = r.nodes()[i], fv = f.apply(m1 + s1 * z1), inner = 0;
            if (si == 0) inner = g.apply(m2 + slope * z1);
            else for (int j = 0; j < n; j++) inner += r.weights()[j] * g.apply(m2 + slope * z1 + si * r.nodes()[j]);
            sum += r.weights()[i] * fv * inner;
        }
        return sum;
    }

    private static void checkVariance(Activation f, String name, double q) {
        if (!(q > 0) || !Double.isFinite(q))
            throw new IllegalArgumentException("Gaussian equivalence of " + f.label() + ": preactivation variance " + name
                    + " must be finite and > 0, got " + q);
    }

    /** Standard normal CDF Φ(t), accurate in both tails. */
    public static double normalCdf(double t) {
        return 0.5 * Erf.erfc(-t / SQRT2);
    }

    /** Standard normal density φ(t). */
    public static double normalPdf(double t) {
        return Math.exp(-0.5 * t * t) / SQRT_2PI;
    }
}
