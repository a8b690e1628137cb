package deeprf.spec;

import java.util.List;
import java.util.Locale;

/**
 * Hints for a spec value that misses every allowed choice, shared by the spec parsers of every run kind (the ridge
 * and online specs in {@code deeprf.experiment}, the structured specs in {@code deeprf.structured}), which do not
 * depend on each other.
 */
public final class Choices {
    private Choices() {}

    /**
     * {@code "; did you mean \"power_law\"?"} when {@code value} differs from one choice only in case or in
     * {@code _ - space} (e.g. the old spelling {@code powerlaw}); empty otherwise.
     */
    public static String didYouMean(String value, List<String> choices) {
        String v = value.toLowerCase(Locale.ROOT).replaceAll("[_\\- ]", "");
        for (String c : choices)
            if (c.replaceAll("[_\\- ]", "").equalsIgnoreCase(v)) return "; did you mean \"" + c + "\"?";
        return "";
    }
}
