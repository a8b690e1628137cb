package deeprf.report;

import java.util.Map;

/**
 * One row of a JMH JSON result ({@code -rf json}): a benchmark method at one parameter point.
 *
 * @param benchmark  fully qualified method name ({@code deeprf.bench.GemmBenchmark.gemm})
 * @param mode       JMH mode ({@code thrpt}, {@code avgt}, {@code sample}, {@code ss})
 * @param jmhThreads JMH's own thread count (not the backend's)
 * @param params     the {@code @Param} values
 * @param primary    the score of the method
 * @param secondary  extra metrics, e.g. the {@code flop} aux counter
 * @param settings   how JMH ran it (forks, warm-up and measurement iterations and times, JDK), "" when not recorded
 * @param timedIterations measurement iterations × forks (0 when not recorded): 1 is one timed interval, no spread
 */
public record JmhResult(String benchmark, String mode, int jmhThreads, Map<String, String> params,
                        Metric primary, Map<String, Metric> secondary, String settings, int timedIterations) {
    public JmhResult {
        params = Map.copyOf(params);
        secondary = Map.copyOf(secondary);
    }

    /** A result without JMH's run settings (tests, hand-made inputs). */
    public JmhResult(String benchmark, String mode, int jmhThreads, Map<String, String> params, Metric primary, Map<String, Metric> secondary) {
        this(benchmark, mode, jmhThreads, params, primary, secondary, "", 0);
    }

    /** A score with JMH's error (half-width of its 99.9% confidence interval; NaN when JMH could not compute one). */
    public record Metric(double score, double error, String unit) {}

    /** {@code GemmBenchmark.gemm}: class simple name and method. */
    public String shortName() {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
    }
}
