package deeprf.structured;


import deeprf.spec.SpecText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static deeprf.spec.Choices.didYouMean;

/**
 * A structured-features experiment (spec kind "structured"), parsed strictly from TOML: every unknown key, wrong type
 * or out-of-range value is an {@link IllegalArgumentException} naming the key, the value and what is allowed.
 *
 * <pre>
 * kind = "structured"
 * title = "..."                # optional (or name = "...")
 * n0 = 1000                    # input dimension
 * noise = 0.1                  # label-noise variance η²
 * seeds = 5                    # seeds 1..5 (ridge and online count from 0), or a list of seeds
 * sample_ratios = [0.1, 0.5]   # α = n/n0, or {from = 0.1, to = 4, count = 30, scale = "log"|"linear"}
 * lambdas = [0.0, 0.01]        # canonical ridge λ' (0 = minimum-norm)
 * simulate = true              # false: exact conditional theory on sampled weights only (no data)
 * theory_points = 200          # dense weight-free curve over the α range
 * block = 512                  # samples per block
 * structure_seed = 0           # pairing of a "shuffled" first layer
 * data = {kind = "power_law", exponent = 1.0}         # Σ₀ spectrum (identity, power_law, twolevel, spiked, values)
 * target = {kind = "power_law", exponent = 1.0, reversed = false}   # or {kind = "isotropic"}
 * [[cases]]                    # the curves compared; each may override data, target, noise
 * name = "layer1-aligned"
 * layers = [{ratio = 0.5, sigma = {kind = "power_law", exponent = 1.0}, align = "data"}, {ratio = 0.5}]
 * </pre>
 */
