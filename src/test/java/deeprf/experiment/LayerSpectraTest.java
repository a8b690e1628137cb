package deeprf.experiment;

import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.java.JavaBackend;
import deeprf.theory.LayerSpectrum;
import deeprf.theory.model.ModelTheory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer spectra: the per-layer figure of a run, and the empirical eigenvalue distribution of each layer's covariance
 * against the predicted law of THEORY.md §4.4 at the run's n (LayerSpectrum.sampled).
 */
class LayerSpectraTest {

    static final String SPEC = """
            title = "spectra"
            seeds = SEEDS
            [data]
            d = D
            n = N
            n_test = 50
            [teacher]
            kind = "linear"
            [[learner.layers]]
            width = K1
            activation = "tanh"
            [[learner.layers]]
            width = K2
            activation = "tanh"
            LAYER3
            [readout]
            lambdas = [1e-2]
            surrogate = false
            theory = false
            layer_spectra = true
            """;

    static ExperimentSpec spec(int seeds, int d, int n, int k1, int k2, String layer3) {
        return ExperimentSpec.parse(SPEC.replace("SEEDS", "" + seeds).replace("D", "" + d).replace("N", "" + n)
                .replace("K1", "" + k1).replace("K2", "" + k2).replace("LAYER3", layer3), "t");
    }

    @Test
    void runWritesOnePanelPerLayerAndSaysWhereThereIsNoTheory(@TempDir Path dir) throws Exception {
        // a third layer with a random bias has no weight-free spectrum: its panel says so, the others have one
        ExperimentSpec s = spec(1, 40, 200, 30, 20, """
                [[learner.layers]]
                width = 10
                activation = "tanh"
                bias = { distribution = "normal", std = 0.5 }
                """);
        try (Backend be = new JavaBackend(1)) {
            Experiment.Report r = new Experiment(s).run(be, dir, Progress.none());
            assertTrue(r.plots().contains(dir.resolve("layer_spectra.png")), r.plots().toString());
            assertTrue(Files.size(dir.resolve("layer_spectra.png")) > 1000);
            assertTrue(Files.readString(dir.resolve("layer_spectra.svg")).contains("<svg"));
        }
        PointSpec p = s.points().get(0);
        List<SpectraPlots.Panel> panels = SpectraPlots.panels(p, null);
        assertEquals(3, panels.size());
        assertTrue(panels.get(0).prediction().available());
        assertTrue(panels.get(1).prediction().available());
        assertFalse(panels.get(2).prediction().available());
        assertTrue(panels.get(2).prediction().unavailable().contains("bias"), panels.get(2).prediction().unavailable());
        // the npy files round-trip
        double[] ev = Npy.decode(Files.readAllBytes(dir.resolve("spectra/point0000_seed0_layer1.npy")));
        assertEquals(30, ev.length);
        // layer_spectra.csv: each layer's Kolmogorov distance to its law (the panel's note), or why there is none
        List<String> csv = Files.readAllLines(dir.resolve("layer_spectra.csv"));
        assertEquals("point,layer,draws,eigenvalues,ks_n_sample_law,ks_population_law,notes", csv.get(0));
        assertEquals(4, csv.size());
        double[] sorted = ev.clone();
        Arrays.sort(sorted);
        LayerSpectrum law = panels.get(0).prediction().sampled();
        List<String> layer1 = Csv.parse(csv.get(1));
        assertEquals(List.of("0", "1", "1", "30"), layer1.subList(0, 4));
        assertEquals(law.kolmogorovDistance(sorted, law.support(SpectraPlots.CURVE_POINTS)), Double.parseDouble(layer1.get(4)), 0);
        assertTrue(Double.parseDouble(layer1.get(4)) < Double.parseDouble(layer1.get(5)), "nearer the n-sample law than the population law at n/k = 6.7: " + layer1);
        List<String> layer3 = Csv.parse(csv.get(3));
        assertEquals(List.of("", ""), layer3.subList(4, 6));
        assertTrue(layer3.get(6).startsWith("no theory: ") && layer3.get(6).contains("bias"), layer3.get(6));
        assertTrue(layer1.get(6).startsWith("KS distance ") && layer1.get(6).contains("∫ρ = "), "the panel's notes in full: " + layer1.get(6));
    }

    @Test
    void npyRoundTrip() {
        double[] v = {0, -1.5, 3e-300, Double.MAX_VALUE, 42};
        assertArrayEquals(v, Npy.decode(Npy.encode(v)));
        assertThrows(IllegalArgumentException.class, () -> Npy.decode(new byte[]{1, 2, 3}));
    }

    /** sup_x |F_a(x) − F_b(x)| between two sorted samples, eigenvalues within rounding of 0 taken as 0 in both. */
    static double ks(double[] a, double[] b) {
        a = zeroed(a);
        b = zeroed(b);
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        double d = 0;
        for (double x : all) d = Math.max(d, Math.abs(ecdf(a, x) - ecdf(b, x)));
        return d;
    }

