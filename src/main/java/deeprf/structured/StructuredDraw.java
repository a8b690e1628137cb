package deeprf.structured;

import deeprf.backend.Backend;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;
import deeprf.experiment.DrawMemory;
import deeprf.random.Philox;
import deeprf.theory.RidgeTheory;
import deeprf.theory.TheoryException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * One draw (seed) of the deep structured linear model: samples the weights, then gives the exact conditional theory
 * on those weights (THEORY.md §8.3 with §3.1, one eigendecomposition for every sample count and λ) and/or the
 * simulated ridge readout (data in blocks, Gram by syrk, one eigendecomposition per sample count for every λ).
 *
 * <p>Everything is expressed through B = Σ₀^{1/2}A (n₀ × n_L) and u = Σ₀^{1/2}w* (‖u‖ = 1): with z ~ N(0, I),
 * the features are φ = Bᵀz and the label y = uᵀz + ξ. Since the model is linear and Gaussian, the test error of a
 * readout ŵ is exact without test samples: E_clean = ‖Bŵ − u‖².
 *
 * <p>Random numbers: number i of the counter-based streams (seed, 1..L) for the layer weights G_ℓ (column-major),
 * (seed, 100) for an isotropic w*, (seed, 200) for the data z (sample s at offset s·n₀), (seed, 201) for the label
 * noise; results do not depend on the block size or thread count.
 */
public final class StructuredDraw implements AutoCloseable {
    static final long STREAM_TARGET = 100, STREAM_DATA = 200, STREAM_NOISE = 201;

    /** One (sample count, λ) result. NaN fields are not computed; {@code status} is "ok", "diverging" or "failed" (theory). */
    public record Point(double alpha, int n, double lambda, String status, String message,
                        double simTestClean, double simTrain, double condTestClean, double condTrain) {}

    private final Backend be;
    private final StructuredModel model;
    private final long seed;
    private final int n0, nL, rank;
    private final double noise;
    private final Matrix b;        // B = Σ₀^{1/2} A, n0 × nL
    private final double[] u;      // Σ₀^{1/2} w*, unit norm
    private final double weightSeconds;
    private double theorySeconds;

    public StructuredDraw(Backend be, StructuredModel model, long seed) {
        this.be = be;
        this.model = model;
        this.seed = seed;
        int[] n = model.widths();
        this.n0 = n[0];
        this.nL = n[n.length - 1];
        int r = n0;
        for (int w : n) r = Math.min(r, w);
        this.rank = r;
        this.noise = model.noise();
        this.u = signal();
        long t0 = System.nanoTime();
        this.b = weights(n);
        this.weightSeconds = (System.nanoTime() - t0) * 1e-9;
    }

    /**
     * The matrices one draw holds at once in each of its phases, for {@link DrawMemory}: forming B layer by layer
     * (the layer's Gaussian array and its upload, the running product and the next), the conditional theory (B and
     * the p × p matrix it eigendecomposes, twice where it keeps Ω), accumulating the Gram from blocks of samples, and
     * the readout (the Gram, its copy decomposed, P = BV and P's Java array).
     */
    static List<List<DrawMemory.Part>> memoryPhases(StructuredModel model, boolean simulate, int block, double[] alphas) {
        int[] n = model.widths();
        int n0 = n[0], nL = n[n.length - 1];
        DrawMemory.Part bMatrix = DrawMemory.Part.backend("B = Σ₀^½A", n0, nL);
        List<List<DrawMemory.Part>> phases = new ArrayList<>();
        for (int l = 1; l < n.length; l++) {
            List<DrawMemory.Part> ph = new ArrayList<>(List.of(
                    DrawMemory.Part.host("layer " + l + "'s Gaussian weights", n[l - 1], n[l]),
                    DrawMemory.Part.backend("layer " + l + "'s weights", n[l - 1], n[l])));
            if (l > 1) {
                ph.add(DrawMemory.Part.backend("the product of layers 1.." + (l - 1), n0, n[l - 1]));
                ph.add(DrawMemory.Part.backend("the product of layers 1.." + l, n0, n[l]));
            }
            phases.add(ph);
        }
        phases.add(nL <= n0
                ? List.of(bMatrix, DrawMemory.Part.backend("the theory's Ω = BᵀB", nL, nL), DrawMemory.Part.backend("Ω's eigenvectors", nL, nL))
                : List.of(bMatrix, DrawMemory.Part.backend("the theory's H = BBᵀ", n0, n0)));
        if (simulate) {
            int bs = largestBlock(alphas, n0, block);
            DrawMemory.Part gram = DrawMemory.Part.backend("the readout Gram matrix", nL, nL);
            phases.add(List.of(bMatrix, gram, DrawMemory.Part.backend("a block of inputs", n0, bs), DrawMemory.Part.backend("a block of features", nL, bs)));
            phases.add(List.of(bMatrix, gram, DrawMemory.Part.backend("the Gram's eigenvectors", nL, nL),
                    DrawMemory.Part.backend("P = BV", n0, nL), DrawMemory.Part.host("P's Java array", n0, nL)));
        }
        return phases;
    }

