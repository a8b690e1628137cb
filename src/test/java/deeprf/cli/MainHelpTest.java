package deeprf.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** The top-level help names the launcher's own commands (test, bench-build, bench); a subcommand's help does not. */
class MainHelpTest {
    private static String stdout(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(args));
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theTopLevelHelpListsTheLauncherCommandsAndOnlyIt() {
        for (String help : new String[]{stdout("--help"), stdout()})
            assertTrue(help.contains("Launcher commands") && help.contains("bench-build") && help.contains("test [MAVEN ARGS]"), help);
        assertFalse(stdout("run", "--help").contains("Launcher commands"));
        // `help bench` answered "Unknown subcommand 'bench'.; see ./deeprf --help" although --help lists it
        assertTrue(stdout("help", "bench").startsWith("./deeprf bench [JMH ARGS]: the launcher's command"), stdout("help", "bench"));
        assertTrue(stdout("help", "test").contains(".ci/run runs the same"));
        assertEquals("deeprf: Unknown subcommand 'nosuch'; see ./deeprf --help", Main.usageError(new picocli.CommandLine.ParameterException(
                new picocli.CommandLine(new Main()), "Unknown subcommand 'nosuch'.")));
    }
}
