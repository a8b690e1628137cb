package deeprf.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tidy table's columns for one spec, and the conversion of rows to and from CSV lines. */
final class ResultTable {
    static final List<String> HEAD = List.of("point", "seed", "lambda");
    static final List<String> RESULTS = List.of("status", "message", "train_error", "test_error");
    static final List<String> SURROGATE = List.of("surrogate_train_error", "surrogate_test_error");
    static final List<String> THEORY = List.of("theory_train_error", "theory_test_error");
    static final List<String> TAIL = List.of("time_features_s", "time_solve_s", "time_test_s", "time_trial_s", "backend", "threads");

    final List<String> parameterNames;
    final boolean surrogate, theory;
    final List<String> header;

    ResultTable(List<String> parameterNames, boolean surrogate, boolean theory) {
        this.parameterNames = List.copyOf(parameterNames);
        this.surrogate = surrogate;
        this.theory = theory;
        List<String> h = new ArrayList<>(HEAD);
        h.addAll(parameterNames);
        h.addAll(RESULTS);
        if (surrogate) h.addAll(SURROGATE);
        if (theory) h.addAll(THEORY);
        h.addAll(TAIL);
        this.header = List.copyOf(h);
    }

    static ResultTable of(ExperimentSpec spec) {
        boolean s = spec.points().stream().anyMatch(PointSpec::surrogate);
        boolean t = spec.points().stream().anyMatch(PointSpec::theory);
        return new ResultTable(new ArrayList<>(spec.points().get(0).parameters().keySet()), s, t);
    }

    String headerLine() { return Csv.line(header); }

    String line(ResultRow r) {
        List<String> f = new ArrayList<>(header.size());
        f.add(Integer.toString(r.point()));
        f.add(Long.toString(r.seed()));
        f.add(Double.toString(r.lambda()));
        for (String k : parameterNames) f.add(r.parameters().getOrDefault(k, ""));
        f.add(r.status());
        f.add(r.message());
        f.add(Csv.num(r.trainError()));
        f.add(Csv.num(r.testError()));
        if (surrogate) {
            f.add(Csv.num(r.surrogateTrainError()));
            f.add(Csv.num(r.surrogateTestError()));
        }
        if (theory) {
            f.add(Csv.num(r.theoryTrainError()));
            f.add(Csv.num(r.theoryTestError()));
        }
        f.add(Double.toString(r.featureSeconds()));
        f.add(Double.toString(r.solveSeconds()));
        f.add(Double.toString(r.testSeconds()));
        f.add(Double.toString(r.trialSeconds()));
        f.add(r.backend());
        f.add(Integer.toString(r.threads()));
        return Csv.line(f);
    }

    /** The row of a complete CSV line, or null when the line is malformed (e.g. cut by a crash). */
    ResultRow parse(String line) {
        List<String> f = Csv.parse(line);
        if (f == null || f.size() != header.size()) return null;
        try {
            int i = 0;
            int point = Integer.parseInt(f.get(i++));
            long seed = Long.parseLong(f.get(i++));
            double lambda = Double.parseDouble(f.get(i++));
            Map<String, String> params = new LinkedHashMap<>();
            for (String k : parameterNames) params.put(k, f.get(i++));
            String status = f.get(i++), message = f.get(i++);
            double train = Csv.parseNum(f.get(i++)), test = Csv.parseNum(f.get(i++));
            double st = Double.NaN, se = Double.NaN;
            if (surrogate) {
                st = Csv.parseNum(f.get(i++));
                se = Csv.parseNum(f.get(i++));
            }
            double tht = Double.NaN, the = Double.NaN;
            if (theory) {
                tht = Csv.parseNum(f.get(i++));
                the = Csv.parseNum(f.get(i++));
            }
            double tf = Double.parseDouble(f.get(i++)), ts = Double.parseDouble(f.get(i++)), tt = Double.parseDouble(f.get(i++)), tr = Double.parseDouble(f.get(i++));
            String backend = f.get(i++);
            int threads = Integer.parseInt(f.get(i));
            return new ResultRow(point, seed, lambda, params, status, message, train, test, st, se, tht, the, tf, ts, tt, tr, backend, threads);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
