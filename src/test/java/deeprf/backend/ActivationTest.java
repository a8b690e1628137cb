package deeprf.backend;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The reference definitions every backend reproduces, and the plan record that carries them to a kernel. */
class ActivationTest {

    @Test
    void referenceValues() {
        assertEquals(-3.0, new Activation(ActivationKind.LINEAR, 1.5, 0).apply(-2), 0.0);
        assertEquals(Math.tanh(1.4), new Activation(ActivationKind.TANH, 0.7, 0).apply(2), 0.0);
        assertEquals(Erf.erf(1 / Math.sqrt(2)), new Activation(ActivationKind.ERF, 1 / Math.sqrt(2), 0).apply(1), 0.0);
        Activation relu = Activation.RELU, abs = Activation.of(ActivationKind.ABS), sign = Activation.of(ActivationKind.SIGN);
        assertEquals(0.0, relu.apply(-3), 0.0);
        assertEquals(0.0, relu.apply(0), 0.0);
        assertEquals(2.5, relu.apply(2.5), 0.0);
        assertEquals(3.0, abs.apply(-3), 0.0);
        assertEquals(-1.0, sign.apply(-0.1), 0.0);
        assertEquals(0.0, sign.apply(0), 0.0);
        assertEquals(1.0, sign.apply(7), 0.0);
        Activation sig = Activation.of(ActivationKind.SIGMOID);
        assertEquals(0.5, sig.apply(0), 0.0);
        assertEquals(1 / (1 + Math.exp(-2)), sig.apply(2), 0.0);
        assertEquals(0.0, sig.apply(-800), 0.0);    // exp overflow gives 0, not NaN
        assertEquals(1.0, sig.apply(800), 0.0);
        Activation clip = new Activation(ActivationKind.CLIPPED_LINEAR, 2, 0.5);
        assertEquals(0.6, clip.apply(0.3), 1e-16);
        assertEquals(1.0, clip.apply(3), 0.0);
        assertEquals(-1.0, clip.apply(-3), 0.0);
        for (ActivationKind k : ActivationKind.values()) assertEquals(k, Activation.of(k).kind());
    }

    @Test
    void codesAreDistinctAndDense() {
        boolean[] seen = new boolean[ActivationKind.values().length];
        for (ActivationKind k : ActivationKind.values()) {
            assertFalse(seen[k.code()], "duplicate code " + k.code());
            seen[k.code()] = true;
        }
    }

    @Test
    void labels() {
        assertEquals("tanh", Activation.TANH.label());
        assertEquals("tanh(2x)", new Activation(ActivationKind.TANH, 2, 0).label());
        assertEquals("erf(x/sqrt2)", new Activation(ActivationKind.ERF, 1 / Math.sqrt(2), 0).label());
        assertEquals("relu", Activation.RELU.label());
        assertEquals("clipped(1,1)", Activation.of(ActivationKind.CLIPPED_LINEAR).label());
    }

