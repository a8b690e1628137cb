package deeprf.spec;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** A spec value as an error message shows it: as the user wrote it in TOML, as far as the parsed tree tells. */
public final class SpecText {
    private SpecText() {}

    public static String show(JsonNode v) {
        if (v == null) return "(missing)";
        if (v.isTextual()) return "\"" + v.asText() + "\"";
        if (v.isContainerNode()) {
            // an array's numbers as TOML writes them (JSON would write inf as "Infinity", a string the user never wrote)
            String s = v.isArray() ? StreamSupport.stream(v.spliterator(), false).map(SpecText::show).collect(Collectors.joining(", ", "[", "]"))
                    : v.toString();
            return s.length() > 60 ? s.substring(0, 57) + "..." : s;
        }
        // TOML's 50.0 is a decimal whose text is "5E+1"; integers keep all their digits (2^64 stays 18446744073709551616)
        if (v.isFloatingPointNumber()) return show(v.doubleValue());
        return v.asText();
    }

    /** A number read from a spec as TOML writes it: inf, -inf, nan (not Java's Infinity, NaN); 50, not 50.0. */
    public static String show(double x) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        // as deeprf.model.Num.fmt writes it (that package depends on this one); exponents as TOML writes them, 1e300
        if (x == Math.rint(x) && Math.abs(x) < 1e15) return Long.toString((long) x);
        return Double.toString(x).replace(".0E", "e").replace("E", "e");
    }
}
