package deeprf.backend.cuda;

import deeprf.backend.Activation;
import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.NeuronActivations;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;
import deeprf.backend.java.JavaBackend;
import deeprf.random.Philox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** GPU-only checks beyond the contract: generator bits, differential runs against java, failure paths. */
class CudaKernelsTest {
    private static final double EPS = Math.ulp(1.0);
    private CudaBackend cuda;
    private Backend cpu;

    @BeforeAll
    static void needGpu() { CudaAvailability.assumeCuda(); }

    @BeforeEach
    void open() {
        cuda = (CudaBackend) new CudaBackendProvider().open(new BackendOptions(2, 0));
        cpu = new JavaBackend(2);
    }

    @AfterEach
    void close() {
        if (cuda != null) cuda.close();
        if (cpu != null) cpu.close();
    }

    @Test
    void philoxWordsAreBitIdenticalToTheJavaGenerator() {
        long[][] cases = {{0, 0, 0}, {-1, 5, 7}, {123456789L, 1L << 40, (1L << 32) - 3}, {0x0123456789ABCDEFL, 77, 1L << 45}};
        int blocks = 4099;
        int[] x = new int[4];
        for (long[] c : cases) {
            int[] got = cuda.philoxWords(c[0], c[1], c[2], blocks);
            for (int b = 0; b < blocks; b++) {
                long pair = c[2] + b;
                Philox.block((int) pair, (int) (pair >>> 32), (int) c[1], (int) (c[1] >>> 32), (int) c[0], (int) (c[0] >>> 32), x);
                for (int w = 0; w < 4; w++)
                    if (got[4 * b + w] != x[w])
                        fail("seed=" + c[0] + " stream=" + c[1] + " pair=" + pair + " word " + w + ": GPU " + Integer.toHexString(got[4 * b + w])
                                + " but Java " + Integer.toHexString(x[w]));
            }
        }
    }

    @Test
    void gaussiansMatchJavaToRoundingOverAMillionNumbers() {
        GaussianStream s = new GaussianStream(20260423L, 3);
        int rows = 1001, cols = 999;
        try (Matrix g = cuda.allocate(rows, cols)) {
            cuda.fillGaussian(g, s, 12345, 1.0);
            double[] got = cuda.download(g), want = new double[rows * cols];
            Philox.fillGaussian(s.seed(), s.stream(), 12345, 1.0, want, 0, want.length);
            for (int e = 0; e < want.length; e++) {
                double tol = 6 * EPS * (1 + Math.abs(want[e]));
                assertTrue(Math.abs(got[e] - want[e]) <= tol, "normal " + e + ": GPU " + got[e] + " Java " + want[e]);
            }
        }
    }

    /** One random-feature layer, its Gram matrix and spectrum, on both backends. */
    @Test
    void aRandomFeatureLayerAgreesWithJava() {
        int d = 300, k = 257, n = 700;
        GaussianStream wS = new GaussianStream(7, 1), xS = new GaussianStream(7, 2);
        SplittableRandom r = new SplittableRandom(3);
        double[] bias = new double[k];
        byte[] choice = new byte[k];
        for (int i = 0; i < k; i++) { bias[i] = r.nextGaussian() * 0.1; choice[i] = (byte) r.nextInt(3); }
        NeuronActivations plan = new NeuronActivations(List.of(Activation.TANH, Activation.RELU, new Activation(deeprf.backend.ActivationKind.ERF, 0.5, 0)), choice, bias);
        List<double[]> results = new ArrayList<>();
        double[][] spectra = new double[2][];
        int idx = 0;
        for (Backend be : new Backend[]{cpu, cuda}) {
            try (Matrix w = be.allocate(k, d); Matrix x = be.allocate(d, n); Matrix h = be.allocate(k, n); Matrix g = be.allocate(k, k)) {
                be.fillGaussian(w, wS, 0, 1 / Math.sqrt(d));
                be.fillGaussian(x, xS, 0, 1);
                be.gemm(Trans.N, Trans.N, 1, w, x, 0, h);
                be.activate(h, plan);
                double[] mean = new double[k];
                be.rowSums(h, mean);
                for (int i = 0; i < k; i++) mean[i] /= n;
                be.addToRows(h, mean, -1);
                be.syrk(Uplo.LOWER, Trans.N, 1.0 / n, h, 0, g);
                be.symmetrize(Uplo.LOWER, g);
                results.add(be.download(g));
                spectra[idx] = new double[k];
                be.syevd(g, spectra[idx], false);
            }
            idx++;
        }
        double[] gj = results.get(0), gc = results.get(1);
        double scale = 0;
        for (double v : gj) scale = Math.max(scale, Math.abs(v));
        // h = f(Wx + b): each preactivation is a d-term sum with |error| <= d·eps·Σ|w x| ~ d·eps·sqrt(d) (|w x| ~ 1/sqrt(d)),
        // f is 1-Lipschitz and adds a few ulps; G = HHᵀ/n adds n·eps·Σ|h h|/n <= n·eps·max|G|-ish. Twice that for two
        // independent computations, plus a small constant for the centring.
        double tolG = 2 * (n + d * Math.sqrt(d) + 20) * EPS * scale;
        for (int e = 0; e < gj.length; e++)
            assertEquals(gj[e], gc[e], tolG, "Gram entry " + e);
        // Weyl: |Δλ| <= ||ΔG||_2 <= k·max|ΔG|, plus each solver's backward error (LAPACK-style 30·k·eps·||G||)
        double top = Math.max(Math.abs(spectra[0][0]), Math.abs(spectra[0][k - 1]));
        for (int i = 0; i < k; i++) assertEquals(spectra[0][i], spectra[1][i], k * tolG + 2 * 30 * k * EPS * top, "eigenvalue " + i);
    }

