package deeprf.backend.cuda;

import deeprf.backend.BackendOptions;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.Trans;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Timings of the cuda backend for bench/gpu/validate.sh, measured the way bench/peers/torch_peer.py measures PyTorch:
 * inputs generated on the device, warm-up first, then the median of several repeats, each ended by a stream
 * synchronisation (GEMM) or by the eigenvalue download (syevd, which includes copying the input, as torch's eigh
 * clones its input). Prints TSV lines {@code deeprf op n median_ms gflops repeats}.
 * Usage: CudaTimings [--n 8192] [--gemm-repeats 10] [--eigh-repeats 3] [--out file.tsv]
 */
public final class CudaTimings {
    public static void main(String[] args) throws IOException {
        int n = 8192, gemmRepeats = 10, eighRepeats = 3;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--n" -> n = Integer.parseInt(args[++i]);
                case "--gemm-repeats" -> gemmRepeats = Integer.parseInt(args[++i]);
                case "--eigh-repeats" -> eighRepeats = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("CudaTimings: unknown argument " + args[i] + " (use --n, --gemm-repeats, --eigh-repeats, --out)");
            }
        }
        List<String> lines = new ArrayList<>();
        try (CudaBackend be = (CudaBackend) new CudaBackendProvider().open(new BackendOptions(1, 0))) {
            System.out.println("# " + be.description());
            try (Matrix a = be.allocate(n, n); Matrix b = be.allocate(n, n); Matrix c = be.allocate(n, n)) {
                be.fillGaussian(a, new GaussianStream(1, 1), 0, 1);
                be.fillGaussian(b, new GaussianStream(1, 2), 0, 1);
                double[] t = new double[gemmRepeats];
                for (int r = -2; r < gemmRepeats; r++) {
                    be.synchronize();
                    long t0 = System.nanoTime();
                    be.gemm(Trans.N, Trans.N, 1, a, b, 0, c);
                    be.synchronize();
                    if (r >= 0) t[r] = (System.nanoTime() - t0) / 1e6;
                }
                double ms = median(t);
                lines.add(String.format(Locale.ROOT, "deeprf\tdgemm\t%d\t%.3f\t%.1f\t%d", n, ms, 2.0 * n * n * (double) n / (ms * 1e-3) / 1e9, gemmRepeats));
                System.out.println(lines.getLast() + "   all ms: " + Arrays.toString(t));
            }
            try (Matrix s = be.allocate(n, n); Matrix a = be.allocate(n, n)) {
                be.fillGaussian(s, new GaussianStream(2, 1), 0, 1);   // syevd reads the lower triangle: a symmetric matrix
                double[] w = new double[n];
                double[] t = new double[eighRepeats];
                for (int r = -1; r < eighRepeats; r++) {
                    be.synchronize();
                    long t0 = System.nanoTime();
                    be.copy(s, a);
                    be.syevd(a, w, true);
                    if (r >= 0) t[r] = (System.nanoTime() - t0) / 1e6;
                }
                double ms = median(t);
                lines.add(String.format(Locale.ROOT, "deeprf\tsyevd\t%d\t%.3f\tnan\t%d", n, ms, eighRepeats));
                System.out.println(lines.getLast() + "   all ms: " + Arrays.toString(t));
            }
        }
        if (out != null) Files.write(out, lines);
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
