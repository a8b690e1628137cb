package deeprf.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import deeprf.backend.Activation;
import deeprf.model.ActivationCatalogue;
import deeprf.model.Num;
import deeprf.online.LearningRateScaling;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated spec of {@code kind = "online"}: online SGD of a random-feature student (THEORY.md §10), either
 * learning curves ε_g(α) ({@code mode = "curves"}, swept over N, K and η) or the best-readout error against width
 * ({@code mode = "width"}, swept over N and K/N). Example: examples/online-curves.toml, examples/online-width.toml.
 *
 * @param points one entry per sweep point, in a stable order (point ids are indices)
 */
public record OnlineSpec(String title, String mode, List<Long> seeds, Activation activation, int m, LearningRateScaling scaling,
                         double noise, int replicas, double alphaMax, int records, long mcSamples, List<Point> points,
                         ObjectNode raw) {
    public static final String CURVES = "curves", WIDTH = "width";

    /** One sweep point: input dimension, width, learning rate (NaN in width mode). */
    public record Point(int n, int k, double eta) {}

    public static OnlineSpec fromTree(ObjectNode tree) {
        SpecNode root = new SpecNode("", tree);
        root.allow("kind");
        String title = root.string("title", "", "a string");
        List<Long> seeds = ExperimentSpec.seeds(root);
        SpecNode o = root.table("online");
        if (o == null) throw root.missingTable("online", "a table with mode, n, k or k_over_n, m, activation, ... (see examples/online-curves.toml)");
        String mode = o.choice("mode", CURVES, List.of(CURVES, WIDTH));
        String actText = o.string("activation", "erf(x/sqrt2)", ActivationCatalogue.ALLOWED);
        Activation g;
        try {
            g = ActivationCatalogue.parse(actText);
        } catch (ActivationCatalogue.InvalidActivation e) {
            throw new SpecException("online.activation = \"" + actText + "\" is not allowed; allowed: " + ActivationCatalogue.ALLOWED + e.detail());
        }
        int m = (int) o.integer("m", 1, 100_000, 2L);
        List<Double> ns = o.distinctNumbers("n", 1, ExperimentSpec.MAX_DIM, false);
        String widthKey = o.oneOf("k", "k_over_n", "k (widths) or k_over_n (ratios K/N), an array of numbers");
        List<Double> widths = widthKey.equals("k") ? o.distinctNumbers("k", 1, ExperimentSpec.MAX_DIM, false)
                : o.distinctNumbers("k_over_n", 0, 1e6, true);
        long mc = o.integer("mc_samples", 1, 1L << 32, 20_000L);
        List<Double> etas;
        LearningRateScaling scaling = LearningRateScaling.N;
        double noise = 0, alphaMax = 1;
        int replicas = 1, records = 2;
        if (mode.equals(CURVES)) {
            etas = o.distinctNumbers("eta", 0, 1e6, true);
            scaling = LearningRateScaling.valueOf(o.choice("lr_scaling", "N", List.of("N", "K")));
            noise = o.number("noise", 0, 1e6, false, 0.0);
            replicas = (int) o.integer("replicas", 1, 1 << 16, 16L);
            alphaMax = o.number("alpha_max", 0, 1e6, true, null);
            records = (int) o.integer("records", 2, 10_000, 30L);
        } else {
            etas = List.of(Double.NaN);
            for (String curvesOnly : List.of("eta", "lr_scaling", "noise", "replicas", "alpha_max", "records"))
                if (o.has(curvesOnly))       // known keys, but width mode runs no SGD: say so, not "unknown key"
                    throw new SpecException("online." + curvesOnly + " is not used in mode = \"width\" (the best readout of each width, no SGD); allowed: remove it, or mode = \"curves\"");
        }
        o.finish();
        root.finish();
        List<Point> pts = new ArrayList<>();
        for (double n : ns) {
            if (n != Math.rint(n)) throw new SpecException("online.n = " + n + " is not allowed; allowed: integers >= 1");
            for (double w : widths) {
                long k = widthKey.equals("k") ? (long) w : Math.round(w * n);
                if (widthKey.equals("k") && w != Math.rint(w)) throw new SpecException("online.k = " + w + " is not allowed; allowed: integers >= 1");
                if (k < 1 || k > ExperimentSpec.MAX_DIM)
                    throw new SpecException("online.k_over_n = " + w + " gives K = " + k + " at N = " + (long) n + "; allowed: 1 <= K <= " + ExperimentSpec.MAX_DIM);
                for (double eta : etas) {
                    if (mode.equals(CURVES) && n * alphaMax > 1e12)
                        throw new SpecException("online.alpha_max = " + alphaMax + " at N = " + (long) n + " is " + n * alphaMax + " steps; allowed: at most 1e12");
                    pts.add(new Point((int) n, (int) k, eta));
                }
            }
        }
        // two k_over_n values that give the same K at every N are one value written twice (0.25 and 0.3 with N = [2]);
        // where they differ at some N (N = [2, 100]) the grid is what was meant, and runs
        if (widthKey.equals("k_over_n"))
            for (int i = 0; i < widths.size(); i++)
                for (int j = 0; j < i; j++) {
                    boolean everywhere = true;
                    for (double n : ns) everywhere &= Math.round(widths.get(i) * n) == Math.round(widths.get(j) * n);
                    if (everywhere)
                        throw new SpecException("online.k_over_n values " + Num.fmt(widths.get(j)) + " and " + Num.fmt(widths.get(i))
                                + " give the same K at every N (K = round(k_over_n·N)); allowed: values that give different K");
                }
        return new OnlineSpec(title, mode, List.copyOf(seeds), g, m, scaling, noise, replicas, alphaMax, records, mc, List.copyOf(pts), tree);
    }
}
