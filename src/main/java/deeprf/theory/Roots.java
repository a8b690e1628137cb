package deeprf.theory;

import java.util.function.DoubleUnaryOperator;

/** Scalar root finding for the theory's self-consistent equations (Brent's method on a sign-changing bracket). */
public final class Roots {
    private Roots() {}

    /**
     * A root of f in [a, b], where f(a) and f(b) have opposite signs (or one is zero), by Brent's method (bisection +
     * secant + inverse quadratic interpolation) with two changes for the κ equations, whose roots can lie many decades
     * below the bracket's far end:
     * <ul>
     * <li>where Brent falls back to bisection, a bracket spanning decades is bisected in decades: at the geometric mean
     *     of ends of one sign, toward the smallest normal number from an end at 0, at 0 across 0;</li>
     * <li>as Bus and Dekker proposed, three steps in a row that do not halve the bracket (in decades while it spans
     *     them) force a bisection, so log-like or step-like equations do not spend the iterations on secant steps
     *     that shrink the bracket linearly.</li>
     * </ul>
     * Stops when the bracket is narrower than {@code 4ε|x| + xtol} or f is exactly zero.
     *
     * @param what names the equation in error messages
     * @throws TheoryException when the ends do not bracket a root, f is not finite, or 200 iterations do not
     *                         converge (the message carries the residual reached)
     */
    public static double brent(String what, DoubleUnaryOperator f, double a, double b, double xtol) {
        double fa = f.applyAsDouble(a), fb = f.applyAsDouble(b);
        if (!Double.isFinite(fa) || !Double.isFinite(fb))
            throw new TheoryException(what + ": equation is not finite at the bracket ends (f(" + a + ")=" + fa + ", f(" + b + ")=" + fb + ")");
        if (fa == 0) return a;
        if (fb == 0) return b;
        if ((fa > 0) == (fb > 0))
            throw new TheoryException(what + ": [" + a + ", " + b + "] does not bracket a root (f=" + fa + " and " + fb + ")");
        double c = a, fc = fa, d = b - a, e = d;
        double widthAtLastHalving = Double.NaN;             // the bracket's width() when it last halved
        boolean geometricAtLastHalving = false;
        int sinceHalved = 0;
        for (int iter = 0; iter < 200; iter++) {
            if ((fb > 0) == (fc > 0)) {
                c = a;
                fc = fa;
                d = e = b - a;
            }
            if (Math.abs(fc) < Math.abs(fb)) {
                a = b; b = c; c = a;
                fa = fb; fb = fc; fc = fa;
            }
            double tol = 4 * Math.ulp(1.0) * Math.abs(b) + 0.5 * xtol;
            double m = 0.5 * (c - b);
            if (Math.abs(m) <= tol || fb == 0) return b;
            // Bus–Dekker's safeguard: three steps in a row that do not halve the bracket (in decades where it spans
            // them) and the next step bisects, so a step-like f cannot spend the iterations on tiny secant steps.
            double decades = decades(b, c);
            boolean geometric = !Double.isNaN(decades);
            double width = geometric ? decades : Math.abs(c - b);
            if (geometric != geometricAtLastHalving || !(width > 0.5 * widthAtLastHalving)) {
                widthAtLastHalving = width;
                geometricAtLastHalving = geometric;
                sinceHalved = 0;
            } else {
                sinceHalved++;
            }
            double next;                                    // the bisection point, NaN after an interpolation step
            if (sinceHalved < 3 && Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
                double s = fb / fa, p, q;
                if (a == c) {
                    p = 2 * m * s;
                    q = 1 - s;
                } else {
                    double qq = fa / fc, r = fb / fc;
                    p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
                    q = (qq - 1) * (r - 1) * (s - 1);
                }
                if (p > 0) q = -q;
                else p = -p;
                if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
                    e = d;
                    d = p / q;
                    next = Double.NaN;
                } else {
                    next = bisection(b, c, m);
                    d = e = next - b;
                }
            } else {
                next = bisection(b, c, m);
                d = e = next - b;
            }
            a = b;
            fa = fb;
            // The bisection point itself, not b + (point − b): from b = 1 toward 1e-300 the geometric mean 1e-150 would
            // round to 0, and the bracket would lose its decades.
            b = !Double.isNaN(next) && Math.abs(d) > tol ? next : b + (Math.abs(d) > tol ? d : Math.copySign(tol, m));
            fb = f.applyAsDouble(b);
            if (!Double.isFinite(fb)) throw new TheoryException(what + ": equation became non-finite at " + b);
        }
        throw new TheoryException(what + ": Brent did not converge in 200 iterations (x=" + b + ", residual " + fb + ")");
    }

    /**
     * The bisection point between b and c: the middle b + m, or, when both ends have one sign and lie more than a
     * factor 4 apart, their geometric mean (and, for an end at 0 or a bracket across 0, the like in decades). A root many decades below the far end (κ ≈ 1e-150 in
     * [1e-300, 1] at a tiny λ') is then reached in ~log2(decades) halvings instead of one halving per factor 2,
     * which 200 iterations could not cover.
     */
    private static double bisection(double b, double c, double m) {
        if (spansDecades(b, c)) return Math.copySign(Math.sqrt(Math.abs(b)) * Math.sqrt(Math.abs(c)), b);
        // An end at 0 (κ brackets [0, hi]) or a bracket across 0: in decades the middle is the smallest normal number's
        // geometric mean with the other end, or 0 itself; halving [0, 1] would need ~1000 steps to reach 1e-300.
        if (zeroEnded(b, c)) {
            double x = b == 0 ? c : b;
            return Math.copySign(Math.sqrt(Math.abs(x)) * Math.sqrt(Double.MIN_NORMAL), x);
        }
        if (b != 0 && c != 0 && (b > 0) != (c > 0)) return 0;
        return b + m;
    }

    /**
     * The bracket's width in decades (natural logarithms) where its bisection is geometric — counted down to the
     * smallest normal number for an end at 0 — and NaN where it is arithmetic. A difference of logarithms: the ratio
     * |c|/|b| overflows beyond 308 decades ([1e-300, 1e300]), and an infinite width never halves.
     */
    private static double decades(double b, double c) {
        if (spansDecades(b, c)) return Math.abs(Math.log(Math.abs(c)) - Math.log(Math.abs(b)));
        if (zeroEnded(b, c)) return Math.log(Math.abs(b == 0 ? c : b)) - Math.log(Double.MIN_NORMAL);
        return Double.NaN;
    }

    /** One end at 0 and the other more than a factor 4 above the smallest normal number. */
    private static boolean zeroEnded(double b, double c) {
        return (b == 0) != (c == 0) && Math.abs(b == 0 ? c : b) > 4 * Double.MIN_NORMAL;
    }

    /** Both ends of one sign, not zero, and more than a factor 4 apart: bisected at the geometric mean. */
    private static boolean spansDecades(double b, double c) {
        if (b == 0 || c == 0 || (b > 0) != (c > 0)) return false;
        double lo = Math.min(Math.abs(b), Math.abs(c)), hi = Math.max(Math.abs(b), Math.abs(c));
        return hi > 4 * lo;
    }

    /**
     * An upper bracket end {@code base + gap·2^k} (k ≥ 0, smallest) where f ≥ 0, for an increasing f that is
     * positive at {@code base + gap} in exact arithmetic. f there is a difference of two numbers near {@code base},
     * so when its exact value is below their rounding (≈ 1e-8 against ulp(1e8) ≈ 1.5e-8) the computed f can be
     * negative: doubling the gap lifts the end clear of the rounding.
     */
    public static double upperAbove(String what, DoubleUnaryOperator f, double base, double gap) {
        for (double g = Math.max(gap, Double.MIN_VALUE); Double.isFinite(base + g); g *= 2) {
            double v = f.applyAsDouble(base + g);
            if (!Double.isFinite(v)) break;
            if (v >= 0) return base + g;
        }
        throw new TheoryException(what + ": no upper bracket end with f >= 0 above " + base + " (gap from " + gap + ")");
    }

    /**
     * Expands {@code hi} geometrically (×2) from {@code start} until {@code f(hi)} has the sign {@code wantPositive},
     * for increasing or decreasing equations whose root lies above {@code start}.
     */
    public static double expandUpper(String what, DoubleUnaryOperator f, double start, boolean wantPositive) {
        double hi = start;
        for (int i = 0; i < 2100; i++) {
            double v = f.applyAsDouble(hi);
            if (Double.isFinite(v) && (v > 0) == wantPositive || v == 0) return hi;
            hi *= 2;
            if (!Double.isFinite(hi)) break;
        }
        throw new TheoryException(what + ": could not find an upper bracket end starting from " + start);
    }
}
