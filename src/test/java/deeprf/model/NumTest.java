package deeprf.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Numbers as text: cells keep Java's spelling, plot labels a person's. */
class NumTest {
    @Test
    void cellsKeepJavasSpellingAndWholeNumbersLoseTheirPoint() {
        assertEquals("1.0E-4", Num.fmt(1e-4));
        assertEquals("80", Num.fmt(80.0));
        assertEquals("0.25", Num.fmt(0.25));
    }

    @Test
    void labelsWriteExponentsAsNumPyDoes() {
        assertEquals("1e-4", Num.label(1e-4));
        assertEquals("2.5e-7", Num.label(2.5e-7));
        assertEquals("1e20", Num.label(1e20));
        assertEquals("0.01", Num.label(0.01));
        assertEquals("3", Num.label(3.0));
        assertEquals("-1.5e-10", Num.label(-1.5e-10));
    }
}
