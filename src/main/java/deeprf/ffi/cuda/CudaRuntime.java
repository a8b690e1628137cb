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
 * Raw bindings of the CUDA runtime ({@code cuda_runtime_api.h}): exact C names and argument order, pointers as
 * {@link MemorySegment}s, {@code size_t} as {@code long}. Functions returning {@code cudaError_t} throw
 * {@link CudaException} (decoded with {@code cudaGetErrorName}) on any status but 0.
 */
@SuppressWarnings("unused")
public final class CudaRuntime {
    private CudaRuntime() {}

    public static final NativeLibrary LIBRARY = CudaLibraries.CUDART;

    // enum cudaMemcpyKind
    public static final int cudaMemcpyHostToDevice = 1, cudaMemcpyDeviceToHost = 2, cudaMemcpyDeviceToDevice = 3, cudaMemcpyDefault = 4;
    // enum cudaError (the ones the backend reacts to)
    public static final int cudaErrorMemoryAllocation = 2, cudaErrorInsufficientDriver = 35, cudaErrorNoDevice = 100;
    // enum cudaDeviceAttr
    public static final int cudaDevAttrMultiProcessorCount = 16, cudaDevAttrComputeCapabilityMajor = 75, cudaDevAttrComputeCapabilityMinor = 76;
    // stream and event flags
    public static final int cudaStreamNonBlocking = 1, cudaEventDefault = 0, cudaEventDisableTiming = 2;

    /** Every symbol bound by this class (for probes that list what is missing). */
    public static final List<String> SYMBOLS = List.of("cudaGetDeviceCount", "cudaSetDevice", "cudaDeviceGetAttribute", "cudaDriverGetVersion", "cudaRuntimeGetVersion", "cudaMemGetInfo", "cudaMalloc", "cudaFree", "cudaMallocHost", "cudaFreeHost", "cudaMemcpy", "cudaMemcpyAsync", "cudaMemsetAsync", "cudaStreamCreateWithFlags", "cudaStreamDestroy", "cudaStreamSynchronize", "cudaEventCreateWithFlags", "cudaEventDestroy", "cudaEventRecord", "cudaEventSynchronize", "cudaEventElapsedTime", "cudaDeviceSynchronize", "cudaGetLastError", "cudaPeekAtLastError", "cudaGetErrorName", "cudaGetErrorString");

    /** The bound function for {@code symbol}, for probes. */
    public static NativeFunction function(String symbol) {
        return switch (symbol) {
            case "cudaGetDeviceCount" -> cudaGetDeviceCount$.FN;
            case "cudaSetDevice" -> cudaSetDevice$.FN;
            case "cudaDeviceGetAttribute" -> cudaDeviceGetAttribute$.FN;
            case "cudaDriverGetVersion" -> cudaDriverGetVersion$.FN;
            case "cudaRuntimeGetVersion" -> cudaRuntimeGetVersion$.FN;
            case "cudaMemGetInfo" -> cudaMemGetInfo$.FN;
            case "cudaMalloc" -> cudaMalloc$.FN;
            case "cudaFree" -> cudaFree$.FN;
            case "cudaMallocHost" -> cudaMallocHost$.FN;
            case "cudaFreeHost" -> cudaFreeHost$.FN;
            case "cudaMemcpy" -> cudaMemcpy$.FN;
            case "cudaMemcpyAsync" -> cudaMemcpyAsync$.FN;
            case "cudaMemsetAsync" -> cudaMemsetAsync$.FN;
            case "cudaStreamCreateWithFlags" -> cudaStreamCreateWithFlags$.FN;
            case "cudaStreamDestroy" -> cudaStreamDestroy$.FN;
            case "cudaStreamSynchronize" -> cudaStreamSynchronize$.FN;
            case "cudaEventCreateWithFlags" -> cudaEventCreateWithFlags$.FN;
            case "cudaEventDestroy" -> cudaEventDestroy$.FN;
            case "cudaEventRecord" -> cudaEventRecord$.FN;
            case "cudaEventSynchronize" -> cudaEventSynchronize$.FN;
            case "cudaEventElapsedTime" -> cudaEventElapsedTime$.FN;
            case "cudaDeviceSynchronize" -> cudaDeviceSynchronize$.FN;
            case "cudaGetLastError" -> cudaGetLastError$.FN;
            case "cudaPeekAtLastError" -> cudaPeekAtLastError$.FN;
            case "cudaGetErrorName" -> cudaGetErrorName$.FN;
            case "cudaGetErrorString" -> cudaGetErrorString$.FN;
            default -> throw new IllegalArgumentException("CudaRuntime: no binding for " + symbol + "; bound: " + SYMBOLS);
        };
    }

