package deeprf.cli;

import deeprf.io.OutputException;
import deeprf.report.BenchReport;
import deeprf.report.JmhJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code deeprf bench-report RESULT.json --out DIR}: JMH JSON to a Markdown report with PNG plots. */
// one description string: picocli wraps it to the terminal; separate strings would each start a new line
@Command(name = "bench-report", description = "Turn a JMH JSON result (run the benchmarks with -rf json -rff RESULT.json) into "
        + "DIR/report.md with PNG plots of GFLOP/s (or seconds) against n per backend and thread count, with JMH's error bars, "
        + "and each backend's speed relative to blas in the same run.")
final class BenchReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RESULT.json", description = "JMH result in JSON format")
    Path result;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for report.md and the PNGs (created if missing)")
    Path out;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        Path report;
        try {
            report = BenchReport.write(JmhJson.read(result), out, result.getFileName().toString());
        } catch (OutputException e) {
            throw new UserError(e.getMessage(), e);
        }
        System.out.println("wrote " + report);
        return 0;
    }
}
