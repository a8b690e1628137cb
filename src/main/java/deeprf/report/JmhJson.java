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
        String where = file + " entry " + (index + 1) + (e.path("benchmark").isTextual() ? " (" + e.get("benchmark").asText()
                + (e.path("params").isObject() ? " " + e.get("params") : "") + ")" : "");
        JsonNode bench = e.get("benchmark"), mode = e.get("mode"), primary = e.get("primaryMetric");
        if (bench == null || !bench.isTextual() || mode == null || primary == null || !primary.isObject())
            throw new IllegalArgumentException("bench-report: " + where + " lacks benchmark, mode or primaryMetric (is this JMH -rf json output?)");
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode p = e.get("params");
        if (p != null) p.properties().forEach(en -> params.put(en.getKey(), en.getValue().asText()));
        Map<String, JmhResult.Metric> secondary = new LinkedHashMap<>();
        JsonNode s = e.get("secondaryMetrics");
        if (s != null) s.properties().forEach(en -> secondary.put(en.getKey(), metric(where + " secondary " + en.getKey(), en.getValue())));
        return new JmhResult(bench.asText(), mode.asText(), e.path("threads").asInt(1), params, metric(where, primary), secondary,
                settings(e), e.path("measurementIterations").asInt(0) * Math.max(1, e.path("forks").asInt(1)));
    }

    /** "1 fork, warm-up 5 × 10 s, measurement 5 × 10 s, JDK 25.0.3", from what the entry records. */
    private static String settings(JsonNode e) {
        if (!e.has("measurementIterations")) return "";
        int forks = e.path("forks").asInt(1);
        return forks + (forks == 1 ? " fork" : " forks") + ", warm-up " + e.path("warmupIterations").asInt(0) + " × " + e.path("warmupTime").asText("?")
                + ", measurement " + e.path("measurementIterations").asInt(0) + " × " + e.path("measurementTime").asText("?")
                + (e.has("jdkVersion") ? ", JDK " + e.get("jdkVersion").asText() : "");
    }

    private static JmhResult.Metric metric(String where, JsonNode m) {
        JsonNode score = m.get("score"), unit = m.get("scoreUnit");
        if (score == null || unit == null) throw new IllegalArgumentException("bench-report: " + where + " has no score or scoreUnit");
        double v = number(score), err = m.has("scoreError") ? number(m.get("scoreError")) : Double.NaN;
        // a score JMH cannot have written (a failed or edited result) would become NaN, Infinity or a negative speed in the report
        if (!Double.isFinite(v) || v < 0)
            throw new IllegalArgumentException("bench-report: " + where + " score = " + score + " is not allowed; allowed: a finite number >= 0 (JMH's own output)");
        if (!Double.isNaN(err) && (!Double.isFinite(err) || err < 0))
            throw new IllegalArgumentException("bench-report: " + where + " scoreError = " + m.get("scoreError") + " is not allowed; allowed: a finite number >= 0 or \"NaN\" (one iteration)");
        return new JmhResult.Metric(v, err, unit.asText());
    }

    /** JMH writes NaN as the string "NaN"; anything else that is not a number is NaN here, and refused by the caller. */
    private static double number(JsonNode n) {
        if (n.isNumber()) return n.asDouble();
        if (!n.isTextual()) return Double.NaN;
        try {
            return Double.parseDouble(n.asText());
        } catch (NumberFormatException ex) {
            return Double.NaN;
        }
    }
}