    // ---------------------------------------------------------------- cudaGetDeviceCount

    private static final class cudaGetDeviceCount$ {
        static final NativeFunction FN = LIBRARY.function("cudaGetDeviceCount", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** int* count ← number of CUDA devices. Fails with 35 (insufficient driver) or 100 (no device). */
    public static void cudaGetDeviceCount(MemorySegment count) {
        MethodHandle h = cudaGetDeviceCount$.HANDLE;
        if (h == null) h = cudaGetDeviceCount$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(count);
        } catch (Throwable t) {
            throw cudaGetDeviceCount$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaGetDeviceCount", status);
    }

    // ---------------------------------------------------------------- cudaSetDevice

    private static final class cudaSetDevice$ {
        static final NativeFunction FN = LIBRARY.function("cudaSetDevice", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Makes {@code device} current for the calling host thread (and initialises its primary context). */
    public static void cudaSetDevice(int device) {
        MethodHandle h = cudaSetDevice$.HANDLE;
        if (h == null) h = cudaSetDevice$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(device);
        } catch (Throwable t) {
            throw cudaSetDevice$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaSetDevice", status);
    }

    // ---------------------------------------------------------------- cudaDeviceGetAttribute

    private static final class cudaDeviceGetAttribute$ {
        static final NativeFunction FN = LIBRARY.function("cudaDeviceGetAttribute", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** int* value ← attribute {@code attr} (cudaDeviceAttr) of {@code device}. */
    public static void cudaDeviceGetAttribute(MemorySegment value, int attr, int device) {
        MethodHandle h = cudaDeviceGetAttribute$.HANDLE;
        if (h == null) h = cudaDeviceGetAttribute$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(value, attr, device);
        } catch (Throwable t) {
            throw cudaDeviceGetAttribute$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaDeviceGetAttribute", status);
    }

    // ---------------------------------------------------------------- cudaDriverGetVersion

    private static final class cudaDriverGetVersion$ {
        static final NativeFunction FN = LIBRARY.function("cudaDriverGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** int* ← CUDA version the driver supports (1000·major + 10·minor), 0 without a driver. */
    public static void cudaDriverGetVersion(MemorySegment driverVersion) {
        MethodHandle h = cudaDriverGetVersion$.HANDLE;
        if (h == null) h = cudaDriverGetVersion$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(driverVersion);
        } catch (Throwable t) {
            throw cudaDriverGetVersion$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaDriverGetVersion", status);
    }

    // ---------------------------------------------------------------- cudaRuntimeGetVersion

    private static final class cudaRuntimeGetVersion$ {
        static final NativeFunction FN = LIBRARY.function("cudaRuntimeGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** int* ← version of this runtime library (1000·major + 10·minor). */
    public static void cudaRuntimeGetVersion(MemorySegment runtimeVersion) {
        MethodHandle h = cudaRuntimeGetVersion$.HANDLE;
        if (h == null) h = cudaRuntimeGetVersion$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(runtimeVersion);
        } catch (Throwable t) {
            throw cudaRuntimeGetVersion$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaRuntimeGetVersion", status);
    }

    // ---------------------------------------------------------------- cudaMemGetInfo

    private static final class cudaMemGetInfo$ {
        static final NativeFunction FN = LIBRARY.function("cudaMemGetInfo", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** size_t* free, size_t* total ← device memory in bytes. */
    public static void cudaMemGetInfo(MemorySegment free, MemorySegment total) {
        MethodHandle h = cudaMemGetInfo$.HANDLE;
        if (h == null) h = cudaMemGetInfo$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(free, total);
        } catch (Throwable t) {
            throw cudaMemGetInfo$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaMemGetInfo", status);
    }

    // ---------------------------------------------------------------- cudaMalloc

    private static final class cudaMalloc$ {
        static final NativeFunction FN = LIBRARY.function("cudaMalloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** void** devPtr ← {@code size} bytes of device memory. Fails with 2 (out of memory). */
    public static void cudaMalloc(MemorySegment devPtr, long size) {
        MethodHandle h = cudaMalloc$.HANDLE;
        if (h == null) h = cudaMalloc$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(devPtr, size);
        } catch (Throwable t) {
            throw cudaMalloc$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaMalloc", status);
    }

    // ---------------------------------------------------------------- cudaFree

    private static final class cudaFree$ {
        static final NativeFunction FN = LIBRARY.function("cudaFree", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Frees device memory (synchronises the device). */
    public static void cudaFree(MemorySegment devPtr) {
        MethodHandle h = cudaFree$.HANDLE;
        if (h == null) h = cudaFree$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(devPtr);
        } catch (Throwable t) {
            throw cudaFree$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaFree", status);
    }

    // ---------------------------------------------------------------- cudaMallocHost

    private static final class cudaMallocHost$ {
        static final NativeFunction FN = LIBRARY.function("cudaMallocHost", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** void** ptr ← {@code size} bytes of page-locked host memory (async copies overlap only from these). */
    public static void cudaMallocHost(MemorySegment ptr, long size) {
        MethodHandle h = cudaMallocHost$.HANDLE;
        if (h == null) h = cudaMallocHost$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(ptr, size);
        } catch (Throwable t) {
            throw cudaMallocHost$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaMallocHost", status);
    }

    // ---------------------------------------------------------------- cudaFreeHost

    private static final class cudaFreeHost$ {
        static final NativeFunction FN = LIBRARY.function("cudaFreeHost", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Frees page-locked host memory. */
    public static void cudaFreeHost(MemorySegment ptr) {
        MethodHandle h = cudaFreeHost$.HANDLE;
        if (h == null) h = cudaFreeHost$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(ptr);
        } catch (Throwable t) {
            throw cudaFreeHost$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaFreeHost", status);
    }

    // ---------------------------------------------------------------- cudaMemcpy

    private static final class cudaMemcpy$ {
        static final NativeFunction FN = LIBRARY.function("cudaMemcpy", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Synchronous copy of {@code count} bytes ({@code kind}: cudaMemcpyKind). */
    public static void cudaMemcpy(MemorySegment dst, MemorySegment src, long count, int kind) {
        MethodHandle h = cudaMemcpy$.HANDLE;
        if (h == null) h = cudaMemcpy$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(dst, src, count, kind);
        } catch (Throwable t) {
            throw cudaMemcpy$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaMemcpy", status);
    }

    // ---------------------------------------------------------------- cudaMemcpyAsync

    private static final class cudaMemcpyAsync$ {
        static final NativeFunction FN = LIBRARY.function("cudaMemcpyAsync", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Copy of {@code count} bytes ordered on {@code stream}. */
    public static void cudaMemcpyAsync(MemorySegment dst, MemorySegment src, long count, int kind, MemorySegment stream) {
        MethodHandle h = cudaMemcpyAsync$.HANDLE;
        if (h == null) h = cudaMemcpyAsync$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(dst, src, count, kind, stream);
        } catch (Throwable t) {
            throw cudaMemcpyAsync$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaMemcpyAsync", status);
    }

    // ---------------------------------------------------------------- cudaMemsetAsync

    private static final class cudaMemsetAsync$ {
        static final NativeFunction FN = LIBRARY.function("cudaMemsetAsync", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Sets {@code count} bytes to {@code value} on {@code stream}. */
    public static void cudaMemsetAsync(MemorySegment devPtr, int value, long count, MemorySegment stream) {
        MethodHandle h = cudaMemsetAsync$.HANDLE;
        if (h == null) h = cudaMemsetAsync$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(devPtr, value, count, stream);
        } catch (Throwable t) {
            throw cudaMemsetAsync$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaMemsetAsync", status);
    }

    // ---------------------------------------------------------------- cudaStreamCreateWithFlags

    private static final class cudaStreamCreateWithFlags$ {
        static final NativeFunction FN = LIBRARY.function("cudaStreamCreateWithFlags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** cudaStream_t* ← a new stream ({@code flags}: 1 = non-blocking). */
    public static void cudaStreamCreateWithFlags(MemorySegment pStream, int flags) {
        MethodHandle h = cudaStreamCreateWithFlags$.HANDLE;
        if (h == null) h = cudaStreamCreateWithFlags$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(pStream, flags);
        } catch (Throwable t) {
            throw cudaStreamCreateWithFlags$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaStreamCreateWithFlags", status);
    }

    // ---------------------------------------------------------------- cudaStreamDestroy

    private static final class cudaStreamDestroy$ {
        static final NativeFunction FN = LIBRARY.function("cudaStreamDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Destroys a stream (pending work completes first). */
    public static void cudaStreamDestroy(MemorySegment stream) {
        MethodHandle h = cudaStreamDestroy$.HANDLE;
        if (h == null) h = cudaStreamDestroy$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(stream);
        } catch (Throwable t) {
            throw cudaStreamDestroy$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaStreamDestroy", status);
    }

    // ---------------------------------------------------------------- cudaStreamSynchronize

    private static final class cudaStreamSynchronize$ {
        static final NativeFunction FN = LIBRARY.function("cudaStreamSynchronize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Waits for all work on {@code stream}; reports errors of earlier asynchronous work. */
    public static void cudaStreamSynchronize(MemorySegment stream) {
        MethodHandle h = cudaStreamSynchronize$.HANDLE;
        if (h == null) h = cudaStreamSynchronize$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(stream);
        } catch (Throwable t) {
            throw cudaStreamSynchronize$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaStreamSynchronize", status);
    }

    // ---------------------------------------------------------------- cudaEventCreateWithFlags

    private static final class cudaEventCreateWithFlags$ {
        static final NativeFunction FN = LIBRARY.function("cudaEventCreateWithFlags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** cudaEvent_t* ← a new event ({@code flags}: 2 = disable timing). */
    public static void cudaEventCreateWithFlags(MemorySegment event, int flags) {
        MethodHandle h = cudaEventCreateWithFlags$.HANDLE;
        if (h == null) h = cudaEventCreateWithFlags$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(event, flags);
        } catch (Throwable t) {
            throw cudaEventCreateWithFlags$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaEventCreateWithFlags", status);
    }

    // ---------------------------------------------------------------- cudaEventDestroy

    private static final class cudaEventDestroy$ {
        static final NativeFunction FN = LIBRARY.function("cudaEventDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Destroys an event. */
    public static void cudaEventDestroy(MemorySegment event) {
        MethodHandle h = cudaEventDestroy$.HANDLE;
        if (h == null) h = cudaEventDestroy$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(event);
        } catch (Throwable t) {
            throw cudaEventDestroy$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaEventDestroy", status);
    }

    // ---------------------------------------------------------------- cudaEventRecord

    private static final class cudaEventRecord$ {
        static final NativeFunction FN = LIBRARY.function("cudaEventRecord", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Records {@code event} at the current end of {@code stream}. */
    public static void cudaEventRecord(MemorySegment event, MemorySegment stream) {
        MethodHandle h = cudaEventRecord$.HANDLE;
        if (h == null) h = cudaEventRecord$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(event, stream);
        } catch (Throwable t) {
            throw cudaEventRecord$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaEventRecord", status);
    }

    // ---------------------------------------------------------------- cudaEventSynchronize

    private static final class cudaEventSynchronize$ {
        static final NativeFunction FN = LIBRARY.function("cudaEventSynchronize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Waits until {@code event} has completed. */
    public static void cudaEventSynchronize(MemorySegment event) {
        MethodHandle h = cudaEventSynchronize$.HANDLE;
        if (h == null) h = cudaEventSynchronize$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(event);
        } catch (Throwable t) {
            throw cudaEventSynchronize$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaEventSynchronize", status);
    }

    // ---------------------------------------------------------------- cudaEventElapsedTime

    private static final class cudaEventElapsedTime$ {
        static final NativeFunction FN = LIBRARY.function("cudaEventElapsedTime", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** float* ms ← time between two completed timing events. */
    public static void cudaEventElapsedTime(MemorySegment ms, MemorySegment start, MemorySegment end) {
        MethodHandle h = cudaEventElapsedTime$.HANDLE;
        if (h == null) h = cudaEventElapsedTime$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(ms, start, end);
        } catch (Throwable t) {
            throw cudaEventElapsedTime$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaEventElapsedTime", status);
    }

    // ---------------------------------------------------------------- cudaDeviceSynchronize

    private static final class cudaDeviceSynchronize$ {
        static final NativeFunction FN = LIBRARY.function("cudaDeviceSynchronize", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Waits for all work on the current device. */
    public static void cudaDeviceSynchronize() {
        MethodHandle h = cudaDeviceSynchronize$.HANDLE;
        if (h == null) h = cudaDeviceSynchronize$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact();
        } catch (Throwable t) {
            throw cudaDeviceSynchronize$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.runtime("cudaDeviceSynchronize", status);
    }

    // ---------------------------------------------------------------- cudaGetLastError

    private static final class cudaGetLastError$ {
        static final NativeFunction FN = LIBRARY.function("cudaGetLastError", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Returns and clears the last error of the calling thread (raw cudaError_t, not checked). */
    public static int cudaGetLastError() {
        MethodHandle h = cudaGetLastError$.HANDLE;
        if (h == null) h = cudaGetLastError$.FN.handle();
        try {
            return (int) h.invokeExact();
        } catch (Throwable t) {
            throw cudaGetLastError$.FN.rethrow(t);
        }
    }

    // ---------------------------------------------------------------- cudaPeekAtLastError

    private static final class cudaPeekAtLastError$ {
        static final NativeFunction FN = LIBRARY.function("cudaPeekAtLastError", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Returns the last error without clearing it (raw cudaError_t, not checked). */
    public static int cudaPeekAtLastError() {
        MethodHandle h = cudaPeekAtLastError$.HANDLE;
        if (h == null) h = cudaPeekAtLastError$.FN.handle();
        try {
            return (int) h.invokeExact();
        } catch (Throwable t) {
            throw cudaPeekAtLastError$.FN.rethrow(t);
        }
    }

    // ---------------------------------------------------------------- cudaGetErrorName

    private static final class cudaGetErrorName$ {
        static final NativeFunction FN = LIBRARY.function("cudaGetErrorName", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** const char* ← the enum name of a cudaError_t (static storage). */
    public static MemorySegment cudaGetErrorName(int error) {
        MethodHandle h = cudaGetErrorName$.HANDLE;
        if (h == null) h = cudaGetErrorName$.FN.handle();
        try {
            return (MemorySegment) h.invokeExact(error);
        } catch (Throwable t) {
            throw cudaGetErrorName$.FN.rethrow(t);
        }
    }

    // ---------------------------------------------------------------- cudaGetErrorString

    private static final class cudaGetErrorString$ {
        static final NativeFunction FN = LIBRARY.function("cudaGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** const char* ← the description of a cudaError_t (static storage). */
    public static MemorySegment cudaGetErrorString(int error) {
        MethodHandle h = cudaGetErrorString$.HANDLE;
        if (h == null) h = cudaGetErrorString$.FN.handle();
        try {
            return (MemorySegment) h.invokeExact(error);
        } catch (Throwable t) {
            throw cudaGetErrorString$.FN.rethrow(t);
        }
    }
}
