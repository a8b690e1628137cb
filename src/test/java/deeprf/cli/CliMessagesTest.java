package deeprf.cli;

import org.junit.jupiter.api.Test;

import static deeprf.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.*;

/** What the CLI says to a user's mistakes: one line, naming what was wrong and what is allowed. */
class CliMessagesTest {
    static String oneLine(Object[] r) {
        assertEquals(Main.EXIT_USAGE, r[0], (String) r[1]);
        String err = ((String) r[1]).strip();
        assertFalse(err.contains("\n"), err);
        return err;
    }

    @Test
    void aMistypedCommandOrOptionSuggestsTheNameAndPointsAtHelp() {
        String m = oneLine(cli("runn", "spec.toml"));
        assertTrue(m.startsWith("deeprf: unknown command 'runn' (did you mean run") && m.endsWith("; see ./deeprf --help"), m);
        assertEquals("deeprf: unknown command 'Run' (did you mean run?); see ./deeprf --help", oneLine(cli("Run", "spec.toml", "--out", "o")));
        assertEquals("deeprf: unknown command 'xyz'; see ./deeprf --help", oneLine(cli("xyz")));
        assertEquals("deeprf: Unknown option: '--quiett' (did you mean --quiet?); see ./deeprf run --help",
                oneLine(cli("run", "spec.toml", "--out", "o", "--quiett")));
        m = oneLine(cli("run", "spec.toml"));
        assertTrue(m.startsWith("deeprf: Missing required option") && m.endsWith("; see ./deeprf run --help"), m);
    }
}
