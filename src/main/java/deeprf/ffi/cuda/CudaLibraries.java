package deeprf.ffi.cuda;

import deeprf.ffi.LibrarySpec;
import deeprf.ffi.NativeLibrary;

import java.util.List;

/**
 * Where the CUDA libraries are: an explicit path from the system property or environment variable first (and then
 * only that), else the versioned sonames of CUDA 13, then of CUDA 12 (DESIGN.md §5). The runtime, cuBLAS and
 * cuSOLVER must come from one CUDA major version; the driver ({@code libcuda.so.1}) comes with the NVIDIA driver.
 */
public final class CudaLibraries {
    private CudaLibraries() {}

    public static final NativeLibrary CUDART = new NativeLibrary(new LibrarySpec("CUDA runtime",
            "deeprf.cuda.cudart.lib", "DEEPRF_CUDART_LIB", List.of("libcudart.so.13", "libcudart.so.12")));

    public static final NativeLibrary DRIVER = new NativeLibrary(new LibrarySpec("CUDA driver",
            "deeprf.cuda.driver.lib", "DEEPRF_CUDA_DRIVER_LIB", List.of("libcuda.so.1")));

    public static final NativeLibrary CUBLAS = new NativeLibrary(new LibrarySpec("cuBLAS",
            "deeprf.cuda.cublas.lib", "DEEPRF_CUBLAS_LIB", List.of("libcublas.so.13", "libcublas.so.12")));

    public static final NativeLibrary CUSOLVER = new NativeLibrary(new LibrarySpec("cuSOLVER",
            "deeprf.cuda.cusolver.lib", "DEEPRF_CUSOLVER_LIB", List.of("libcusolver.so.12", "libcusolver.so.11")));

    /** All four, in the order the cuda backend needs them. */
    public static List<NativeLibrary> all() { return List.of(CUDART, DRIVER, CUBLAS, CUSOLVER); }
}
