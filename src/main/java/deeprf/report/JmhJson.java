package deeprf.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads JMH's JSON result format. */
public final class JmhJson {
    private JmhJson() {}

    /** Parses a JMH JSON file; malformed input throws {@link IllegalArgumentException} naming the file and the entry. */
    public static List<JmhResult> read(Path file) {
        if (Files.isDirectory(file))
            throw new IllegalArgumentException("bench-report: " + file + " is a folder; allowed: a JMH JSON file (JMH run with -rf json -rff RESULT.json)");
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("bench-report: no such file " + file);
        try {
            if (Files.size(file) == 0)
                throw new IllegalArgumentException("bench-report: " + file + " is empty; allowed: a JMH JSON file (JMH run with -rf json -rff RESULT.json)");
        } catch (IOException e) {
            throw new IllegalArgumentException("bench-report: cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JacksonException e) {
            // getOriginalMessage(), not getMessage(): the latter adds a second line with a "REDACTED" source.
            JsonLocation at = e.getLocation();
            String what = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("bench-report: " + file + " is not JMH JSON (the output of JMH run with -rf json -rff RESULT.json): "
                    + (at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ") + what, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("bench-report: cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray())
            throw new IllegalArgumentException("bench-report: " + file + " is not a JMH JSON result (expected a top-level array; run JMH with -rf json)");
        List<JmhResult> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) out.add(entry(file, i, root.get(i)));
        return out;
    }

    private static JmhResult entry(Path file, int index, JsonNode e) {
        String where = file + " entry " + index;
        JsonNode bench = e.get("benchmark"), mode = e.get("mode"), primary = e.get("primaryMetric");
        if (bench == null || !bench.isTextual() || mode == null || primary == null || !primary.isObject())
            throw new IllegalArgumentException("bench-report: " + where + " lacks benchmark, mode or primaryMetric (is this JMH -rf json output?)");
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode p = e.get("params");
        if (p != null) p.properties().forEach(en -> params.put(en.getKey(), en.getValue().asText()));
        Map<String, JmhResult.Metric> secondary = new LinkedHashMap<>();
        JsonNode s = e.get("secondaryMetrics");
        if (s != null) s.properties().forEach(en -> secondary.put(en.getKey(), metric(where + " secondary " + en.getKey(), en.getValue())));
        return new JmhResult(bench.asText(), mode.asText(), e.path("threads").asInt(1), params, metric(where, primary), secondary);
    }

    private static JmhResult.Metric metric(String where, JsonNode m) {
        JsonNode score = m.get("score"), unit = m.get("scoreUnit");
        if (score == null || unit == null) throw new IllegalArgumentException("bench-report: " + where + " has no score or scoreUnit");
        return new JmhResult.Metric(number(score), m.has("scoreError") ? number(m.get("scoreError")) : Double.NaN, unit.asText());
    }

    /** JMH writes NaN as the string "NaN". */
    private static double number(JsonNode n) {
        if (n.isNumber()) return n.asDouble();
        try {
            return Double.parseDouble(n.asText());
        } catch (NumberFormatException ex) {
            return Double.NaN;
        }
    }
}
