package deeprf.theory;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MeiMontanariTest {
    static final Activation RELU = Activation.RELU, TANH = Activation.TANH, ERF = Activation.of(ActivationKind.ERF);

    private static void oracle(Activation f, double psi1, double psi2, double lambda, double b, double v) {
        MeiMontanari.Result r = MeiMontanari.of(f, psi1, psi2, lambda);
        String at = f.label() + " psi1=" + psi1 + " psi2=" + psi2 + " lambda=" + lambda;
        assertEquals(b, r.bias(), 1e-5, at + " B");
        assertEquals(v, r.variance(), 1e-5, at + " V");
    }

    @Test
    void reluOracleTable() {
        double[][] rows = {
                {0.5, 2.0, 0.1, 0.822601, 0.200179, 0.842619},
                {2.0, 0.5, 0.1, 0.766151, 0.355528, 0.801703},
                {1.5, 3.0, 1e-3, 0.599396, 0.934694, 0.692865},
                {3.0, 3.0, 0.01, 0.282620, 0.795266, 0.362147},
                {1.0, 1.0, 0.1, 0.786385, 0.470338, 0.833419},
                {2.0, 1.0, 1e-4, 0.735333, 1.432868, 0.878620}};
        for (double[] r : rows) {
            oracle(RELU, r[0], r[1], r[2], r[3], r[4]);
            assertEquals(r[5], MeiMontanari.of(RELU, r[0], r[1], r[2]).risk(1, 0, 0.1), 1e-5);
        }
        assertEquals(1.658896, MeiMontanari.of(RELU, 1, 1, 0.1).zeta(), 1e-6);
    }

    @Test
    void ridgelessRows() {
        oracle(RELU, 0.5, 2.0, 0, 0.899971, 1.0 / 3);
        oracle(RELU, 2.0, 0.5, 0, 0.802631, 0.601208);
        oracle(RELU, 1.5, 3.0, 0, 0.619504, 1);
        // the closed-form ridgeless χ is the limit of the iteration
        for (double[] p : new double[][]{{0.5, 2}, {2, 0.5}, {1.5, 3}}) {
            MeiMontanari.Result z = MeiMontanari.of(RELU, p[0], p[1], 0), e = MeiMontanari.of(RELU, p[0], p[1], 1e-10);
            assertEquals(z.chi(), e.chi(), 1e-4);
            assertEquals(z.bias(), e.bias(), 1e-4);
        }
        // under-parametrised ridgeless: V = ψ1/(ψ2 − ψ1)
        assertEquals(0.5 / 1.5, MeiMontanari.of(TANH, 0.5, 2, 0).variance(), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, MeiMontanari.of(RELU, 2, 2, 0).variance());
    }

    @Test
    void tanhAndErfOracleTables() {
        assertEquals(3.658178, MeiMontanari.of(TANH, 1, 1, 1).zeta(), 1e-6);
        oracle(TANH, 0.5, 2, 0.1, 0.693721, 0.199145);
        oracle(TANH, 2, 0.5, 0.1, 0.669992, 0.516686);
        oracle(TANH, 3, 3, 0.01, 0.064691, 0.540445);
        oracle(TANH, 2, 1, 1e-4, 0.373156, 2.361900);
        assertEquals(3.251427, MeiMontanari.of(ERF, 1, 1, 1).zeta(), 1e-6);
        oracle(ERF, 0.5, 2, 0.1, 0.709602, 0.212528);
        oracle(ERF, 2, 0.5, 0.1, 0.679057, 0.535445);
        oracle(ERF, 3, 3, 0.01, 0.080905, 0.618731);
        oracle(ERF, 2, 1, 1e-4, 0.415153, 2.170642);
    }

    @Test
    void largeRidgeLimit() {
        for (Activation f : new Activation[]{RELU, TANH}) {
            MeiMontanari.Result r = MeiMontanari.of(f, 1.3, 2.2, 1e8);
            assertEquals(1, r.bias(), 1e-6);
            assertEquals(0, r.variance(), 1e-6);
            assertEquals(1.25, r.risk(1, 0.25, 0.3), 1e-6);
        }
    }

    @Test
    void badInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeiMontanari.of(Activation.LINEAR, 1, 1, 0.1));
        assertTrue(e.getMessage().contains("linear") && e.getMessage().contains("RidgeTheory"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MeiMontanari.of(RELU, 0, 1, 0.1));
        assertTrue(e.getMessage().contains("psi1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MeiMontanari.of(RELU, 1, -1, 0.1));
        assertTrue(e.getMessage().contains("psi2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MeiMontanari.of(RELU, 1, 1, -0.1));
        assertTrue(e.getMessage().contains("lambda"), e.getMessage());
    }
}
