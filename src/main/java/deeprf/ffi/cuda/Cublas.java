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
 * Raw bindings of cuBLAS ({@code cublas_api.h}, the {@code _v2} entry points). Column-major; {@code alpha}/{@code beta}
 * are host pointers in the default pointer mode. Any status but {@code CUBLAS_STATUS_SUCCESS} throws {@link CudaException}.
 */
@SuppressWarnings("unused")
public final class Cublas {
    private Cublas() {}

    public static final NativeLibrary LIBRARY = CudaLibraries.CUBLAS;

    // cublasOperation_t, cublasFillMode_t
    public static final int CUBLAS_OP_N = 0, CUBLAS_OP_T = 1;
    public static final int CUBLAS_FILL_MODE_LOWER = 0, CUBLAS_FILL_MODE_UPPER = 1;

    /** Every symbol bound by this class (for probes that list what is missing). */
    public static final List<String> SYMBOLS = List.of("cublasCreate_v2", "cublasDestroy_v2", "cublasSetStream_v2", "cublasGetVersion_v2", "cublasDgemm_v2", "cublasDsyrk_v2");

    /** The bound function for {@code symbol}, for probes. */
    public static NativeFunction function(String symbol) {
        return switch (symbol) {
            case "cublasCreate_v2" -> cublasCreate_v2$.FN;
            case "cublasDestroy_v2" -> cublasDestroy_v2$.FN;
            case "cublasSetStream_v2" -> cublasSetStream_v2$.FN;
            case "cublasGetVersion_v2" -> cublasGetVersion_v2$.FN;
            case "cublasDgemm_v2" -> cublasDgemm_v2$.FN;
            case "cublasDsyrk_v2" -> cublasDsyrk_v2$.FN;
            default -> throw new IllegalArgumentException("Cublas: no binding for " + symbol + "; bound: " + SYMBOLS);
        };
    }

    // ---------------------------------------------------------------- cublasCreate_v2

    private static final class cublasCreate_v2$ {
        static final NativeFunction FN = LIBRARY.function("cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** cublasHandle_t* ← a new handle on the current device. */
    public static void cublasCreate_v2(MemorySegment handle) {
        MethodHandle h = cublasCreate_v2$.HANDLE;
        if (h == null) h = cublasCreate_v2$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(handle);
        } catch (Throwable t) {
            throw cublasCreate_v2$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cublas("cublasCreate_v2", status);
    }

    // ---------------------------------------------------------------- cublasDestroy_v2

    private static final class cublasDestroy_v2$ {
        static final NativeFunction FN = LIBRARY.function("cublasDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Destroys a handle. */
    public static void cublasDestroy_v2(MemorySegment handle) {
        MethodHandle h = cublasDestroy_v2$.HANDLE;
        if (h == null) h = cublasDestroy_v2$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(handle);
        } catch (Throwable t) {
            throw cublasDestroy_v2$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cublas("cublasDestroy_v2", status);
    }

    // ---------------------------------------------------------------- cublasSetStream_v2

    private static final class cublasSetStream_v2$ {
        static final NativeFunction FN = LIBRARY.function("cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Binds the handle's work to a stream. */
    public static void cublasSetStream_v2(MemorySegment handle, MemorySegment streamId) {
        MethodHandle h = cublasSetStream_v2$.HANDLE;
        if (h == null) h = cublasSetStream_v2$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(handle, streamId);
        } catch (Throwable t) {
            throw cublasSetStream_v2$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cublas("cublasSetStream_v2", status);
    }

    // ---------------------------------------------------------------- cublasGetVersion_v2

    private static final class cublasGetVersion_v2$ {
        static final NativeFunction FN = LIBRARY.function("cublasGetVersion_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** int* ← cuBLAS version (major·10000 + minor·100 + patch). */
    public static void cublasGetVersion_v2(MemorySegment handle, MemorySegment version) {
        MethodHandle h = cublasGetVersion_v2$.HANDLE;
        if (h == null) h = cublasGetVersion_v2$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(handle, version);
        } catch (Throwable t) {
            throw cublasGetVersion_v2$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cublas("cublasGetVersion_v2", status);
    }

    // ---------------------------------------------------------------- cublasDgemm_v2

    private static final class cublasDgemm_v2$ {
        static final NativeFunction FN = LIBRARY.function("cublasDgemm_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** C ← alpha·op(A)·op(B) + beta·C (column-major; alpha, beta read from host memory in the default pointer mode). */
    public static void cublasDgemm_v2(MemorySegment handle, int transa, int transb, int m, int n, int k, MemorySegment alpha, MemorySegment A, int lda, MemorySegment B, int ldb, MemorySegment beta, MemorySegment C, int ldc) {
        MethodHandle h = cublasDgemm_v2$.HANDLE;
        if (h == null) h = cublasDgemm_v2$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(handle, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
        } catch (Throwable t) {
            throw cublasDgemm_v2$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cublas("cublasDgemm_v2", status);
    }

    // ---------------------------------------------------------------- cublasDsyrk_v2

    private static final class cublasDsyrk_v2$ {
        static final NativeFunction FN = LIBRARY.function("cublasDsyrk_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** One triangle of C ← alpha·op(A)·op(A)ᵀ + beta·C. */
    public static void cublasDsyrk_v2(MemorySegment handle, int uplo, int trans, int n, int k, MemorySegment alpha, MemorySegment A, int lda, MemorySegment beta, MemorySegment C, int ldc) {
        MethodHandle h = cublasDsyrk_v2$.HANDLE;
        if (h == null) h = cublasDsyrk_v2$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(handle, uplo, trans, n, k, alpha, A, lda, beta, C, ldc);
        } catch (Throwable t) {
            throw cublasDsyrk_v2$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.cublas("cublasDsyrk_v2", status);
    }
}
