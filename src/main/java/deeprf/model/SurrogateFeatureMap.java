package deeprf.model;

import deeprf.backend.Backend;
import deeprf.backend.Matrix;
import deeprf.backend.NumericalException;
import deeprf.backend.NeuronActivations;
import deeprf.backend.Trans;
import deeprf.random.Philox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Gaussian-equivalent surrogate of a {@link Network} (THEORY.md §4): the same weights, every layer replaced by
 * s_ℓ = μ0 + μ1 ⊙ (W_ℓ s_{ℓ−1} − m_ℓ) + μ* ⊙ ξ_ℓ with fresh standard-normal noise ξ_ℓ from its own Philox stream.
 *
 * <p>Coefficients are per neuron (THEORY.md §4.3/§9.3 route): neuron i of layer ℓ sees the preactivation
 * u_i + b_i with u = W_ℓ s_{ℓ−1}, whose mean m_i = (W_ℓ E s_{ℓ−1})_i and variance q_i = (W_ℓ Cov s_{ℓ−1} W_ℓᵀ)_ii
 * are exact for the surrogate (a Gaussian linear system), so biases, mixtures and non-centred activations are
 * handled. Coefficients depend only on the weights and are computed once, at O(Σ k_ℓ² k_{ℓ−1}) cost.
 */
public final class SurrogateFeatureMap implements AutoCloseable {

    /** Per-neuron coefficients of one layer; {@code preactivationMean} is m_i (without the bias). */
    public record LayerCoefficients(double[] mu0, double[] mu1, double[] muStar, double[] preactivationMean, double[] preactivationVariance) {}

    private final Network net;
    private final List<LayerCoefficients> coefficients;
    private final long seed;
    private final Map<Long, Matrix[]> buffers = new HashMap<>();
    private double[] host = new double[0], noise = new double[0];

    private SurrogateFeatureMap(Network net, List<LayerCoefficients> coefficients, long seed) {
        this.net = net;
        this.coefficients = coefficients;
        this.seed = seed;
    }

    public List<LayerCoefficients> coefficients() { return coefficients; }

    /** Builds the surrogate of {@code net}, computing per-neuron coefficients with {@code rule}. */
    public static SurrogateFeatureMap of(Network net, LinearisationRule rule, long seed) {
        Backend be = net.backend();
        List<LayerCoefficients> out = new ArrayList<>();
        double[] meanPrev = new double[net.inputDim()];   // E z = 0
        Matrix covPrev = null;                             // null: Cov z = I
        Matrix am = null;                                  // W·Cov of this layer; closed in finally if a layer fails
        try {
            for (int l = 0; l < net.depth(); l++) {
                Network.Layer layer = net.layers().get(l);
                Matrix wf = net.forwardWeights(l);
                int k = layer.width(), kp = layer.fanIn();
                double[] w = be.download(wf);
                double[] a = w;
                if (covPrev != null) {
                    am = be.allocate(k, kp);
                    be.gemm(Trans.N, Trans.N, 1, wf, covPrev, 0, am);
                    a = be.download(am);
                }
                double[] mean = new double[k], q = new double[k];
                for (int j = 0; j < kp; j++) {
                    double mj = meanPrev[j];
                    int off = j * k;
                    for (int i = 0; i < k; i++) {
                        mean[i] += w[off + i] * mj;
                        q[i] += a[off + i] * w[off + i];
                    }
                }
                for (int i = 0; i < k; i++)
                    if (!Double.isFinite(q[i]) || !Double.isFinite(mean[i]))   // weight scales compound over layers
                        throw new NumericalException("Gaussian-equivalent surrogate: layer " + (l + 1) + "'s preactivations overflow (neuron "
                                + (i + 1) + ": mean " + mean[i] + ", variance " + q[i] + ")");
                    else if (!(q[i] > 0))                                        // and underflow (weight_scale 1e-200)
                        throw new NumericalException("Gaussian-equivalent surrogate: layer " + (l + 1) + "'s preactivation variance underflows to "
                                + q[i] + " (neuron " + (i + 1) + "): " + (l == 0 ? "the weights are too small for double precision"
                                : "the weights are too small for double precision, or layer " + l + "'s units are constant (dead relu, say)"));
                NeuronActivations plan = layer.activations();
                double[] mu0 = new double[k], mu1 = new double[k], ms = new double[k];
                for (int i = 0; i < k; i++) {
                    Linearisation c = rule.at(plan.activationOf(i), q[i], mean[i] + plan.biasOf(i));
                    mu0[i] = c.mu0();
                    mu1[i] = c.mu1();
                    ms[i] = c.muStar();
                }
                out.add(new LayerCoefficients(mu0, mu1, ms, mean, q));
                if (l + 1 < net.depth()) {
                    // Cov s_ℓ = D_μ1 (W C Wᵀ) D_μ1 + D_μ*²
                    Matrix c = be.allocate(k, k);
                    try {
                        if (am == null) be.gemm(Trans.N, Trans.T, 1, wf, wf, 0, c);
                        else be.gemm(Trans.N, Trans.T, 1, am, wf, 0, c);
                        double[] cc = be.download(c);
                        for (int j = 0; j < k; j++)
                            for (int i = 0; i < k; i++) cc[i + j * k] *= mu1[i] * mu1[j];
                        for (int i = 0; i < k; i++) cc[i + i * k] += ms[i] * ms[i];
                        be.upload(cc, c);
                    } catch (RuntimeException e) {
                        c.close();
                        throw e;
                    }
                    if (covPrev != null) covPrev.close();
                    covPrev = c;
                    meanPrev = mu0;
                }
                if (am != null) {
                    am.close();
                    am = null;
                }
            }
        } finally {
            if (am != null) am.close();
            if (covPrev != null) covPrev.close();
        }
        return new SurrogateFeatureMap(net, List.copyOf(out), seed);
    }

