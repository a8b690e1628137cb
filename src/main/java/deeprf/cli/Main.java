package deeprf.cli;

import deeprf.spec.Choices;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Arrays;
import java.util.List;

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

    /**
     * The launcher script's own commands (Maven, JMH: it runs them before any of deeprf's Java starts), under the top
     * level's help only: set on the root's spec, since an annotation footer would be inherited by every subcommand.
     */
    private static final String[] LAUNCHER_COMMANDS = {"", "Launcher commands (the ./deeprf script):",
            "  test [MAVEN ARGS]   run the test suite (e.g. -Dtest='TrialTest')",
            "  bench-build         build bench/target/benchmarks.jar",
            "  bench [JMH ARGS]    run the JMH benchmarks (e.g. GemmBenchmark -p n=2048)"};

    /** What `./deeprf help COMMAND` says of each launcher command. */
    private static final java.util.Map<String, String> LAUNCHER_HELP = java.util.Map.of(
            "test", "./deeprf test [MAVEN ARGS]: the launcher's command (the ./deeprf script runs Maven): the whole test suite, or one class with"
                    + " -Dtest='TrialTest' -Dsurefire.failIfNoSpecifiedTests=false; .ci/run runs the same",
            "bench-build", "./deeprf bench-build: the launcher's command: builds bench/target/benchmarks.jar (the JMH benchmarks, bench/README.md)",
            "bench", "./deeprf bench [JMH ARGS]: the launcher's command: runs bench/target/benchmarks.jar (built first if needed);"
                    + " ./deeprf bench -h lists JMH's options, e.g. ./deeprf bench GemmBenchmark -p n=2048 -p threads=1");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (tests call this instead of main). */
    public static int run(String... args) {
        // `help bench`: the launcher's commands are not picocli's ("Unknown subcommand 'bench'.") but --help lists them
        if (args.length == 2 && args[0].equals("help") && LAUNCHER_HELP.containsKey(args[1])) {
            System.out.println(LAUNCHER_HELP.get(args[1]));
            return 0;
        }
        CommandLine cl = new CommandLine(new Main());
        cl.getCommandSpec().usageMessage().footer(LAUNCHER_COMMANDS);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println(usageError(ex));
            return EXIT_USAGE;
        });
        return cl.execute(args);
    }

    /**
     * One line for a command-line mistake: picocli's message, for a typo the names it resembles (picocli's
     * suggestions; a case-only difference such as "Run" gets just that name), and which --help lists what is allowed.
     */
    static String usageError(CommandLine.ParameterException ex) {
        CommandLine at = ex.getCommandLine();
        StringBuilder cmd = new StringBuilder();
        for (CommandLine c = at; c != null && c.getParent() != null; c = c.getParent()) cmd.insert(0, " " + c.getCommandName());
        String help = "see ./deeprf" + cmd + " --help";
        // "--otu DIR" leaves --out missing, and picocli reports the missing option; the typo is the mistake to name
        if (!(ex instanceof CommandLine.UnmatchedArgumentException) && !at.getUnmatchedArguments().isEmpty()) {
            // name the mistyped options only: the value after one ("DIR") is not an unknown option of its own
            List<String> options = at.getUnmatchedArguments().stream().filter(a -> a.startsWith("-")).toList();
            ex = new CommandLine.UnmatchedArgumentException(at, options.isEmpty() ? at.getUnmatchedArguments() : options);
        }
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty())
            return "deeprf: " + ex.getMessage().replaceAll("\\.$", "") + "; " + help;     // picocli ends some with a full stop
        String word = u.getUnmatched().get(0);
        List<String> like = u.getSuggestions(), sameLetters = like.stream().filter(s -> s.equalsIgnoreCase(word)).toList();
        if (!sameLetters.isEmpty()) like = sameLetters;
        // picocli's bigram likeness misses swapped letters (--otu); long names only (any one-letter option such as -x
        // is one edit from every other: -h, -V), and the name without its "=value" (--otu=DIR)
        if (like.isEmpty() && word.startsWith("--"))
            like = Choices.typosOf(word.split("=", 2)[0], at.getCommandSpec().options().stream().flatMap(o -> Arrays.stream(o.names()))
                    .filter(n -> n.startsWith("--")).toList());
        boolean command = at.getParent() == null && !word.startsWith("-");
        String what = command ? "unknown command '" + word + "'" : ex.getMessage();
        String mean = like.isEmpty() ? "" : " (did you mean " + String.join(" or ", like) + "?)";
        return "deeprf: " + what + mean + "; " + help;
    }
}
