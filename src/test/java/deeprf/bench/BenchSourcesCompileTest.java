package deeprf.bench;

import org.junit.jupiter.api.Test;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JMH project in bench/ is a separate Maven build that only {@code ./deeprf bench-build} compiles, so an API change
 * in the main sources could break it unnoticed (TheoryBenchmark called a removed ModelTheory.conditional). This compiles
 * bench/src/main/java against the main classes and JMH/EJML, which the main pom has in test scope at bench/pom.xml's
 * versions (checked here too), with annotation processing off: the generated JMH harness is not what is checked.
 */
class BenchSourcesCompileTest {
    /** The value of {@code <name>} in a pom's properties. */
    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(pom);
        assertTrue(m.find(), "no <" + name + "> in the pom");
        return m.group(1).trim();
    }

    @Test
    void benchAndMainPomsPinTheSameJmhAndEjml() throws IOException {
        String main = Files.readString(Path.of("pom.xml")), bench = Files.readString(Path.of("bench/pom.xml"));
        for (String v : List.of("jmh.version", "ejml.version"))
            assertEquals(property(bench, v), property(main, v), v + " differs between bench/pom.xml and pom.xml");
    }

    @Test
    void benchmarkSourcesCompileAgainstTheMainClasses() throws IOException {
        Path benchSrc = Path.of("bench/src/main/java");
        assertTrue(Files.isDirectory(benchSrc), "no bench/ sources at " + benchSrc.toAbsolutePath());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no system Java compiler (the tests run on a JDK)");

        List<File> sources;
        try (Stream<Path> s = Files.walk(benchSrc)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).toList();
        }
        Path out = Files.createTempDirectory("bench-classes");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, null)) {
            List<String> options = new ArrayList<>(List.of("-proc:none", "-d", out.toString(), "-cp", System.getProperty("java.class.path"),
                    "--add-modules", "jdk.incubator.vector", "-nowarn", "-Xlint:none"));
            boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromFiles(sources)).call();
            StringBuilder errors = new StringBuilder();
            diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                    .forEach(d -> errors.append('\n').append(d));
            assertTrue(ok, "bench/ sources do not compile against the main classes:" + errors);
        }
    }
}
