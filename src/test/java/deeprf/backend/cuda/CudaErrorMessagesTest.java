package deeprf.backend.cuda;

import deeprf.ffi.cuda.CudaException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The bad-input paths of the cuda backend that need no GPU to check: the out-of-memory message, the one line for a
 * driver older than the runtime, the kernel-launch failure message, and which statuses are out of memory or sticky
 * (sticky ones make the backend close itself). Runs everywhere; the paths themselves run in CudaKernelsTest on a GPU.
 */
class CudaErrorMessagesTest {
    private static final long GIB = 1L << 30;

    @Test
    void outOfMemoryNamesTheSizeTheFreeMemoryAndWhatToDo() {
        String m = DeviceOutOfMemoryException.message("a 8192x65536 matrix", 4 * GIB, GIB, 80 * GIB);
        assertTrue(m.contains("allocating 4.00 GiB for a 8192x65536 matrix"), m);
        assertTrue(m.contains("1.00 GiB free of 80.00 GiB"), m);
        assertTrue(m.contains("block_size"), m);
        assertFalse(m.contains("\n"), m);
        DeviceOutOfMemoryException e = new DeviceOutOfMemoryException("a 2x2 matrix", 32, 0, 80 * GIB, null);
        assertEquals(32, e.requestedBytes());
        assertEquals(0, e.freeBytes());
        assertTrue(e.getMessage().contains("32 bytes") && e.getMessage().contains("0 bytes free of 80.00 GiB"), e.getMessage());
    }

    @Test
    void outOfMemoryInsideALibraryCallSaysSoWithoutInventingNumbers() {
        String m = DeviceOutOfMemoryException.message("in syevd (cusolverDnXsyevd failed with status 2)", -1, -1, -1);
        assertTrue(m.startsWith("cuda: out of device memory in syevd"), m);
        assertTrue(m.contains("free memory unknown") && m.contains("block_size"), m);
        assertFalse(m.contains("-1"), m);
    }

    @Test
    void aDriverOlderThanTheRuntimeIsOneLineWithBothVersions() {
        String m = CudaBackendProvider.driverReason(13000, 12040, true);
        assertEquals("the NVIDIA driver supports CUDA 12.4 but the CUDA runtime library is 13.0 (cudaErrorInsufficientDriver, 35): "
                + "update the driver or point -Ddeeprf.cuda.cudart.lib at an older runtime", m);
        String none = CudaBackendProvider.driverReason(12080, 0, false);
        assertTrue(none.startsWith("no NVIDIA driver") && none.contains("libcuda.so.1 not found") && none.contains("CUDA 12.8 runtime"), none);
        assertTrue(CudaBackendProvider.driverReason(12080, 0, true).contains("loads but reports no driver"));
        for (String s : new String[]{m, none}) assertFalse(s.contains("\n"), s);
    }

    @Test
    void aKernelLaunchFailureNamesTheKernelAndItsShapeAndKeepsTheStatus() {
        String what = CudaKernels.launchDescription("deeprf_activate", 64, 128, 256, 1);
        CudaException e = CudaException.driver(what, 719);
        assertTrue(e.getMessage().startsWith("cuLaunchKernel of deeprf_activate (grid 64x128, block 256x1) failed with status 719"), e.getMessage());
        assertTrue(e.isSticky(), "a launch failure (719) ruins the context: the backend must close");
        CudaException config = CudaException.driver(what, 1);   // CUDA_ERROR_INVALID_VALUE: a bad launch shape
        assertFalse(config.isSticky() || config.isOutOfMemory());
    }

    @Test
    void statusesAreClassifiedPerApi() {
        // out of memory: runtime/driver 2, cuBLAS 3 (ALLOC_FAILED), cuSOLVER 2 (ALLOC_FAILED); none of them sticky
        assertTrue(CudaException.runtime("cudaMalloc", 2).isOutOfMemory());
        assertTrue(CudaException.driver("cuModuleLoadData", 2).isOutOfMemory());
        assertTrue(CudaException.cublas("cublasCreate_v2", 3).isOutOfMemory());
        assertTrue(CudaException.cusolver("cusolverDnXsyevd", 2).isOutOfMemory());
        for (CudaException e : new CudaException[]{CudaException.runtime("cudaMalloc", 2), CudaException.cublas("cublasCreate_v2", 3)})
            assertFalse(e.isSticky(), e.getMessage());
        // the numbers overlap between APIs: cuBLAS 3 is not out of memory for the runtime, cuBLAS 13 is not sticky
        assertFalse(CudaException.runtime("cudaMemcpy", 3).isOutOfMemory());
        assertFalse(CudaException.cublas("cublasDgemm_v2", 13).isSticky());
        assertFalse(CudaException.cusolver("cusolverDnXsyevd", 700).isSticky());
        // sticky: illegal address, launch failure, ECC, hardware stack, illegal instruction, misaligned, assert
        for (int s : new int[]{214, 700, 710, 714, 715, 716, 719}) {
            assertTrue(CudaException.runtime("cudaStreamSynchronize", s).isSticky(), "runtime " + s);
            assertTrue(CudaException.driver("cuLaunchKernel", s).isSticky(), "driver " + s);
        }
        assertFalse(CudaException.runtime("cudaSetDevice", 101).isSticky(), "invalid device ordinal is the caller's mistake");
        assertTrue(CudaException.cublas("cublasDgemm_v2", 13).getMessage().contains("CUBLAS_STATUS_EXECUTION_FAILED"));
    }
}