    @Test
    void badParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Activation(null, 1, 0));
        // parameters the kind does not use were silently ignored (relu with a = 5 ran as relu)
        assertEquals("activation relu: takes no parameters (a = 0, b = 0), got a=5.0, b=0.0",
                assertThrows(IllegalArgumentException.class, () -> new Activation(ActivationKind.RELU, 5, 0)).getMessage());
        assertEquals("activation tanh: takes a scale a only (a = scale, b = 0), got a=1.0, b=2.0",
                assertThrows(IllegalArgumentException.class, () -> new Activation(ActivationKind.TANH, 1, 2)).getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Activation(ActivationKind.TANH, Double.NaN, 0));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        for (ActivationKind k : List.of(ActivationKind.TANH, ActivationKind.ERF, ActivationKind.LINEAR)) {   // tanh(0x): every feature 0
            String m = assertThrows(IllegalArgumentException.class, () -> new Activation(k, 0, 0)).getMessage();
            assertTrue(m.contains("the scale a must not be 0"), m);
        }
        e = assertThrows(IllegalArgumentException.class, () -> new Activation(ActivationKind.CLIPPED_LINEAR, 1, 0));
        assertTrue(e.getMessage().contains("clip"), e.getMessage());
    }

    @Test
    void planLooksUpChoiceAndBiasPerNeuron() {
        NeuronActivations plan = new NeuronActivations(List.of(Activation.RELU, Activation.TANH), new byte[]{1, 0, 1}, new double[]{0.5, -1, 2});
        assertEquals(3, plan.neurons());
        assertEquals(Activation.TANH, plan.activationOf(0));
        assertEquals(Activation.RELU, plan.activationOf(1));
        assertEquals(-1, plan.biasOf(1), 0.0);
        NeuronActivations uniform = NeuronActivations.uniform(Activation.TANH);
        assertEquals(-1, uniform.neurons());
        assertEquals(Activation.TANH, uniform.activationOf(41));
        assertEquals(0.0, uniform.biasOf(41), 0.0);
        assertEquals(plan, new NeuronActivations(List.of(Activation.RELU, Activation.TANH), new byte[]{1, 0, 1}, new double[]{0.5, -1, 2}));
        assertEquals(plan.hashCode(), new NeuronActivations(List.of(Activation.RELU, Activation.TANH), new byte[]{1, 0, 1}, new double[]{0.5, -1, 2}).hashCode());
        assertNotEquals(plan, uniform);
    }

    @Test
    void planIsImmutable() {
        byte[] choice = {0, 1};
        double[] bias = {1, 2};
        List<Activation> choices = new ArrayList<>(List.of(Activation.RELU, Activation.TANH));
        NeuronActivations plan = new NeuronActivations(choices, choice, bias);
        choice[0] = 9;       // would be out of range if the plan kept the caller's array
        bias[1] = Double.NaN;
        choices.clear();
        assertEquals(Activation.RELU, plan.activationOf(0));
        assertEquals(2.0, plan.biasOf(1), 0.0);
        plan.choiceOf()[1] = 0;
        plan.bias()[0] = 100;
        assertEquals(Activation.TANH, plan.activationOf(1));
        assertEquals(1.0, plan.biasOf(0), 0.0);
    }

    @Test
    void badPlansAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NeuronActivations(List.of(), null, null));
        assertThrows(IllegalArgumentException.class, () -> new NeuronActivations(null, null, null));
        List<Activation> withNull = new ArrayList<>();
        withNull.add(null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NeuronActivations(withNull, null, null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
        List<Activation> many = new ArrayList<>();
        for (int i = 0; i <= NeuronActivations.MAX_CHOICES; i++) many.add(new Activation(ActivationKind.LINEAR, i + 1, 0));
        e = assertThrows(IllegalArgumentException.class, () -> new NeuronActivations(many, null, null));
        assertTrue(e.getMessage().contains(Integer.toString(NeuronActivations.MAX_CHOICES)), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NeuronActivations(List.of(Activation.RELU), new byte[]{0, 1}, null));
        assertTrue(e.getMessage().contains("neuron 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NeuronActivations(List.of(Activation.RELU), new byte[]{-1}, null));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NeuronActivations(List.of(Activation.RELU), new byte[2], new double[3]));
        assertTrue(e.getMessage().contains("2") && e.getMessage().contains("3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NeuronActivations(List.of(Activation.RELU), null, new double[]{0, Double.POSITIVE_INFINITY}));
        assertTrue(e.getMessage().contains("neuron 1") && e.getMessage().contains("Infinity"), e.getMessage());
    }

    @Test
    void gaussianStreamIdsAreNonNegative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GaussianStream(0, -3));
        assertTrue(e.getMessage().contains("-3"), e.getMessage());
        assertEquals(new GaussianStream(-5, 0), new GaussianStream(-5, 0));
    }
}
