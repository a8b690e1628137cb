package deeprf.experiment;

import deeprf.spec.Choices;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static deeprf.spec.Choices.didYouMean;

/**
 * Strict reader of one table of a spec: every getter names the key's full path in its error, and {@link #finish}
 * rejects keys nobody asked for, listing the allowed ones. One instance per table; not thread-safe.
 */
final class SpecNode {
    private final String path;       // "" for the root, else "data", "learner.layers[2]", ...
    private final ObjectNode node;
    private final Set<String> known = new LinkedHashSet<>();
    private final Resolved resolved;  // null: the values taken are not recorded

    SpecNode(String path, ObjectNode node) {
        this(path, node, null);
    }

    /** A reader that records in {@code resolved} the defaults it takes and the names it reads regardless of case. */
    SpecNode(String path, ObjectNode node, Resolved resolved) {
        this.path = path;
        this.node = node;
        this.resolved = resolved;
    }

    /**
     * The values a parse took for keys a spec left out (defaults) and the listed spelling of names it read regardless
     * of case, by full key path ({@code readout.centre}, {@code learner.layers[2].bias.mean}). Written into a spec
     * tree ({@link #writeInto}), they make "centre = false" written out and left out one spec for the output-folder
     * rule. A path that took two different values (a default that follows a swept key) is dropped.
     */
    static final class Resolved {
        private final Map<String, JsonNode> values = new java.util.LinkedHashMap<>();
        private final Map<String, Set<String>> writtenAs = new HashMap<>();   // names: the texts read
        private final Set<String> varying = new java.util.HashSet<>();

        private void put(String keyPath, JsonNode value, String written) {
            JsonNode before = values.putIfAbsent(keyPath, value);
            if (before != null && !sameValue(before, value)) varying.add(keyPath);
            if (written != null) writtenAs.computeIfAbsent(keyPath, k -> new java.util.HashSet<>()).add(written);
        }

        /**
         * A copy of {@code tree} with every recorded value written in: a default where the key is absent and its
         * table present (an absent optional table stays absent), a name's listed spelling where the tree holds a text
         * that was read as it (a name that a sweep overrides stays as the tree has it).
         */
        ObjectNode writeInto(ObjectNode tree) {
            ObjectNode out = tree.deepCopy();
            values.forEach((keyPath, value) -> {
                if (varying.contains(keyPath)) return;
                int dot = keyPath.lastIndexOf('.');
                String key = keyPath.substring(dot + 1);
                JsonNode parent = dot < 0 ? out : walk(out, keyPath.substring(0, dot));
                if (!(parent instanceof ObjectNode table)) return;
                JsonNode there = table.get(key);
                Set<String> texts = writtenAs.get(keyPath);
                if (texts == null ? there == null : there != null && texts.contains(there.isTextual() ? there.asText() : there.toString()))
                    table.set(key, value);
            });
            return out;
        }

        /**
         * {@code tree} with what {@code parse} took written in ({@link #writeInto}); a tree that does not parse is
         * returned as it is (its parser refuses it with its own message).
         */
        static ObjectNode writtenOut(ObjectNode tree, java.util.function.BiConsumer<ObjectNode, Resolved> parse) {
            Resolved resolved = new Resolved();
            try {
                parse.accept(tree, resolved);
            } catch (SpecException notASpec) {
                return tree.deepCopy();
            }
            return resolved.writeInto(tree);
        }

        private static final java.util.regex.Pattern INDEXED = java.util.regex.Pattern.compile("(.+)\\[(\\d+)]");

        /** The node at a path such as {@code learner.layers[2].bias} (1-based indices), or null. */
        private static JsonNode walk(JsonNode from, String path) {
            JsonNode at = from;
            for (String part : path.split("\\.")) {
                java.util.regex.Matcher m = INDEXED.matcher(part);
                at = at == null ? null : at.get(m.matches() ? m.group(1) : part);
                if (m.matches()) at = at == null || !at.isArray() ? null : at.get(Integer.parseInt(m.group(2)) - 1);
            }
            return at;
        }
    }

    /** Records that this table's {@code key}, left out, was taken as {@code value}. */
    void tookDefault(String key, JsonNode value) {
        if (resolved != null) resolved.put(keyPath(key), value, null);
    }

    /**
     * Records that this table's {@code key}, a name read regardless of case or by meaning (or a table that says only
     * that name, such as {@code {kind = "identity"}}), is {@code listed}.
     */
    void readAs(String key, String listed) {
        JsonNode v = node.get(key);
        if (resolved != null && v != null && (v.isTextual() || v.isObject()))
            resolved.put(keyPath(key), com.fasterxml.jackson.databind.node.TextNode.valueOf(listed), v.isTextual() ? v.asText() : v.toString());
    }

    String path() { return path; }