    /** Seconds spent sampling the weights and forming B. */
    public double weightSeconds() { return weightSeconds; }

    /** Seconds of the last conditional theory build (Ω or H, its one eigendecomposition, projections). */
    public double theorySeconds() { return theorySeconds; }

    public int featureRank() { return rank; }

    private double[] signal() {
        double[] s0 = model.dataEigenvalues();
        double[] w = model.target().random() ? new double[n0] : model.targetProfile();
        if (model.target().random()) Philox.fillGaussian(seed, STREAM_TARGET, 0, 1.0, w, 0, n0);
        else for (int i = 0; i < n0; i++) w[i] = Math.sqrt(w[i]);
        double[] out = new double[n0];
        double sum = 0;
        for (int i = 0; i < n0; i++) {
            out[i] = Math.sqrt(s0[i]) * w[i];
            sum += out[i] * out[i];
        }
        double inv = 1 / Math.sqrt(sum);
        for (int i = 0; i < n0; i++) out[i] *= inv;
        return out;
    }

    private Matrix weights(int[] n) {
        double[] s0 = model.dataEigenvalues();
        double[][] sig = model.layerEigenvalues();
        Matrix acc = null;
        for (int l = 1; l < n.length; l++) {
            int rows = n[l - 1], cols = n[l];
            if ((long) rows * cols > Integer.MAX_VALUE - 8)
                throw new IllegalArgumentException("structured: layer " + l + "'s weights are " + rows + " × " + cols + " = "
                        + (long) rows * cols + " numbers, more than one Java array holds; allowed: n0 × each layer's width ≤ 2147483639 (make n0 or the ratios smaller)");
            double[] g = new double[rows * cols];
            Philox.fillGaussian(seed, l, 0, 1.0, g, 0, g.length);
            double[] scale = new double[rows];
            for (int i = 0; i < rows; i++)
                scale[i] = Math.sqrt((l == 1 ? s0[i] * sig[0][i] : sig[l - 1][i]) / rows);
            for (int j = 0; j < cols; j++)
                for (int i = 0; i < rows; i++) g[i + j * rows] *= scale[i];
            Matrix f = be.upload(g, rows, cols);
            if (acc == null) acc = f;
            else {
                Matrix next = be.allocate(n0, cols);
                be.gemm(Trans.N, Trans.N, 1.0, acc, f, 0.0, next);
                acc.close();
                f.close();
                acc = next;
            }
        }
        return acc;
    }

    /** Sample counts n = round(α n₀) (at least 1). */
    int samples(double alpha) {
        if (!(alpha > 0) || !Double.isFinite(alpha))
            throw new IllegalArgumentException("structured: sample ratio alpha = n/n0 must be finite and > 0, got " + alpha);
        return samples(alpha, n0);
    }

    private static int samples(double alpha, int n0) {
        return (int) Math.max(1, Math.round(alpha * n0));
    }

