package deeprf.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM on this test run's Java and classpath, for the tests that need another process
 * (a small heap, a kill mid-run, C1 only, a second holder of a file lock).
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** java [jvmOptions…] -cp &lt;this classpath&gt; mainClass [args…]. */
    public static List<String> command(List<String> jvmOptions, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