    /**
     * Outputs of every surrogate layer for the block z (d × b) whose first sample has global index
     * {@code firstSample}; the noise of layer ℓ is number (sample·k_ℓ + neuron) of stream
     * {@link LayerStreams#weights LayerStreams.weights(noiseStreamBase, ℓ)} (noiseStreamBase + ℓ up to layer 100),
     * so the result does not depend on the blocking.
     */
    public List<Matrix> forward(Matrix z, long firstSample, long noiseStreamBase) {
        Backend be = net.backend();
        int b = Math.toIntExact(z.cols());
        Matrix[] out = buffers.computeIfAbsent((long) b, cols -> {
            Matrix[] ms = new Matrix[net.depth()];
            for (int l = 0; l < ms.length; l++) ms[l] = be.allocate(net.layers().get(l).width(), cols);
            return ms;
        });
        Matrix h = z;
        for (int l = 0; l < net.depth(); l++) {
            int k = net.layers().get(l).width();
            be.gemm(Trans.N, Trans.N, 1, net.forwardWeights(l), h, 0, out[l]);
            int len = k * b;
            if (host.length < len) {
                host = new double[len];
                noise = new double[len];
            }
            double[] u = host.length == len ? host : new double[len];
            be.download(out[l], u);
            Philox.fillGaussian(seed, LayerStreams.weights(noiseStreamBase, l + 1), firstSample * k, 1.0, noise, 0, len);
            LayerCoefficients c = coefficients.get(l);
            double[] shift = new double[k];
            for (int i = 0; i < k; i++) shift[i] = c.mu0()[i] - c.mu1()[i] * c.preactivationMean()[i];
            for (int j = 0; j < b; j++) {
                int off = j * k;
                for (int i = 0; i < k; i++) u[off + i] = c.mu1()[i] * u[off + i] + shift[i] + c.muStar()[i] * noise[off + i];
            }
            be.upload(u, out[l]);
            h = out[l];
        }
        return List.of(out);
    }

    @Override
    public void close() {
        for (Matrix[] ms : buffers.values()) for (Matrix m : ms) m.close();
        buffers.clear();
    }
}