    /**
     * The most samples {@link #simulate} draws in one block: the samples are nested, so each step between ascending
     * sample counts starts with its largest block, min(block, step); not min(block, the largest count).
     */
    static int largestBlock(double[] alphas, int n0, int block) {
        int[] counts = Arrays.stream(alphas).mapToInt(a -> samples(a, n0)).distinct().sorted().toArray();
        int largest = 1, before = 0;
        for (int c : counts) {
            largest = Math.max(largest, Math.min(block, c - before));
            before = c;
        }
        return largest;
    }

    private static void checkLambdas(double[] lambdas) {
        for (double l : lambdas)
            if (!(l >= 0) || !Double.isFinite(l))
                throw new IllegalArgumentException("structured: ridge lambda must be finite and >= 0, got " + l);
    }

    /**
     * The exact conditional theory on this draw's weights: one symmetric eigendecomposition of the smaller of
     * Ω = BᵀB (n_L × n_L) and H = BBᵀ (n₀ × n₀), then O(p) per (n, λ). Returns the RidgeTheory for reuse.
     */
    public RidgeTheory conditionalTheory() {
        long t0 = System.nanoTime();
        try {
            return buildConditionalTheory();
        } finally {
            theorySeconds = (System.nanoTime() - t0) * 1e-9;
        }
    }

    private RidgeTheory buildConditionalTheory() {
        String name = "structured conditional theory (seed " + seed + ")";
        if (nL <= n0) {
            try (Matrix omega = be.allocate(nL, nL); Matrix uu = be.upload(u, n0, 1); Matrix psi = be.allocate(nL, 1)) {
                be.syrk(Uplo.LOWER, Trans.T, 1.0, b, 0.0, omega);
                be.symmetrize(Uplo.LOWER, omega);
                be.gemm(Trans.T, Trans.N, 1.0, b, uu, 0.0, psi);
                return RidgeTheory.fromCovariance(name, be, omega, be.download(psi), 1.0 + noise, noise);
            }
        }
        // n_L > n₀: the nonzero spectrum of Ω is that of H = BBᵀ, and (e_iᵀψ)²/ω_i = (v_iᵀu)²
        try (Matrix h = be.allocate(n0, n0); Matrix uu = be.upload(u, n0, 1); Matrix proj = be.allocate(n0, 1)) {
            be.syrk(Uplo.LOWER, Trans.N, 1.0, b, 0.0, h);
            double[] w = new double[n0];
            be.syevd(h, w, true);
            be.gemm(Trans.T, Trans.N, 1.0, h, uu, 0.0, proj);
            double[] p = be.download(proj);
            double max = 0;
            for (double x : w) max = Math.max(max, Math.abs(x));
            double tol = n0 * Math.ulp(1.0) * max, explained = 0;
            double[] wstar2 = new double[n0];
            for (int i = 0; i < n0; i++)
                if (w[i] > tol) {
                    wstar2[i] = p[i] * p[i] / w[i];
                    explained += p[i] * p[i];
                }
            return RidgeTheory.ofTarget(name, w, wstar2, Math.max(0, 1.0 - explained) + noise, noise);
        }
    }

    /** Conditional theory only, at every (α, λ). */
    public List<Point> theory(double[] alphas, double[] lambdas) {
        checkLambdas(lambdas);
        for (double a : alphas) samples(a);
        long t0 = System.nanoTime();
        RidgeTheory rt = conditionalTheory();
        List<Point> out = new ArrayList<>();
        for (double a : alphas) {
            int n = samples(a);
            out.addAll(points(a, n, lambdas, () -> rt.sweepEach(n, lambdas), null, null));
        }
        theorySeconds = (System.nanoTime() - t0) * 1e-9;   // eigendecomposition plus every (n, λ) point
        return out;
    }

