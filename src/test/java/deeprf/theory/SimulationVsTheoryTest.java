package deeprf.theory;

import deeprf.backend.Activation;
import deeprf.backend.Backend;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.NeuronActivations;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;
import deeprf.backend.java.JavaBackend;
import deeprf.random.Philox;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Direct simulation of one-layer ReLU random-features ridge regression (features relu(Θx/√d), centred with the
 * training means, linear target of unit norm, τ² = 0.1) at d = 1000 (or -Ddeeprf.theory.simd) over 8 seeds, against
 * Mei–Montanari and against the conditional theory on each draw. Tolerance: 3 standard errors of the seed mean
 * (measured) plus the O(1/d) finite-size term 3/d relative.
 */
@Tag("slow")
class SimulationVsTheoryTest {

    @Test
    void reluRandomFeaturesAgreeWithMeiMontanari() {
        int d = Integer.getInteger("deeprf.theory.simd", 1000);
        double psi1 = 1.5, psi2 = 2.0, lamMM = 0.05, tau2 = 0.1;
        int nFeat = (int) (psi1 * d), n = (int) (psi2 * d), nTest = 2 * d, seeds = 8;
        double lam = psi1 * lamMM;
        double mm = MeiMontanari.of(Activation.RELU, psi1, psi2, lamMM).risk(1, 0, tau2);
        double[] sim = new double[seeds], cond = new double[seeds];
        NeuronActivations relu = NeuronActivations.uniform(Activation.RELU);
        try (Backend be = new JavaBackend(2)) {
            for (int s = 0; s < seeds; s++) {
                double[] beta = new double[d];
                double nb = 0;
                for (int j = 0; j < d; j++) { beta[j] = Philox.gaussian(s, 50, j); nb += beta[j] * beta[j]; }
                for (int j = 0; j < d; j++) beta[j] /= Math.sqrt(nb);
                try (Matrix theta = be.allocate(nFeat, d); Matrix x = be.allocate(d, n); Matrix f = be.allocate(nFeat, n);
                     Matrix gram = be.allocate(nFeat, nFeat); Matrix rhs = be.allocate(nFeat, 1); Matrix yv = be.allocate(n, 1);
                     Matrix xt = be.allocate(d, nTest); Matrix ft = be.allocate(nFeat, nTest); Matrix pred = be.allocate(1, nTest);
                     Matrix bm = be.upload(beta, d, 1); Matrix yt = be.allocate(1, nTest); Matrix ytr = be.allocate(1, n)) {
                    be.fillGaussian(theta, new GaussianStream(s, 1), 0, 1 / Math.sqrt(d));
                    be.fillGaussian(x, new GaussianStream(s, 2), 0, 1);
                    be.gemm(Trans.N, Trans.N, 1, theta, x, 0, f);
                    be.activate(f, relu);
                    // labels
                    be.gemm(Trans.T, Trans.N, 1, bm, x, 0, ytr);
                    double[] y = be.download(ytr);
                    double ym = 0;
                    for (int i = 0; i < n; i++) { y[i] += Math.sqrt(tau2) * Philox.gaussian(s, 3, i); ym += y[i] / n; }
                    for (int i = 0; i < n; i++) y[i] -= ym;
                    double[] mean = new double[nFeat];
                    be.rowSums(f, mean);
                    for (int i = 0; i < nFeat; i++) mean[i] /= n;
                    be.addToRows(f, mean, -1);
                    be.syrk(Uplo.LOWER, Trans.N, 1.0 / n, f, 0, gram);
                    double[] g = be.download(gram);
                    for (int i = 0; i < nFeat; i++) g[i + i * nFeat] += lam;
                    be.upload(g, gram);
                    be.upload(y, yv);
                    be.gemm(Trans.N, Trans.N, 1.0 / n, f, yv, 0, rhs);
                    be.posv(gram, rhs);
                    // test error against the clean target, features centred with the training means
                    be.fillGaussian(xt, new GaussianStream(s, 4), 0, 1);
                    be.gemm(Trans.N, Trans.N, 1, theta, xt, 0, ft);
                    be.activate(ft, relu);
                    be.addToRows(ft, mean, -1);
                    be.gemm(Trans.T, Trans.N, 1, rhs, ft, 0, pred);
                    be.gemm(Trans.T, Trans.N, 1, bm, xt, 0, yt);
                    double[] pr = be.download(pred), tr = be.download(yt);
                    double err = 0;
                    for (int i = 0; i < nTest; i++) err += Math.pow(pr[i] + ym - tr[i], 2) / nTest;
                    sim[s] = err;
                    try (ConditionalTheory t = ConditionalTheory.of("relu RF", be, ones(d), List.of(new ConditionalTheory.Layer(theta, relu)),
                            new ConditionalTheory.LinearTarget(beta, 0, tau2), ConditionalTheory.Route.PER_NEURON)) {
                        cond[s] = t.ridge().at(n, lam).testClean();
                    }
                }
            }
        }
        double ms = 0, mc = 0;
        for (int s = 0; s < seeds; s++) { ms += sim[s] / seeds; mc += cond[s] / seeds; }
        double v = 0, vd = 0;
        for (int s = 0; s < seeds; s++) { v += Math.pow(sim[s] - ms, 2); vd += Math.pow(sim[s] - cond[s] - (ms - mc), 2); }
        double se = Math.sqrt(v / (seeds - 1) / seeds), seDiff = Math.sqrt(vd / (seeds - 1) / seeds);
        System.out.printf("d=%d simulation %.5f ± %.5f, conditional theory %.5f, Mei–Montanari %.5f; sim − cond %.5f ± %.5f%n",
                d, ms, se, mc, mm, ms - mc, seDiff);
        assertEquals(mm, ms, 3 * se + 3.0 / d * mm, "simulation vs Mei–Montanari");
        assertEquals(mc, ms, 3 * seDiff + 3.0 / d * mm, "simulation vs conditional theory (paired by draw)");
    }

    static double[] ones(int d) {
        double[] v = new double[d];
        java.util.Arrays.fill(v, 1.0);
        return v;
    }
}
