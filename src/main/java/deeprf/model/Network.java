package deeprf.model;

import deeprf.backend.Activation;
import deeprf.backend.Backend;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.NeuronActivations;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;
import deeprf.random.Philox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One draw of a layered random network x ↦ h_L, h_ℓ = f_ℓ(W_ℓ h_{ℓ−1} + b_ℓ), h_0 = x ∈ R^d, x ~ N(0, Σ₀).
 *
 * <p>For the theory side: {@link Layer#weights()} is the actual W_ℓ (k_ℓ × k_{ℓ−1}, column-major on the backend; no
 * further 1/√fan-in factor is applied in the forward pass), {@link Layer#activations()} the per-neuron activations
 * and biases, {@link #dataCovariance()} the diagonal of Σ₀. The network owns its matrices; close it when done.
 *
 * <p>Randomness: every random object has its own Philox stream ({@link LayerStreams}: up to layer 100,
 * {@code streamBase + ℓ} for the Gaussian part of W_ℓ, {@code streamBase + 100 + ℓ} for the biases and
 * {@code streamBase + 200 + ℓ} for the mixture assignment), so layer ℓ of a given seed is the same whatever the depth
 * or the sample size, and no two random objects share a stream.
 */
public final class Network implements AutoCloseable {

    /**
     * One sampled layer.
     *
     * @param fanIn       k_{ℓ−1}
     * @param width       k_ℓ
     * @param weights     W_ℓ, k_ℓ × k_{ℓ−1}, owned by the network
     * @param activations per-neuron activation choice and bias
     * @param spec        what it was drawn from
     */
    public record Layer(int fanIn, int width, Matrix weights, NeuronActivations activations, LayerSpec spec) {}

    private final Backend backend;
    private final int inputDim;
    private final double[] dataCovariance;
    private final List<Layer> layers;
    private final Matrix firstInputWeights;   // W_1·Σ₀^{1/2}: the forward pass draws z ~ N(0, I) and never forms x

    private Network(Backend backend, int inputDim, double[] dataCovariance, List<Layer> layers, Matrix firstInputWeights) {
        this.backend = backend;
        this.inputDim = inputDim;
        this.dataCovariance = dataCovariance;
        this.layers = Collections.unmodifiableList(layers);
        this.firstInputWeights = firstInputWeights;
    }

    public Backend backend() { return backend; }

    /** d, the input dimension. */
    public int inputDim() { return inputDim; }

    /** Diagonal of Σ₀ (the data covariance), length d. */
    public double[] dataCovariance() { return dataCovariance.clone(); }

    public List<Layer> layers() { return layers; }

    public int depth() { return layers.size(); }

    /** Width of the last layer (the number of features p); d for a network without layers. */
    public int outputDim() { return layers.isEmpty() ? inputDim : layers.get(layers.size() - 1).width(); }

    /**
     * The matrix that multiplies the previous layer's output in the forward pass when the input is standard normal
     * z (x = Σ₀^{1/2} z): W_1·Σ₀^{1/2} for layer 1, W_ℓ otherwise. Owned by the network.
     */
    public Matrix forwardWeights(int layerIndex) {
        return layerIndex == 0 ? firstInputWeights : layers.get(layerIndex).weights();
    }

    /**
     * Draws a network.
     *
     * @param teacher the teacher network, needed only by {@link WeightStructure.TeacherCorrelated} layers (else null)
     */
    public static Network sample(Backend be, int d, Spectrum dataCovariance, List<LayerSpec> specs, long seed,
                                 long streamBase, Network teacher) {
        if (d < 1) throw new IllegalArgumentException("Network.sample: input dimension d must be >= 1, got " + d);
        java.util.Objects.requireNonNull(dataCovariance, "Network.sample: dataCovariance must not be null (Spectrum.Identity for Σ₀ = I)");
        java.util.Objects.requireNonNull(specs, "Network.sample: specs must not be null");
        double[] sigma = dataCovariance.eigenvalues(d);
        List<Layer> layers = new ArrayList<>();
        List<Matrix> owned = new ArrayList<>();
        try {
            int fanIn = d;
            for (int l = 0; l < specs.size(); l++) {
                LayerSpec s = specs.get(l);
                Matrix w = drawWeights(be, s, l, fanIn, layers, seed, streamBase, teacher);
                owned.add(w);
                NeuronActivations plan = activations(s, seed, LayerStreams.biases(streamBase, l + 1), LayerStreams.mixture(streamBase, l + 1));
                layers.add(new Layer(fanIn, s.width(), w, plan, s));
                fanIn = s.width();
            }
            Matrix first = null;
            if (!layers.isEmpty()) {
                first = layers.get(0).weights();
                if (!dataCovariance.isIdentity()) {
                    double[] sq = new double[d];
                    for (int j = 0; j < d; j++) sq[j] = Math.sqrt(sigma[j]);
                    first = scaleColumns(be, first, sq);
                    owned.add(first);
                }
            }
            return new Network(be, d, sigma, layers, first);
        } catch (RuntimeException e) {
            for (Matrix m : owned) m.close();
            throw e;
        }
    }

    private static Matrix drawWeights(Backend be, LayerSpec s, int l, int fanIn, List<Layer> earlier, long seed,
                                      long streamBase, Network teacher) {
        int k = s.width();
        String where = "layer " + (l + 1);
        double std = s.weightScale() / Math.sqrt(fanIn);
        GaussianStream zStream = new GaussianStream(seed, LayerStreams.weights(streamBase, l + 1));
        switch (s.weights()) {
            case WeightStructure.Iid iid -> {
                Matrix w = be.allocate(k, fanIn);
                be.fillGaussian(w, zStream, 0, std);
                return w;
            }
            case WeightStructure.RowCovariance rc -> {
                try (Matrix z = be.allocate(k, fanIn)) {
                    be.fillGaussian(z, zStream, 0, std);
                    return scaleColumns(be, z, sqrt(rc.covariance().eigenvalues(fanIn)));
                }
            }
            case WeightStructure.TeacherCorrelated tc -> {
                if (teacher == null || teacher.depth() <= l)
                    throw new IllegalArgumentException(where + ": teacher_correlated weights need a teacher network with a layer " + (l + 1));
                Matrix ws = teacher.layers().get(l).weights();
                if (ws.rows() != k || ws.cols() != fanIn)
                    throw new IllegalArgumentException(where + ": teacher_correlated weights need the teacher's layer " + (l + 1) + " to have the same shape, "
                            + k + "x" + fanIn + ", but it is " + ws.shape());
                Matrix w;
                try (Matrix z = be.allocate(k, fanIn)) {
                    be.fillGaussian(z, zStream, 0, std);
                    w = scaleColumns(be, z, sqrt(tc.covariance().eigenvalues(fanIn)));
                }
                be.scale(tc.a(), w);
                be.axpy(tc.b(), ws, w);
                return w;
            }
            case WeightStructure.Tied t -> {
                Matrix src = earlierWeights(earlier, t.layer(), l, where, "tied");
                if (src.rows() != k || src.cols() != fanIn)
                    throw new IllegalArgumentException(where + ": tied to layer " + t.layer() + " whose weights are " + src.shape() + " but this layer needs " + k + "x" + fanIn);
                Matrix w = be.allocate(k, fanIn);
                be.copy(src, w);
                return w;
            }
            case WeightStructure.InverseGram ig -> {
                Matrix src = earlierWeights(earlier, ig.layer(), l, where, "inverse_gram");
                if (src.rows() != fanIn)
                    throw new IllegalArgumentException(where + ": inverse_gram of layer " + ig.layer() + " gives a " + src.rows() + "x" + src.rows()
                            + " covariance but this layer's fan-in is " + fanIn);
                try (Matrix root = inverseGramRoot(be, src, ig.shift()); Matrix z = be.allocate(k, fanIn)) {
                    be.fillGaussian(z, zStream, 0, std);
                    Matrix w = be.allocate(k, fanIn);
                    be.gemm(Trans.N, Trans.N, 1, z, root, 0, w);
                    return w;
                }
            }
        }
    }

    private static Matrix earlierWeights(List<Layer> earlier, int ref, int l, String where, String kind) {
        if (ref > l) throw new IllegalArgumentException(where + ": " + kind + " refers to layer " + ref + ", which is not an earlier layer");
        return earlier.get(ref - 1).weights();
    }

    /** (W Wᵀ + shift·I)^{-1/2}, symmetric, from one eigendecomposition. */
    static Matrix inverseGramRoot(Backend be, Matrix w, double shift) {
        int m = Math.toIntExact(w.rows());
        try (Matrix g = be.allocate(m, m)) {
            be.syrk(Uplo.LOWER, Trans.N, 1, w, 0, g);
            double[] a = be.download(g);
            for (int i = 0; i < m; i++) a[i + i * m] += shift;
            be.upload(a, g);
            double[] ev = new double[m];
            be.syevd(g, ev, true);
            double[] f = new double[m];
            for (int i = 0; i < m; i++) {
                if (!(ev[i] > 0)) throw new deeprf.backend.NumericalException("inverse_gram: W Wᵀ + shift·I has eigenvalue " + ev[i] + " <= 0");
                f[i] = Math.pow(ev[i], -0.25);
            }
            try (Matrix v = scaleColumns(be, g, f)) {
                Matrix root = be.allocate(m, m);
                be.syrk(Uplo.LOWER, Trans.N, 1, v, 0, root);
                be.symmetrize(Uplo.LOWER, root);
                return root;
            }
        }
    }

    /** A new matrix equal to m with column j multiplied by f[j] (host round trip; weights are drawn once per trial). */
    static Matrix scaleColumns(Backend be, Matrix m, double[] f) {
        int rows = Math.toIntExact(m.rows()), cols = Math.toIntExact(m.cols());
        double[] a = be.download(m);
        for (int j = 0; j < cols; j++) {
            double s = f[j];
            int off = j * rows;
            for (int i = 0; i < rows; i++) a[off + i] *= s;
        }
        return be.upload(a, rows, cols);
    }

    private static double[] sqrt(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Math.sqrt(v[i]);
        return r;
    }

    /** The per-neuron plan: mixture components assigned to exact neuron counts in a random order, plus biases. */
    static NeuronActivations activations(LayerSpec s, long seed, long biasStream, long mixStream) {
        int k = s.width();
        double[] bias = s.bias().sample(k, seed, biasStream);
        List<Activation> choices = new ArrayList<>();
        for (MixtureComponent c : s.mixture()) choices.add(c.activation());
        if (choices.size() == 1) return new NeuronActivations(choices, null, bias);
        // Largest-remainder counts (LayerSpec.neuronCounts), then a Fisher–Yates shuffle driven by the counter-based generator.
        int m = choices.size();
        int[] count = s.neuronCounts();
        byte[] choice = new byte[k];
        int pos = 0;
        for (int c = 0; c < m; c++) for (int i = 0; i < count[c]; i++) choice[pos++] = (byte) c;
        for (int i = k - 1; i > 0; i--) {
            int j = (int) Math.floor(Philox.uniform(seed, mixStream, i) * (i + 1));
            byte t = choice[i];
            choice[i] = choice[j];
            choice[j] = t;
        }
        return new NeuronActivations(choices, choice, bias);
    }

    @Override
    public void close() {
        if (firstInputWeights != null) firstInputWeights.close();
        for (Layer l : layers) l.weights().close();
    }
}
