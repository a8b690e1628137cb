package deeprf.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code deeprf} command. The only place that turns errors into exit codes: user mistakes get one
 * line on stderr and exit code 2, never a stack trace; unexpected failures exit 1 with the trace.
 */
// scope INHERIT: every subcommand takes -h/--help (and -V/--version) too, as users type `deeprf run --help`.
@Command(name = "deeprf", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = Version.class,
        description = "Simulate deep random-feature models at scale and hold them against their high-dimensional theory.",
        subcommands = {RunCommand.class, TheoryCommand.class, DemoExperimentCommand.class, BackendsCommand.class, BenchReportCommand.class, DemoCommand.class,
                StructuredCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_USAGE = 2;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("deeprf: " + ex.getMessage());
            return EXIT_USAGE;
        });
        return cl.execute(args);
    }
}
