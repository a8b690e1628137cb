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
     * {@code _ - space} (e.g. the old spelling {@code powerlaw}), or is a typo of one ({@link #closeName}, e.g.
     * {@code lnear}); empty otherwise.
     */
    public static String didYouMean(String value, List<String> choices) {
        String v = value.toLowerCase(Locale.ROOT).replaceAll("[_\\- ]", "");
        for (String c : choices)
            if (c.replaceAll("[_\\- ]", "").equalsIgnoreCase(v)) return "; did you mean \"" + c + "\"?";
        return closeName(value.toLowerCase(Locale.ROOT), choices);
    }

    /**
     * {@code "; did you mean \"activation\" (the table has \"activaton\")?"} when one of {@code present} (keys
     * the table holds) is a typo of the missing {@code key}: within one edit, or two for keys of six letters or more;
     * empty otherwise. Present keys shorter than three letters are never taken for typos (d and n are one edit apart).
     */
    public static String misspelledKey(String key, Iterable<String> present) {
        for (String p : present)
            if (p.length() >= 3 && isTypo(p.toLowerCase(Locale.ROOT), key))
                return "; did you mean \"" + key + "\" (the table has \"" + p + "\")?";
        return "";
    }

    /** {@code "; did you mean \"tanh\"?"} when {@code value} is a typo of a choice (see isTypo); empty otherwise. */
    public static String closeName(String value, List<String> choices) {
        for (String c : choices)
            if (isTypo(value, c)) return "; did you mean \"" + c + "\"?";
        return "";
    }

    /** The names of which {@code written} is a typo (see isTypo), in their order: a command-line option's hint. */
    public static List<String> typosOf(String written, List<String> names) {
        return names.stream().filter(n -> isTypo(written, n)).toList();
    }

    /** Whether {@code written} differs from {@code meant} by one edit, or two where {@code meant} has six letters or more. */
    private static boolean isTypo(String written, String meant) {
        return !written.equals(meant) && editDistance(written, meant) <= (meant.length() >= 6 ? 2 : 1);
    }

    /**
     * Edit distance with insertions, deletions, substitutions and swaps of two neighbouring characters at one edit
     * each (optimal string alignment): "tnah" is one edit from "tanh", as a typist would count it.
     */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++)
            for (int j = 1; j <= b.length(); j++) {
                d[i][j] = Math.min(Math.min(d[i - 1][j], d[i][j - 1]) + 1, d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1))
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        return d[a.length()][b.length()];
    }
}
