/**
 * The pure-Java backend: packed GEMM/SYRK with Vector API micro-kernels (a scalar path where the incubator module is
 * absent), vectorised activations, Cholesky, and the symmetric eigensolver in {@code eigen} (Householder
 * tridiagonalisation, divide and conquer); multithreaded over a {@link deeprf.backend.java.WorkerPool} of the caller's
 * size. Internal: use it through {@link deeprf.backend.Backends#open}.
 */
package deeprf.backend.java;
