package deeprf.ffi.cuda;

import deeprf.ffi.NativeStatusException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.Set;

/**
 * A CUDA runtime, driver, cuBLAS or cuSOLVER function returned a failure status. The message names the function
 * and the decoded status ({@code cudaErrorMemoryAllocation}, {@code CUBLAS_STATUS_EXECUTION_FAILED}, ...).
 * {@link #isOutOfMemory()} and {@link #isSticky()} classify it for the backend: after a sticky error the CUDA
 * context is unusable and every later call fails, so the backend must close.
 */
public final class CudaException extends NativeStatusException {
    /** Which API the status belongs to (their numbers overlap). */
    public enum Api { RUNTIME, DRIVER, CUBLAS, CUSOLVER }

    private final Api api;

    private CudaException(Api api, String function, int status, String meaning) {
        super(function, status, meaning);
        this.api = api;
    }

    public Api api() { return api; }

    public static CudaException runtime(String function, int status) {
        return new CudaException(Api.RUNTIME, function, status, runtimeName(status));
    }

    public static CudaException driver(String function, int status) {
        return new CudaException(Api.DRIVER, function, status, driverName(status));
    }

    public static CudaException cublas(String function, int status) {
        return new CudaException(Api.CUBLAS, function, status, CUBLAS.getOrDefault(status, "unknown cuBLAS status"));
    }

    public static CudaException cusolver(String function, int status) {
        return new CudaException(Api.CUSOLVER, function, status, CUSOLVER.getOrDefault(status, "unknown cuSOLVER status"));
    }

    /** Device (or pinned host) memory ran out. */
    public boolean isOutOfMemory() {
        int s = (int) status();
        return switch (api) {
            case RUNTIME, DRIVER -> s == 2;
            case CUBLAS -> s == 3;
            case CUSOLVER -> s == 2;
        };
    }

    /**
     * The context is corrupt (illegal address, launch failure, hardware error ...): the same status comes back from
     * every later call of this process, so the only safe reaction is to close the backend. Runtime and driver use the
     * same numbers for these.
     */
    public boolean isSticky() {
        return (api == Api.RUNTIME || api == Api.DRIVER) && STICKY.contains((int) status());
    }

    // cudaErrorIllegalAddress 700, LaunchFailure 719 and their kin; ECC 214; hardware stack 714; illegal instruction 715;
    // misaligned 716; invalid address space 717; invalid pc 718; assert 710; NVLink 220; context destroyed-ish 709.
    private static final Set<Integer> STICKY = Set.of(214, 220, 700, 709, 710, 714, 715, 716, 717, 718, 719);

    private static String runtimeName(int status) {
        try {
            if (!CudaRuntime.function("cudaGetErrorName").isAvailable()) return "";
            String name = cString(CudaRuntime.cudaGetErrorName(status));
            String text = cString(CudaRuntime.cudaGetErrorString(status));
            return name + (text.isEmpty() ? "" : ": " + text);
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String driverName(int status) {
        try {
            if (!CudaDriver.function("cuGetErrorName").isAvailable()) return "";
            try (Arena a = Arena.ofConfined()) {
                MemorySegment p = a.allocate(ValueLayout.ADDRESS);
                if (CudaDriver.cuGetErrorName(status, p) != 0) return "";
                String name = cString(p.get(ValueLayout.ADDRESS, 0));
                if (CudaDriver.cuGetErrorString(status, p) != 0) return name;
                return name + ": " + cString(p.get(ValueLayout.ADDRESS, 0));
            }
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** A NUL-terminated C string of static storage (at most 4 KiB read). */
    static String cString(MemorySegment p) {
        if (p == null || p.equals(MemorySegment.NULL)) return "";
        return p.reinterpret(4096).getString(0);
    }

    private static final Map<Integer, String> CUBLAS = Map.of(
            1, "CUBLAS_STATUS_NOT_INITIALIZED", 3, "CUBLAS_STATUS_ALLOC_FAILED", 7, "CUBLAS_STATUS_INVALID_VALUE",
            8, "CUBLAS_STATUS_ARCH_MISMATCH", 11, "CUBLAS_STATUS_MAPPING_ERROR", 13, "CUBLAS_STATUS_EXECUTION_FAILED",
            14, "CUBLAS_STATUS_INTERNAL_ERROR", 15, "CUBLAS_STATUS_NOT_SUPPORTED", 16, "CUBLAS_STATUS_LICENSE_ERROR");

    private static final Map<Integer, String> CUSOLVER = Map.ofEntries(
            Map.entry(1, "CUSOLVER_STATUS_NOT_INITIALIZED"), Map.entry(2, "CUSOLVER_STATUS_ALLOC_FAILED"),
            Map.entry(3, "CUSOLVER_STATUS_INVALID_VALUE"), Map.entry(4, "CUSOLVER_STATUS_ARCH_MISMATCH"),
            Map.entry(5, "CUSOLVER_STATUS_MAPPING_ERROR"), Map.entry(6, "CUSOLVER_STATUS_EXECUTION_FAILED"),
            Map.entry(7, "CUSOLVER_STATUS_INTERNAL_ERROR"), Map.entry(8, "CUSOLVER_STATUS_MATRIX_TYPE_NOT_SUPPORTED"),
            Map.entry(9, "CUSOLVER_STATUS_NOT_SUPPORTED"), Map.entry(10, "CUSOLVER_STATUS_ZERO_PIVOT"),
            Map.entry(11, "CUSOLVER_STATUS_INVALID_LICENSE"));
}
