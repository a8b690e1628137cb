package deeprf.model;

import deeprf.backend.Backend;
import deeprf.backend.Matrix;
import deeprf.backend.Trans;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pushes blocks of standard-normal inputs z (d × b, one sample per column; x = Σ₀^{1/2} z) through a {@link Network}
 * on its backend: one GEMM and one in-place activation per layer. Keeps one set of per-layer buffers per block
 * width (in practice two: the full block and the tail), so memory is O(Σ k_ℓ · block), independent of n.
 */
public final class FeatureMap implements AutoCloseable {
    private final Network net;
    private final Map<Long, Matrix[]> buffers = new HashMap<>();

    public FeatureMap(Network net) { this.net = net; }

    public Network network() { return net; }

    /**
     * The outputs h_1..h_L of every layer for the block z (k_ℓ × b each, the last is the feature block Φ).
     * They belong to this map and are overwritten by the next call.
     */
    public List<Matrix> forward(Matrix z) {
        Backend be = net.backend();
        Matrix[] out = buffers(z.cols());
        Matrix h = z;
        for (int l = 0; l < net.depth(); l++) {
            be.gemm(Trans.N, Trans.N, 1, net.forwardWeights(l), h, 0, out[l]);
            be.activate(out[l], net.layers().get(l).activations());
            h = out[l];
        }
        return List.of(out);
    }

    Matrix[] buffers(long b) {
        return buffers.computeIfAbsent(b, cols -> {
            List<Matrix> list = new ArrayList<>();
            for (Network.Layer l : net.layers()) list.add(net.backend().allocate(l.width(), cols));
            return list.toArray(Matrix[]::new);
        });
    }

    @Override
    public void close() {
        for (Matrix[] ms : buffers.values()) for (Matrix m : ms) m.close();
        buffers.clear();
    }
}
