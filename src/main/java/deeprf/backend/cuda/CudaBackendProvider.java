package deeprf.backend.cuda;

import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.BackendProbe;
import deeprf.backend.BackendProvider;
import deeprf.backend.BackendUnavailableException;
import deeprf.ffi.NativeLibrary;
import deeprf.ffi.cuda.Cublas;
import deeprf.ffi.cuda.CudaDriver;
import deeprf.ffi.cuda.CudaException;
import deeprf.ffi.cuda.CudaLibraries;
import deeprf.ffi.cuda.CudaRuntime;
import deeprf.ffi.cuda.Cusolver;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The cuda backend's provider. The probe loads the libraries and asks the runtime for devices (which starts the
 * driver but creates no context and allocates nothing); it lists every reason the backend cannot run: no driver or
 * one too old for the runtime (cudaGetDeviceCount 35, with both versions), no device (100), a library or symbol
 * missing (with every location tried), kernels not built into the jar. Out of memory shows when opening.
 */
public final class CudaBackendProvider implements BackendProvider {
    @Override public String name() { return "cuda"; }

    @Override
    public BackendProbe probe() {
        List<String> reasons = new ArrayList<>();
        int devices = 0;
        if (!CudaLibraries.CUDART.isLoaded()) {
            reasons.addAll(CudaLibraries.CUDART.problems());
        } else {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment count = a.allocate(ValueLayout.JAVA_INT);
                CudaRuntime.cudaGetDeviceCount(count);
                devices = count.get(ValueLayout.JAVA_INT, 0);
                if (devices == 0) reasons.add("no CUDA device (cudaGetDeviceCount found 0)");
            } catch (CudaException e) {
                reasons.add(switch ((int) e.status()) {
                    case CudaRuntime.cudaErrorInsufficientDriver -> driverReason();
                    case CudaRuntime.cudaErrorNoDevice -> "no CUDA device (cudaGetDeviceCount: cudaErrorNoDevice, 100)";
                    default -> "cannot count CUDA devices: " + e.getMessage();
                });
            }
        }
        check(CudaLibraries.CUDART, CudaRuntime.SYMBOLS, reasons);
        check(CudaLibraries.DRIVER, CudaDriver.SYMBOLS, reasons);
        check(CudaLibraries.CUBLAS, Cublas.SYMBOLS, reasons);
        checkCusolver(reasons);
        List<String> ptx = CudaKernels.missingPtx();
        if (!ptx.isEmpty())
            reasons.add("CUDA kernels not built into this jar (" + String.join(", ", ptx) + " missing: nvcc was not found at build time; rebuild with nvcc on the PATH)");
        if (!reasons.isEmpty()) return BackendProbe.unavailable("cuda", reasons.stream().distinct().toList());
        return BackendProbe.available("cuda", devices + " CUDA device(s); runtime from " + CudaLibraries.CUDART.location().orElse("?")
                + ", cuBLAS from " + CudaLibraries.CUBLAS.location().orElse("?") + ", cuSOLVER from " + CudaLibraries.CUSOLVER.location().orElse("?"));
    }

    /** cudaErrorInsufficientDriver: no driver at all, or one older than the runtime needs; one line with both versions. */
    private static String driverReason() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ValueLayout.JAVA_INT);
            CudaRuntime.cudaRuntimeGetVersion(v);
            int runtime = v.get(ValueLayout.JAVA_INT, 0);
            CudaRuntime.cudaDriverGetVersion(v);
            return driverReason(runtime, v.get(ValueLayout.JAVA_INT, 0), CudaLibraries.DRIVER.isLoaded());
        } catch (RuntimeException e) {
            return "no NVIDIA driver, or one older than the CUDA runtime needs (cudaGetDeviceCount: cudaErrorInsufficientDriver, 35)";
        }
    }

    /**
     * The one line for cudaErrorInsufficientDriver from the versions the runtime reports (1000·major + 10·minor;
     * driver 0 = no driver).
     */
    static String driverReason(int runtimeVersion, int driverVersion, boolean driverLibraryLoaded) {
        String runtime = CudaBackend.version(runtimeVersion);
        if (driverVersion == 0)
            return "no NVIDIA driver (cudaGetDeviceCount: cudaErrorInsufficientDriver, 35; libcuda.so.1 "
                    + (driverLibraryLoaded ? "loads but reports no driver" : "not found") + "; the CUDA " + runtime + " runtime needs one)";
        return "the NVIDIA driver supports CUDA " + CudaBackend.version(driverVersion) + " but the CUDA runtime library is " + runtime
                + " (cudaErrorInsufficientDriver, 35): update the driver or point -Ddeeprf.cuda.cudart.lib at an older runtime";
    }

    private static void check(NativeLibrary lib, List<String> symbols, List<String> reasons) {
        if (!lib.isLoaded()) {
            reasons.addAll(lib.problems());
            return;
        }
        List<String> missing = symbols.stream().filter(s -> lib.find(s).isEmpty()).toList();
        if (!missing.isEmpty()) reasons.add(lib.name() + " loaded from " + lib.location().orElse("?") + " but lacks " + String.join(", ", missing));
    }

    /** cuSOLVER needs either the 64-bit Xsyevd (preferred) or the 32-bit Dsyevd, and potrf/potrs. */
    private static void checkCusolver(List<String> reasons) {
        NativeLibrary lib = CudaLibraries.CUSOLVER;
        if (!lib.isLoaded()) {
            reasons.addAll(lib.problems());
            return;
        }
        List<String> missing = new ArrayList<>();
        for (String s : Cusolver.SYMBOLS)
            if (lib.find(s).isEmpty() && !s.startsWith("cusolverDnXsyevd") && !s.startsWith("cusolverDnDsyevd")
                    && !s.endsWith("Params")) missing.add(s);
        boolean x = lib.find("cusolverDnXsyevd").isPresent() && lib.find("cusolverDnXsyevd_bufferSize").isPresent()
                && lib.find("cusolverDnCreateParams").isPresent();
        boolean d = lib.find("cusolverDnDsyevd").isPresent() && lib.find("cusolverDnDsyevd_bufferSize").isPresent();
        if (!x && !d) missing.add("cusolverDnXsyevd or cusolverDnDsyevd");
        if (!missing.isEmpty()) reasons.add(lib.name() + " loaded from " + lib.location().orElse("?") + " but lacks " + String.join(", ", missing));
    }

    @Override
    public Backend open(BackendOptions options) {
        BackendProbe p = probe();
        if (!p.available()) throw new BackendUnavailableException("cuda", p.reasons());
        try (Arena a = Arena.ofConfined()) {
            MemorySegment count = a.allocate(ValueLayout.JAVA_INT);
            CudaRuntime.cudaGetDeviceCount(count);
            int n = count.get(ValueLayout.JAVA_INT, 0);
            if (options.device() >= n)
                throw new BackendUnavailableException("cuda", List.of("device " + options.device() + " asked for but only " + n + " CUDA device(s) exist (0.." + (n - 1) + ")"));
        }
        try {
            return new CudaBackend(options.device(), options.threads());
        } catch (CudaException e) {
            if (e.isOutOfMemory())
                throw new BackendUnavailableException("cuda", List.of("out of device memory while creating streams, handles and staging buffers: " + e.getMessage()));
            throw new BackendUnavailableException("cuda", List.of("cannot initialise device " + options.device() + ": " + e.getMessage()));
        }
    }
}
