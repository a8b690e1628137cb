package deeprf.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deeprf.backend.Activation;
import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.Backends;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LayerStreamsTest {

    /** The experiment kinds' network bases (teacher, learner, surrogate train / test noise) and fixed streams. */
    private static final long[] BASES = {1000, 2000, 3000, 3100};
    private static final long[] FIXED = {1, 2, 3, 900, 901};

    @Test
    void shallowLayersKeepTheirHistoricalStreams() {
        assertEquals(2001, LayerStreams.weights(2000, 1));
        assertEquals(2101, LayerStreams.biases(2000, 1));
        assertEquals(2299, LayerStreams.mixture(2000, 99));
        assertEquals(3099, LayerStreams.weights(3000, 99));
        // layer 100 was collision-free in that layout too: its results keep their bits
        assertEquals(2100, LayerStreams.weights(2000, 100));
        assertEquals(2300, LayerStreams.mixture(2000, 100));
        assertTrue(LayerStreams.weights(2000, 101) > 1L << 40);
    }

    @Test
    void noTwoRandomObjectsShareAStreamAtAnyAllowedDepth() {
        Set<Long> seen = new HashSet<>();
        for (long f : FIXED) seen.add(f);
        for (long base : BASES)
            for (int l = 1; l <= LayerStreams.MAX_LAYER; l++) {
                assertTrue(seen.add(LayerStreams.weights(base, l)), "weights of layer " + l + " at base " + base);
                if (base >= 3000) continue;                       // surrogate noise has one stream per layer
                assertTrue(seen.add(LayerStreams.biases(base, l)), "biases of layer " + l + " at base " + base);
                assertTrue(seen.add(LayerStreams.mixture(base, l)), "mixture of layer " + l + " at base " + base);
            }
        assertTrue(LayerStreams.MAX_LAYER >= 1000, "the spec allows depth 1000");
    }

    @Test
    void layerIndexAndBaseOutsideTheLayoutAreRefused() {
        String m = assertThrows(IllegalArgumentException.class, () -> LayerStreams.weights(2000, 0)).getMessage();
        assertTrue(m.contains("layer index") && m.contains("got 0"), m);
        m = assertThrows(IllegalArgumentException.class, () -> LayerStreams.biases(2000, LayerStreams.MAX_LAYER + 1)).getMessage();
        assertTrue(m.contains("got " + (LayerStreams.MAX_LAYER + 1)), m);
        m = assertThrows(IllegalArgumentException.class, () -> LayerStreams.mixture(-1, 1)).getMessage();
        assertTrue(m.contains("stream base") && m.contains("got -1"), m);
    }

    /** Before the deep region, layer 101's weights were drawn from layer 1's bias stream (base + 101): equal numbers. */
    @Test
    void layer101sWeightsAreNotLayer1sBiases() {
        int k = 5;
        List<LayerSpec> ls = new ArrayList<>();
        ls.add(new LayerSpec(k, 1, List.of(new MixtureComponent(Activation.TANH, 1)), new BiasDistribution.Normal(0, 1), null));
        for (int i = 1; i < 101; i++) ls.add(LayerSpec.plain(k, Activation.TANH));
        try (Backend be = Backends.open("java", BackendOptions.threads(1));
             Network net = Network.sample(be, k, new Spectrum.Identity(), ls, 0, 2000, null)) {
            double[] bias = net.layers().get(0).activations().bias();
            double[] w = be.download(net.layers().get(100).weights());
            double[] column0 = new double[k];
            for (int i = 0; i < k; i++) column0[i] = w[i] * Math.sqrt(k);   // weights are N(0, 1/fan-in)
            assertEquals(k, bias.length);
            for (int i = 0; i < k; i++) assertFalse(Math.abs(column0[i] - bias[i]) < 1e-12, "neuron " + i + ": the same number");
            // and layer 2 (historical layout) still draws base + 2
            double[] w2 = be.download(net.layers().get(1).weights());
            double[] expect = new double[k * k];
            deeprf.random.Philox.fillGaussian(0, 2002, 0, 1 / Math.sqrt(k), expect, 0, k * k);
            assertArrayEquals(expect, w2, 0);
        }
    }
}
