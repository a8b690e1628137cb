/** The {@code cuda} backend: cuBLAS, cuSOLVER and deeprf's own kernels (native/) through {@code deeprf.ffi.cuda}, matrices on the GPU. */
package deeprf.backend.cuda;
