package deeprf.backend;

import static deeprf.backend.ErfCoefficients.*;

/**
 * The error function to full double precision. The JDK has none; this follows the fdlibm/Sun algorithm
 * (s_erf.c: rational approximations on four intervals), the same one CUDA's {@code erf} and glibc use, so CPU
 * and GPU agree to an ulp or two.
 */
public final class Erf {
    private Erf() {}

    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax >= 6.0) return Math.copySign(1.0, x);
        if (ax < 0.84375) {
            if (ax < 0x1p-28) return 0.125 * (8.0 * x + efx8 * x);
            double z = x * x;
            double r = pp0 + z * (pp1 + z * (pp2 + z * (pp3 + z * pp4)));
            double s = 1.0 + z * (qq1 + z * (qq2 + z * (qq3 + z * (qq4 + z * qq5))));
            return x + x * (r / s);
        }
        if (ax < 1.25) {
            double s = ax - 1.0;
            double p = pa0 + s * (pa1 + s * (pa2 + s * (pa3 + s * (pa4 + s * (pa5 + s * pa6)))));
            double q = 1.0 + s * (qa1 + s * (qa2 + s * (qa3 + s * (qa4 + s * (qa5 + s * qa6)))));
            return x >= 0 ? erx + p / q : -erx - p / q;
        }
        double s = 1.0 / (ax * ax), r, t;
        if (ax < 1 / 0.35) {
            r = ra0 + s * (ra1 + s * (ra2 + s * (ra3 + s * (ra4 + s * (ra5 + s * (ra6 + s * ra7))))));
            t = 1.0 + s * (sa1 + s * (sa2 + s * (sa3 + s * (sa4 + s * (sa5 + s * (sa6 + s * (sa7 + s * sa8)))))));
        } else {
            r = rb0 + s * (rb1 + s * (rb2 + s * (rb3 + s * (rb4 + s * (rb5 + s * rb6)))));
            t = 1.0 + s * (sb1 + s * (sb2 + s * (sb3 + s * (sb4 + s * (sb5 + s * (sb6 + s * sb7))))));
        }
        double z = Double.longBitsToDouble(Double.doubleToRawLongBits(ax) & 0xffffffff00000000L);
        double e = Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + r / t);
        double res = 1.0 - e / ax;
        return x >= 0 ? res : -res;
    }

    /**
     * Complementary error function 1 − erf(x), accurate to about an ulp over its whole range (fdlibm s_erf.c's
     * erfc: it never forms 1 − erf(x) where that would cancel, so the tail down to 1e-308 keeps its digits).
     */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax < 0.84375) {
            if (ax < 0x1p-56) return 1.0 - x;
            double z = x * x;
            double r = pp0 + z * (pp1 + z * (pp2 + z * (pp3 + z * pp4)));
            double s = 1.0 + z * (qq1 + z * (qq2 + z * (qq3 + z * (qq4 + z * qq5))));
            double y = r / s;
            if (x < 0.25) return 1.0 - (x + x * y);
            return 0.5 - (x * y + (x - 0.5));
        }
        if (ax < 1.25) {
            double s = ax - 1.0;
            double p = pa0 + s * (pa1 + s * (pa2 + s * (pa3 + s * (pa4 + s * (pa5 + s * pa6)))));
            double q = 1.0 + s * (qa1 + s * (qa2 + s * (qa3 + s * (qa4 + s * (qa5 + s * qa6)))));
            return x >= 0 ? (1.0 - erx) - p / q : 1.0 + (erx + p / q);
        }
        if (ax >= 28) return x > 0 ? 0.0 : 2.0;
        if (x < -6) return 2.0;
        double s = 1.0 / (ax * ax), r, t;
        if (ax < 1 / 0.35) {
            r = ra0 + s * (ra1 + s * (ra2 + s * (ra3 + s * (ra4 + s * (ra5 + s * (ra6 + s * ra7))))));
            t = 1.0 + s * (sa1 + s * (sa2 + s * (sa3 + s * (sa4 + s * (sa5 + s * (sa6 + s * (sa7 + s * sa8)))))));
        } else {
            r = rb0 + s * (rb1 + s * (rb2 + s * (rb3 + s * (rb4 + s * (rb5 + s * rb6)))));
            t = 1.0 + s * (sb1 + s * (sb2 + s * (sb3 + s * (sb4 + s * (sb5 + s * (sb6 + s * sb7))))));
        }
        // z = ax with the low 32 bits cleared, so −z² is exact and exp's argument splits without cancellation
        double z = Double.longBitsToDouble(Double.doubleToRawLongBits(ax) & 0xffffffff00000000L);
        double e = StrictMath.exp(-z * z - 0.5625) * StrictMath.exp((z - ax) * (z + ax) + r / t);
        return x > 0 ? e / ax : 2.0 - e / ax;
    }
}
