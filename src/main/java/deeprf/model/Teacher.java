package deeprf.model;

import deeprf.backend.Activation;
import deeprf.backend.Backend;
import deeprf.backend.Matrix;
import deeprf.backend.Trans;
import deeprf.random.Philox;

import java.util.List;

/**
 * The target function f*(x) of an experiment, drawn once per seed. Labels are y = f*(x) + τ·ε; the label noise is
 * added by the experiment, this class gives the clean f*. Inputs arrive as standard normals z (x = Σ₀^{1/2} z).
 */
public sealed interface Teacher extends AutoCloseable {

    /** Stream ids of the teacher's random objects (the network's layers use 1000 + ℓ, see {@link Network}). */
    long DIRECTION_STREAM = 900, READOUT_STREAM = 901, NETWORK_STREAM_BASE = 1000;

    /** out[j] ← f*(x_j) for the block z (d × b). */
    void targets(Matrix z, double[] out);

    /** The teacher network, or null for linear and single-index teachers. */
    default Network network() { return null; }

    String label();

    @Override
    void close();

    /** A vector of n standard normals (number 0..n−1 of the stream) rescaled to Euclidean norm {@code norm}. */
    static double[] direction(int n, double norm, long seed, long stream) {
        double[] v = new double[n];
        Philox.fillGaussian(seed, stream, 0, 1.0, v, 0, n);
        double s = 0;
        for (double x : v) s += x * x;
        double f = norm / Math.sqrt(s);
        for (int i = 0; i < n; i++) v[i] *= f;
        return v;
    }

    /** f*(x) = βᵀx with ‖β‖ = norm, β uniform on the sphere. */
    static Teacher linear(Backend be, int d, Spectrum sigma, double norm, long seed) {
        return new SingleIndex(be, d, sigma, norm, null, seed);
    }

    /** f*(x) = g(βᵀx) with ‖β‖ = norm. */
    static Teacher singleIndex(Backend be, int d, Spectrum sigma, double norm, Activation g, long seed) {
        return new SingleIndex(be, d, sigma, norm, g, seed);
    }

    /** f*(x) = θᵀ h_L*(x) for a network drawn from {@code layers}, with ‖θ‖ = norm. */
    static Teacher network(Backend be, int d, Spectrum sigma, List<LayerSpec> layers, double norm, long seed) {
        Network net = Network.sample(be, d, sigma, layers, seed, NETWORK_STREAM_BASE, null);
        try {
            return new NetworkTeacher(net, new FeatureMap(net), be.upload(direction(net.outputDim(), norm, seed, READOUT_STREAM), net.outputDim(), 1), norm);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** Linear (g = null) or single-index teacher; β is folded with Σ₀^{1/2} so that βᵀx = (Σ₀^{1/2}β)ᵀz. */
    final class SingleIndex implements Teacher {
        private final Backend be;
        private final Matrix beta;     // Σ₀^{1/2} β, d × 1
        private final Activation g;
        private final double norm;
        private final double[] direction;
        private Matrix out;

        SingleIndex(Backend be, int d, Spectrum sigma, double norm, Activation g, long seed) {
            this.be = be;
            this.g = g;
            this.norm = norm;
            this.direction = direction(d, norm, seed, DIRECTION_STREAM);
            double[] ev = sigma.eigenvalues(d);
            double[] folded = new double[d];
            for (int i = 0; i < d; i++) folded[i] = direction[i] * Math.sqrt(ev[i]);
            this.beta = be.upload(folded, d, 1);
        }

        /** β itself (in x coordinates), length d. */
        public double[] beta() { return direction.clone(); }

        public Activation function() { return g; }

        @Override
        public void targets(Matrix z, double[] dst) {
            long b = z.cols();
            if (out == null || out.cols() != b) {
                if (out != null) out.close();
                out = be.allocate(1, b);
            }
            be.gemm(Trans.T, Trans.N, 1, beta, z, 0, out);
            be.download(out, dst);
            if (g != null) for (int j = 0; j < dst.length; j++) dst[j] = g.apply(dst[j]);
        }

        @Override
        public String label() { return (g == null ? "linear" : "single_index(" + g.label() + ")") + ",norm=" + Num.fmt(norm); }

        @Override
        public void close() {
            beta.close();
            if (out != null) out.close();
        }
    }

    /** θᵀ h_L*(x) for a random teacher network. */
    final class NetworkTeacher implements Teacher {
        private final Network net;
        private final FeatureMap map;
        private final Matrix theta;
        private final double norm;
        private Matrix out;

        NetworkTeacher(Network net, FeatureMap map, Matrix theta, double norm) {
            this.net = net;
            this.map = map;
            this.theta = theta;
            this.norm = norm;
        }

        @Override public Network network() { return net; }

        /** The readout θ (length k_L*), downloaded. */
        public double[] readout() { return net.backend().download(theta); }

        @Override
        public void targets(Matrix z, double[] dst) {
            Backend be = net.backend();
            List<Matrix> hs = map.forward(z);
            long b = z.cols();
            if (out == null || out.cols() != b) {
                if (out != null) out.close();
                out = be.allocate(1, b);
            }
            be.gemm(Trans.T, Trans.N, 1, theta, hs.get(hs.size() - 1), 0, out);
            be.download(out, dst);
        }

        @Override
        public String label() {
            StringBuilder sb = new StringBuilder("network(");
            for (int l = 0; l < net.depth(); l++)
                sb.append(l > 0 ? ";" : "").append(net.layers().get(l).width()).append(':').append(net.layers().get(l).spec().activationLabel());
            return sb.append("),norm=").append(Num.fmt(norm)).toString();
        }

        @Override
        public void close() {
            map.close();
            theta.close();
            if (out != null) out.close();
            net.close();
        }
    }
}