public record StructuredSpec(String name, List<Case> cases, long[] seeds, double[] sampleRatios, double[] lambdas,
                             boolean simulate, int theoryPoints, int block, JsonNode source) {

    /** One named model of the comparison. */
    public record Case(String name, StructuredModel model) {}

    /** The largest ridge, as ridge specs allow (readout.lambdas). */
    static final double MAX_LAMBDA = 1e12;

    private static final Set<String> TOP = Set.of("kind", "name", "title", "n0", "noise", "seeds", "sample_ratios", "lambdas",
            "simulate", "theory_points", "block", "structure_seed", "data", "target", "cases");
    private static final Set<String> CASE = Set.of("name", "layers", "data", "target", "noise");
    private static final Set<String> LAYER = Set.of("ratio", "sigma", "align");
    private static final Set<String> SPECTRUM = Set.of("kind", "exponent", "low", "high", "fraction", "count", "value", "values");
    private static final Set<String> TARGET = Set.of("kind", "exponent", "reversed");
    private static final Set<String> RANGE = Set.of("from", "to", "count", "scale");
    /** Spectrum and target kinds, snake_case like every spec vocabulary (power_law is also the ridge specs' name). */
    static final List<String> SPECTRUM_KINDS = List.of("identity", "power_law", "twolevel", "spiked", "values");
    static final List<String> TARGET_KINDS = List.of("isotropic", "power_law");

    /** Reads with the ridge specs' reader: the same one-line errors for a missing, unreadable, non-UTF-8 or non-TOML file. */
    public static StructuredSpec load(Path file) {
        return parse(deeprf.experiment.ExperimentSpec.readTree(file));
    }

    public static StructuredSpec parse(JsonNode root) {
        if (root == null || !root.isObject()) throw new IllegalArgumentException("structured spec: expected a TOML table at the top");
        for (String ridgeKey : List.of("learner", "readout", "teacher"))
            if (root.has(ridgeKey) && !root.has("kind"))
                throw new IllegalArgumentException("this is not a structured spec (it has [" + ridgeKey + "], and no kind = \"structured\"): "
                        + "run a ridge spec with ./deeprf run SPEC --out DIR");
        String kind = str(root, "kind", "structured");        // before the keys: another kind's keys are not typos
        if (!kind.equalsIgnoreCase("structured"))
            throw new IllegalArgumentException("kind: this runner takes kind = \"structured\", got \"" + kind + "\"; run that spec with ./deeprf run SPEC --out DIR");
        keys(root, TOP, "");
        if (root.has("name") && root.has("title"))
            throw new IllegalArgumentException("name and title are both given; allowed: one of them (title, as in the other run kinds, or name)");
        String name = root.has("title") ? str(root, "title", null) : str(root, "name", "structured");
        int n0 = integer(root, "n0", null, 2, 100_000);
        double noise = number(root, "noise", 0.0, 0, 1e6);
        long structureSeed = (long) integer(root, "structure_seed", 0, 0, Integer.MAX_VALUE);
        long[] seeds = seeds(root.get("seeds"));
        double[] ratios = range(root.get("sample_ratios"), "sample_ratios");
        // ratios may share n = round(α·n0) (a dense range at small n0): the simulation draws each n once and the
        // weight-free theory takes α as written, so they are not refused; fewer than one sample is no experiment
        for (int i = 0; i < ratios.length; i++) {
            if (Math.round(ratios[i] * n0) < 1)
                throw new IllegalArgumentException("sample_ratios[" + (i + 1) + "] = " + SpecText.show(ratios[i]) + " gives n = α·n0 = " + ratios[i] * n0
                        + ", less than one sample at n0 = " + n0 + "; allowed: α ≥ " + 0.5 / n0 + " (n rounds to the nearest whole sample)");
        }
        double[] lambdas = numbers(root.get("lambdas"), "lambdas", new double[]{0.0});
        for (int i = 0; i < lambdas.length; i++)
            // as ridge specs: at λ = 1e300 the weight-free training error overflowed to Infinity in the result files
            if (!(lambdas[i] >= 0) || !(lambdas[i] <= MAX_LAMBDA))
                throw new IllegalArgumentException("lambdas[" + (i + 1) + "] = " + SpecText.show(lambdas[i]) + ": a ridge must be finite, >= 0 and <= 1e12");
        distinct(lambdas, "lambdas");
        boolean simulate = bool(root, "simulate", true);
        int theoryPoints = integer(root, "theory_points", DEFAULT_THEORY_POINTS, 0, 100_000);
        int block = integer(root, "block", DEFAULT_BLOCK, 1, 1_000_000);
        Spectrum data = root.has("data") ? spectrum(root.get("data"), "data") : new Spectrum.Identity();
        Target target = root.has("target") ? target(root.get("target"), "target") : new Target.Isotropic();
        JsonNode cs = root.get("cases");
        if (cs == null || !cs.isArray() || cs.isEmpty())
            throw new IllegalArgumentException("cases: needs at least one [[cases]] table with a name and layers");
        List<Case> cases = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int c = 0; c < cs.size(); c++) {
            String where = "cases[" + (c + 1) + "]";                // 1-based, as in every spec kind's messages
            JsonNode cn = cs.get(c);
            if (!cn.isObject()) throw new IllegalArgumentException(where + ": expected a table");
            keys(cn, CASE, where + ".");
            String cname = str(cn, "name", null);
            if (cname == null || !cname.matches("[A-Za-z0-9_.+-]{1,60}"))
                throw new IllegalArgumentException(where + ".name = " + cname + ": needs 1-60 characters from letters, digits, _ . + -");
            if (!names.add(cname)) throw new IllegalArgumentException(where + ".name = " + cname + ": used twice");
            JsonNode ls = cn.get("layers");
            if (ls == null || !ls.isArray() || ls.isEmpty())
                throw new IllegalArgumentException(where + ".layers: needs a list of at least one layer {ratio = ...}");
            List<Layer> layers = new ArrayList<>();
            for (int l = 0; l < ls.size(); l++) {
                String lw = where + ".layers[" + (l + 1) + "]";
                JsonNode ln = ls.get(l);
                if (!ln.isObject()) throw new IllegalArgumentException(lw + ": expected a table {ratio = ...}");
                keys(ln, LAYER, lw + ".");
                layers.add(prefixed(lw, () -> new Layer(number(ln, "ratio", null, Double.MIN_VALUE, 100),
                        ln.has("sigma") ? spectrum(ln.get("sigma"), lw + ".sigma") : new Spectrum.Identity(),
                        ln.has("align") ? Alignment.parse(str(ln, "align", null), lw + ".align") : Alignment.NONE)));
            }
            Spectrum cdata = cn.has("data") ? spectrum(cn.get("data"), where + ".data") : data;
            Target ctarget = cn.has("target") ? target(cn.get("target"), where + ".target") : target;
            double cnoise = cn.has("noise") ? prefixed(where, () -> number(cn, "noise", null, 0, 1e6)) : noise;
            StructuredModel model;
            try {
                model = new StructuredModel(n0, cdata, layers, ctarget, cnoise, structureSeed);
                model.layerEigenvalues();   // validates spectra against the widths now, not mid-run
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            try {
                model.dataEigenvalues();
            } catch (IllegalArgumentException e) {  // the top-level data when the case has none of its own
                throw new IllegalArgumentException((cn.has("data") ? where + ".data" : "data") + ": " + e.getMessage(), e);
            }
            cases.add(new Case(cname, model));
        }
        return new StructuredSpec(name, List.copyOf(cases), seeds, ratios, lambdas, simulate, theoryPoints, block, root);
    }

    /**
     * A copy of a spec tree with the defaults of its optional keys written out and kind names in their listed spelling
     * (a spectrum or target given by name as its table), so that a rerun whose spec writes a default
     * ({@code simulate = true}, {@code data = "identity"}) is the same spec as one that leaves it out, and a different
     * one is named by the key that differs (the output-folder rule, {@code OutputFolder.claim}).
     */
    public static ObjectNode withDefaults(ObjectNode tree) {
        ObjectNode t = tree.deepCopy();
        t.putIfAbsent("noise", t.numberNode(0.0));
        t.putIfAbsent("structure_seed", t.numberNode(0));
        if (!t.has("lambdas")) t.putArray("lambdas").add(0.0);
        else if (t.get("lambdas").isNumber()) t.putArray("lambdas").add(tree.get("lambdas"));   // a single number is a list of one
        t.putIfAbsent("simulate", t.booleanNode(true));
        t.putIfAbsent("theory_points", t.numberNode(DEFAULT_THEORY_POINTS));
        t.putIfAbsent("block", t.numberNode(DEFAULT_BLOCK));
        t.set("data", spectrumWithDefaults(t.get("data")));
        t.set("target", targetWithDefaults(t.get("target") == null ? t.textNode("isotropic") : t.get("target")));
        if (t.get("sample_ratios") != null && t.get("sample_ratios").isNumber()) t.putArray("sample_ratios").add(tree.get("sample_ratios"));
        if (t.get("sample_ratios") instanceof ObjectNode r) {
            r.putIfAbsent("scale", t.textNode("log"));
            if (r.get("scale").isTextual()) r.put("scale", lower(r.get("scale").asText()));
        }
        for (JsonNode c : t.path("cases")) {
            if (!(c instanceof ObjectNode cn)) continue;
            // a case without its own data, target or noise takes the top level's: written out or inherited, one spec
            cn.set("data", cn.has("data") ? spectrumWithDefaults(cn.get("data")) : t.get("data").deepCopy());
            cn.set("target", cn.has("target") ? targetWithDefaults(cn.get("target")) : t.get("target").deepCopy());
            if (!cn.has("noise")) cn.set("noise", t.get("noise").deepCopy());
            for (JsonNode l : cn.path("layers"))
                if (l instanceof ObjectNode ln) {
                    ln.set("sigma", spectrumWithDefaults(ln.get("sigma")));
                    if (!ln.has("align")) ln.put("align", "none");
                    else if (ln.get("align").isTextual()) ln.put("align", lower(ln.get("align").asText().trim()));
                }
        }
        return t;
    }

    private static JsonNode spectrumWithDefaults(JsonNode n) {
        JsonNode s = kindTable(n == null ? new TomlMapper().getNodeFactory().textNode("identity") : n);
        if (s instanceof ObjectNode o && "twolevel".equals(o.path("kind").asText())) o.putIfAbsent("fraction", o.numberNode(0.5));
        return s;
    }

    private static JsonNode targetWithDefaults(JsonNode n) {
        JsonNode t = kindTable(n);
        if (t instanceof ObjectNode o && "power_law".equals(o.path("kind").asText())) o.putIfAbsent("reversed", o.booleanNode(false));
        return t;
    }

    /** A spectrum or target given by name as its table {kind = name}, the kind in lower case; anything else as it is. */
    private static JsonNode kindTable(JsonNode n) {
        JsonNode out = n.deepCopy();
        if (out.isTextual()) out = new TomlMapper().createObjectNode().put("kind", out.asText());
        if (out instanceof ObjectNode o && o.path("kind").isTextual()) o.put("kind", lower(o.get("kind").asText()));
        return out;
    }

    private static final int DEFAULT_THEORY_POINTS = 200, DEFAULT_BLOCK = 512;

    // ---------------------------------------------------------------- pieces

    static void keys(JsonNode node, Set<String> allowed, String prefix) {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!allowed.contains(k))
                throw new IllegalArgumentException(prefix + k + ": unknown key; allowed here: " + String.join(", ", new java.util.TreeSet<>(allowed))
                        + deeprf.spec.Choices.closeName(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(new java.util.TreeSet<>(allowed))));
        }
    }

    static Spectrum spectrum(JsonNode n, String where) {
        if (n.isTextual()) {
            ObjectNode o = new TomlMapper().createObjectNode();
            o.put("kind", n.asText());
            n = o;
        }
        if (!n.isObject()) throw new IllegalArgumentException(where + ": expected a spectrum table {kind = ...} or a kind name");
        keys(n, SPECTRUM, where + ".");
        String kind = lower(str(n, "kind", null));
        if (kind == null) throw new IllegalArgumentException(where + ".kind: missing; allowed: " + String.join(", ", SPECTRUM_KINDS));
        try {
            return switch (kind) {
                case "identity" -> only(n, where, new Spectrum.Identity(), Set.of("kind"));
                case "power_law" -> only(n, where, new Spectrum.PowerLaw(number(n, "exponent", null, 0, 10)), Set.of("kind", "exponent"));
                case "twolevel" -> only(n, where, new Spectrum.TwoLevel(number(n, "low", null, -1e300, 1e300),
                        number(n, "high", null, -1e300, 1e300), number(n, "fraction", 0.5, 0, 1)), Set.of("kind", "low", "high", "fraction"));
                case "spiked" -> only(n, where, new Spectrum.Spiked(integer(n, "count", null, 1, 100_000),
                        number(n, "value", null, -1e300, 1e300)), Set.of("kind", "count", "value"));
                case "values" -> only(n, where, new Spectrum.Values(numbers(n.get("values"), where + ".values", null)), Set.of("kind", "values"));
                default -> throw new IllegalArgumentException(where + ".kind = \"" + kind + "\" is unknown; allowed: "
                        + String.join(", ", SPECTRUM_KINDS) + didYouMean(kind, SPECTRUM_KINDS));
            };
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith(where)) throw e;
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** Runs a parse step, prefixing its message with the field path unless it already names it. */
    static <T> T prefixed(String where, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) throw e;
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static <T> T only(JsonNode n, String where, T value, Set<String> allowed) {
        keys(n, allowed, where + ".");
        return value;
    }

    static Target target(JsonNode n, String where) {
        if (n.isTextual()) {
            ObjectNode o = new TomlMapper().createObjectNode();
            o.put("kind", n.asText());
            n = o;
        }
        if (!n.isObject()) throw new IllegalArgumentException(where + ": expected a table {kind = \"isotropic\"|\"power_law\", ...}");
        keys(n, TARGET, where + ".");
        String kind = lower(str(n, "kind", null));
        if ("isotropic".equals(kind)) {
            keys(n, Set.of("kind"), where + ".");
            return new Target.Isotropic();
        }
        JsonNode tn = n;
        if ("power_law".equals(kind))
            return prefixed(where, () -> new Target.PowerLaw(number(tn, "exponent", null, 0, 10), bool(tn, "reversed", false)));
        if (kind == null) throw new IllegalArgumentException(where + ".kind: missing; allowed: " + String.join(", ", TARGET_KINDS));
        throw new IllegalArgumentException(where + ".kind = \"" + kind + "\" is unknown; allowed: " + String.join(", ", TARGET_KINDS)
                + didYouMean(kind, TARGET_KINDS));
    }

    static long[] seeds(JsonNode n) {
        if (n == null) return new long[]{1};
        if (n.isIntegralNumber()) {
            long k = n.canConvertToLong() ? n.asLong() : Long.MAX_VALUE;
            if (k < 1 || k > 10_000) throw new IllegalArgumentException("seeds = " + SpecText.show(n) + ": a count must be in [1, 10000] (or give a list)");
            long[] s = new long[(int) k];
            for (int i = 0; i < k; i++) s[i] = i + 1;
            return s;
        }
        if (n.isArray() && !n.isEmpty()) {
            long[] s = new long[n.size()];
            Set<Long> seen = new java.util.HashSet<>();
            for (int i = 0; i < s.length; i++) {
                JsonNode e = n.get(i);
                if (!e.isIntegralNumber() || !e.canConvertToLong() || e.asLong() < 0)     // 2^64 would wrap through asLong
                    throw new IllegalArgumentException("seeds[" + (i + 1) + "] = " + SpecText.show(e) + ": seeds are integers from 0 to " + Long.MAX_VALUE);
                s[i] = e.asLong();
                if (!seen.add(s[i])) throw new IllegalArgumentException("seeds[" + (i + 1) + "] = " + s[i] + ": listed twice");
            }
            return s;
        }
        throw new IllegalArgumentException("seeds = " + SpecText.show(n) + ": expected a count (integer) or a non-empty list of integers");
    }

    static double[] range(JsonNode n, String where) {
        if (n == null) throw new IllegalArgumentException(where + ": missing; give a list of ratios or {from, to, count, scale}");
        double[] out;
        if (n.isObject()) {
            keys(n, RANGE, where + ".");
            double from, to;
            int count;
            try {
                from = number(n, "from", null, Double.MIN_VALUE, 1e6);
                to = number(n, "to", null, Double.MIN_VALUE, 1e6);
                count = integer(n, "count", null, 1, 100_000);
            } catch (IllegalArgumentException e) {              // the key alone would not say which table
                throw new IllegalArgumentException(where + "." + e.getMessage(), e);
            }
            String scale = lower(str(n, "scale", "log"));
            if (!scale.equals("log") && !scale.equals("linear"))
                throw new IllegalArgumentException(where + ".scale = \"" + scale + "\": allowed: log, linear");
            if (!(to >= from)) throw new IllegalArgumentException(where + ": to = " + to + " must be >= from = " + from);
            // as readout.lambda_grid: one point needs from = to, and from = to gives one point (more would repeat it)
            if (count == 1 && to != from) throw new IllegalArgumentException(where + ".count = 1 with from != to; allowed: an integer >= 2 when from != to");
            if (count > 1 && to == from) throw new IllegalArgumentException(where + ".count = " + count + " with from = to; allowed: 1 when from = to");
            out = grid(from, to, count, scale.equals("log"));
        } else out = numbers(n, where, null);
        for (int i = 0; i < out.length; i++)
            if (!(out[i] > 0) || !Double.isFinite(out[i]))
                throw new IllegalArgumentException(where + "[" + (i + 1) + "] = " + SpecText.show(out[i]) + ": sample ratios alpha = n/n0 must be finite and > 0");
        return distinct(out, where);
    }

    /** values, refused where one repeats: a repeated ratio or λ' would run, and be averaged, twice. */
    static double[] distinct(double[] values, String where) {
        java.util.Map<Double, Integer> first = new java.util.HashMap<>();   // linear: a grid may have 10^5 ratios
        for (int i = 0; i < values.length; i++) {
            Integer j = first.putIfAbsent(values[i] + 0.0, i);             // + 0.0: −0 and 0 are one value, as == says
            if (j != null)
                throw new IllegalArgumentException(where + "[" + (i + 1) + "] = " + SpecText.show(values[i]) + " repeats " + where + "[" + (j + 1) + "]; allowed: each value once");
        }
        return values;
    }

    static double[] grid(double from, double to, int count, boolean log) {
        double[] g = new double[count];
        for (int i = 0; i < count; i++) {
            double t = count == 1 ? 0 : (double) i / (count - 1);
            g[i] = from + (to - from) * t;
        }
        return log ? deeprf.model.Num.logGrid(from, to, count) : g;
    }

    static double[] numbers(JsonNode n, String where, double[] dflt) {
        if (n == null) {
            if (dflt != null) return dflt;
            throw new IllegalArgumentException(where + ": missing; expected a list of numbers");
        }
        if (n.isNumber()) return new double[]{n.asDouble()};
        if (!n.isArray() || n.isEmpty()) throw new IllegalArgumentException(where + " = " + SpecText.show(n) + ": expected a non-empty list of numbers");
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).isNumber()) throw new IllegalArgumentException(where + "[" + (i + 1) + "] = " + SpecText.show(n.get(i)) + ": expected a number");
            out[i] = n.get(i).asDouble();
        }
        return out;
    }

    /** Kind names match regardless of case, as in the other spec kinds. */
    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
    }

    static String str(JsonNode n, String key, String dflt) {
        JsonNode v = n.get(key);
        if (v == null) return dflt;
        if (!v.isTextual()) throw new IllegalArgumentException(key + " = " + SpecText.show(v) + ": expected a string");
        return v.asText();
    }

    static boolean bool(JsonNode n, String key, boolean dflt) {
        JsonNode v = n.get(key);
        if (v == null) return dflt;
        if (!v.isBoolean()) throw new IllegalArgumentException(key + " = " + SpecText.show(v) + ": expected true or false");
        return v.asBoolean();
    }

    static double number(JsonNode n, String key, Double dflt, double min, double max) {
        JsonNode v = n.get(key);
        if (v == null) {
            if (dflt != null) return dflt;
            throw new IllegalArgumentException(key + ": missing (a number in [" + min + ", " + max + "])");
        }
        if (!v.isNumber()) throw new IllegalArgumentException(key + " = " + SpecText.show(v) + ": expected a number");
        double x = v.asDouble();
        if (!(x >= min && x <= max) || !Double.isFinite(x))
            throw new IllegalArgumentException(key + " = " + SpecText.show(v) + ": out of range; allowed " + (min == Double.MIN_VALUE ? "(0" : "[" + SpecText.show(min)) + ", " + SpecText.show(max) + "]");
        return x;
    }

    static int integer(JsonNode n, String key, Integer dflt, int min, int max) {
        JsonNode v = n.get(key);
        if (v == null) {
            if (dflt != null) return dflt;
            throw new IllegalArgumentException(key + ": missing (an integer in [" + min + ", " + max + "])");
        }
        if (!v.isIntegralNumber()) throw new IllegalArgumentException(key + " = " + SpecText.show(v) + ": expected an integer");
        long x = v.canConvertToLong() ? v.asLong() : Long.MAX_VALUE;      // beyond long: out of range, not wrapped
        if (x < min || x > max) throw new IllegalArgumentException(key + " = " + SpecText.show(v) + ": out of range; allowed [" + min + ", " + max + "]");
        return (int) x;
    }
}
