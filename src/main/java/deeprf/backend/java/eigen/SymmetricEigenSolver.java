package deeprf.backend.java.eigen;

import deeprf.backend.NumericalException;
import deeprf.backend.java.Dgemm;
import deeprf.backend.java.WorkerPool;

import java.util.Arrays;

/**
 * Symmetric eigendecomposition for the java backend, in the manner of LAPACK dsyevd:
 * <ol>
 * <li>scale A into a safe range if its largest entry is tiny or huge;</li>
 * <li>blocked Householder tridiagonalisation A = Q·T·Qᵀ ({@link Tridiagonalizer}, dsytrd/dlatrd);</li>
 * <li>values only: implicit QL on T ({@link TridiagonalQL}); with vectors: divide and conquer on T
 *     ({@link DivideAndConquer}, dstedc/dlaed*);</li>
 * <li>with vectors: back-transformation Q·Z with compact-WY blocks on GEMM ({@link BackTransformer}, dormtr).</li>
 * </ol>
 * Only the lower triangle of the input is read; the upper triangle is never looked at (a non-symmetric input is
 * therefore treated as the symmetric matrix its lower triangle defines).
 */
public final class SymmetricEigenSolver {
    private SymmetricEigenSolver() {}

    /**
     * Reads the lower triangle of column-major a (n×n); writes ascending eigenvalues to w; if vectors, overwrites a
     * with the orthonormal eigenvectors as columns (column j belongs to w[j]), otherwise a is destroyed.
     *
     * @throws NumericalException if the lower triangle holds NaN or ±Inf (naming the first position found), or if
     *                            an iteration fails to converge (naming the index and the residual)
     */
    public static void solve(WorkerPool pool, int n, double[] a, double[] w, boolean vectors) {
        solve(pool, n, a, w, vectors, null, null);
    }

    /**
     * As {@link #solve(WorkerPool, int, double[], double[], boolean)}, and if {@code phaseNanos} is not null (length
     * ≥ 3) adds the nanoseconds of the tridiagonalisation, the tridiagonal solve and the back-transformation, read
     * from {@code clock} (e.g. System::nanoTime, or the calling thread's CPU time), to its elements 0, 1, 2 (for
     * benchmarks that need the per-phase split; bench/peers/EighPhases.java).
     */
    public static void solve(WorkerPool pool, int n, double[] a, double[] w, boolean vectors,
                             java.util.function.LongSupplier clock, long[] phaseNanos) {
        if (phaseNanos != null && phaseNanos.length < 3)
            throw new IllegalArgumentException("syevd: phaseNanos needs 3 elements, got " + phaseNanos.length);
        if (n < 0) throw new IllegalArgumentException("syevd: n must be >= 0, got " + n);
        double sigma = checkAndScale("syevd", n, a, w);
        if (n == 0) return;
        if (n == 1) {
            w[0] = a[0] / sigma;
            if (vectors) a[0] = 1;
            return;
        }
        double[] d = new double[n], e = new double[n], tau = new double[n];
        java.util.function.LongSupplier now = phaseNanos == null || clock == null ? () -> 0L : clock;
        long t0 = now.getAsLong();
        Tridiagonalizer.reduce(pool, n, a, d, e, tau);
        long t1 = now.getAsLong(), t2;
        if (!vectors) {
            TridiagonalQL.solve(n, d, 0, e, 0, null, 0, 0);
            Arrays.sort(d);
            t2 = now.getAsLong();
        } else {
            double[] z = new double[n * n];
            DivideAndConquer.solve(pool, n, d, e, z);
            t2 = now.getAsLong();
            BackTransformer.apply(pool, n, a, tau, z, n);
            System.arraycopy(z, 0, a, 0, n * n);
        }
        if (phaseNanos != null) {
            long t3 = now.getAsLong();
            phaseNanos[0] += t1 - t0;
            phaseNanos[1] += t2 - t1;
            phaseNanos[2] += t3 - t2;
        }
        for (int i = 0; i < n; i++) w[i] = d[i] / sigma;
    }
    /**
     * A = U·Λ·Uᵀ kept factored as U = Q·S: Q as the tridiagonalisation's reflectors, S the tridiagonal's eigenvectors
     * from divide and conquer — {@link #solve} with vectors without its back-transformation, which forms Q·S for all
     * n columns (a third of its time). {@link Factors#applyU} then applies U to a few columns with the same blocked
     * reflectors, so U·x is what {@link #solve}'s U times x would be, to rounding. Reads the lower triangle of
     * column-major a (n×n) and leaves a unchanged; writes ascending eigenvalues to w. Errors as {@link #solve}.
     */
    public static Factors factor(WorkerPool pool, int n, double[] a, double[] w) {
        if (n < 0) throw new IllegalArgumentException("syevdBasis: n must be >= 0, got " + n);
        if ((long) n * n > a.length)
            throw new IllegalArgumentException("syevdBasis: a has " + a.length + " elements, needs n*n = " + (long) n * n);
        double[] r = Arrays.copyOf(a, n * n);
        double sigma = checkAndScale("syevdBasis", n, r, w);
        double[] d = new double[n], e = new double[n], tau = new double[n], s = new double[n * n];
        if (n == 1) {
            d[0] = r[0];
            s[0] = 1;
        } else if (n > 1) {
            Tridiagonalizer.reduce(pool, n, r, d, e, tau);
            DivideAndConquer.solve(pool, n, d, e, s);
        }
        for (int i = 0; i < n; i++) w[i] = d[i] / sigma;
        return new Factors(n, r, tau, s);
    }