    /**
     * The rows of one α: each λ stands alone, so a κ equation that fails at one (α, λ) is that row's "failed" status
     * and reason (its simulation kept, its theory cells empty), as the ridge kind's theory columns do; a failure
     * shared by every λ at this n (κ0) fails them all. {@code simTest}/{@code simTrain} null: theory only.
     */
    List<Point> points(double alpha, int n, double[] lambdas, Supplier<List<RidgeTheory.Attempt>> attempts,
                       double[] simTest, double[] simTrain) {
        List<RidgeTheory.Attempt> at;
        try {
            at = attempts.get();
        } catch (TheoryException e) {
            at = new ArrayList<>();
            for (double l : lambdas) at.add(new RidgeTheory.Attempt(l, null, e.getMessage()));
        }
        List<Point> out = new ArrayList<>(lambdas.length);
        for (int j = 0; j < lambdas.length; j++) {
            RidgeTheory.Attempt a = at.get(j);
            double st = simTest == null ? Double.NaN : simTest[j], sr = simTrain == null ? Double.NaN : simTrain[j];
            out.add(a.ok() ? theoryPoint(alpha, n, a.point(), st, sr)
                    : new Point(alpha, n, lambdas[j], "failed", "conditional theory: " + a.failure(), st, sr, Double.NaN, Double.NaN));
        }
        return out;
    }

