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
}
