package deeprf.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bit-for-bit comparison of double arrays, for the tests that promise the same bits (across thread counts, block
 * sizes, kernels or backends). Not assertArrayEquals with a zero delta: that lets +0 equal −0 and any NaN equal any
 * other.
 */
public final class Bitwise {
    private Bitwise() {}

    /** Fails naming the first element whose raw bits differ, with both values and their bits. */
    public static void assertBits(String what, double[] want, double[] got) {
        assertEquals(want.length, got.length, what + ": length");
        for (int e = 0; e < want.length; e++) {
            long w = Double.doubleToRawLongBits(want[e]), g = Double.doubleToRawLongBits(got[e]);
            if (w != g)
                fail(what + ": element " + e + " is " + got[e] + " (0x" + Long.toHexString(g) + ") but must be bitwise "
                        + want[e] + " (0x" + Long.toHexString(w) + ")");
        }
    }
}
