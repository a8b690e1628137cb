package deeprf.ffi.cuda;

import deeprf.ffi.NativeFunction;
import deeprf.ffi.NativeLibrary;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Raw bindings of cuSOLVER dense ({@code cusolverDn.h}). Any status but {@code CUSOLVER_STATUS_SUCCESS} throws
 * {@link CudaException}; numerical outcomes ({@code info}/{@code devInfo}) live in device memory and are the caller's
 * to copy back and check.
 */
@SuppressWarnings("unused")
public final class Cusolver {
    private Cusolver() {}

    public static final NativeLibrary LIBRARY = CudaLibraries.CUSOLVER;

    // cusolverEigMode_t, cublasFillMode_t, cudaDataType
    public static final int CUSOLVER_EIG_MODE_NOVECTOR = 0, CUSOLVER_EIG_MODE_VECTOR = 1;
    public static final int CUBLAS_FILL_MODE_LOWER = 0, CUBLAS_FILL_MODE_UPPER = 1;
    public static final int CUDA_R_64F = 1;

    /** Every symbol bound by this class (for probes that list what is missing). */
    public static final List<String> SYMBOLS = List.of("cusolverGetVersion", "cusolverDnCreate", "cusolverDnDestroy", "cusolverDnSetStream", "cusolverDnCreateParams", "cusolverDnDestroyParams", "cusolverDnXsyevd_bufferSize", "cusolverDnXsyevd", "cusolverDnDsyevd_bufferSize", "cusolverDnDsyevd", "cusolverDnDpotrf_bufferSize", "cusolverDnDpotrf", "cusolverDnDpotrs");

    /** The bound function for {@code symbol}, for probes. */
    public static NativeFunction function(String symbol) {
        return switch (symbol) {
            case "cusolverGetVersion" -> cusolverGetVersion$.FN;
            case "cusolverDnCreate" -> cusolverDnCreate$.FN;
            case "cusolverDnDestroy" -> cusolverDnDestroy$.FN;
            case "cusolverDnSetStream" -> cusolverDnSetStream$.FN;
            case "cusolverDnCreateParams" -> cusolverDnCreateParams$.FN;
            case "cusolverDnDestroyParams" -> cusolverDnDestroyParams$.FN;
            case "cusolverDnXsyevd_bufferSize" -> cusolverDnXsyevd_bufferSize$.FN;
            case "cusolverDnXsyevd" -> cusolverDnXsyevd$.FN;
            case "cusolverDnDsyevd_bufferSize" -> cusolverDnDsyevd_bufferSize$.FN;
            case "cusolverDnDsyevd" -> cusolverDnDsyevd$.FN;
            case "cusolverDnDpotrf_bufferSize" -> cusolverDnDpotrf_bufferSize$.FN;
            case "cusolverDnDpotrf" -> cusolverDnDpotrf$.FN;
            case "cusolverDnDpotrs" -> cusolverDnDpotrs$.FN;
            default -> throw new IllegalArgumentException("Cusolver: no binding for " + symbol + "; bound: " + SYMBOLS);
        };
    }

    // ---------------------------------------------------------------- cusolverGetVersion

