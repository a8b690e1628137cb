package deeprf.backend.java;

/**
 * An MR×NR register-tile kernel over packed panels, the only part of GEMM/SYRK that does floating-point work
 * in the inner loop. Packed A holds MR rows per k step ({@code a[ao + p·MR + i]}), packed B holds NR columns per
 * k step ({@code b[bo + p·NR + j]}).
 *
 * <p>Contract: for 0 ≤ i < MR, 0 ≤ j < NR, with {@code s = Σ_p a[ao+p·MR+i]·b[bo+p·NR+j]} summed in order
 * p = 0, 1, …, kc−1, store {@code c[co + i + j·ldc] = alpha·s + beta·c[…]}, where beta = 0 means the old value is
 * not read at all (so NaN or Inf there is ignored, as BLAS requires).
 */
interface MicroKernel {
    int mr();

    int nr();

    void tile(int kc, double[] a, int ao, double[] b, int bo, double alpha, double beta, double[] c, int co, int ldc);

    /** The kernel this backend uses: Vector API when enabled, scalar otherwise. */
    static MicroKernel forSupport(VectorSupport support) {
        return support.enabled() ? VectorKernels.gemmKernel() : ScalarKernel.INSTANCE;
    }
}
