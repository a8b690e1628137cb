package deeprf.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README promises one expected warning (the incubator module) on every command; JMH 1.37 also calls
 * sun.misc.Unsafe, which JDK 25 reports in four more lines unless the launcher's {@code bench} JVM allows it.
 */
class LauncherBenchWarningsTest {
    @Test
    void benchJvmAllowsJmhsUnsafeAccess() throws Exception {
        Path launcher = Path.of("deeprf");
        assumeTrue(Files.isRegularFile(launcher), "no launcher here");
        String benchLine = Files.readAllLines(launcher).stream()
                .filter(l -> l.contains("benchmarks.jar") && l.contains("exec ")).findFirst().orElseThrow();
        assertTrue(benchLine.contains("--sun-misc-unsafe-memory-access=allow"), benchLine);
    }
}
