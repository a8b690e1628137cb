package deeprf.model;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses activation names of the catalogue: {@code linear}, {@code tanh}, {@code tanh(2x)}, {@code tanh(x/2)},
 * {@code erf}, {@code erf(x/sqrt2)}, {@code relu}, {@code abs}, {@code sign}, {@code sigmoid},
 * {@code clipped(a,b)} = a·sign(x)·min(b,|x|). The inner argument of linear/tanh/erf is {@code c·x}, written
 * {@code x}, {@code 2x}, {@code 2*x}, {@code x/2}, {@code x/sqrt2} or {@code x/sqrt(2)}.
 */
public final class ActivationCatalogue {
    private ActivationCatalogue() {}

    public static final String ALLOWED = "linear, tanh, tanh(c*x) e.g. tanh(2x), erf, erf(x/sqrt2), relu, abs, sign, sigmoid, clipped(a,b)";

    private static final Pattern CALL = Pattern.compile("([a-z_]+)\\s*(?:\\((.*)\\))?");
    private static final String NUM = "([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)";
    private static final Pattern X = Pattern.compile("x");
    private static final Pattern CX = Pattern.compile(NUM + "\\s*\\*?\\s*x");
    private static final Pattern X_OVER_C = Pattern.compile("x\\s*/\\s*" + NUM);
    private static final Pattern X_OVER_SQRT = Pattern.compile("x\\s*/\\s*sqrt\\s*\\(?\\s*" + NUM + "\\s*\\)?");

    /** The activation named by {@code text}; an {@link InvalidActivation} listing the catalogue otherwise. */
    public static Activation parse(String text) {
        if (text == null) throw new InvalidActivation("activation must be a string; allowed: " + ALLOWED, "");
        String s = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = CALL.matcher(s);
        if (!m.matches()) throw unknown(text);
        String name = m.group(1), arg = m.group(2);
        switch (name) {
            case "linear", "identity", "tanh", "erf" -> {
                double c = arg == null ? 1.0 : scale(arg, text);
                if (c == 0) throw refused("activation '" + text + "': the scale c of c*x must not be 0 (every feature would be 0)");
                ActivationKind kind = switch (name) {
                    case "tanh" -> ActivationKind.TANH;
                    case "erf" -> ActivationKind.ERF;
                    default -> ActivationKind.LINEAR;
                };
                return new Activation(kind, c, 0);
            }
            case "relu", "abs", "sign", "sigmoid" -> {
                if (arg != null && !arg.trim().equals("x")) throw unknown(text);
                return Activation.of(ActivationKind.valueOf(name.toUpperCase(Locale.ROOT)));
            }
            case "clipped", "clipped_linear" -> {
                if (arg == null) throw refused("activation '" + text + "': clipped needs two parameters, clipped(a,b) = a*sign(x)*min(b,|x|)");
                String[] parts = arg.split(",");
                if (parts.length != 2) throw refused("activation '" + text + "': clipped needs two parameters, clipped(a,b) = a*sign(x)*min(b,|x|)");
                double a = number(parts[0], text), b = number(parts[1], text);
                if (!(b > 0)) throw refused("activation '" + text + "': clip level b must be > 0");
                if (a == 0) throw refused("activation '" + text + "': slope a must not be 0 (every feature would be 0)");
                return new Activation(ActivationKind.CLIPPED_LINEAR, a, b);
            }
            default -> throw unknown(text);
        }
    }

    private static double scale(String arg, String text) {
        String a = arg.trim();
        Matcher m;
        if (X.matcher(a).matches()) return 1.0;
        if ((m = CX.matcher(a)).matches()) return number(m.group(1), text);
        if ((m = X_OVER_SQRT.matcher(a)).matches()) return 1.0 / Math.sqrt(nonZero(number(m.group(1), text), text));
        if ((m = X_OVER_C.matcher(a)).matches()) return 1.0 / nonZero(number(m.group(1), text), text);
        String reason = "activation '" + text + "': argument '" + arg + "' must be c*x, x/c or x/sqrt(c)";
        throw new InvalidActivation(reason + "; allowed: " + ALLOWED, " (" + reason + ")");
    }

    private static double nonZero(double v, String text) {
        if (v == 0) throw refused("activation '" + text + "': division by zero");
        return v;
    }

    private static double number(String s, String text) {
        try {
            double v = Double.parseDouble(s.trim());
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw refused("activation '" + text + "': '" + s.trim() + "' is not a finite number");
        }
    }

    /**
     * A name {@link #parse} refused. Its message is the whole story for a caller on its own; {@link #detail} is what a
     * spec's error adds to its own "allowed: ALLOWED": the did-you-mean of an unknown name (or nothing), or the
     * reason a known one was refused (a zero scale, a bad clip level) in parentheses.
     */
    public static final class InvalidActivation extends IllegalArgumentException {
        private final String detail;

        InvalidActivation(String message, String detail) {
            super(message);
            this.detail = detail;
        }

        public String detail() {
            return detail;
        }
    }

    private static InvalidActivation refused(String reason) {
        return new InvalidActivation(reason, " (" + reason + ")");
    }

    private static InvalidActivation unknown(String text) {
        Matcher m = CALL.matcher(text.trim().toLowerCase(Locale.ROOT));
        String hint = m.matches() ? deeprf.spec.Choices.closeName(m.group(1), NAMES) : "";
        return new InvalidActivation("unknown activation '" + text + "'; allowed: " + ALLOWED + hint, hint);
    }

    /** The names parse accepts, for a did-you-mean on a typo. */
    private static final List<String> NAMES = List.of("linear", "identity", "tanh", "erf", "relu", "abs", "sign", "sigmoid", "clipped", "clipped_linear");
}
