package deeprf.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mean and standard error over seeds of every point × λ' (rows with status ok only; the others are counted).
 *
 * @param point       sweep point
 * @param lambda      λ'
 * @param parameters  the point's parameters
 * @param ok          seeds that produced a finite result
 * @param notOk       seeds that were singular or failed
 * @param mean        column → mean over the ok seeds
 * @param stderr      column → standard error of that mean (sample std / √count; NaN for one seed)
 * @param message     the seeds' messages, each once (why a cell is empty: a diverging theory, a singular fit)
 */
public record Aggregate(int point, double lambda, Map<String, String> parameters, int ok, int notOk,
                        Map<String, Double> mean, Map<String, Double> stderr, String message) {

    /** An aggregate whose seeds said nothing. */
    public Aggregate(int point, double lambda, Map<String, String> parameters, int ok, int notOk, Map<String, Double> mean, Map<String, Double> stderr) {
        this(point, lambda, parameters, ok, notOk, mean, stderr, "");
    }

    /**
     * The columns averaged; the last two are paired per seed (simulation − theory on the same draw, and − the
     * surrogate): their standard error is the one that says whether simulation and theory agree, without the draws'
     * common spread (the "paired SE" the README's claims quote).
     */
    static final List<String> COLUMNS = List.of("train_error", "test_error", "surrogate_train_error", "surrogate_test_error", "theory_train_error", "theory_test_error",
            "test_error_minus_surrogate", "test_error_minus_theory");

    static double value(ResultRow r, String column) {
        return switch (column) {
            case "train_error" -> r.trainError();
            case "test_error" -> r.testError();
            case "surrogate_train_error" -> r.surrogateTrainError();
            case "surrogate_test_error" -> r.surrogateTestError();
            case "theory_train_error" -> r.theoryTrainError();
            case "theory_test_error" -> r.theoryTestError();
            case "test_error_minus_surrogate" -> r.testError() - r.surrogateTestError();
            case "test_error_minus_theory" -> r.testError() - r.theoryTestError();
            default -> throw new IllegalArgumentException(column);
        };
    }

    /**
     * One cell of an aggregated table: the mean over the seeds that have a value (a NaN is a seed without one: a
     * diverging theory, a singular fit) and its standard error (sample std / √count; NaN for fewer than two). Each
     * column counts its own seeds, so a train error that exists where the test error diverges is still averaged.
     */
    public record MeanSe(double mean, double se, int count) {
        public static MeanSe of(double[] values) {
            double s = 0, ss = 0;
            int cnt = 0;
            for (double v : values) if (!Double.isNaN(v)) { s += v; cnt++; }
            double m = cnt == 0 ? Double.NaN : s / cnt;
            for (double v : values) if (!Double.isNaN(v)) ss += (v - m) * (v - m);
            return new MeanSe(m, cnt < 2 ? Double.NaN : Math.sqrt(ss / (cnt - 1) / cnt), cnt);
        }
    }

    /** An aggregate row's message: the non-empty messages of its seeds, each once, in order, joined by "; ". */
    public static String eachOnce(java.util.stream.Stream<String> messages) {
        return messages.filter(m -> !m.isEmpty()).distinct().collect(java.util.stream.Collectors.joining("; "));
    }

    /** Groups rows by (point, λ') in first-seen order. */
    public static List<Aggregate> of(List<ResultRow> rows) {
        Map<String, List<ResultRow>> groups = new LinkedHashMap<>();
        for (ResultRow r : rows) groups.computeIfAbsent(r.point() + "/" + r.lambda(), k -> new ArrayList<>()).add(r);
        List<Aggregate> out = new ArrayList<>();
        for (List<ResultRow> g : groups.values()) {
            ResultRow first = g.get(0);
            int ok = 0;
            for (ResultRow r : g) if (r.ok()) ok++;
            Map<String, Double> mean = new LinkedHashMap<>(), se = new LinkedHashMap<>();
            for (String c : COLUMNS) {
                MeanSe m = MeanSe.of(g.stream().filter(ResultRow::ok).mapToDouble(r -> value(r, c)).toArray());
                mean.put(c, m.mean());
                se.put(c, m.se());
            }
            String message = eachOnce(g.stream().map(ResultRow::message));
            out.add(new Aggregate(first.point(), first.lambda(), first.parameters(), ok, g.size() - ok, mean, se, message));
        }
        return out;
    }

    static String csv(List<Aggregate> aggs, List<String> parameterNames, boolean surrogate, boolean theory) {
        List<String> cols = new ArrayList<>(COLUMNS.subList(0, 2));
        if (surrogate) cols.addAll(COLUMNS.subList(2, 4));
        if (theory) cols.addAll(COLUMNS.subList(4, 6));
        if (surrogate) cols.add("test_error_minus_surrogate");
        if (theory) cols.add("test_error_minus_theory");
        List<String> h = new ArrayList<>(List.of("point", "lambda"));
        h.addAll(parameterNames);
        h.add("seeds_ok");
        h.add("seeds_not_ok");
        for (String c : cols) {
            h.add(c + "_mean");
            h.add(c + "_se");
        }
        h.add("message");
        StringBuilder sb = new StringBuilder(Csv.line(h));
        for (Aggregate a : aggs) {
            List<String> f = new ArrayList<>();
            f.add(Integer.toString(a.point()));
            f.add(Double.toString(a.lambda()));
            for (String k : parameterNames) f.add(a.parameters().getOrDefault(k, ""));
            f.add(Integer.toString(a.ok()));
            f.add(Integer.toString(a.notOk()));
            for (String c : cols) {
                f.add(Csv.num(a.mean().get(c)));
                f.add(Csv.num(a.stderr().get(c)));
            }
            f.add(a.message());
            sb.append(Csv.line(f));
        }
        return sb.toString();
    }
}
