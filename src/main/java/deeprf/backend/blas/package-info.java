/** The {@code blas} backend: the system's OpenBLAS and LAPACKE through {@code deeprf.ffi.blas}, matrices in native memory. */
package deeprf.backend.blas;
