package deeprf.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import deeprf.backend.Activation;
import deeprf.model.ActivationCatalogue;
import deeprf.model.Num;
import deeprf.online.LearningRateScaling;
import deeprf.online.StudentTeacherMoments;

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

    /**
     * Whether the moments are Monte Carlo estimates: only where the spec asks for them (mc_samples) and the activation
     * has no closed-form kernel; otherwise they are exact (closed form, or quadrature by Mehler's expansion).
     */
    public boolean monteCarlo() {
        return mcSamples > 0 && !StudentTeacherMoments.hasClosedFormKernel(activation);
    }

    /**
     * The note every row of a Monte Carlo run carries, empty otherwise: moments estimated from S samples read ε∞ (the
     * best readout's error, an in-sample least-squares fit over K features) low by about K/S (tanh, N = 50, K = 400:
     * 0.0151 / 0.0214 / 0.0231 at S = 1000 / 4000 / 20000 against 0.0233 exact), a bias said, not silent.
     */
    public String monteCarloNote(Point p) {
        if (!monteCarlo()) return "";
        return "Monte Carlo moments from mc_samples = " + mcSamples + " for K = " + p.k() + ": eps_inf and the theory near it read low by about K/mc_samples = "
                + Num.fmt(Math.round(1000.0 * p.k() / mcSamples) / 10.0) + " % (leave mc_samples out for the exact moments)";
    }

    /** Defaults of the online table's optional keys (the learning-curve ones apply in mode = "curves" only). */
    private static final String DEFAULT_ACTIVATION = "erf(x/sqrt2)", DEFAULT_SCALING = "N";
    private static final long DEFAULT_M = 2, DEFAULT_REPLICAS = 16, DEFAULT_RECORDS = 30;
    private static final double DEFAULT_NOISE = 0;

    /**
     * A copy of a spec tree with the defaults it takes written out and names in their listed spelling, so that a rerun
     * whose spec writes a default (mode = "curves", m = 2) is the same spec as one that leaves it out, and a different
     * one is named by the key that differs (the folder rule, {@link OutputFolder#claim}). mc_samples left out (exact
     * moments) stays left out. A tree that does not parse is returned as it is.
     */
    static ObjectNode withDefaults(ObjectNode tree) {
        return SpecNode.Resolved.writtenOut(tree, (t, resolved) -> fromTree(t, resolved));
    }

    public static OnlineSpec fromTree(ObjectNode tree) {
        java.util.Objects.requireNonNull(tree, "OnlineSpec.fromTree: the spec tree must not be null");
        return fromTree(tree, null);
    }

    private static OnlineSpec fromTree(ObjectNode tree, SpecNode.Resolved resolved) {
        SpecNode root = new SpecNode("", tree, resolved);
        root.allow("kind");
        String title = root.string("title", "", "a string");
        List<Long> seeds = ExperimentSpec.seeds(root);
        SpecNode o = root.table("online");
        if (o == null) throw root.missingTable("online", "a table with mode, n, k or k_over_n, m, activation, ... (see examples/online-curves.toml)");
        String mode = o.choice("mode", CURVES, List.of(CURVES, WIDTH));
        boolean actWritten = o.has("activation");
        String actText = actWritten ? o.string("activation", null, ActivationCatalogue.ALLOWED) : DEFAULT_ACTIVATION;
        Activation g;
        try {
            g = ActivationCatalogue.parse(actText);
        } catch (ActivationCatalogue.InvalidActivation e) {
            throw new SpecException("online.activation = \"" + actText + "\" is not allowed; allowed: " + ActivationCatalogue.ALLOWED + e.detail());
        }
        if (actWritten) o.readAs("activation", g.label());      // read by meaning: "Erf(x/sqrt2)" is the default
        else o.tookDefault("activation", com.fasterxml.jackson.databind.node.TextNode.valueOf(g.label()));
        int m = (int) o.integer("m", 1, 100_000, DEFAULT_M);
        List<Double> ns = o.distinctNumbers("n", 1, ExperimentSpec.MAX_DIM, false);
        String widthKey = o.oneOf("k", "k_over_n", "k (widths) or k_over_n (ratios K/N), an array of numbers");
        List<Double> widths = widthKey.equals("k") ? o.distinctNumbers("k", 1, ExperimentSpec.MAX_DIM, false)
                : o.distinctNumbers("k_over_n", 0, 1e6, true);
        long mc = o.integer("mc_samples", 1, 1L << 32, 0L);       // 0 (left out): exact moments
        List<Double> etas;
        LearningRateScaling scaling = LearningRateScaling.N;
        double noise = 0, alphaMax = 1;
        int replicas = 1, records = 2;
        if (mode.equals(CURVES)) {
            etas = o.distinctNumbers("eta", 0, 1e6, true);
            scaling = LearningRateScaling.valueOf(o.choice("lr_scaling", DEFAULT_SCALING, List.of("N", "K")));
            noise = o.number("noise", 0, 1e6, false, DEFAULT_NOISE);
            replicas = (int) o.integer("replicas", 1, 1 << 16, DEFAULT_REPLICAS);
            alphaMax = o.number("alpha_max", 0, 1e6, true, null);
            records = (int) o.integer("records", 2, 10_000, DEFAULT_RECORDS);
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
                // S ≤ K Monte Carlo samples fit any target with K features: ε∞ would read 0 (mc_samples = 1 gave 4e-17)
                if (mc > 0 && mc <= k && !StudentTeacherMoments.hasClosedFormKernel(g))
                    throw new SpecException("online.mc_samples = " + mc + " is not allowed at K = " + k + "; allowed: more than K (Monte Carlo moments read ε∞ low by"
                            + " about K/mc_samples; leave mc_samples out for the exact moments)");
                for (double eta : etas) {
                    if (mode.equals(CURVES) && n * alphaMax > 1e12)
                        throw new SpecException("online.alpha_max = " + alphaMax + " at N = " + (long) n + " is " + n * alphaMax + " steps; allowed: at most 1e12");
                    if (mode.equals(CURVES) && n * alphaMax < 1)       // rounded up to one step, α = 1/N, it ran on silently
                        throw o.error("alpha_max", o.raw("alpha_max"), "at least one SGD step, 1/N = 1/" + (long) n + " at N = " + (long) n
                                + " (α counts steps/N; α_max·N is rounded up to whole steps)");
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
