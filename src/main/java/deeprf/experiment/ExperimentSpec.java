package deeprf.experiment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import deeprf.backend.Activation;
import deeprf.model.ActivationCatalogue;
import deeprf.model.BiasDistribution;
import deeprf.model.LayerSpec;
import deeprf.model.MixtureComponent;
import deeprf.model.Num;
import deeprf.model.Spectrum;
import deeprf.model.WeightStructure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A validated experiment: the spec as written (TOML) and its sweep expanded into {@link PointSpec}s. Every point is
 * validated up front, so a bad value anywhere fails before anything runs, with one line naming the key, the value
 * and what is allowed ({@link SpecException}). The format is documented in {@code examples/README.md}.
 *
 * @param title      free text
 * @param seeds      the seeds every point runs with
 * @param sweepAxes  axis name → the values as written, in spec order (the first numeric one is the plot's x axis)
 * @param points     the cartesian product of the axes (last axis fastest)
 * @param plotLambda λ' used by the plots against a swept variable (one of the grid's values), or NaN for the smallest
 * @param raw        the spec as a JSON tree (stored in summary.json and used to recognise an output folder on resume)
 */
public record ExperimentSpec(String title, List<Long> seeds, Map<String, List<String>> sweepAxes, List<PointSpec> points,
                             double plotLambda, ObjectNode raw) {

    static final int MAX_DIM = 1 << 20;
    static final long MAX_SAMPLES = 1L << 40;

    /** Reads and validates a TOML spec file. */
    public static ExperimentSpec load(Path file) {
        return fromTree(readTree(file));
    }

    /** Reads a spec file as a tree (any kind), with the same one-line errors as {@link #load}. */
    public static ObjectNode readTree(Path file) {
        java.util.Objects.requireNonNull(file, "spec file path must not be null");
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SpecException("spec file " + file + " does not exist");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new SpecException("spec file " + file + " is not UTF-8 text; allowed: a TOML file (see examples/demo.toml)");
        } catch (IOException e) {
            throw new SpecException("cannot read spec file " + file + ": " + e.getMessage());
        }
        return tomlTree(text, file.toString());
    }

    /**
     * The spec's {@code kind}: "ridge" (the default: deep random features with a ridge readout), "online", or
     * "structured" (deep linear structured Gaussian features, {@code deeprf.structured}).
     */
    public static String kindOf(Path file) {
        com.fasterxml.jackson.databind.JsonNode k = readTree(file).get("kind");
        if (k == null) return "ridge";
        String kind = k.isTextual() ? k.asText().toLowerCase(java.util.Locale.ROOT) : "";    // names match regardless of case
        if (!List.of("ridge", "online", "structured").contains(kind))
            throw new SpecException("kind = " + SpecNode.show(k) + " is not allowed; allowed: \"ridge\" (default), \"online\" or \"structured\"");
        return kind;
    }

    /**
     * Whether every point of the sweep after the first fails with {@code message} (the first point's error): then it
     * is the spec's mistake, not a point's. Stops at the first point that differs; a spec whose points all fail is
     * parsed no further than a valid one.
     */
    private static boolean everyPointFailsWith(String message, ObjectNode base, List<String> names, List<List<JsonNode>> values, int total) {
        int[] idx = new int[values.size()];
        for (int p = 0; p < total; p++) {
            if (p > 0) {
                ObjectNode t = base.deepCopy();
                for (int a = 0; a < names.size(); a++) apply(t, names.get(a), values.get(a).get(idx[a]));
                try {
                    point(p, t, new LinkedHashMap<>(), new double[]{Double.NaN}, null);
                    return false;
                } catch (SpecException e) {
                    if (!message.equals(e.getMessage())) return false;
                }
            }
            for (int a = idx.length - 1; a >= 0; a--) {
                if (++idx[a] < values.get(a).size()) break;
                idx[a] = 0;
            }
        }
        return true;
    }

    private static ObjectNode tomlTree(String toml, String source) {
        JsonNode tree;
        String text = TomlSyntax.stripBom(toml);
        try {
            tree = new TomlMapper().readTree(text);
        } catch (JacksonException e) {
            throw new SpecException(TomlSyntax.describe(source, text, e));
        }
        if (tree == null || !tree.isObject()) throw new SpecException(source + ": empty spec; see examples/demo.toml");
        return (ObjectNode) tree;
    }

    /** Parses and validates TOML text; {@code source} names it in messages. */
    public static ExperimentSpec parse(String toml, String source) {
        java.util.Objects.requireNonNull(toml, "ExperimentSpec.parse: the TOML text must not be null");
        return fromTree(tomlTree(toml, source));
    }

    /** Validates a spec given as a JSON/TOML tree. */
    public static ExperimentSpec fromTree(ObjectNode tree) {
        java.util.Objects.requireNonNull(tree, "ExperimentSpec.fromTree: the spec tree must not be null");
        return fromTree(tree, null);
    }

    /**
     * A copy of a spec tree with the defaults it takes written out and names in their listed spelling, so that a rerun
     * whose spec writes a default ({@code centre = false}) or spells a name otherwise ({@code "Tanh"}) is the same spec
     * as one that leaves it out, and a different one is named by the key that differs ({@link OutputFolder#claim}). A
     * tree that does not parse is returned as it is (its parser refuses it with its own message).
     */
    static ObjectNode withDefaults(ObjectNode tree) {
        return SpecNode.Resolved.writtenOut(tree, (t, resolved) -> fromTree(t, resolved));
    }

    private static ExperimentSpec fromTree(ObjectNode tree, SpecNode.Resolved resolved) {
        SpecNode root = new SpecNode("", tree);
        // the Java API's other loaders (deeprf run reads every kind and never gets here with another)
        String kind = tree.path("kind").asText("ridge").toLowerCase(java.util.Locale.ROOT);
        if (kind.equals("online") || kind.equals("structured"))
            throw new SpecException("kind = \"" + kind + "\" is not a ridge spec; allowed here: kind = \"ridge\" (read " + kind + " specs with "
                    + (kind.equals("online") ? "OnlineSpec.fromTree(ExperimentSpec.readTree(path))" : "StructuredSpec.load(path)") + ", or run any kind with deeprf run)");
        root.choice("kind", "ridge", List.of("ridge"));
        // another kind's spec without its kind line: say so, not "data.d is missing"
        if (!tree.has("learner"))
            for (String[] other : new String[][] {{"cases", "structured"}, {"n0", "structured"}, {"online", "online"}})
                if (tree.has(other[0]))
                    throw new SpecException("this spec has " + other[0] + ", a key of kind = \"" + other[1] + "\" specs, but its kind is \"ridge\""
                            + (tree.has("kind") ? "" : " (the default)") + "; allowed: kind = \"" + other[1] + "\" at the top for a " + other[1]
                            + " spec, or a ridge spec with [data], [teacher], [[learner.layers]] and [readout] (see examples/demo.toml)");
        String title = root.string("title", "", "a string");
        List<Long> seeds = seeds(root);
        SpecNode sweep = root.table("sweep");
        Map<String, List<JsonNode>> axes = new LinkedHashMap<>();
        if (sweep != null) {
            Iterator<Map.Entry<String, JsonNode>> it = sweepFields(sweep);
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = "sweep." + e.getKey();
                JsonNode v = e.getValue();
                if (!v.isArray() || v.isEmpty())
                    throw new SpecException(key + " = " + SpecNode.show(v) + " is not allowed; allowed: a non-empty array of values");
                if (List.of("lambda", "lambdas", "seed", "seeds").contains(e.getKey()))
                    throw new SpecException(key + " cannot be swept here; allowed: give the λ grid as readout.lambdas or readout.lambda_grid, and seeds as the top-level seeds");
                SpecNode.refuseRepeats(key, v, " (a repeated point would run and average twice)");
                List<JsonNode> vals = new ArrayList<>();
                v.forEach(vals::add);
                axes.put(e.getKey(), vals);
            }
            rejectAxesSettingOneKey(axes.keySet());
        }
        // The template every point starts from: the tree without the sweep and the top-level keys checked above. Each
        // point is checked whole, so a typo is caught whether or not an axis overrides its key.
        ObjectNode base = tree.deepCopy();
        base.remove("sweep");
        base.remove("title");
        base.remove("seeds");
        base.remove("kind");                    // checked above; kind = "ridge" written out was refused at every point
        double plotLambda;
        List<PointSpec> points = new ArrayList<>();
        List<List<JsonNode>> values = new ArrayList<>(axes.values());
        List<String> names = new ArrayList<>(axes.keySet());
        int total = 1;
        for (List<JsonNode> v : values) {
            total = Math.multiplyExact(total, v.size());
            if (total > 100_000) throw new SpecException("sweep has more than 100000 points; allowed: at most 100000");
        }
        int[] idx = new int[values.size()];
        double[] plot = {Double.NaN};
        for (int p = 0; p < total; p++) {
            ObjectNode t = base.deepCopy();
            Map<String, String> sv = new LinkedHashMap<>();
            for (int a = 0; a < idx.length; a++) {
                JsonNode v = values.get(a).get(idx[a]);
                apply(t, names.get(a), v);
                sv.put(names.get(a), text(v));
            }
            try {
                points.add(point(p, t, sv, plot, resolved));
            } catch (SpecException e) {
                if (sv.isEmpty()) throw e;
                // a mistake every point shares is the spec's, not a point's (teacher.nosie): said without "at sweep
                // point …"; one that only some points make keeps it, even where the sweep's two ends share it
                // (depth = [2, 1, 3] with a bad layer 2: depth 1 is fine)
                if (p == 0 && total > 1 && everyPointFailsWith(e.getMessage(), base, names, values, total)) throw e;
                throw new SpecException("at sweep point " + describe(sv) + ": " + e.getMessage());
            }
            for (int a = idx.length - 1; a >= 0; a--) {
                if (++idx[a] < values.get(a).size()) break;
                idx[a] = 0;
            }
        }
        plotLambda = plot[0];
        refuseRepeatedPoints(points);
        root.allow("sweep", "data", "teacher", "learner", "readout", "compute");
        root.finish();
        Map<String, List<String>> axesText = new LinkedHashMap<>();
        for (Map.Entry<String, List<JsonNode>> e : axes.entrySet()) {
            List<String> s = new ArrayList<>();
            for (JsonNode v : e.getValue()) s.add(text(v));
            axesText.put(e.getKey(), s);
        }
        return new ExperimentSpec(title, seeds, axesText, points, plotLambda, tree.deepCopy());
    }

    /** A sweep value as a cell: strings bare, numbers as Num.fmt writes them (TOML's 10.0 is a decimal that printed as 1E+1). */
    private static String text(JsonNode v) {
        if (v.isTextual()) return v.asText();
        if (v.isNumber()) return Num.fmt(v.doubleValue());
        return v.toString();
    }

    private static Iterator<Map.Entry<String, JsonNode>> sweepFields(SpecNode sweep) {
        return sweep.node().properties().iterator();
    }

    /**
     * Sweep shorthands that {@link PointSpec#parameters} lists as written beside their effect (widths, activations,
     * weight_scales, n_test): for telling points apart only the effect counts (width_over_d 2 and 2.001 at d = 80 are
     * both width 160). The others (n, n_over_d, d, noise, depth, centre) are parameters' own keys, as run.
     */
    private static final Set<String> WRITTEN_BESIDE_THEIR_EFFECT = Set.of("width", "width_over_d", "activation", "weight_scale", "n_test_over_d");

    /**
     * Two values of one sweep axis that give the same experiment at every combination of the other axes, once n and the
     * widths are rounded to whole numbers and names are read (n_over_d 2 and 2.001 at d = 50; tanh(2x) and tanh(2.0x)),
     * are one value written twice: refused, naming both. Where they coincide at some combinations only
     * (d = [50, 10000] × n_over_d = [2, 2.001]: the same n at d = 50 only) the sweep is what was meant, and it runs.
     */
    private static void refuseRepeatedPoints(List<PointSpec> points) {
        if (points.isEmpty()) return;
        List<Map<String, String>> experiments = new ArrayList<>();         // what each point runs, built once
        for (PointSpec p : points) {
            Map<String, String> experiment = new LinkedHashMap<>(p.parameters());
            experiment.keySet().removeAll(WRITTEN_BESIDE_THEIR_EFFECT);       // their effect (widths, n_test, …) stays
            // a dotted path's value as read: the strings inside a point are all names, and names ignore case (Tanh, drawn)
            experiment.replaceAll((key, value) -> key.contains(".") ? value.toLowerCase(Locale.ROOT) : value);
            experiments.add(experiment);
        }
        for (String axis : points.get(0).sweepValues().keySet()) {
            // per combination of the other axes: which of this axis's values give which experiment
            Map<Map<String, String>, Map<Map<String, String>, String>> byOthers = new HashMap<>();
            Map<List<String>, Integer> coincide = new LinkedHashMap<>();
            for (int i = 0; i < points.size(); i++) {
                Map<String, String> others = new LinkedHashMap<>(points.get(i).sweepValues());
                String value = others.remove(axis);
                Map<String, String> experiment = experiments.get(i);
                String earlier = byOthers.computeIfAbsent(others, o -> new HashMap<>()).putIfAbsent(experiment, value);
                if (earlier != null) coincide.merge(List.of(earlier, value), 1, Integer::sum);
            }
            for (Map.Entry<List<String>, Integer> e : coincide.entrySet())
                if (e.getValue() == byOthers.size())
                    throw new SpecException("sweep." + axis + " values " + e.getKey().get(0) + " and " + e.getKey().get(1) + " give the same experiment"
                            + " at every value of the other axes (n and the widths are whole numbers; names are read); allowed: values that give different points");
        }
    }

    /** A sweep point's axis values as "name = value, …", for messages. */
    static String describe(Map<String, String> sv) {
        StringBuilder sb = new StringBuilder();
        sv.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(" = ").append(v));
        return sb.toString();
    }

    /** The seeds a ridge spec tree runs (what {@link OutputFolder} compares on a rerun). */
    public static List<Long> seedsOf(ObjectNode tree) {
        return fromTree(tree).seeds();
    }

    static List<Long> seeds(SpecNode root) {
        JsonNode v = root.raw("seeds");
        String allowed = "a count from 1 to 10000 (seeds 0..count-1) or a non-empty array of distinct integers from 0 to " + Long.MAX_VALUE;
        List<Long> out = new ArrayList<>();
        if (v == null || v.isNull()) return List.of(0L);
        if (v.isNumber()) {
            long c = root.integerValue("seeds", v, 1, 10_000, allowed);
            for (long s = 0; s < c; s++) out.add(s);
            return out;
        }
        if (!v.isArray() || v.isEmpty()) throw root.error("seeds", v, allowed);
        for (JsonNode e : v) {
            // canConvertToLong: 2^64 would wrap to seed 0 through asLong
            if (!e.isIntegralNumber() || !e.canConvertToLong() || e.asLong() < 0 || out.contains(e.asLong())) throw root.error("seeds", v, allowed);
            out.add(e.asLong());
        }
        return out;
    }

    // ---------------------------------------------------------------- sweep overrides

    private static final List<String> LAYER_AXES = List.of("width", "width_over_d", "activation", "weight_scale");

    /**
     * Two axes that set the same spec key (n and data.n, n and n_over_d, width and learner.layers.2.width) would each
     * overwrite the other at every point, so one of them would be silently ignored: refused instead.
     */
    private static void rejectAxesSettingOneKey(Iterable<String> axes) {
        Map<String, String> byTarget = new LinkedHashMap<>();
        for (String axis : axes) {
            String target = axisTarget(axis);
            for (Map.Entry<String, String> seen : byTarget.entrySet())
                if (sameKey(seen.getKey(), target))
                    throw new SpecException("sweep." + seen.getValue() + " and sweep." + (axis.contains(".") ? "\"" + axis + "\"" : axis)
                            + " both set " + target + "; allowed: one sweep axis per spec key");
            byTarget.put(target, axis.contains(".") ? "\"" + axis + "\"" : axis);
        }
    }

    /** The key an axis sets, with n/n_over_d (and the like) as one key and "*" for every layer. */
    private static String axisTarget(String axis) {
        String t = switch (axis) {
            case "n", "n_over_d", "n_test", "n_test_over_d", "d" -> "data." + axis;
            case "noise" -> "teacher.noise";
            case "depth" -> "learner.depth";
            case "centre", "surrogate", "theory" -> "readout." + axis;
            default -> LAYER_AXES.contains(axis) ? "learner.layers.*." + axis : axis;
        };
        return t.replaceAll("_over_d$", "").replaceAll("\\.mixture$", ".activation");
    }

    private static boolean sameKey(String a, String b) {
        if (a.equals(b)) return true;
        String wa = a.replaceAll("^learner\\.layers\\.\\d+\\.", "learner.layers.*."), wb = b.replaceAll("^learner\\.layers\\.\\d+\\.", "learner.layers.*.");
        return (a.startsWith("learner.layers.*.") || b.startsWith("learner.layers.*.")) && wa.equals(wb);
    }

    /** Sets a sweep axis's value in the tree: shorthands (n_over_d, depth, width, ...) or a dotted path. */
    static void apply(ObjectNode t, String axis, JsonNode v) {
        switch (axis) {
            case "n", "n_over_d", "n_test", "n_test_over_d", "d" -> {
                ObjectNode data = obj(t, "data", "sweep." + axis);
                if (axis.equals("n")) data.remove("n_over_d");
                if (axis.equals("n_over_d")) data.remove("n");
                if (axis.equals("n_test")) data.remove("n_test_over_d");
                if (axis.equals("n_test_over_d")) data.remove("n_test");
                data.set(axis, v);
            }
            case "noise" -> obj(t, "teacher", "sweep.noise").set("noise", v);
            case "depth" -> obj(t, "learner", "sweep.depth").set("depth", v);
            case "centre", "surrogate", "theory" -> obj(t, "readout", "sweep." + axis).set(axis, v);
            default -> {
                if (LAYER_AXES.contains(axis)) {
                    JsonNode layers = t.path("learner").path("layers");
                    if (!layers.isArray() || layers.isEmpty())
                        throw new SpecException("sweep." + axis + " needs learner.layers; allowed: define [[learner.layers]] first");
                    for (int i = 0; i < layers.size(); i++) {
                        if (!(layers.get(i) instanceof ObjectNode lo)) continue;
                        if (axis.equals("width")) lo.remove("width_over_d");
                        if (axis.equals("width_over_d")) lo.remove("width");
                        // a mixture was dropped without a word (and its layer never checked), while spec.json kept it
                        if (axis.equals("activation") && lo.has("mixture"))
                            throw new SpecException("sweep.activation sets every learner layer's activation, but learner.layers[" + (i + 1)
                                    + "] has a mixture; allowed: remove the mixture, or sweep a layer by its dotted path (\"learner.layers."
                                    + (i + 1) + ".activation\" for a layer without a mixture, \"learner.layers." + (i + 1) + ".mixture\" for this one)");
                        lo.set(axis, v);
                    }
                } else if (axis.contains(".")) {
                    setPath(t, axis, v);
                } else {
                    throw new SpecException("unknown sweep axis sweep." + axis + "; allowed: n, n_over_d, n_test, n_test_over_d, d, noise, depth, width, width_over_d, activation, weight_scale, centre, surrogate, theory, or a dotted path such as \"learner.layers.1.weights.covariance.exponent\"");
                }
            }
        }
    }

    private static ObjectNode obj(ObjectNode t, String key, String where) {
        JsonNode n = t.get(key);
        if (n == null) {
            ObjectNode o = t.putObject(key);
            return o;
        }
        if (!n.isObject()) throw new SpecException((where == null ? key : where) + ": " + key + " must be a table");
        return (ObjectNode) n;
    }

    /** Dotted path with 1-based array indices, e.g. learner.layers.2.weights.shift; the parent must exist. */
    private static void setPath(ObjectNode t, String path, JsonNode v) {
        if (path.startsWith(".") || path.endsWith(".") || path.contains(".."))   // split() would drop a trailing one
            throw new SpecException("sweep.\"" + path + "\" has an empty key between dots; allowed: keys joined by single dots, such as \"learner.layers.1.weights.covariance.exponent\"");
        String[] parts = path.split("\\.");
        JsonNode cur = t;
        for (int i = 0; i < parts.length - 1; i++) {
            String p = parts[i];
            JsonNode next;
            if (cur.isArray()) {
                int k;
                next = cur.get(arrayIndex(path, parts, i, cur.size()) - 1);
            } else {
                next = cur.get(p);
            }
            if (next == null || !next.isContainerNode())
                throw new SpecException("sweep.\"" + path + "\": the spec has no table at '" + String.join(".", java.util.Arrays.copyOf(parts, i + 1)) + "'; allowed: a path to a key of an existing table");
            cur = next;
        }
        String leaf = parts[parts.length - 1];
        if (cur.isArray()) {
            ((ArrayNode) cur).set(arrayIndex(path, parts, parts.length - 1, cur.size()) - 1, v);
        } else {
            ((ObjectNode) cur).set(leaf, v);
        }
    }

    /** parts[i] read as a 1-based index into the array at parts[0..i-1], which has {@code size} entries. */
    private static int arrayIndex(String path, String[] parts, int i, int size) {
        String array = String.join(".", java.util.Arrays.copyOf(parts, i));
        String allowed = size == 0 ? "none: the spec's '" + array + "' is empty"
                : "an index from 1 to " + size + " (the spec's '" + array + "' has " + size + (size == 1 ? " entry)" : " entries)");
        int k;
        try {
            k = Integer.parseInt(parts[i]);
        } catch (NumberFormatException e) {
            throw new SpecException("sweep.\"" + path + "\": '" + parts[i] + "' is not allowed; allowed: " + allowed);
        }
        if (k < 1 || k > size) throw new SpecException("sweep.\"" + path + "\": index " + k + " is not allowed; allowed: " + allowed);
        return k;
    }

    // ---------------------------------------------------------------- one point

    private static PointSpec point(int index, ObjectNode t, Map<String, String> sv, double[] plot, SpecNode.Resolved resolved) {
        SpecNode root = new SpecNode("", t, resolved);
        SpecNode data = root.table("data");
        if (data == null) throw root.missingTable("data", "a table with d, n or n_over_d, n_test or n_test_over_d, covariance");
        int d = (int) data.integer("d", 1, MAX_DIM, null);
        Spectrum sigma = spectrum(data, "covariance", d);
        int n = samples(data, d, "n", "n_over_d", null);
        int nTest = samples(data, d, "n_test", "n_test_over_d", 2000);
        data.finish();

        SpecNode learner = root.table("learner");
        if (learner == null) throw root.missingTable("learner", "a table with [[learner.layers]] (and optional depth)");
        List<SpecNode> lnodes = layerTables(learner, "learner");
        int depth = (int) learner.integer("depth", 1, MAX_DEPTH, (long) lnodes.size());
        learner.finish();
        List<LayerSpec> layers = new ArrayList<>();
        List<LayerSpec> parsed = new ArrayList<>();
        int fanIn = d;
        for (int i = 0; i < lnodes.size(); i++) {
            LayerSpec l = layer(lnodes.get(i), d, i, true);
            parsed.add(l);
        }
        for (int i = 0; i < depth; i++) layers.add(parsed.get(Math.min(i, parsed.size() - 1)));
        checkReferences(layers, "learner.layers", d);

        SpecNode teacherTable = root.table("teacher");
        if (teacherTable == null) throw root.missingTable("teacher", "a table with kind = \"linear\" | \"single_index\" | \"network\"");
        TeacherSpec teacher = teacher(teacherTable, d);
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).weights() instanceof WeightStructure.TeacherCorrelated) {
                String where = "learner.layers[" + Math.min(i + 1, parsed.size()) + "].weights";
                if (teacher.kind() != TeacherSpec.Kind.NETWORK || teacher.layers().size() <= i)
                    throw new SpecException(where + ".kind = \"teacher_correlated\" is not allowed here; allowed: only with a network teacher that has a layer " + (i + 1));
                int tFan = i == 0 ? d : teacher.layers().get(i - 1).width();
                int lFan = i == 0 ? d : layers.get(i - 1).width();
                if (teacher.layers().get(i).width() != layers.get(i).width() || tFan != lFan)
                    throw new SpecException(where + ".kind = \"teacher_correlated\" is not allowed here; allowed: only when teacher layer " + (i + 1) + " has the learner's shape " + layers.get(i).width() + "x" + lFan);
            }
        }

        SpecNode readout = root.table("readout");
        if (readout == null) throw root.missingTable("readout", "a table with lambdas or lambda_grid");
        double[] lambdas = lambdas(readout);
        boolean centre = readout.bool("centre", false);
        boolean surrogate = readout.bool("surrogate", true);
        boolean theory = readout.bool("theory", true);
        boolean drawnTarget = readout.choice("theory_target", "averaged", List.of("averaged", "drawn")).equals("drawn");
        boolean spectra = readout.bool("layer_spectra", false);
        plot[0] = readout.has("plot_lambda") ? readout.number("plot_lambda", 0, Double.MAX_VALUE, false, null) : Double.NaN;
        if (Double.isNaN(plot[0])) readout.tookDefault("plot_lambda", DoubleNode.valueOf(Arrays.stream(lambdas).min().orElseThrow()));   // Plots.plotLambda
        if (!Double.isNaN(plot[0])) {                       // a value of the grid (to rounding), not silently the nearest
            double nearest = lambdas[0];
            for (double l : lambdas) if (Math.abs(l - plot[0]) < Math.abs(nearest - plot[0])) nearest = l;
            if (Math.abs(nearest - plot[0]) > 1e-9 * Math.max(Math.abs(plot[0]), Math.abs(nearest)))
                throw readout.error("plot_lambda", readout.raw("plot_lambda"), "one of the λ' values of the grid (nearest: " + Num.label(nearest) + ")");
        }
        readout.finish();

        SpecNode compute = root.table("compute");
        int maxWidth = d;
        for (LayerSpec l : layers) maxWidth = Math.max(maxWidth, l.width());
        for (LayerSpec l : teacher.layers()) maxWidth = Math.max(maxWidth, l.width());
        int dfltBlock = Math.max(256, Math.min(8192, (1 << 22) / maxWidth));
        int block = dfltBlock;
        if (compute != null) {
            block = (int) compute.integer("block_size", 1, 1 << 20, (long) dfltBlock);
            compute.finish();
        } else root.tookDefault("compute", JsonNodeFactory.instance.objectNode().put("block_size", dfltBlock));
        root.allow("sweep", "title", "seeds");
        root.finish();
        return new PointSpec(index, d, sigma, n, nTest, teacher, layers, lambdas, centre, surrogate, theory, drawnTarget, spectra, block, sv);
    }

    private static int samples(SpecNode data, int d, String abs, String ratio, Integer dflt) {
        String allowed = abs + " (an integer from 1 to " + Integer.MAX_VALUE + ") or " + ratio + " (a number > 0)";
        boolean ha = data.has(abs), hr = data.has(ratio);
        if (ha && hr) throw new SpecException(data.keyPath(abs) + " and " + data.keyPath(ratio) + " are both given; allowed: " + allowed);
        if (ha) return (int) data.integer(abs, 1, Integer.MAX_VALUE, null);
        if (hr) {
            double r = data.number(ratio, 0, 1e9, true, null);
            long v = Math.round(r * d);
            if (v < 1 || v > Integer.MAX_VALUE) throw data.error(ratio, data.raw(ratio), "a ratio giving between 1 and " + Integer.MAX_VALUE + " samples at d = " + d);
            return (int) v;
        }
        if (dflt == null) throw new SpecException(data.keyPath(abs) + " is missing; allowed: " + allowed);
        data.tookDefault(abs, com.fasterxml.jackson.databind.node.LongNode.valueOf(dflt));
        return dflt;
    }

    static final List<String> SPECTRA = List.of("identity", "power_law", "spiked");

    private static Spectrum spectrum(SpecNode parent, String key, int dim) {
        JsonNode v = parent.raw(key);
        if (v == null || v.isNull()) {
            parent.tookDefault(key, com.fasterxml.jackson.databind.node.TextNode.valueOf("identity"));
            return new Spectrum.Identity();
        }
        String allowed = "\"identity\" or a table {kind = \"identity\" | \"power_law\" (exponent) | \"spiked\" (spikes)}";
        if (v.isTextual()) {
            if (v.asText().equalsIgnoreCase("identity")) {
                parent.readAs(key, "identity");
                return new Spectrum.Identity();
            }
            throw parent.error(key, v, allowed);
        }
        SpecNode s = parent.table(key);
        String kind = s.choice("kind", null, SPECTRA);
        Spectrum out = switch (kind) {
            case "identity" -> {
                if (s.node().size() == 1) parent.readAs(key, "identity");   // {kind = "identity"} is "identity"
                yield new Spectrum.Identity();
            }
            case "power_law" -> new Spectrum.PowerLaw(s.number("exponent", 0, 100, false, null));
            default -> {
                List<Double> spikes = s.numbers("spikes", -1, 1e12, true);
                if (spikes.size() > dim) throw s.error("spikes", s.raw("spikes"), "at most " + dim + " spikes (the dimension)");
                yield new Spectrum.Spiked(spikes);
            }
        };
        s.finish();
        return out;
    }

    private static Activation activation(SpecNode node, String key, JsonNode v) {
        if (v == null || !v.isTextual()) throw node.error(key, v, ActivationCatalogue.ALLOWED);
        Activation a;
        try {
            a = ActivationCatalogue.parse(v.asText());
        } catch (ActivationCatalogue.InvalidActivation e) {
            throw node.error(key, v, ActivationCatalogue.ALLOWED + e.detail());
        }
        node.readAs(key, a.label());            // names are read by meaning: "Tanh" and "tanh(1x)" are one
        return a;
    }

    private static LayerSpec layer(SpecNode l, int d, int i, boolean learner) {
        int width;
        String w = l.oneOf("width", "width_over_d", "width (an integer >= 1) or width_over_d (a number > 0)");
        if (w.equals("width")) width = (int) l.integer("width", 1, MAX_DIM, null);
        else {
            double r = l.number("width_over_d", 0, 1e4, true, null);
            long v = Math.round(r * d);
            if (v < 1 || v > MAX_DIM) throw l.error("width_over_d", l.raw("width_over_d"), "a ratio giving a width from 1 to " + MAX_DIM + " at d = " + d);
            width = (int) v;
        }
        double scale = l.number("weight_scale", 0, 1e6, true, 1.0);
        List<MixtureComponent> mix = new ArrayList<>();
        String a = l.oneOf("activation", "mixture", "activation (e.g. \"tanh\") or mixture (an array of {activation, fraction})");
        if (a.equals("activation")) {
            mix.add(new MixtureComponent(activation(l, "activation", l.raw("activation")), 1.0));
        } else {
            List<SpecNode> comps = l.tables("mixture", "a non-empty array of tables {activation = \"...\", fraction = 0.5}");
            if (comps.size() > 16) throw l.error("mixture", l.raw("mixture"), "at most 16 components");
            double total = 0;
            for (SpecNode c : comps) {
                Activation f = activation(c, "activation", c.raw("activation"));
                double fr = c.number("fraction", 0, 1, true, null);
                total += fr;
                c.finish();
                mix.add(new MixtureComponent(f, fr));
            }
            if (Math.abs(total - 1) > 1e-9) throw l.error("mixture", l.raw("mixture"), "fractions that sum to 1 (they sum to " + Num.fmt(total) + ")");
            // a component that rounds to no neuron would run a different layer than its label and the theory say
            int[] counts = new LayerSpec(width, 1.0, mix, null, null).neuronCounts();
            for (int c = 0; c < counts.length; c++)
                if (counts[c] == 0) {
                    SpecNode comp = comps.get(c);
                    throw comp.error("fraction", comp.raw("fraction"), "a fraction giving at least one of the layer's " + width
                            + " neurons (" + Num.fmt(mix.get(c).fraction()) + " x " + width + " rounds to 0; 1/" + width + " = " + Num.fmt(1.0 / width) + " or more always gives one)");
                }
        }
        BiasDistribution bias = new BiasDistribution.None();
        SpecNode b = l.table("bias", "a table such as { distribution = \"normal\", std = 1.5 } (distribution: none, constant, normal or uniform)");
        if (b == null) l.tookDefault("bias", JsonNodeFactory.instance.objectNode().put("distribution", "none"));
        if (b != null) {
            String dist = b.choice("distribution", null, List.of("none", "constant", "normal", "uniform"));
            bias = switch (dist) {
                case "none" -> new BiasDistribution.None();
                case "constant" -> new BiasDistribution.Constant(b.number("value", -1e6, 1e6, false, null));
                case "normal" -> new BiasDistribution.Normal(b.number("mean", -1e6, 1e6, false, 0.0), b.number("std", 0, 1e6, false, null));
                default -> {
                    double lo = b.number("low", -1e6, 1e6, false, null), hi = b.number("high", -1e6, 1e6, false, null);
                    if (!(hi > lo)) throw b.error("high", b.raw("high"), "a number > low = " + Num.fmt(lo));
                    yield new BiasDistribution.Uniform(lo, hi);
                }
            };
            b.finish();
        }
        WeightStructure ws = new WeightStructure.Iid();
        SpecNode wn = l.table("weights", "a table such as { kind = \"iid\" }");
        if (wn == null) l.tookDefault("weights", JsonNodeFactory.instance.objectNode().put("kind", "iid"));
        if (wn != null) {
            List<String> kinds = learner ? List.of("iid", "row_covariance", "inverse_gram", "tied", "teacher_correlated")
                    : List.of("iid", "row_covariance", "inverse_gram", "tied");
            String kind = wn.choice("kind", null, kinds);
            if (i == 0 && (kind.equals("inverse_gram") || kind.equals("tied")))   // they refer to an earlier layer
                throw wn.error("kind", wn.raw("kind"), "on the first layer iid, row_covariance" + (learner ? " or teacher_correlated" : "")
                        + " (inverse_gram and tied refer to an earlier layer: from layer 2 on)");
            ws = switch (kind) {
                case "iid" -> new WeightStructure.Iid();
                case "row_covariance" -> new WeightStructure.RowCovariance(spectrum(wn, "covariance", MAX_DIM));
                case "inverse_gram" -> new WeightStructure.InverseGram((int) wn.integer("layer", 1, i == 0 ? 0 : i, null), wn.number("shift", 0, 1e12, true, null));
                case "tied" -> new WeightStructure.Tied((int) wn.integer("layer", 1, i == 0 ? 0 : i, null));
                default -> new WeightStructure.TeacherCorrelated(wn.number("a", -1e6, 1e6, false, null), wn.number("b", -1e6, 1e6, false, null),
                        spectrum(wn, "covariance", MAX_DIM));
            };
            wn.finish();
        }
        l.finish();
        return new LayerSpec(width, scale, mix, bias, ws);
    }

    /** Layers a network may have (its random streams stay apart up to {@link deeprf.model.LayerStreams#MAX_LAYER}). */
    static final int MAX_DEPTH = 1000;

    private static List<SpecNode> layerTables(SpecNode net, String name) {
        List<SpecNode> ls = net.tables("layers", "an array of layer tables, [[" + name + ".layers]]");
        if (ls.size() > MAX_DEPTH)
            throw new SpecException(name + ".layers has " + ls.size() + " layer tables; allowed: at most " + MAX_DEPTH);
        return ls;
    }

    /** Shapes implied by tied / inverse_gram references must fit, checked once depth and widths are known. */
    private static void checkReferences(List<LayerSpec> layers, String where, int d) {
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            int fanIn = i == 0 ? d : layers.get(i - 1).width();
            String p = where + "[" + (i + 1) + "].weights";
            switch (l.weights()) {
                case WeightStructure.Tied t -> {
                    if (t.layer() > i) throw new SpecException(p + ".layer = " + t.layer() + " is not allowed; allowed: an earlier layer, 1 to " + i);
                    LayerSpec src = layers.get(t.layer() - 1);
                    int srcFan = t.layer() == 1 ? d : layers.get(t.layer() - 2).width();
                    if (src.width() != l.width() || (srcFan != fanIn))
                        throw new SpecException(p + ".layer = " + t.layer() + " is not allowed; allowed: a layer with the same weight shape (width and fan-in)");
                }
                case WeightStructure.InverseGram g -> {
                    if (g.layer() > i) throw new SpecException(p + ".layer = " + g.layer() + " is not allowed; allowed: an earlier layer, 1 to " + i);
                    if (layers.get(g.layer() - 1).width() != fanIn)
                        throw new SpecException(p + ".layer = " + g.layer() + " is not allowed; allowed: a layer whose width equals this layer's fan-in " + fanIn);
                }
                default -> { }
            }
        }
    }

    private static TeacherSpec teacher(SpecNode t, int d) {
        if (t == null) throw new SpecException("[teacher] is missing; allowed: a table with kind = \"linear\" | \"single_index\" | \"network\"");
        String kind = t.choice("kind", null, List.of("linear", "single_index", "network"));
        double norm = t.number("norm", 0, 1e6, false, 1.0);
        double noise = t.number("noise", 0, 1e6, false, 0.0);
        TeacherSpec out = switch (kind) {
            case "linear" -> TeacherSpec.linear(norm, noise);
            case "single_index" -> new TeacherSpec(TeacherSpec.Kind.SINGLE_INDEX, norm, noise, activation(t, "activation", t.raw("activation")), List.of());
            default -> {
                List<SpecNode> ls = layerTables(t, "teacher");
                List<LayerSpec> layers = new ArrayList<>();
                for (int i = 0; i < ls.size(); i++) layers.add(layer(ls.get(i), d, i, false));
                checkReferences(layers, "teacher.layers", d);
                yield new TeacherSpec(TeacherSpec.Kind.NETWORK, norm, noise, null, layers);
            }
        };
        t.finish();
        return out;
    }

    private static double[] lambdas(SpecNode r) {
        String k = r.oneOf("lambdas", "lambda_grid", "lambdas (an array of numbers >= 0) or lambda_grid = {from, to, count} (a log grid)");
        double[] out;
        if (k.equals("lambdas")) {
            List<Double> l = r.distinctNumbers("lambdas", 0, 1e12, false);
            out = l.stream().mapToDouble(Double::doubleValue).toArray();
        } else {
            SpecNode g = r.table("lambda_grid", "a table such as { from = 1e-4, to = 10, count = 20 }");
            if (g == null) throw r.error("lambda_grid", r.raw("lambda_grid"), "a table {from, to, count}");
            double from = g.number("from", 0, 1e12, true, null), to = g.number("to", 0, 1e12, true, null);
            int count = (int) g.integer("count", 1, 10_000, null);
            if (to < from) throw g.error("to", g.raw("to"), "a number >= from = " + Num.fmt(from));
            if (count == 1 && to != from) throw g.error("count", g.raw("count"), "an integer >= 2 when from != to");
            if (count > 1 && to == from) throw g.error("count", g.raw("count"), "1 when from = to (more would repeat one λ')");
            g.finish();
            out = Num.logGrid(from, to, count);
        }
        if (out.length > 10_000) throw r.error(k, r.raw(k), "at most 10000 values");
        return out;
    }
}
