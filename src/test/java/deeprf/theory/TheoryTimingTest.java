package deeprf.theory;

import deeprf.backend.Activation;
import deeprf.backend.Backend;
import deeprf.backend.Backends;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.NeuronActivations;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Cost of the conditional theory of a two-layer tanh model (d = k1 = p, linear isotropic teacher) over a 50-point
 * λ grid: propagation (gemm), one p×p syevd, then O(p) per λ. Sizes from -Ddeeprf.theory.p (default 1000) and the
 * backend from -Ddeeprf.backend (default auto). Prints the timings; run with -Ddeeprf.slow=true.
 */
@Tag("slow")
class TheoryTimingTest {
    @Test
    void twoLayerTheoryOverFiftyLambdas() {
        int p = Integer.getInteger("deeprf.theory.p", 1000);
        String backendName = System.getProperty("deeprf.backend", "auto");
        try (Backend be = Backends.open(backendName); Matrix w1 = be.allocate(p, p); Matrix w2 = be.allocate(p, p)) {
            be.fillGaussian(w1, new GaussianStream(1, 1), 0, 1 / Math.sqrt(p));
            be.fillGaussian(w2, new GaussianStream(1, 2), 0, 1 / Math.sqrt(p));
            double[] sigma = new double[p];
            java.util.Arrays.fill(sigma, 1);
            NeuronActivations tanh = NeuronActivations.uniform(Activation.TANH);
            long t0 = System.nanoTime();
            try (ConditionalTheory t = ConditionalTheory.of("timing", be, sigma, List.of(
                    new ConditionalTheory.Layer(w1, tanh), new ConditionalTheory.Layer(w2, tanh)),
                    new ConditionalTheory.LinearTarget(null, 1, 0.1), ConditionalTheory.Route.PER_NEURON)) {
                long t1 = System.nanoTime();
                double[] lambdas = new double[50];
                for (int i = 0; i < 50; i++) lambdas[i] = Math.pow(10, -4 + 5.0 * i / 49);
                List<RidgeTheory.Point> pts = t.ridge().sweep(2.0 * p, lambdas);
                long t2 = System.nanoTime();
                for (RidgeTheory.Point pt : pts) assertTrue(Double.isFinite(pt.testNoisy()));
                System.out.printf("theory timing: backend=%s p=%d total=%.2fs (propagation+syevd %.2fs, 50 lambdas %.4fs)%n",
                        be.name(), p, (t2 - t0) / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
                // the syevd alone, for comparison with the eigh benchmark
                try (Matrix c = be.allocate(p, p)) {
                    be.copy(t.omega(), c);
                    long s0 = System.nanoTime();
                    be.syevd(c, new double[p], true);
                    System.out.printf("theory timing: syevd p=%d with vectors %.2fs%n", p, (System.nanoTime() - s0) / 1e9);
                }
            }
        }
    }
}
