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
 * Raw bindings of the CUDA driver API ({@code cuda.h}, {@code libcuda.so.1}) used to load our PTX kernels and launch
 * them. Functions returning {@code CUresult} throw {@link CudaException} on any status but 0. The runtime's primary
 * context is the driver's current context once {@code cudaSetDevice} ran, and a {@code cudaStream_t} is a
 * {@code CUstream}, so both APIs share one context and one stream.
 */
@SuppressWarnings("unused")
public final class CudaDriver {
    private CudaDriver() {}

    public static final NativeLibrary LIBRARY = CudaLibraries.DRIVER;

    /** Every symbol bound by this class (for probes that list what is missing). */
    public static final List<String> SYMBOLS = List.of("cuInit", "cuDriverGetVersion", "cuDeviceGet", "cuDeviceGetName", "cuCtxGetCurrent", "cuCtxSetCurrent", "cuModuleLoadData", "cuModuleUnload", "cuModuleGetFunction", "cuLaunchKernel", "cuGetErrorName", "cuGetErrorString");

    /** The bound function for {@code symbol}, for probes. */
    public static NativeFunction function(String symbol) {
        return switch (symbol) {
            case "cuInit" -> cuInit$.FN;
            case "cuDriverGetVersion" -> cuDriverGetVersion$.FN;
            case "cuDeviceGet" -> cuDeviceGet$.FN;
            case "cuDeviceGetName" -> cuDeviceGetName$.FN;
            case "cuCtxGetCurrent" -> cuCtxGetCurrent$.FN;
            case "cuCtxSetCurrent" -> cuCtxSetCurrent$.FN;
            case "cuModuleLoadData" -> cuModuleLoadData$.FN;
            case "cuModuleUnload" -> cuModuleUnload$.FN;
            case "cuModuleGetFunction" -> cuModuleGetFunction$.FN;
            case "cuLaunchKernel" -> cuLaunchKernel$.FN;
            case "cuGetErrorName" -> cuGetErrorName$.FN;
            case "cuGetErrorString" -> cuGetErrorString$.FN;
            default -> throw new IllegalArgumentException("CudaDriver: no binding for " + symbol + "; bound: " + SYMBOLS);
        };
    }

    // ---------------------------------------------------------------- cuInit