    /** The table itself (for free-form tables such as [sweep]). */
    ObjectNode node() { return node; }

    String keyPath(String key) { return path.isEmpty() ? key : path + "." + key; }

    boolean has(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    JsonNode raw(String key) {
        known.add(key);
        return node.get(key);
    }

    /** Marks keys as allowed without reading them (read elsewhere). */
    void allow(String... keys) { known.addAll(List.of(keys)); }

    static String show(JsonNode v) {
        return deeprf.spec.SpecText.show(v);
    }

    SpecException error(String key, JsonNode v, String allowed) {
        return new SpecException(keyPath(key) + " = " + show(v) + " is not allowed; allowed: " + allowed);
    }

    SpecException missing(String key, String allowed) {
        return new SpecException(keyPath(key) + " is missing; allowed: " + allowed + misspelled(key));
    }

    /** {@code [key] is missing; allowed: …}, with the hint when the table holds a typo of it ({@code [readuot]}). */
    SpecException missingTable(String key, String allowed) {
        return new SpecException("[" + keyPath(key) + "] is missing; allowed: " + allowed + misspelled(key));
    }

    /** A hint when the table holds a key that is not known (yet) and is a typo of {@code key}. */
    private String misspelled(String key) {
        List<String> unread = new ArrayList<>();
        node.fieldNames().forEachRemaining(k -> { if (!known.contains(k)) unread.add(k); });
        return Choices.misspelledKey(key, unread);
    }

    // ---------------------------------------------------------------- scalars

    long integer(String key, long min, long max, Long dflt) {
        String allowed = "an integer from " + min + " to " + max;
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            if (dflt == null) throw missing(key, allowed);
            if (dflt >= min && dflt <= max) tookDefault(key, com.fasterxml.jackson.databind.node.LongNode.valueOf(dflt));   // not a sentinel
            return dflt;
        }
        return integerValue(key, v, min, max, allowed);
    }

    long integerValue(String key, JsonNode v, long min, long max, String allowed) {
        if (!v.isNumber()) throw error(key, v, allowed);
        double d = v.asDouble();
        if (!v.canConvertToLong() || d != Math.rint(d) || d < min || d > max) throw error(key, v, allowed);
        return v.asLong();
    }