    private Point theoryPoint(double alpha, int n, RidgeTheory.Point p, double simTest, double simTrain) {
        boolean singular = p.lambda() == 0 && n == rank;
        if (singular)
            return new Point(alpha, n, p.lambda(), "diverging", "ridgeless at n = rank of the features = " + rank
                    + " (alpha = " + ((double) rank / n0) + "): interpolation peak, the error is infinite", Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        if (!Double.isFinite(p.testClean()) || !Double.isFinite(p.train()))
            return new Point(alpha, n, p.lambda(), "diverging", "conditional theory: the error overflows double precision (diverges) at n = "
                    + n + ", lambda = " + p.lambda(), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        return new Point(alpha, n, p.lambda(), "ok", "", simTest, simTrain, p.testClean(), p.train());
    }

    /**
     * Simulation and conditional theory at every (α, λ): samples are generated in blocks of {@code block} and
     * accumulated into the Gram ΦΦᵀ; at each sample count (ascending, nested: the first n samples) one
     * eigendecomposition serves every λ (λ = 0 is the minimum-norm solution by pseudo-inverse).
     */
    public List<Point> simulate(double[] alphas, double[] lambdas, int block) {
        return simulate(alphas, lambdas, block, (done, total) -> { });
    }

    /** How far a simulation is: {@code done} of the {@code total} samples it streams (the largest n) are in. */
    @FunctionalInterface
    public interface SampleProgress {
        void samples(long done, long total);
    }

    /** As {@link #simulate(double[], double[], int)}, telling {@code progress} after each block and each readout. */
    public List<Point> simulate(double[] alphas, double[] lambdas, int block, SampleProgress progress) {
        checkLambdas(lambdas);
        if (block < 1) throw new IllegalArgumentException("structured: block size must be >= 1, got " + block);
        RidgeTheory rt = conditionalTheory();
        int[] counts = new int[alphas.length];
        for (int i = 0; i < alphas.length; i++) counts[i] = samples(alphas[i]);
        int[] distinct = Arrays.stream(counts).distinct().sorted().toArray();
        List<Point> out = new ArrayList<>();
        double[][] testAt = new double[distinct.length][], trainAt = new double[distinct.length][];
        try (Matrix gram = be.allocate(nL, nL); Matrix phiY = be.allocate(nL, 1); Matrix uu = be.upload(u, n0, 1)) {
            double yy = 0;
            int done = 0;
            for (int c = 0; c < distinct.length; c++) {
                int target = distinct[c];
                while (done < target) {
                    int bs = Math.min(block, target - done);
                    try (Matrix z = be.allocate(n0, bs); Matrix phi = be.allocate(nL, bs); Matrix y = be.allocate(bs, 1)) {
                        be.fillGaussian(z, new GaussianStream(seed, STREAM_DATA), (long) done * n0, 1.0);
                        be.gemm(Trans.T, Trans.N, 1.0, b, z, 0.0, phi);
                        be.gemm(Trans.T, Trans.N, 1.0, z, uu, 0.0, y);
                        double[] yv = be.download(y);
                        if (noise > 0) {
                            double[] xi = new double[bs];
                            Philox.fillGaussian(seed, STREAM_NOISE, done, Math.sqrt(noise), xi, 0, bs);
                            for (int i = 0; i < bs; i++) yv[i] += xi[i];
                            be.upload(yv, y);
                        }
                        for (double v : yv) yy += v * v;
                        be.syrk(Uplo.LOWER, Trans.N, 1.0, phi, 1.0, gram);
                        be.gemm(Trans.N, Trans.N, 1.0, phi, y, 1.0, phiY);
                    }
                    done += bs;
                    progress.samples(done, distinct[distinct.length - 1]);
                }
                double[][] r = readout(gram, phiY, yy, target, lambdas);
                testAt[c] = r[0];
                trainAt[c] = r[1];
                progress.samples(done, distinct[distinct.length - 1]);
            }
        }
        for (int i = 0; i < alphas.length; i++) {
            int c = Arrays.binarySearch(distinct, counts[i]);
            int n = counts[i];
            out.addAll(points(alphas[i], n, lambdas, () -> rt.sweepEach(n, lambdas), testAt[c], trainAt[c]));
        }
        return out;
    }

    /** {test clean[λ], train[λ]} from the Gram of the first n samples: one eigendecomposition for the λ grid. */
    private double[][] readout(Matrix gram, Matrix phiY, double yy, int n, double[] lambdas) {
        double[] k = new double[nL], v, bt, p;
        try (Matrix g = be.allocate(nL, nL); Matrix bm = be.allocate(nL, 1); Matrix pm = be.allocate(n0, nL)) {
            be.copy(gram, g);
            be.scale(1.0 / n, g);
            be.syevd(g, k, true);
            be.gemm(Trans.T, Trans.N, 1.0 / n, g, phiY, 0.0, bm);   // b̃ = Vᵀ Φy/n
            be.gemm(Trans.N, Trans.N, 1.0, b, g, 0.0, pm);          // P = B V: test residual is P c − u
            bt = be.download(bm);
            p = be.download(pm);
        }
        double kmax = 0;
        for (double x : k) kmax = Math.max(kmax, Math.abs(x));
        // as RidgeTheory and ridge runs: eigenvalues below the Gram's rounding, p·ε·max, are exact zeros — also the
        // pseudo-inverse's cut at λ = 0 (THEORY.md §11.8's rcond 1e-10 dropped genuine directions of spectra that span
        // more than ten decades, as a power-law data spectrum times an aligned power-law layer does)
        double zero = nL * Math.ulp(1.0) * kmax;
        double[] test = new double[lambdas.length], train = new double[lambdas.length];
        double[] c = new double[nL], e = new double[n0];
        for (int j = 0; j < lambdas.length; j++) {
            double lam = lambdas[j], tr = yy / n;
            for (int i = 0; i < nL; i++) {
                if (lam == 0) c[i] = k[i] > zero ? bt[i] / k[i] : 0;
                // an eigenvalue at the Gram's rounding is a null direction, whose b̃ is rounding too: at a λ below
                // that rounding (1e-300) b̃/(k + λ) overflowed the simulated error to Infinity
                else c[i] = k[i] > zero ? bt[i] / (k[i] + lam) : 0;
                tr += k[i] * c[i] * c[i] - 2 * c[i] * bt[i];
            }
            for (int i = 0; i < n0; i++) e[i] = -u[i];
            for (int i = 0; i < nL; i++) {
                double ci = c[i];
                if (ci == 0) continue;
                int off = i * n0;
                for (int r = 0; r < n0; r++) e[r] += p[off + r] * ci;
            }
            double s = 0;
            for (double x : e) s += x * x;
            test[j] = s;
            train[j] = Math.max(0, tr);
        }
        return new double[][]{test, train};
    }

    @Override
    public void close() { b.close(); }
}
