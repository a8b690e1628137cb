package deeprf.model;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ActivationCatalogueTest {
    @Test
    void parsesTheCatalogue() {
        assertEquals(new Activation(ActivationKind.TANH, 1, 0), ActivationCatalogue.parse("tanh"));
        assertEquals(new Activation(ActivationKind.TANH, 2, 0), ActivationCatalogue.parse("tanh(2x)"));
        assertEquals(new Activation(ActivationKind.TANH, 2, 0), ActivationCatalogue.parse(" tanh(2*x) "));
        assertEquals(new Activation(ActivationKind.TANH, 0.5, 0), ActivationCatalogue.parse("tanh(x/2)"));
        assertEquals(1 / Math.sqrt(2), ActivationCatalogue.parse("erf(x/sqrt2)").a(), 0);
        assertEquals(1 / Math.sqrt(2), ActivationCatalogue.parse("erf(x/sqrt(2))").a(), 0);
        assertEquals("erf(x/sqrt2)", ActivationCatalogue.parse("erf(x/sqrt2)").label());
        assertEquals(new Activation(ActivationKind.CLIPPED_LINEAR, 1.1, 2), ActivationCatalogue.parse("clipped(1.1,2)"));
        assertEquals(ActivationKind.RELU, ActivationCatalogue.parse("relu").kind());
        assertEquals(ActivationKind.SIGN, ActivationCatalogue.parse("sign").kind());
        assertEquals(ActivationKind.SIGMOID, ActivationCatalogue.parse("sigmoid").kind());
        assertEquals(ActivationKind.ABS, ActivationCatalogue.parse("abs").kind());
        assertEquals(ActivationKind.LINEAR, ActivationCatalogue.parse("linear").kind());
    }

    @Test
    void rejectsUnknownNamesWithTheCatalogue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ActivationCatalogue.parse("softplus"));
        assertTrue(e.getMessage().contains("softplus") && e.getMessage().contains("clipped(a,b)"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ActivationCatalogue.parse("tanhh")).getMessage().endsWith("did you mean \"tanh\"?"));
        assertThrows(IllegalArgumentException.class, () -> ActivationCatalogue.parse("clipped(1)"));
        assertThrows(IllegalArgumentException.class, () -> ActivationCatalogue.parse("clipped(1,-2)"));
        assertThrows(IllegalArgumentException.class, () -> ActivationCatalogue.parse("tanh(y)"));
        assertThrows(IllegalArgumentException.class, () -> ActivationCatalogue.parse("relu(2x)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ActivationCatalogue.parse("tanh(0x)")).getMessage().contains("must not be 0"));
        assertThrows(IllegalArgumentException.class, () -> ActivationCatalogue.parse("clipped(0,2)"));
    }

    @Test
    void detailIsWhatASpecErrorAddsToItsCatalogue() {
        assertEquals("; did you mean \"tanh\"?", detail("tanhh"));
        assertEquals("; did you mean \"tanh\"?", detail("tnah"));        // two letters swapped: one edit
        assertEquals("", detail("softplus"));
        String zero = detail("tanh(0x)");
        assertTrue(zero.startsWith(" (activation 'tanh(0x)'") && zero.contains("must not be 0") && zero.endsWith(")"), zero);
        String arg = detail("tanh(y)");
        assertTrue(arg.contains("'y' must be c*x") && !arg.contains(ActivationCatalogue.ALLOWED), arg);
    }

    private static String detail(String text) {
        return assertThrows(ActivationCatalogue.InvalidActivation.class, () -> ActivationCatalogue.parse(text)).detail();
    }
}
