package deeprf.backend.java;

import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The java eigensolver gives the same bits in a JVM where only C1 compiles (the Vector API then runs its Java code) as
 * in a warm one (C2's intrinsics). Its kernels once summed lanes with reduceLanes(ADD), whose order C2 and the Java
 * code choose differently: a structured run resumed in a warm JVM then differed from its first run in the 14th digit.
 */
class EigenJitIndependenceTest {
    static final int N = 140;

    /** A hash of the eigenvalues' and eigenvectors' bits of a fixed Gram matrix of size n. */
    static String eighBits(int n) {
        try (JavaBackend be = new JavaBackend(1); Matrix x = be.allocate(n, 2L * n); Matrix g = be.allocate(n, n)) {
            be.fillGaussian(x, new GaussianStream(11, 0), 0, 1.0);
            be.syrk(Uplo.LOWER, Trans.N, 1.0 / (2 * n), x, 0, g);
            be.symmetrize(Uplo.LOWER, g);
            double[] w = new double[n];
            be.syevd(g, w, true);
            double[] v = be.download(g);
            long h = 17;
            for (double d : w) h = 31 * h + Double.doubleToRawLongBits(d);
            for (double d : v) h = 31 * h + Double.doubleToRawLongBits(d);
            return Long.toHexString(h);
        }
    }

    /** Run by the test in a child JVM that only C1 compiles (it does not intrinsify the Vector API). */
    public static void main(String[] args) {
        System.out.println(eighBits(Integer.parseInt(args[0])));
    }

    @Test
    void theInterpreterAndC2GiveTheSameBits(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assumeTrue(VectorSupport.detect().enabled(), "the Vector API kernels are what this checks");
        String warm = null;
        for (int i = 0; i < 40; i++) warm = eighBits(N);        // C2 compiles the kernels long before the last
        Path out = dir.resolve("child.txt");
        Process p = new ProcessBuilder(deeprf.testing.ChildJvm.command(List.of("-XX:TieredStopAtLevel=1", "--add-modules=jdk.incubator.vector"),
                EigenJitIndependenceTest.class.getName(), Integer.toString(N))).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the interpreted child did not finish in 120 s");
        List<String> lines = Files.readAllLines(out);
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        assertEquals(warm, lines.get(lines.size() - 1), "the C1-only child's bits: " + lines);
    }
}
