package deeprf.theory;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Gaussian expectations E g(z), z ~ N(0,1), by quadrature: probabilists' Gauss–Hermite for smooth integrands, and
 * adaptive Gauss–Legendre on [−12, 12] split at given breakpoints for integrands with kinks or jumps (where
 * Gauss–Hermite converges only algebraically; THEORY.md §2.3). The tail beyond |z| = 12 carries mass 3.6e-33.
 */
public final class Quadrature {
    private Quadrature() {}

    /** Nodes and weights of a rule (immutable once built; callers must not modify the arrays). */
    public record Rule(double[] nodes, double[] weights) {}

    /** Half-width of the truncated z-range used by the split rule. */
    public static final double Z_MAX = 12.0;

    private static final ConcurrentHashMap<Integer, Rule> HERMITE = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, Rule> LEGENDRE = new ConcurrentHashMap<>();

    /** A vector integrand: writes k values at z into out. */
    @FunctionalInterface
    public interface VectorFunction {
        void eval(double z, double[] out);
    }

    /**
     * Probabilists' Gauss–Hermite rule with n nodes: Σ w_i g(z_i) ≈ E g(z), z ~ N(0,1) (weights sum to 1).
     * Built from the physicists' rule (Newton on the orthonormal Hermite recurrence, Numerical Recipes gauher).
     */
    public static Rule hermite(int n) {
        if (n < 1 || n > 400) throw new IllegalArgumentException("Gauss–Hermite: node count must be in [1, 400], got " + n);
        return HERMITE.computeIfAbsent(n, Quadrature::buildHermite);
    }

