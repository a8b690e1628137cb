package deeprf.report;

import deeprf.backend.ActivationKind;
import deeprf.spec.Choices;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks the {@code -p name=v1,v2} parameters of {@code ./deeprf bench} before JMH starts: JMH itself ignores a
 * parameter no benchmark declares (a typo such as {@code -p thread=1} silently runs the defaults), reads a boolean
 * other than "true" as false, and reports any other bad value as a stack trace per fork inside a run that exits 0 with
 * an empty JSON file. The names and values are those of the benchmarks in bench/ (their {@code @Param} fields).
 */
public final class JmhParams {
    private JmhParams() {}

    /** A parameter value that no deeprf benchmark accepts; the message is one line naming it and what is allowed. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) { super(message); }
    }

    private static final List<String> BACKENDS = List.of("auto", "java", "blas", "cuda");
    private static final List<String> ACTIVATIONS = Arrays.stream(ActivationKind.values())
            .map(k -> k.name().toLowerCase(Locale.ROOT)).toList();

    /** Every {@code @Param} of the benchmarks, with what it allows. */
    private static final Map<String, String> ALLOWED = new TreeMap<>(Map.of(
            "backend", "one of " + String.join(", ", BACKENDS),
            "threads", "an integer from 1 to 4096",
            "n", "an integer >= 1",
            "p", "an integer >= 1",
            "k", "an integer >= 1",
            "replicas", "an integer >= 1",
            "block", "auto or an integer >= 1",
            "activation", "one of " + String.join(", ", ACTIVATIONS),
            "bias", "true or false"));

    /** The parameter names this checks: every {@code @Param} field name of the benchmarks in bench/ (JmhParamsTest keeps names and default values in step). */
    public static java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(ALLOWED.keySet());
    }

    /** Throws {@link Invalid} for the first {@code -p} parameter of {@code args} that is unknown or out of range. */
    public static void check(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i], p;
            if (a.equals("-p")) {
                if (i + 1 >= args.length) throw new Invalid("-p needs name=value[,value...]; parameters: " + String.join(", ", ALLOWED.keySet()));
                p = args[++i];
            } else if (a.startsWith("-p") && a.length() > 2 && a.contains("=") && !a.startsWith("-prof")) {
                p = a.substring(2);
            } else continue;
            int eq = p.indexOf('=');
            if (eq <= 0) throw new Invalid("-p " + p + ": expected name=value[,value...]; parameters: " + String.join(", ", ALLOWED.keySet()));
            String name = p.substring(0, eq);
            String allowed = ALLOWED.get(name);
            if (allowed == null)
                throw new Invalid("-p " + name + ": no benchmark has this parameter; allowed: " + String.join(", ", ALLOWED.keySet())
                        + Choices.closeName(name, new ArrayList<>(ALLOWED.keySet())));
            String values = p.substring(eq + 1);
            if (values.isEmpty()) throw new Invalid("-p " + name + "= has no value; allowed: " + allowed);
            for (String v : values.split(",", -1))
                if (!ok(name, v.strip()))
                    throw new Invalid("-p " + name + "=" + values + ": \"" + v + "\" is not allowed; allowed: " + allowed
                            + (name.equals("backend") ? Choices.didYouMean(v.strip(), BACKENDS)
                            : name.equals("activation") ? Choices.didYouMean(v.strip(), ACTIVATIONS) : ""));
        }
    }

    /**
     * Throws {@link Invalid} when a {@code -p backend=} value names a backend that cannot open here (cuda without a
     * GPU): JMH ran it as a stack trace per fork and exited 0. The first reason is {@code ./deeprf backends}'s.
     */
    public static void checkAvailable(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String p = args[i].equals("-p") && i + 1 < args.length ? args[++i] : args[i].startsWith("-pbackend=") ? args[i].substring(2) : null;
            if (p == null || !p.startsWith("backend=")) continue;
            for (String v : p.substring("backend=".length()).split(","))
                for (deeprf.backend.BackendProbe probe : deeprf.backend.Backends.probeAll())
                    if (probe.name().equals(v.strip()) && !probe.available())
                        throw new Invalid("-p backend=" + v.strip() + ": unavailable here: " + probe.reasons().get(0)
                                + "; allowed: an available backend (./deeprf backends lists them, with every reason)");
        }
    }

    private static boolean ok(String name, String v) {
        return switch (name) {
            case "backend" -> BACKENDS.contains(v);
            case "activation" -> ACTIVATIONS.contains(v.toLowerCase(Locale.ROOT));
            case "bias" -> v.equals("true") || v.equals("false");
            case "threads" -> integer(v) >= 1 && integer(v) <= 4096;
            case "block" -> v.equals("auto") || integer(v) >= 1;
            default -> integer(v) >= 1;
        };
    }

    private static long integer(String v) {
        try {
            long x = Long.parseLong(v);
            return x <= Integer.MAX_VALUE ? x : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
