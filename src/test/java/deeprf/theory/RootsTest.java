package deeprf.theory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class RootsTest {

    /**
     * A root 150 decades below the bracket's far end: halving [1e-300, 1] takes ~500 steps, more than Brent's 200
     * (it stopped at x ≈ 8e-31); the geometric bisection across decades finds it to relative precision.
     */
    @Test
    void tinyRootInABracketSpanningDecades() {
        for (double r : new double[]{1e-150, 1e-100, 1e-30, 1e-3, 0.7}) {
            double x = Roots.brent("x^2 = r^2", v -> v * v - r * r, r * r, 1, 0);
            assertEquals(r, x, 1e-12 * r, "r=" + r);
            double y = Roots.brent("x = r", v -> v - r, 1e-300, 1e300, 0);
            assertEquals(r, y, 1e-12 * r, "r=" + r);
        }
    }

    /** An ordinary bracket still converges (the geometric step only engages across a factor 4). */
    @Test
    void ordinaryBracketUnchanged() {
        assertEquals(Math.sqrt(2), Roots.brent("x^2 = 2", v -> v * v - 2, 0, 2, 0), 1e-15);
        assertEquals(-Math.sqrt(2), Roots.brent("x^2 = 2", v -> v * v - 2, -2, -1, 0), 1e-15);
    }

    /**
     * Equations whose root lies many decades below both ends, smooth only in log x or step-like. Before: the first
     * geometric bisection from b = 1 took b + (1e-150 − b), which rounds to 0 (f(0) not finite for 1 − r/x; the bracket
     * lost its decades for the step), and log-like equations took ~200 accepted secant steps that shrank the bracket
     * linearly. Now the point itself is taken, and three steps in a row that do not halve the bracket force a bisection.
     */
    @Test
    void rootsFarBelowBothEndsOfEquationsThatAreNotPolynomialLike() {
        for (double r : new double[]{1e-200, 1e-120, 1e-30, 0.3}) {
            java.util.Map<String, java.util.function.DoubleUnaryOperator> equations = new java.util.LinkedHashMap<>();
            equations.put("log(x/r)", v -> Math.log(v / r));
            equations.put("atan(log(x/r))", v -> Math.atan(Math.log(v / r)));
            equations.put("1 - r/x", v -> 1 - r / v);
            equations.put("tanh(1000 log(x/r))", v -> Math.tanh(1e3 * Math.log(v / r)));
            equations.put("step at r", v -> v < r ? -1 : 1);
            for (var eq : equations.entrySet()) {
                int[] calls = {0};
                double x = Roots.brent(eq.getKey(), v -> { calls[0]++; return eq.getValue().applyAsDouble(v); }, 1e-300, 1, 0);
                assertEquals(r, x, 1e-14 * r, eq.getKey() + ", r=" + r);
                // bisection of [1e-300, 1] to relative precision takes about 60 steps; Brent stays within that
                assertTrue(calls[0] <= 2 + 66, eq.getKey() + ", r=" + r + ": " + calls[0] + " evaluations");
            }
        }
    }

    /**
     * A bracket of more than 308 decades ([1e-300, 1e300]): the safeguard measured it as log(|c|/|b|), which overflowed
     * to ∞ and never "halved", so linear secant steps from 1e300 ran out of iterations (atan(50 log(x/r)) with r = 1e-200 stopped
     * at x ≈ 6e239). Measured as a difference of logs, it bisects as on narrower brackets.
     */
    @Test
    void bracketsOfMoreThan308DecadesKeepTheSafeguard() {
        for (double r : new double[]{1e-200, 1e-10, 1e200}) {
            java.util.function.DoubleUnaryOperator f = v -> Math.atan(50 * Math.log(v / r));     // v/r may overflow: f stays finite
            for (double[] ends : new double[][]{{1e-300, 1e300}, {Double.MIN_VALUE, Double.MAX_VALUE}}) {
                int[] calls = {0};
                double x = Roots.brent("atan(50 log(x/r))", v -> { calls[0]++; return f.applyAsDouble(v); }, ends[0], ends[1], 0);
                assertEquals(r, x, 1e-14 * r, "r=" + r + " in [" + ends[0] + ", " + ends[1] + "]");
                // within what bisection of these brackets to relative precision takes (~10 + 52 steps; seen 29–40)
                assertTrue(calls[0] <= 2 + 66, "r=" + r + ": " + calls[0] + " evaluations");
            }
        }
    }

    /**
     * Brackets with an end at 0 (as the κ0 equations use, [0, hi] with xtol = 0) or across 0: halving [0, 1] reaches
     * 1e-100 only after ~330 steps, and secant steps from far above shrink the bracket linearly (atan(x − 1e6) on
     * [0, 1e300] stopped at 6e239; x⁹ on [−1, 1.1] at −2e-22). The bisection of such a bracket is now taken in decades:
     * toward the smallest normal number from an end at 0, at 0 itself across 0.
     */
    @Test
    void bracketsWithAnEndAtZeroOrAcrossZeroBisectInDecades() {
        record Case(String name, java.util.function.DoubleUnaryOperator f, double a, double b, double root) {}
        for (Case c : java.util.List.of(
                new Case("step at 1e-100", v -> v < 1e-100 ? -1 : 1, 0, 1, 1e-100),
                new Case("tanh(1000 log(x/1e-120))", v -> Math.tanh(1e3 * Math.log(v / 1e-120)), 0, 1, 1e-120),
                new Case("atan(x - 1e6)", v -> Math.atan(v - 1e6), 0, 1e300, 1e6),
                new Case("step at 0.9", v -> v < 0.9 ? -1 : 1, 0, 1, 0.9),
                new Case("x - 0.3", v -> v - 0.3, 0, 1, 0.3),
                new Case("x^9", v -> Math.pow(v, 9), -1, 1.1, 0),
                new Case("x + 1e-200", v -> v + 1e-200, -1, 1, -1e-200),
                new Case("x^3 - 2", v -> v * v * v - 2, -5, 5, Math.cbrt(2)))) {
            int[] calls = {0};
            double x = Roots.brent(c.name(), v -> { calls[0]++; return c.f().applyAsDouble(v); }, c.a(), c.b(), 0);
            assertEquals(c.root(), x, 1e-14 * Math.abs(c.root()), c.name());
            assertTrue(calls[0] <= 2 + 66, c.name() + ": " + calls[0] + " evaluations");
        }
    }
}
