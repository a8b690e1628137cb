/**
 * The compute contract: {@link deeprf.backend.Backend} (allocate, upload, download, gemm, syrk, activations, reductions,
 * symmetric eigendecomposition, Cholesky solve, the counter-based Gaussian fill) over backend-owned column-major
 * {@link deeprf.backend.Matrix} objects, opened by name with {@link deeprf.backend.Backends#open}. Start there; the
 * implementations are in the subpackages {@code java} (pure Java, the default), {@code blas} (OpenBLAS/LAPACKE through
 * Panama) and {@code cuda} (cuBLAS/cuSOLVER and our kernels). {@link deeprf.backend.Activation} is the reference
 * definition of each nonlinearity that every backend reproduces.
 */
package deeprf.backend;
