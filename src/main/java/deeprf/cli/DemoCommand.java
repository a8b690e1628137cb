package deeprf.cli;

import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.Backends;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** Backend self-check: multiplies, decomposes, reports GFLOP/s and residuals on the chosen backend. */
@Command(name = "selfcheck", description = "Backend self-check: GEMM GFLOP/s and eigendecomposition residuals.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--backend", defaultValue = "auto", description = "auto, java, blas, cuda (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--threads", description = "CPU threads (default: all cores)")
    Integer threads;

    @Option(names = "-n", defaultValue = "1024", description = "matrix size (default: ${DEFAULT-VALUE})")
    int n;

    @Override
    public Integer call() {
        if (n < 1 || n > 20000) throw new UserError("-n must be in [1, 20000], got " + n);
        BackendRun.checkThreads(threads);
        BackendOptions opts = threads == null ? BackendOptions.defaults() : BackendOptions.threads(threads);
        try (Backend be = Backends.open(backend, opts)) {
            System.out.println("backend: " + be.name() + " — " + be.description());
            GaussianStream s = new GaussianStream(1, 0);
            Matrix a = be.allocate(n, n), b = be.allocate(n, n), c = be.allocate(n, n);
            be.fillGaussian(a, s, 0, 1);
            be.fillGaussian(b, s, (long) n * n, 1);
            // A second of untimed calls, then the fastest of half a second of timed ones: the first calls run before
            // the JIT has compiled the kernels (one call at n = 300 read 0.2 GFLOP/s against 14 at n = 1000).
            Runnable gemm = () -> be.gemm(Trans.N, Trans.N, 1, a, b, 0, c);
            fastest(be, 1.0, 3, () -> { }, gemm);
            double[] best = fastest(be, 0.5, 5, () -> { }, gemm);
            double sec = best[0];
            int reps = (int) best[1];
            System.out.printf("gemm  n=%d: %.4f s, %.1f GFLOP/s (best of %d calls)%n", n, sec, 2.0 * n * n * n / sec * 1e-9, reps);

            int m = Math.min(n, 1000);
            Matrix g = be.allocate(m, m), x = be.allocate(m, 2 * m);
            be.fillGaussian(x, s, 7L * n * n, 1.0 / Math.sqrt(2 * m));
            be.syrk(Uplo.LOWER, Trans.N, 1, x, 0, g);
            be.symmetrize(Uplo.LOWER, g);
            double[] gram = be.download(g);
            double[] w = new double[m];
            // As for GEMM: untimed calls first, then the fastest of the timed ones, each on a fresh copy of the Gram
            // matrix (syevd overwrites it); the last leaves its vectors in g for the residuals below.
            Runnable fresh = () -> be.upload(gram, g), eigh = () -> be.syevd(g, w, true);
            fastest(be, 0.5, 2, fresh, eigh);
            best = fastest(be, 0.5, 1, fresh, eigh);
            sec = best[0];
            int eighCalls = (int) best[1];
            double[] v = be.download(g);
            double res = 0, orth = 0, norm = 0;
            for (int j = 0; j < m; j++)
                for (int i = 0; i < m; i++) {
                    double av = 0, vv = 0;
                    for (int l = 0; l < m; l++) {
                        av += gram[i + l * m] * v[l + j * m];
                        vv += v[l + i * m] * v[l + j * m];
                    }
                    res = Math.max(res, Math.abs(av - w[j] * v[i + j * m]));
                    orth = Math.max(orth, Math.abs(vv - (i == j ? 1 : 0)));
                    norm = Math.max(norm, Math.abs(gram[i + j * m]));
                }
            System.out.printf("syevd n=%d: %.3f s (best of %d calls), max|AV-VΛ|/max|A| = %.2e, max|VᵀV-I| = %.2e, eigenvalues in [%.4f, %.4f]%n",
                    m, sec, eighCalls, res / norm, orth, w[0], w[m - 1]);
        }
        return 0;
    }

    /**
     * Calls {@code call} for at least {@code seconds} of its own time, and at least {@code minCalls} times unless they
     * take 3 s or more in all (large n), running {@code setup} untimed before each; returns {fastest call's seconds,
     * calls}.
     */
    private static double[] fastest(Backend be, double seconds, int minCalls, Runnable setup, Runnable call) {
        double fastest = Double.POSITIVE_INFINITY, spent = 0;
        int calls = 0;
        while (spent < seconds || (calls < minCalls && spent < 3.0)) {
            setup.run();
            long t = System.nanoTime();
            call.run();
            be.synchronize();
            double one = (System.nanoTime() - t) * 1e-9;
            fastest = Math.min(fastest, one);
            spent += one;
            calls++;
        }
        return new double[] {fastest, calls};
    }
}
