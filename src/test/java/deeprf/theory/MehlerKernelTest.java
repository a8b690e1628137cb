package deeprf.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MehlerKernelTest {

    /**
     * Against the closed-form kernels (erf, relu: a kink) and the 2-D quadrature (tanh, clipped), over random
     * variances and correlations on both sides of {@link MehlerKernel#MAX_CORRELATION}: the series to rounding.
     */
    @Test
    void agreesWithTheClosedFormsAndTheDirectQuadrature() {
        Random rnd = new Random(7);
        Activation[] acts = {new Activation(ActivationKind.ERF, 1 / Math.sqrt(2), 0), Activation.RELU, Activation.TANH,
                new Activation(ActivationKind.CLIPPED_LINEAR, 1.1, 2), Activation.of(ActivationKind.SIGMOID), Activation.of(ActivationKind.ABS)};
        for (Activation f : acts) {
            double[] q = new double[12];
            for (int i = 0; i < q.length; i++) q[i] = 0.3 + 2 * rnd.nextDouble();
            MehlerKernel mk = new MehlerKernel(f, q);
            for (int i = 0; i < q.length; i++) {
                assertEquals(GaussianEquivalence.moments(f, q[i], 0).mean(), mk.mean(i), 1e-13, f.label() + " mean");
                assertEquals(GaussianEquivalence.kernel(f, f, q[i], q[i], q[i]), mk.secondMoment(i), 1e-12, f.label() + " E f²");
                for (int j = 0; j < i; j++) {
                    double rho = (2 * rnd.nextDouble() - 1) * 0.6;          // some beyond 0.5: the direct route
                    double cov = rho * Math.sqrt(q[i] * q[j]);
                    double want = GaussianEquivalence.kernel(f, f, q[i], q[j], cov);
                    assertEquals(want, mk.at(i, mk, j, cov), 1e-11 * Math.max(1, Math.abs(want)), f.label() + " rho=" + rho);
                }
            }
        }
    }

    @Test
    void badVariancesAreRefused() {
        String m = assertThrows(IllegalArgumentException.class, () -> new MehlerKernel(Activation.TANH, new double[] {1, 0})).getMessage();
        assertEquals("MehlerKernel: variance 1 must be finite and > 0, got 0.0", m);
        assertTrue(assertThrows(NullPointerException.class, () -> new MehlerKernel(null, new double[] {1})).getMessage().contains("activation"));
    }
}
