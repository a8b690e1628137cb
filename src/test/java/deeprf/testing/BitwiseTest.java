package deeprf.testing;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import static deeprf.testing.Bitwise.assertBits;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BitwiseTest {
    @Test
    void signedZerosDifferAndTheMessageNamesTheElement() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> assertBits("zeros", new double[] {1, 0.0}, new double[] {1, -0.0}));
        assertTrue(e.getMessage().contains("zeros: element 1 is -0.0 (0x8000000000000000)"), e.getMessage());
    }

    @Test
    void sameBitsPassNaNsIncludedAndLengthsMustMatch() {
        assertBits("same", new double[] {Double.NaN, -0.0, 3}, new double[] {Double.NaN, -0.0, 3});
        assertThrows(AssertionFailedError.class, () -> assertBits("len", new double[2], new double[3]));
        assertThrows(AssertionFailedError.class,
                () -> assertBits("payload", new double[] {Double.NaN}, new double[] {Double.longBitsToDouble(0x7ff8000000000001L)}));
    }
}