    @Test
    void outOfDeviceMemoryIsAClearMessageAndTheBackendStaysUsable() {
        long huge = 1L << 22;   // 2^44 elements = 128 TiB: more than any GPU has
        DeviceOutOfMemoryException e = assertThrows(DeviceOutOfMemoryException.class, () -> cuda.allocate(huge, huge));
        assertTrue(e.getMessage().contains("free of") && e.getMessage().contains("block size"), e.getMessage());
        assertTrue(e.requestedBytes() > e.totalBytes(), e.getMessage());
        try (Matrix m = cuda.upload(new double[]{1, 2, 3, 4}, 2, 2)) {
            cuda.scale(2, m);
            assertArrayEquals(new double[]{2, 4, 6, 8}, cuda.download(m), 0.0);
        }
    }

    @Test
    void deviceMemoryAccountingFollowsAllocationsAndKeepsThePeak() {
        long before = cuda.allocatedBytes();
        cuda.resetPeakAllocatedBytes();
        try (Matrix a = cuda.allocate(1000, 1000)) {
            assertEquals(before + 8_000_000L, cuda.allocatedBytes());
            try (Matrix b = cuda.allocate(10, 100)) {
                assertEquals(before + 8_008_000L, cuda.allocatedBytes());
            }
        }
        assertEquals(before, cuda.allocatedBytes());
        assertEquals(before + 8_008_000L, cuda.peakAllocatedBytes());
        long[] freeTotal = cuda.deviceMemory();
        assertTrue(freeTotal[0] > 0 && freeTotal[0] <= freeTotal[1], java.util.Arrays.toString(freeTotal));
    }

    @Test
    void aRefusedKernelLaunchNamesTheKernelAndLeavesTheBackendUsable() {
        try (Matrix m = cuda.upload(new double[]{1, 2, 3, 4}, 2, 2)) {
            DeviceFailureException e = assertThrows(DeviceFailureException.class,
                    () -> cuda.launchWithAnImpossibleShapeForTest((CudaMatrix) m));
            assertFalse(e.backendClosed(), e.getMessage());
            assertTrue(e.getMessage().contains("deeprf_fill") && e.getMessage().contains("block 2048x1"), e.getMessage());
            assertFalse(cuda.isClosed());
            cuda.scale(2, m);
            assertArrayEquals(new double[]{2, 4, 6, 8}, cuda.download(m), 0.0);
        }
    }

    @Test
    void aStickyErrorClosesTheBackendWithoutCrashingTheJvm() throws IOException, InterruptedException {
        String javaExe = ProcessHandle.current().info().command().orElse("java");
        // The test classes and the main classes by their locations (under the JUnit console launcher they are not on
        // java.class.path), then the class path of this JVM (surefire's booter jar).
        String cp = String.join(java.io.File.pathSeparator, location(StickyErrorMain.class), location(CudaBackend.class),
                System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(javaExe, "--enable-native-access=ALL-UNNAMED", "-cp", cp,
                StickyErrorMain.class.getName()).redirectErrorStream(true);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "child JVM must exit normally:\n" + out);
        assertTrue(out.contains("closed=true isClosed=true matrixClosed=true"), out);
        assertTrue(out.contains("use-after: IllegalStateException"), out);
        assertTrue(out.contains("exit-cleanly"), out);
        assertTrue(out.contains("700") || out.toLowerCase().contains("illegal"), out);
    }

    private static String location(Class<?> c) {
        try {
            return java.nio.file.Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
