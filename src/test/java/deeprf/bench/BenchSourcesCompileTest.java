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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The JMH project in bench/ is a separate Maven build that only {@code ./deeprf bench-build} compiles, so an API change
 * in the main sources could break it unnoticed (TheoryBenchmark called a removed ModelTheory.conditional). This compiles
 * bench/src/main/java against the main classes and the JMH/EJML jars of the local Maven repository (annotation
 * processing off: the generated JMH harness is not what is checked). Skipped when those jars were never downloaded.
 */
class BenchSourcesCompileTest {
    private static Path jar(Path repo, String group, String artifact, String version) {
        return repo.resolve(group.replace('.', '/')).resolve(artifact).resolve(version).resolve(artifact + "-" + version + ".jar");
    }

    @Test
    void benchmarkSourcesCompileAgainstTheMainClasses() throws IOException {
        Path benchSrc = Path.of("bench/src/main/java");
        assumeTrue(Files.isDirectory(benchSrc), "no bench/ sources here");
        Path repo = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        List<Path> extra = List.of(jar(repo, "org.openjdk.jmh", "jmh-core", "1.37"),
                jar(repo, "org.ejml", "ejml-ddense", "0.43.1"), jar(repo, "org.ejml", "ejml-core", "0.43.1"));
        for (Path p : extra) assumeTrue(Files.isRegularFile(p), "not in the local Maven repository: " + p);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assumeTrue(javac != null, "no system Java compiler");

        List<File> sources;
        try (Stream<Path> s = Files.walk(benchSrc)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).toList();
        }
        StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
        for (Path p : extra) cp.append(File.pathSeparator).append(p);
        Path out = Files.createTempDirectory("bench-classes");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, null)) {
            List<String> options = new ArrayList<>(List.of("-proc:none", "-d", out.toString(), "-cp", cp.toString(),
                    "--add-modules", "jdk.incubator.vector", "-nowarn", "-Xlint:none"));
            boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromFiles(sources)).call();
            StringBuilder errors = new StringBuilder();
            diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                    .forEach(d -> errors.append('\n').append(d));
            assertTrue(ok, "bench/ sources do not compile against the main classes:" + errors);
        }
    }
}
