package deeprf.backend;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** erf and erfc against correctly rounded values (mpmath at 50 digits). */
class ErfTest {

    private static void assertUlps(double want, double got, double ulps, String what) {
        double tol = ulps * Math.ulp(want);
        assertTrue(Math.abs(got - want) <= tol, what + " = " + got + ", expected " + want + " (" + (got - want) / Math.ulp(want) + " ulp)");
    }

    @Test
    void erfMatchesKnownValuesToAnUlp() {
        double[][] v = {
                {1e-300, 1.1283791670955126e-300}, {1e-10, 1.1283791670955126e-10}, {0.1, 0.1124629160182849},
                {0.25, 0.27632639016823696}, {0.5, 0.5204998778130465}, {0.84, 0.7651427114549945},
                {0.85, 0.7706680576083526}, {1.0, 0.8427007929497149}, {1.2, 0.9103139782296353},
                {1.5, 0.9661051464753108}, {2.0, 0.9953222650189527}, {2.5, 0.999593047982555},
                {2.857, 0.9999466417399131}, {3.0, 0.9999779095030014}, {4.0, 0.9999999845827421},
                {5.0, 0.9999999999984626}, {5.9, 0.9999999999999999}, {6.5, 1.0},
        };
        for (double[] p : v) {
            assertUlps(p[1], Erf.erf(p[0]), 1, "erf(" + p[0] + ")");
            assertUlps(-p[1], Erf.erf(-p[0]), 1, "erf(" + -p[0] + ")");   // odd
        }
        assertEquals(0.0, Erf.erf(0.0), 0.0);
        assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY), 0.0);
        assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY), 0.0);
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
    }

    @Test
    void erfcKeepsItsDigitsInTheTail() {
        double[][] v = {
                {-3.0, 1.9999779095030015}, {-1.0, 1.8427007929497148}, {-0.3, 1.3286267594591274}, {0.0, 1.0},
                {0.1, 0.887537083981715}, {0.3, 0.6713732405408726}, {0.5, 0.4795001221869535},
                {0.7, 0.32219880616258156}, {0.9, 0.20309178757716786}, {1.0, 0.15729920705028513},
                {1.2, 0.08968602177036464}, {1.5, 0.033894853524689274}, {2.0, 0.004677734981047266},
                {3.0, 2.209049699858544e-05}, {5.0, 1.5374597944280349e-12}, {10.0, 2.088487583762545e-45},
                {20.0, 5.395865611607901e-176}, {26.0, 5.663192408856143e-296},
        };
        for (double[] p : v) assertUlps(p[1], Erf.erfc(p[0]), 1, "erfc(" + p[0] + ")");
        assertEquals(5.23705e-319, Erf.erfc(27.0), 1e-323, "erfc(27) is subnormal");
        assertEquals(0.0, Erf.erfc(30.0), 0.0);
        assertEquals(2.0, Erf.erfc(-30.0), 0.0);
        assertEquals(0.0, Erf.erfc(Double.POSITIVE_INFINITY), 0.0);
        assertEquals(2.0, Erf.erfc(Double.NEGATIVE_INFINITY), 0.0);
        assertTrue(Double.isNaN(Erf.erfc(Double.NaN)));
    }

    @Test
    void erfAndErfcAreConsistent() {
        for (double x = -6; x <= 6; x += 0.01)
            assertEquals(1.0, Erf.erf(x) + Erf.erfc(x), 4 * Math.ulp(1.0), "erf + erfc at " + x);
    }
}