    private static Rule buildHermite(int n) {
        double[] x = new double[n], w = new double[n];
        final double pim4 = Math.pow(Math.PI, -0.25);
        int m = (n + 1) / 2;
        double z = 0;
        for (int i = 0; i < m; i++) {
            if (i == 0) z = Math.sqrt(2.0 * n + 1) - 1.85575 * Math.pow(2.0 * n + 1, -0.16667);
            else if (i == 1) z -= 1.14 * Math.pow(n, 0.426) / z;
            else if (i == 2) z = 1.86 * z - 0.86 * x[0];
            else if (i == 3) z = 1.91 * z - 0.91 * x[1];
            else z = 2.0 * z - x[i - 2];
            double pp = 0;
            boolean converged = false;
            for (int its = 0; its < 100; its++) {
                double p1 = pim4, p2 = 0;
                for (int j = 0; j < n; j++) {
                    double p3 = p2;
                    p2 = p1;
                    p1 = z * Math.sqrt(2.0 / (j + 1)) * p2 - Math.sqrt((double) j / (j + 1)) * p3;
                }
                pp = Math.sqrt(2.0 * n) * p2;
                double z1 = z;
                z = z1 - p1 / pp;
                if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) {
                    converged = true;
                    // one more evaluation of pp at the converged node for an accurate weight
                    p1 = pim4; p2 = 0;
                    for (int j = 0; j < n; j++) {
                        double p3 = p2;
                        p2 = p1;
                        p1 = z * Math.sqrt(2.0 / (j + 1)) * p2 - Math.sqrt((double) j / (j + 1)) * p3;
                    }
                    pp = Math.sqrt(2.0 * n) * p2;
                    break;
                }
            }
            if (!converged) throw new TheoryException("Gauss–Hermite(" + n + "): Newton did not converge for node " + i);
            x[i] = z;
            x[n - 1 - i] = -z;
            w[i] = 2.0 / (pp * pp);
            w[n - 1 - i] = w[i];
        }
        // physicists' (weight e^{-x^2}) → probabilists': z = √2 x, w / √π
        double[] nodes = new double[n], weights = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            nodes[i] = Math.sqrt(2) * x[n - 1 - i];
            weights[i] = w[n - 1 - i] / Math.sqrt(Math.PI);
            sum += weights[i];
        }
        if (Math.abs(sum - 1) > 1e-12) throw new TheoryException("Gauss–Hermite(" + n + "): weights sum to " + sum + ", not 1");
        return new Rule(nodes, weights);
    }

    /** Gauss–Legendre rule with n nodes on [−1, 1] (Newton on the Legendre recurrence). */
    public static Rule legendre(int n) {
        if (n < 1 || n > 400) throw new IllegalArgumentException("Gauss–Legendre: node count must be in [1, 400], got " + n);
        return LEGENDRE.computeIfAbsent(n, Quadrature::buildLegendre);
    }

    private static Rule buildLegendre(int n) {
        double[] x = new double[n], w = new double[n];
        int m = (n + 1) / 2;
        for (int i = 0; i < m; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5)), pp = 0;
            for (int its = 0; its < 100; its++) {
                double p1 = 1, p2 = 0;
                for (int j = 0; j < n; j++) {
                    double p3 = p2;
                    p2 = p1;
                    p1 = ((2.0 * j + 1) * z * p2 - j * p3) / (j + 1);
                }
                pp = n * (z * p1 - p2) / (z * z - 1);
                double z1 = z;
                z = z1 - p1 / pp;
                if (Math.abs(z - z1) <= 1e-16) break;
            }
            x[i] = -z;
            x[n - 1 - i] = z;
            w[i] = 2.0 / ((1 - z * z) * pp * pp);
            w[n - 1 - i] = w[i];
        }
        return new Rule(x, w);
    }

    /** E g(z) by Gauss–Hermite with n nodes, for k-vector integrands; result in out (length k). */
    public static void hermiteExpectation(VectorFunction g, int k, int n, double[] out) {
        Rule r = hermite(n);
        double[] v = new double[k];
        java.util.Arrays.fill(out, 0, k, 0.0);
        for (int i = 0; i < r.nodes.length; i++) {
            g.eval(r.nodes[i], v);
            for (int j = 0; j < k; j++) out[j] += r.weights[i] * v[j];
        }
    }

    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    /**
     * E g(z), z ~ N(0,1), for a k-vector integrand that is smooth between the given breakpoints (in z): adaptive
     * Gauss–Legendre (15 nodes on a piece against 15 on each half, bisecting until they agree to {@code tol}
     * absolute) over [−12, 12] split at every breakpoint inside it.
     */
    public static void splitExpectation(VectorFunction g, int k, double[] breakpoints, double tol, double[] out) {
        double[] cuts = new double[breakpoints.length + 2];
        int nc = 0;
        cuts[nc++] = -Z_MAX;
        double[] sorted = breakpoints.clone();
        java.util.Arrays.sort(sorted);
        for (double b : sorted) if (b > -Z_MAX && b < Z_MAX && b > cuts[nc - 1]) cuts[nc++] = b;
        cuts[nc++] = Z_MAX;
        java.util.Arrays.fill(out, 0, k, 0.0);
        double[] piece = new double[k];
        VectorFunction weighted = (z, o) -> {
            g.eval(z, o);
            double phi = INV_SQRT_2PI * Math.exp(-0.5 * z * z);
            for (int j = 0; j < k; j++) o[j] *= phi;
        };
        for (int c = 0; c + 1 < nc; c++) {
            // pieces of width <= 1 to start with, so the error estimate sees the Gaussian's curvature
            double a = cuts[c], b = cuts[c + 1];
            int parts = Math.max(1, (int) Math.ceil(b - a));
            for (int s = 0; s < parts; s++) {
                double lo = a + (b - a) * s / parts, hi = a + (b - a) * (s + 1) / parts;
                adaptive(weighted, k, lo, hi, legendreOn(weighted, k, lo, hi), tol, 0, piece);
                for (int j = 0; j < k; j++) out[j] += piece[j];
            }
        }
    }

    private static double[] legendreOn(VectorFunction f, int k, double a, double b) {
        Rule r = legendre(15);
        double mid = 0.5 * (a + b), half = 0.5 * (b - a);
        double[] sum = new double[k], v = new double[k];
        for (int i = 0; i < r.nodes.length; i++) {
            f.eval(mid + half * r.nodes[i], v);
            for (int j = 0; j < k; j++) sum[j] += r.weights[i] * v[j];
        }
        for (int j = 0; j < k; j++) sum[j] *= half;
        return sum;
    }

    private static void adaptive(VectorFunction f, int k, double a, double b, double[] whole, double tol, int depth, double[] out) {
        double mid = 0.5 * (a + b);
        double[] left = legendreOn(f, k, a, mid), right = legendreOn(f, k, mid, b);
        double err = 0, scale = 0;
        for (int j = 0; j < k; j++) {
            err = Math.max(err, Math.abs(left[j] + right[j] - whole[j]));
            scale = Math.max(scale, Math.abs(whole[j]));
        }
        // the same absolute tolerance on every piece (not halved: rounding would then force needless depth)
        if (err <= Math.max(tol, 4e-16 * scale) || depth >= 30) {
            for (int j = 0; j < k; j++) out[j] = left[j] + right[j];
            return;
        }
        double[] l = new double[k], r = new double[k];
        adaptive(f, k, a, mid, left, tol, depth + 1, l);
        adaptive(f, k, mid, b, right, tol, depth + 1, r);
        for (int j = 0; j < k; j++) out[j] = l[j] + r[j];
    }
}