    private static final class cuInit$ {
        static final NativeFunction FN = LIBRARY.function("cuInit", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Initialises the driver API (flags must be 0). */
    public static void cuInit(int flags) {
        MethodHandle h = cuInit$.HANDLE;
        if (h == null) h = cuInit$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(flags);
        } catch (Throwable t) {
            throw cuInit$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.driver("cuInit", status);
    }

    // ---------------------------------------------------------------- cuDriverGetVersion

    private static final class cuDriverGetVersion$ {
        static final NativeFunction FN = LIBRARY.function("cuDriverGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** int* ← CUDA version the driver supports. */
    public static void cuDriverGetVersion(MemorySegment driverVersion) {
        MethodHandle h = cuDriverGetVersion$.HANDLE;
        if (h == null) h = cuDriverGetVersion$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(driverVersion);
        } catch (Throwable t) {
            throw cuDriverGetVersion$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.driver("cuDriverGetVersion", status);
    }

    // ---------------------------------------------------------------- cuDeviceGet

    private static final class cuDeviceGet$ {
        static final NativeFunction FN = LIBRARY.function("cuDeviceGet", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** CUdevice* ← the device of {@code ordinal}. */
    public static void cuDeviceGet(MemorySegment device, int ordinal) {
        MethodHandle h = cuDeviceGet$.HANDLE;
        if (h == null) h = cuDeviceGet$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(device, ordinal);
        } catch (Throwable t) {
            throw cuDeviceGet$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.driver("cuDeviceGet", status);
    }

    // ---------------------------------------------------------------- cuDeviceGetName

    private static final class cuDeviceGetName$ {
        static final NativeFunction FN = LIBRARY.function("cuDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** char name[len] ← the device's name, NUL-terminated. */
    public static void cuDeviceGetName(MemorySegment name, int len, int dev) {
        MethodHandle h = cuDeviceGetName$.HANDLE;
        if (h == null) h = cuDeviceGetName$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(name, len, dev);
        } catch (Throwable t) {
            throw cuDeviceGetName$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.driver("cuDeviceGetName", status);
    }

    // ---------------------------------------------------------------- cuCtxGetCurrent

    private static final class cuCtxGetCurrent$ {
        static final NativeFunction FN = LIBRARY.function("cuCtxGetCurrent", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** CUcontext* ← the calling thread's current context (NULL when none). */
    public static void cuCtxGetCurrent(MemorySegment pctx) {
        MethodHandle h = cuCtxGetCurrent$.HANDLE;
        if (h == null) h = cuCtxGetCurrent$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(pctx);
        } catch (Throwable t) {
            throw cuCtxGetCurrent$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.driver("cuCtxGetCurrent", status);
    }

    // ---------------------------------------------------------------- cuCtxSetCurrent

    private static final class cuCtxSetCurrent$ {
        static final NativeFunction FN = LIBRARY.function("cuCtxSetCurrent", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Binds {@code ctx} to the calling thread. */
    public static void cuCtxSetCurrent(MemorySegment ctx) {
        MethodHandle h = cuCtxSetCurrent$.HANDLE;
        if (h == null) h = cuCtxSetCurrent$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(ctx);
        } catch (Throwable t) {
            throw cuCtxSetCurrent$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.driver("cuCtxSetCurrent", status);
    }

    // ---------------------------------------------------------------- cuModuleLoadData

    private static final class cuModuleLoadData$ {
        static final NativeFunction FN = LIBRARY.function("cuModuleLoadData", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** CUmodule* ← a module JIT-compiled from a NUL-terminated PTX image into the current context. */
    public static void cuModuleLoadData(MemorySegment module, MemorySegment image) {
        MethodHandle h = cuModuleLoadData$.HANDLE;
        if (h == null) h = cuModuleLoadData$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(module, image);
        } catch (Throwable t) {
            throw cuModuleLoadData$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.driver("cuModuleLoadData", status);
    }

    // ---------------------------------------------------------------- cuModuleUnload

    private static final class cuModuleUnload$ {
        static final NativeFunction FN = LIBRARY.function("cuModuleUnload", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Unloads a module. */
    public static void cuModuleUnload(MemorySegment hmod) {
        MethodHandle h = cuModuleUnload$.HANDLE;
        if (h == null) h = cuModuleUnload$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(hmod);
        } catch (Throwable t) {
            throw cuModuleUnload$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.driver("cuModuleUnload", status);
    }

    // ---------------------------------------------------------------- cuModuleGetFunction

    private static final class cuModuleGetFunction$ {
        static final NativeFunction FN = LIBRARY.function("cuModuleGetFunction", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** CUfunction* ← kernel {@code name} (NUL-terminated) of a module. */
    public static void cuModuleGetFunction(MemorySegment hfunc, MemorySegment hmod, MemorySegment name) {
        MethodHandle h = cuModuleGetFunction$.HANDLE;
        if (h == null) h = cuModuleGetFunction$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(hfunc, hmod, name);
        } catch (Throwable t) {
            throw cuModuleGetFunction$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.driver("cuModuleGetFunction", status);
    }

    // ---------------------------------------------------------------- cuLaunchKernel

    private static final class cuLaunchKernel$ {
        static final NativeFunction FN = LIBRARY.function("cuLaunchKernel", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Launches a kernel on {@code hStream}; {@code kernelParams} is a void*[] of pointers to each argument's value. */
    public static void cuLaunchKernel(MemorySegment f, int gridDimX, int gridDimY, int gridDimZ, int blockDimX, int blockDimY, int blockDimZ, int sharedMemBytes, MemorySegment hStream, MemorySegment kernelParams, MemorySegment extra) {
        MethodHandle h = cuLaunchKernel$.HANDLE;
        if (h == null) h = cuLaunchKernel$.FN.handle();
        int status;
        try {
            status = (int) h.invokeExact(f, gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ, sharedMemBytes, hStream, kernelParams, extra);
        } catch (Throwable t) {
            throw cuLaunchKernel$.FN.rethrow(t);
        }
        if (status != 0) throw CudaException.driver("cuLaunchKernel", status);
    }

    // ---------------------------------------------------------------- cuGetErrorName

    private static final class cuGetErrorName$ {
        static final NativeFunction FN = LIBRARY.function("cuGetErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** const char** ← the enum name of a CUresult (raw status, not checked). */
    public static int cuGetErrorName(int error, MemorySegment pStr) {
        MethodHandle h = cuGetErrorName$.HANDLE;
        if (h == null) h = cuGetErrorName$.FN.handle();
        try {
            return (int) h.invokeExact(error, pStr);
        } catch (Throwable t) {
            throw cuGetErrorName$.FN.rethrow(t);
        }
    }

    // ---------------------------------------------------------------- cuGetErrorString

    private static final class cuGetErrorString$ {
        static final NativeFunction FN = LIBRARY.function("cuGetErrorString", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** const char** ← the description of a CUresult (raw status, not checked). */
    public static int cuGetErrorString(int error, MemorySegment pStr) {
        MethodHandle h = cuGetErrorString$.HANDLE;
        if (h == null) h = cuGetErrorString$.FN.handle();
        try {
            return (int) h.invokeExact(error, pStr);
        } catch (Throwable t) {
            throw cuGetErrorString$.FN.rethrow(t);
        }
    }
}
