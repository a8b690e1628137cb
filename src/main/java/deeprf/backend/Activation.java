package deeprf.backend;

/**
 * One pointwise nonlinearity of the catalogue: a kind and its parameters. {@link #apply} is the reference
 * definition every backend must reproduce (to rounding).
 */
public record Activation(ActivationKind kind, double a, double b) {

    public Activation {
        if (kind == null) throw new IllegalArgumentException("activation kind must not be null");
        if (!Double.isFinite(a) || !Double.isFinite(b))
            throw new IllegalArgumentException("activation " + kind + ": parameters must be finite, got a=" + a + ", b=" + b);
        if (kind == ActivationKind.CLIPPED_LINEAR && !(b > 0))
            throw new IllegalArgumentException("activation clipped_linear: clip level b must be > 0, got " + b);
        // parameters a kind does not use were ignored: new Activation(RELU, 5, 0) ran as plain relu, labelled "relu"
        boolean usesA = switch (kind) { case LINEAR, TANH, ERF, CLIPPED_LINEAR -> true; default -> false; };
        if (usesA && a == 0)                                  // as the spec parser: every feature would be 0
            throw new IllegalArgumentException("activation " + kind.name().toLowerCase() + ": the scale a must not be 0 (every feature would be 0), got a=0");
        if (!usesA && a != 0 || kind != ActivationKind.CLIPPED_LINEAR && b != 0)
            throw new IllegalArgumentException("activation " + kind.name().toLowerCase() + ": takes " + (usesA ? "a scale a only" : "no parameters")
                    + " (a = " + (usesA ? "scale" : "0") + ", b = 0), got a=" + a + ", b=" + b);
    }

    public static Activation of(ActivationKind kind) {
        return switch (kind) {
            case LINEAR, TANH, ERF -> new Activation(kind, 1, 0);
            case CLIPPED_LINEAR -> new Activation(kind, 1, 1);
            default -> new Activation(kind, 0, 0);
        };
    }

    public static final Activation LINEAR = of(ActivationKind.LINEAR);
    public static final Activation TANH = of(ActivationKind.TANH);
    public static final Activation RELU = of(ActivationKind.RELU);

    public double apply(double x) {
        return switch (kind) {
            case LINEAR -> a * x;
            case TANH -> Math.tanh(a * x);
            case ERF -> Erf.erf(a * x);
            case RELU -> x > 0 ? x : 0.0;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case CLIPPED_LINEAR -> a * Math.signum(x) * Math.min(b, Math.abs(x));
        };
    }

    /** A short human name such as {@code tanh(2x)} or {@code clipped(1.1,2)}. */
    public String label() {
        return switch (kind) {
            case LINEAR -> a == 1 ? "linear" : "linear(" + fmt(a) + "x)";
            case TANH -> a == 1 ? "tanh" : "tanh(" + fmt(a) + "x)";
            case ERF -> a == 1 ? "erf" : Math.abs(a - 1 / Math.sqrt(2)) < 1e-15 ? "erf(x/sqrt2)" : "erf(" + fmt(a) + "x)";
            case CLIPPED_LINEAR -> "clipped(" + fmt(a) + "," + fmt(b) + ")";
            default -> kind.name().toLowerCase();
        };
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
