package deeprf.bench;

import deeprf.report.JmhParams;

/**
 * The benchmarks jar's entry point: checks the {@code -p} parameters ({@link JmhParams}: one line and exit code 2 for
 * an unknown name or a value no benchmark takes, or a backend that cannot open here), then runs JMH's own
 * {@code org.openjdk.jmh.Main}.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        try {
            JmhParams.check(args);
            JmhParams.checkAvailable(args);
        } catch (JmhParams.Invalid e) {
            System.err.println("deeprf bench: " + e.getMessage());
            System.exit(2);
        }
        org.openjdk.jmh.Main.main(args);
    }
}
