package deeprf.structured;

import deeprf.backend.Backend;
import deeprf.backend.Backends;
import org.junit.jupiter.api.Test;
import java.util.List;

class ExploreTest {
    @Test
    void explore() {
        int n0 = Integer.getInteger("n0", 400);
        var m = new StructuredModel(n0, new Spectrum.PowerLaw(1.0),
                List.of(new Layer(0.5, new Spectrum.PowerLaw(1.0), Alignment.DATA), new Layer(0.7, new Spectrum.TwoLevel(0.2, 1.8, 0.5), Alignment.NONE), Layer.plain(1.5)),
                new Target.PowerLaw(1.0, false), 0.1, 0);
        var wf = new WeightFreeTheory(m);
        double[] alphas = {0.2, 0.45, 0.8, 2.0};
        double[] lambdas = {0, 1e-2};
        try (Backend be = Backends.open("java")) {
            for (long seed = 1; seed <= 3; seed++) {
                long t0 = System.nanoTime();
                try (var d = new StructuredDraw(be, m, seed)) {
                    for (var p : d.simulate(alphas, lambdas, 256))
                        System.out.printf("seed %d a=%.2f lam=%g %s sim=%.5f cond=%.5f wf=%.5f | train sim=%.5f cond=%.5f wf=%.5f%n", seed, p.alpha(), p.lambda(), p.status(),
                                p.simTestClean(), p.condTestClean(), wf.at(p.alpha(), p.lambda()).testClean(), p.simTrain(), p.condTrain(), wf.at(p.alpha(), p.lambda()).train());
                }
                System.out.printf("seed time %.2f s%n", (System.nanoTime() - t0) * 1e-9);
            }
        }
    }
}