    private static final class cusolverGetVersion$ {
        static final NativeFunction FN = LIBRARY.function("cusolverGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** int* ← cuSOLVER version (major·1000 + minor·100 + patch). */
    public static void cusolverGetVersion(MemorySegment version) {
        MethodHandle h = cusolverGetVersion$.HANDLE;
        if (h == null) h = cusolverGetVersion$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(version);
        } catch (Throwable t) {
            throw cusolverGetVersion$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cusolver("cusolverGetVersion", status);
    }

    // ---------------------------------------------------------------- cusolverDnCreate

    private static final class cusolverDnCreate$ {
        static final NativeFunction FN = LIBRARY.function("cusolverDnCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** cusolverDnHandle_t* ← a new dense handle on the current device. */
    public static void cusolverDnCreate(MemorySegment handle) {
        MethodHandle h = cusolverDnCreate$.HANDLE;
        if (h == null) h = cusolverDnCreate$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(handle);
        } catch (Throwable t) {
            throw cusolverDnCreate$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cusolver("cusolverDnCreate", status);
    }

    // ---------------------------------------------------------------- cusolverDnDestroy

    private static final class cusolverDnDestroy$ {
        static final NativeFunction FN = LIBRARY.function("cusolverDnDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Destroys a dense handle. */
    public static void cusolverDnDestroy(MemorySegment handle) {
        MethodHandle h = cusolverDnDestroy$.HANDLE;
        if (h == null) h = cusolverDnDestroy$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(handle);
        } catch (Throwable t) {
            throw cusolverDnDestroy$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cusolver("cusolverDnDestroy", status);
    }

    // ---------------------------------------------------------------- cusolverDnSetStream

    private static final class cusolverDnSetStream$ {
        static final NativeFunction FN = LIBRARY.function("cusolverDnSetStream", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Binds the handle's work to a stream. */
    public static void cusolverDnSetStream(MemorySegment handle, MemorySegment streamId) {
        MethodHandle h = cusolverDnSetStream$.HANDLE;
        if (h == null) h = cusolverDnSetStream$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(handle, streamId);
        } catch (Throwable t) {
            throw cusolverDnSetStream$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cusolver("cusolverDnSetStream", status);
    }

    // ---------------------------------------------------------------- cusolverDnCreateParams

    private static final class cusolverDnCreateParams$ {
        static final NativeFunction FN = LIBRARY.function("cusolverDnCreateParams", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** cusolverDnParams_t* ← a params object for the 64-bit (X) API. */
    public static void cusolverDnCreateParams(MemorySegment params) {
        MethodHandle h = cusolverDnCreateParams$.HANDLE;
        if (h == null) h = cusolverDnCreateParams$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(params);
        } catch (Throwable t) {
            throw cusolverDnCreateParams$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cusolver("cusolverDnCreateParams", status);
    }

    // ---------------------------------------------------------------- cusolverDnDestroyParams

    private static final class cusolverDnDestroyParams$ {
        static final NativeFunction FN = LIBRARY.function("cusolverDnDestroyParams", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Destroys a params object. */
    public static void cusolverDnDestroyParams(MemorySegment params) {
        MethodHandle h = cusolverDnDestroyParams$.HANDLE;
        if (h == null) h = cusolverDnDestroyParams$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(params);
        } catch (Throwable t) {
            throw cusolverDnDestroyParams$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cusolver("cusolverDnDestroyParams", status);
    }

    // ---------------------------------------------------------------- cusolverDnXsyevd_bufferSize

    private static final class cusolverDnXsyevd_bufferSize$ {
        static final NativeFunction FN = LIBRARY.function("cusolverDnXsyevd_bufferSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** size_t* device and host workspace bytes of {@link #cusolverDnXsyevd}. */
    public static void cusolverDnXsyevd_bufferSize(MemorySegment handle, MemorySegment params, int jobz, int uplo, long n, int dataTypeA, MemorySegment A, long lda, int dataTypeW, MemorySegment W, int computeType, MemorySegment workspaceInBytesOnDevice, MemorySegment workspaceInBytesOnHost) {
        MethodHandle h = cusolverDnXsyevd_bufferSize$.HANDLE;
        if (h == null) h = cusolverDnXsyevd_bufferSize$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(handle, params, jobz, uplo, n, dataTypeA, A, lda, dataTypeW, W, computeType, workspaceInBytesOnDevice, workspaceInBytesOnHost);
        } catch (Throwable t) {
            throw cusolverDnXsyevd_bufferSize$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cusolver("cusolverDnXsyevd_bufferSize", status);
    }

    // ---------------------------------------------------------------- cusolverDnXsyevd

    private static final class cusolverDnXsyevd$ {
        static final NativeFunction FN = LIBRARY.function("cusolverDnXsyevd", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Symmetric eigendecomposition, 64-bit sizes (divide and conquer); int* info in device memory: > 0 no convergence. */
    public static void cusolverDnXsyevd(MemorySegment handle, MemorySegment params, int jobz, int uplo, long n, int dataTypeA, MemorySegment A, long lda, int dataTypeW, MemorySegment W, int computeType, MemorySegment bufferOnDevice, long workspaceInBytesOnDevice, MemorySegment bufferOnHost, long workspaceInBytesOnHost, MemorySegment info) {
        MethodHandle h = cusolverDnXsyevd$.HANDLE;
        if (h == null) h = cusolverDnXsyevd$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(handle, params, jobz, uplo, n, dataTypeA, A, lda, dataTypeW, W, computeType, bufferOnDevice, workspaceInBytesOnDevice, bufferOnHost, workspaceInBytesOnHost, info);
        } catch (Throwable t) {
            throw cusolverDnXsyevd$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cusolver("cusolverDnXsyevd", status);
    }

    // ---------------------------------------------------------------- cusolverDnDsyevd_bufferSize

    private static final class cusolverDnDsyevd_bufferSize$ {
        static final NativeFunction FN = LIBRARY.function("cusolverDnDsyevd_bufferSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** int* lwork ← workspace elements (doubles) of {@link #cusolverDnDsyevd}. */
    public static void cusolverDnDsyevd_bufferSize(MemorySegment handle, int jobz, int uplo, int n, MemorySegment A, int lda, MemorySegment W, MemorySegment lwork) {
        MethodHandle h = cusolverDnDsyevd_bufferSize$.HANDLE;
        if (h == null) h = cusolverDnDsyevd_bufferSize$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(handle, jobz, uplo, n, A, lda, W, lwork);
        } catch (Throwable t) {
            throw cusolverDnDsyevd_bufferSize$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cusolver("cusolverDnDsyevd_bufferSize", status);
    }

    // ---------------------------------------------------------------- cusolverDnDsyevd

    private static final class cusolverDnDsyevd$ {
        static final NativeFunction FN = LIBRARY.function("cusolverDnDsyevd", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Symmetric eigendecomposition, 32-bit sizes (divide and conquer); devInfo in device memory. */
    public static void cusolverDnDsyevd(MemorySegment handle, int jobz, int uplo, int n, MemorySegment A, int lda, MemorySegment W, MemorySegment work, int lwork, MemorySegment devInfo) {
        MethodHandle h = cusolverDnDsyevd$.HANDLE;
        if (h == null) h = cusolverDnDsyevd$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(handle, jobz, uplo, n, A, lda, W, work, lwork, devInfo);
        } catch (Throwable t) {
            throw cusolverDnDsyevd$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cusolver("cusolverDnDsyevd", status);
    }

    // ---------------------------------------------------------------- cusolverDnDpotrf_bufferSize

    private static final class cusolverDnDpotrf_bufferSize$ {
        static final NativeFunction FN = LIBRARY.function("cusolverDnDpotrf_bufferSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** int* lwork ← workspace elements of {@link #cusolverDnDpotrf}. */
    public static void cusolverDnDpotrf_bufferSize(MemorySegment handle, int uplo, int n, MemorySegment A, int lda, MemorySegment lwork) {
        MethodHandle h = cusolverDnDpotrf_bufferSize$.HANDLE;
        if (h == null) h = cusolverDnDpotrf_bufferSize$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(handle, uplo, n, A, lda, lwork);
        } catch (Throwable t) {
            throw cusolverDnDpotrf_bufferSize$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cusolver("cusolverDnDpotrf_bufferSize", status);
    }

    // ---------------------------------------------------------------- cusolverDnDpotrf

    private static final class cusolverDnDpotrf$ {
        static final NativeFunction FN = LIBRARY.function("cusolverDnDpotrf", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Cholesky factor in place; devInfo (device) = i > 0: leading minor of order i not positive definite. */
    public static void cusolverDnDpotrf(MemorySegment handle, int uplo, int n, MemorySegment A, int lda, MemorySegment workspace, int lwork, MemorySegment devInfo) {
        MethodHandle h = cusolverDnDpotrf$.HANDLE;
        if (h == null) h = cusolverDnDpotrf$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(handle, uplo, n, A, lda, workspace, lwork, devInfo);
        } catch (Throwable t) {
            throw cusolverDnDpotrf$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cusolver("cusolverDnDpotrf", status);
    }

    // ---------------------------------------------------------------- cusolverDnDpotrs

    private static final class cusolverDnDpotrs$ {
        static final NativeFunction FN = LIBRARY.function("cusolverDnDpotrs", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Solves A·X = B with the Cholesky factor from potrf; B ← X. */
    public static void cusolverDnDpotrs(MemorySegment handle, int uplo, int n, int nrhs, MemorySegment A, int lda, MemorySegment B, int ldb, MemorySegment devInfo) {
        MethodHandle h = cusolverDnDpotrs$.HANDLE;
        if (h == null) h = cusolverDnDpotrs$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(handle, uplo, n, nrhs, A, lda, B, ldb, devInfo);
        } catch (Throwable t) {
            throw cusolverDnDpotrs$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cusolver("cusolverDnDpotrs", status);
    }
}