    /**
     * U = Q·S in factored form (see {@link #factor}): {@code reflectors} holds the Householder vectors below the
     * subdiagonal (n×n, as {@link Tridiagonalizer#reduce} leaves them), {@code tau} their factors, {@code s} S (n×n).
     */
    public record Factors(int n, double[] reflectors, double[] tau, double[] s) {
        /** out ← U·x for x n×m (ld n): S·x by GEMM, then Q by the blocked reflectors of the back-transformation. */
        public void applyU(WorkerPool pool, double[] x, double[] out, int m) {
            Dgemm.gemm(pool, false, false, n, m, n, 1.0, s, n, x, n, 0.0, out, n);
            BackTransformer.apply(pool, n, reflectors, tau, out, m);
        }

        /** out ← Uᵀ·x for x n×m (ld n): Qᵀ by the blocked reflectors (on a copy of x), then Sᵀ by GEMM. */
        public void applyUT(WorkerPool pool, double[] x, double[] out, int m) {
            double[] y = Arrays.copyOf(x, n * m);
            BackTransformer.apply(pool, n, reflectors, tau, y, m, true);
            Dgemm.gemm(pool, true, false, n, m, n, 1.0, s, n, y, n, 0.0, out, n);
        }
    }

    /**
     * Checks the lower triangle of a for non-finite values and scales it, as dsyevd does, when its largest entry is
     * tiny or huge (squares would underflow or overflow); returns the factor σ applied (eigenvalues come out σ times
     * too large).
     */
    private static double checkAndScale(String op, int n, double[] a, double[] w) {
        if ((long) n * n > a.length)
            throw new IllegalArgumentException(op + ": a has " + a.length + " elements, needs n*n = " + (long) n * n);
        if (w.length < n) throw new IllegalArgumentException(op + ": w has " + w.length + " elements, needs n = " + n);
        double anrm = 0;
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++) {
                double v = a[i + j * n];
                if (!Double.isFinite(v))
                    throw new NumericalException(op + ": input has a non-finite entry " + v + " at (" + i + "," + j
                            + "); only finite values are allowed");
                anrm = Math.max(anrm, Math.abs(v));
            }
        // dsyevd's scaling to keep squares away from overflow and underflow
        double smlnum = Householder.SAFMIN / Householder.EPS, rmin = Math.sqrt(smlnum), rmax = Math.sqrt(1 / smlnum);
        double sigma = 1;
        if (anrm > 0 && anrm < rmin) sigma = rmin / anrm;
        else if (anrm > rmax) sigma = rmax / anrm;
        if (sigma != 1)
            for (int j = 0; j < n; j++)
                for (int i = j; i < n; i++) a[i + j * n] *= sigma;
        return sigma;
    }
}
