package deeprf.report;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ./deeprf bench's -p parameters are checked before JMH runs: one line naming the parameter and what is allowed. */
class JmhParamsTest {
    private static String[] args(String line) { return line.split(" "); }

    /** JmhParams holds its own list of the benchmarks' @Param names: a benchmark that gains a parameter must be added. */
    @Test
    void everyBenchmarkParameterIsKnown() throws Exception {
        java.util.Set<String> declared = new java.util.TreeSet<>();
        java.util.regex.Pattern field = java.util.regex.Pattern.compile("@Param\\([^)]*\\)\\s*(?:public\\s+)?\\w+\\s+(\\w+)\\s*;");
        try (var files = Files.walk(Path.of("bench/src/main/java"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                java.util.regex.Matcher m = field.matcher(Files.readString(f));
                while (m.find()) declared.add(m.group(1));
            }
        }
        assertFalse(declared.isEmpty(), "no @Param fields found under bench/src/main/java");
        assertTrue(JmhParams.names().containsAll(declared), "bench @Param names " + declared + ", JmhParams knows " + JmhParams.names());
    }

    /** Every value a benchmark declares as its default passes the check: the allowed values are JmhParams' own too. */
    @Test
    void everyBenchmarkDefaultValueIsAllowed() throws Exception {
        java.util.regex.Pattern field = java.util.regex.Pattern.compile("@Param\\(\\{([^}]*)\\}\\)\\s*(?:public\\s+)?\\w+\\s+(\\w+)\\s*;");
        int checked = 0, annotations = 0;
        try (var files = Files.walk(Path.of("bench/src/main/java"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                annotations += text.split("@Param\\(", -1).length - 1;       // every one, whatever the regex below reads
                java.util.regex.Matcher m = field.matcher(text);
                while (m.find()) {
                    String values = m.group(1).replace("\"", "").replaceAll("\\s+", "");
                    String p = m.group(2) + "=" + values;
                    assertDoesNotThrow(() -> JmhParams.check(new String[] {"-p", p}), f.getFileName() + ": @Param " + p);
                    checked++;
                }
            }
        }
        assertTrue(checked >= 10, "only " + checked + " @Param defaults found under bench/src/main/java");
        // a @Param the pattern does not read (another modifier, value = {…}, a line break inside) would go unchecked
        assertEquals(annotations, checked, "@Param annotations under bench/src/main/java that the default-value check did not read");
    }

    @Test
    void theReadmeCommandsPass() {
        assertDoesNotThrow(() -> JmhParams.check(args("GemmBenchmark -p backend=java,blas -p n=512,2048 -p threads=1,2 -rf json -rff gemm.json")));
        assertDoesNotThrow(() -> JmhParams.check(args("OnlineSgdBenchmark -p backend=java -p threads=2 -p block=auto,1")));
        assertDoesNotThrow(() -> JmhParams.check(args("ActivationBenchmark -p activation=tanh,erf -p bias=true -prof gc -pn=64")));
        assertDoesNotThrow(() -> JmhParams.check(args("-l")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GemmBenchmark -p backend=jav           | -p backend=jav: \"jav\" is not allowed; allowed: one of auto, java, blas, cuda; did you mean \"java\"?",
            "GemmBenchmark -p n=abc                 | -p n=abc: \"abc\" is not allowed; allowed: an integer >= 1",
            "GemmBenchmark -p n=512,0               | -p n=512,0: \"0\" is not allowed; allowed: an integer >= 1",
            "GemmBenchmark -p threads=0             | -p threads=0: \"0\" is not allowed; allowed: an integer from 1 to 4096",
            "GemmBenchmark -p thread=1              | -p thread: no benchmark has this parameter; allowed: activation, backend, bias, block, k, n, p, replicas, threads; did you mean \"threads\"?",
            "ActivationBenchmark -p bias=yes        | -p bias=yes: \"yes\" is not allowed; allowed: true or false",
            "ActivationBenchmark -p activation=tan  | -p activation=tan: \"tan\" is not allowed; allowed: one of linear, tanh, erf, relu, abs, sign, sigmoid, clipped_linear; did you mean \"tanh\"?",
            "GemmBenchmark -p n=                    | -p n= has no value; allowed: an integer >= 1",
            "GemmBenchmark -p n                     | -p n: expected name=value[,value...]; parameters: activation, backend, bias, block, k, n, p, replicas, threads",
    })
    void aBadParameterIsOneLine(String line, String message) {
        JmhParams.Invalid e = assertThrows(JmhParams.Invalid.class, () -> JmhParams.check(args(line)));
        org.junit.jupiter.api.Assertions.assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    /** A backend that cannot open here is refused with ./deeprf backends's reasons (JMH printed a stack trace per fork, exit 0). */
    @Test
    void anUnavailableBackendIsRefusedWithItsReasons() {
        for (deeprf.backend.BackendProbe probe : deeprf.backend.Backends.probeAll()) {
            String[] a = args("GemmBenchmark -p backend=java," + probe.name() + " -p n=64");
            if (probe.available()) assertDoesNotThrow(() -> JmhParams.checkAvailable(a));
            else {
                JmhParams.Invalid e = assertThrows(JmhParams.Invalid.class, () -> JmhParams.checkAvailable(a));
                assertTrue(e.getMessage().startsWith("-p backend=" + probe.name() + ": unavailable here: " + probe.reasons().get(0)), e.getMessage());
            }
        }
        assertDoesNotThrow(() -> JmhParams.checkAvailable(args("GemmBenchmark -pbackend=java")));
    }

    @Test
    void theBenchmarksJarStartsThroughTheCheck() throws Exception {
        Path pom = Path.of("bench/pom.xml");
        if (Files.exists(pom)) assertTrue(Files.readString(pom).contains("<mainClass>deeprf.bench.BenchMain</mainClass>"));
    }
}
