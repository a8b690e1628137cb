package deeprf.experiment;

import deeprf.backend.Backend;
import deeprf.backend.Matrix;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;

/** Streams one layer's outputs (k × b blocks) into its empirical covariance and returns its eigenvalues. */
final class CovarianceAccumulator implements AutoCloseable {
    private final Backend be;
    private final int k;
    private final Matrix gram;
    private final double[] sums, block;
    private long n;

    CovarianceAccumulator(Backend be, int k) {
        this.be = be;
        this.k = k;
        this.gram = be.allocate(k, k);
        this.sums = new double[k];
        this.block = new double[k];
    }

    void add(Matrix h) {
        be.syrk(Uplo.LOWER, Trans.N, 1, h, 1, gram);
        be.rowSums(h, block);
        for (int i = 0; i < k; i++) sums[i] += block[i];
        n += h.cols();
    }

    /** Ascending eigenvalues of (1/n) Σ (h − h̄)(h − h̄)ᵀ; destroys the accumulator. */
    double[] eigenvalues() {
        be.scale(1.0 / n, gram);
        double[] mean = new double[k];
        for (int i = 0; i < k; i++) mean[i] = sums[i] / n;
        try (Matrix m = be.upload(mean, k, 1)) {
            be.syrk(Uplo.LOWER, Trans.N, -1, m, 1, gram);
        }
        double[] w = new double[k];
        be.syevd(gram, w, false);
        return w;
    }

    @Override
    public void close() { gram.close(); }
}
