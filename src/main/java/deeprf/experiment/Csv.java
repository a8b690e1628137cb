package deeprf.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Minimal RFC 4180 CSV: quote fields holding a comma, quote or line break. */
final class Csv {
    private Csv() {}

    static String field(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    static String line(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) sb.append(i > 0 ? "," : "").append(field(fields.get(i)));
        return sb.append('\n').toString();
    }

    /**
     * Whether a CSV file's lines hold a row: a non-blank line after the header (a torn last line counts). The one
     * rule for "results.csv has no row", shared by the folder's claim and the result store's repair.
     */
    static boolean hasRow(Stream<String> lines) {
        return lines.skip(1).anyMatch(l -> !l.isBlank());
    }

    /** Splits one line (without its line break); null when quotes do not balance. */
    static List<String> parse(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else quoted = false;
                } else cur.append(c);
            } else if (c == '"') quoted = true;
            else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else cur.append(c);
        }
        if (quoted) return null;
        out.add(cur.toString());
        return out;
    }

    static String num(double v) { return Double.isNaN(v) ? "" : Double.toString(v); }

    static double parseNum(String s) { return s.isEmpty() ? Double.NaN : Double.parseDouble(s); }
}