    double number(String key, double min, double max, boolean minOpen, Double dflt) {
        String allowed = range(min, max, minOpen);
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            if (dflt == null) throw missing(key, allowed);
            if (Double.isFinite(dflt)) tookDefault(key, com.fasterxml.jackson.databind.node.DoubleNode.valueOf(dflt));
            return dflt;
        }
        return numberValue(key, v, min, max, minOpen, allowed);
    }

    double numberValue(String key, JsonNode v, double min, double max, boolean minOpen, String allowed) {
        if (!v.isNumber()) throw error(key, v, allowed);
        double d = v.asDouble();
        if (!Double.isFinite(d) || d < min || d > max || (minOpen && d == min)) throw error(key, v, allowed);
        return d;
    }

    static String range(double min, double max, boolean minOpen) {
        String lo = minOpen ? "> " + fmt(min) : ">= " + fmt(min);
        return max == Double.MAX_VALUE ? "a number " + lo : "a number " + lo + " and <= " + fmt(max);
    }

    private static String fmt(double v) { return deeprf.model.Num.fmt(v); }

    boolean bool(String key, boolean dflt) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            tookDefault(key, com.fasterxml.jackson.databind.node.BooleanNode.valueOf(dflt));
            return dflt;
        }
        if (!v.isBoolean()) throw error(key, v, "true or false");
        return v.asBoolean();
    }

    String string(String key, String dflt, String allowed) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            if (dflt == null) throw missing(key, allowed);
            tookDefault(key, com.fasterxml.jackson.databind.node.TextNode.valueOf(dflt));
            return dflt;
        }
        if (!v.isTextual()) throw error(key, v, allowed);
        return v.asText();
    }

    /**
     * Node equality where numbers compare by value: noise = 1 and noise = 1.0 are one spec. Two integers compare
     * exactly (seeds 9007199254740993 and …992 are one double but two seeds).
     */
    private static final java.util.Comparator<JsonNode> SAME_VALUE = (x, y) ->
            x.isIntegralNumber() && y.isIntegralNumber() ? x.bigIntegerValue().compareTo(y.bigIntegerValue())
                    : x.isNumber() && y.isNumber() ? Double.compare(x.doubleValue(), y.doubleValue()) : x.equals(y) ? 0 : 1;

    /** Whether two spec values are one, numbers by value and nested arrays and tables deeply. */
    static boolean sameValue(JsonNode a, JsonNode b) {
        return a.equals(SAME_VALUE, b);
    }

    /** One of {@code choices}, matched regardless of case (as activation names are), returned as listed. */
    String choice(String key, String dflt, List<String> choices) {
        String allowed = "one of " + String.join(", ", choices);
        String s = string(key, dflt, allowed);
        for (String c : choices)
            if (c.equalsIgnoreCase(s)) {
                readAs(key, c);
                return c;
            }
        throw error(key, raw(key), allowed + didYouMean(s, choices));
    }

    List<Double> numbers(String key, double min, double max, boolean minOpen) {
        String allowed = "a non-empty array of numbers, each " + range(min, max, minOpen).substring(9);
        JsonNode v = raw(key);
        if (v == null || v.isNull()) throw missing(key, allowed);
        if (!v.isArray() || v.isEmpty()) throw error(key, v, allowed);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isNumber() || !Double.isFinite(e.asDouble()) || e.asDouble() < min || e.asDouble() > max || (minOpen && e.asDouble() == min))
                throw new SpecException(keyPath(key) + "[" + (i + 1) + "] = " + show(e) + " is not allowed; allowed: " + allowed);
            out.add(e.asDouble());
        }
        return out;
    }

    /**
     * {@link #numbers}, each value once: a list whose values are points or a grid (λ', widths, step sizes) would run
     * and average a repeated value twice.
     */
    List<Double> distinctNumbers(String key, double min, double max, boolean minOpen) {
        List<Double> out = numbers(key, min, max, minOpen);
        refuseRepeats(keyPath(key), raw(key), "");
        return out;
    }

    /**
     * Refuses an array where a value repeats an earlier one ({@link #sameValue}: 1 and 1.0 are one value), naming both
     * 1-based places as {@code path[i]}; {@code why} is added to the "allowed" part.
     */
    static void refuseRepeats(String path, JsonNode array, String why) {
        // bucketed by a hash that sameValue respects, so a sweep of 10^5 values is checked in linear time, not quadratic
        Map<Integer, List<Integer>> seen = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            List<Integer> bucket = seen.computeIfAbsent(valueHash(array.get(i)), h -> new ArrayList<>());
            for (int j : bucket)                                // earlier places first: the message names the first repeat
                if (sameValue(array.get(j), array.get(i)))
                    throw new SpecException(path + "[" + (i + 1) + "] = " + show(array.get(i)) + " repeats " + path + "[" + (j + 1)
                            + "]; allowed: each value once" + why);
            bucket.add(i);
        }
    }

    /** A hash equal for any two nodes {@link #sameValue} calls one: numbers by their double, tables whatever their key order. */
    private static int valueHash(JsonNode v) {
        if (v.isNumber()) return Double.hashCode(v.doubleValue());
        if (v.isArray()) {
            int h = 1;
            for (JsonNode e : v) h = 31 * h + valueHash(e);
            return h;
        }
        if (v.isObject()) {
            int h = 0;
            for (var e : v.properties()) h += e.getKey().hashCode() ^ valueHash(e.getValue());
            return h;
        }
        return v.hashCode();
    }

    // ---------------------------------------------------------------- tables

    SpecNode table(String key) {
        return table(key, "a table");
    }

    /** As {@link #table(String)}, saying {@code allowed} (e.g. with an example of the table) when the value is not one. */
    SpecNode table(String key, String allowed) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) return null;
        if (!v.isObject()) throw error(key, v, allowed);
        return new SpecNode(keyPath(key), (ObjectNode) v, resolved);
    }

    List<SpecNode> tables(String key, String allowed) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) throw missing(key, allowed);
        if (!v.isArray() || v.isEmpty()) throw error(key, v, allowed);
        List<SpecNode> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String p = keyPath(key) + "[" + (i + 1) + "]";
            if (!e.isObject()) throw new SpecException(p + " = " + show(e) + " is not allowed; allowed: " + allowed);
            out.add(new SpecNode(p, (ObjectNode) e, resolved));
        }
        return out;
    }

    /** Exactly one of two alternative keys must be present; returns the present one. */
    String oneOf(String a, String b, String allowed) {
        boolean ha = has(a), hb = has(b);
        if (ha && hb) throw new SpecException(keyPath(a) + " and " + keyPath(b) + " are both given; allowed: " + allowed);
        if (!ha && !hb) {
            String hint = misspelled(a);
            throw new SpecException(keyPath(a) + " is missing; allowed: " + allowed + (hint.isEmpty() ? misspelled(b) : hint));
        }
        return ha ? a : b;
    }

    /** Rejects keys that were never asked for. */
    void finish() {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!known.contains(k))
                throw new SpecException("unknown key " + keyPath(k) + " = " + show(node.get(k)) + "; allowed keys " + (path.isEmpty() ? "at the top level" : "in " + path) + ": " + String.join(", ", known)
                        + Choices.closeName(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(known)));
        }
    }
}