    /** A sorted copy with every value within length·ulp(max |v|) of 0 set to 0 (a rank-deficient covariance's zeros). */
    private static double[] zeroed(double[] v) {
        double tol = v.length * Math.ulp(Math.max(Math.abs(v[0]), Math.abs(v[v.length - 1])));
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) if (Math.abs(out[i]) <= tol) out[i] = 0;
        Arrays.sort(out);
        return out;
    }

    static double ecdf(double[] sorted, double x) {
        int i = Arrays.binarySearch(sorted, x);
        if (i < 0) i = -i - 1;
        else while (i < sorted.length && sorted[i] <= x) i++;
        return (double) i / sorted.length;
    }

    static double ksToLaw(double[] sorted, LayerSpectrum law) {
        return law.kolmogorovDistance(sorted, law.support(600));
    }

    /**
     * Kolmogorov distance between each layer's empirical eigenvalues and the predicted law, against a tolerance set by
     * the measured fluctuation: 3× the distance between the two draws' own spectra, plus 2/k (one eigenvalue is a
     * 1/k step; the predicted CDF's quadrature error is ~1e-3). The test also shows it can fail: the population law
     * without the n-sample Marchenko–Pastur step is off by more than the tolerance at n = 4k.
     */
    static void spectraAgree(int d, int n, int k1, int k2) {
        ExperimentSpec s = spec(2, d, n, k1, k2, "");
        PointSpec p = s.points().get(0);
        double[][][] ev = new double[2][][];
        try (Backend be = new JavaBackend(2)) {
            for (int seed = 0; seed < 2; seed++) {
                Trial.Outcome o = Trial.run(be, p, seed, null);
                ev[seed] = new double[][]{o.spectra().get("layer1"), o.spectra().get("layer2")};
            }
        }
        List<ModelTheory.LayerSpectrumPrediction> preds = ModelTheory.layerSpectra(d, p.data(), p.learner(), n);
        for (int l = 0; l < 2; l++) {
            int k = p.learner().get(l).width();
            double fluctuation = ks(ev[0][l], ev[1][l]);
            double tol = 3 * fluctuation + 2.0 / k;
            LayerSpectrum law = preds.get(l).sampled();
            for (int seed = 0; seed < 2; seed++) {
                double dist = ksToLaw(ev[seed][l], law);
                assertTrue(dist <= tol, "layer " + (l + 1) + " seed " + seed + ": KS distance " + dist + " > tolerance " + tol
                        + " (draw-to-draw " + fluctuation + ")");
            }
            double wrong = ksToLaw(ev[0][l], preds.get(l).population());
            assertTrue(wrong > tol, "layer " + (l + 1) + ": the population law (no sampling step) should be distinguishable, KS " + wrong + " <= " + tol);
        }
    }

    /**
     * A linear layer wider than its input: half its eigenvalues are 0, which the law holds as an atom and the draw
     * gives as ±1e-15 (half below 0). The distance counted them as missing from the atom: 0.25 for a layer that
     * follows its law; now within the draws' own fluctuation, as for the tanh layers.
     */
    @Test
    void anAtomAtZeroIsComparedWithTheEigenvaluesThatAreZero() {
        ExperimentSpec s = ExperimentSpec.parse(SPEC.replace("SEEDS", "2").replace("D", "40").replace("N", "400").replace("K1", "80")
                .replace("K2", "60").replace("LAYER3", "").replaceFirst("activation = \"tanh\"", "activation = \"linear\""), "t");
        PointSpec p = s.points().get(0);
        double[][] ev = new double[2][];
        try (Backend be = new JavaBackend(1)) {
            for (int seed = 0; seed < 2; seed++) ev[seed] = Trial.run(be, p, seed, null).spectra().get("layer1");
        }
        LayerSpectrum law = ModelTheory.layerSpectra(p.d(), p.data(), p.learner(), p.n()).get(0).sampled();
        assertEquals(0.5, law.atomMass(), 1e-12);
        assertEquals(0.0, law.atoms().get(0).location(), 0);
        double tol = 3 * ks(ev[0], ev[1]) + 2.0 / 80;
        for (int seed = 0; seed < 2; seed++) {
            long belowZero = java.util.Arrays.stream(ev[seed]).filter(v -> v < 0).count();
            assertTrue(belowZero > 0, "some zero eigenvalues come out negative: the case this test is for");
            double dist = ksToLaw(ev[seed], law);
            assertTrue(dist <= tol, "seed " + seed + ": KS distance " + dist + " > tolerance " + tol);
        }
    }

    @Test
    void empiricalSpectraFollowThePredictedLawAtModestSize() {
        spectraAgree(300, 1200, 300, 240);
    }

    @Test
    @Tag("slow")
    void empiricalSpectraFollowThePredictedLawAtD1000() {
        spectraAgree(1000, 8000, 1000, 800);
    }
}
