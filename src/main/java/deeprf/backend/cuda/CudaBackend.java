package deeprf.backend.cuda;

import deeprf.backend.AbstractBackend;
import deeprf.backend.Activation;
import deeprf.backend.GaussianStream;
import deeprf.backend.NeuronActivations;
import deeprf.backend.NumericalException;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;
import deeprf.ffi.cuda.Cublas;
import deeprf.ffi.cuda.CudaDriver;
import deeprf.ffi.cuda.CudaException;
import deeprf.ffi.cuda.CudaRuntime;
import deeprf.ffi.cuda.Cusolver;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Locale;

import static deeprf.ffi.cuda.CudaRuntime.cudaMemcpyDeviceToDevice;
import static deeprf.ffi.cuda.CudaRuntime.cudaMemcpyDeviceToHost;
import static deeprf.ffi.cuda.CudaRuntime.cudaMemcpyHostToDevice;

/**
 * The CUDA backend: matrices live in device memory and stay there across operations; products and rank-k updates
 * run in cuBLAS, eigendecompositions and Cholesky solves in cuSOLVER, the elementwise work, reductions and the
 * Philox generator in our own kernels ({@link CudaKernels}). Everything is queued on one non-blocking stream;
 * transfers go through two pinned staging buffers so that the host-side copy of one chunk overlaps the DMA of the
 * other. Only what the host asks for (downloads, reductions, eigenvalues, info codes) comes back.
 *
 * <p>Threading: one thread at a time (any thread; the device is made current for a new thread). Errors: out of
 * device memory is a {@link DeviceOutOfMemoryException} (the backend stays usable); a sticky CUDA error (illegal
 * address, launch failure, ...) closes the backend and throws {@link DeviceFailureException}; numerical failures
 * throw {@link NumericalException} as on every backend.
 */
public final class CudaBackend extends AbstractBackend<CudaMatrix> {
    /** Bytes of each of the two pinned staging buffers (NVIDIA's cuVS uses 8 MB in all). */
    static final long STAGING_BYTES = 4L << 20;
    private static final int THREADS_1D = 256;
    private static final long MAX_BLOCKS_1D = 8192;
    /** Column groups of the row-sum first pass: fixed, so the summation order depends only on the shape. */
    private static final int ROW_SUM_GROUPS = 64;

    private final int device, hostThreads;
    private final String description;
    private final Arena arena = Arena.ofShared();
    /** Host scratch for out-parameters and cuBLAS's alpha/beta (read at call time in host pointer mode). */
    private final MemorySegment out, out2, alphaBeta;
    private MemorySegment stream = MemorySegment.NULL, cublas = MemorySegment.NULL, cusolver = MemorySegment.NULL,
            cusolverParams = MemorySegment.NULL;
    private final MemorySegment[] staging = {MemorySegment.NULL, MemorySegment.NULL};
    private final MemorySegment[] stagingEvent = {MemorySegment.NULL, MemorySegment.NULL};
    private final boolean[] stagingBusy = new boolean[2];
    private CudaKernels kernels;
    private final DeviceScratch scratch = new DeviceScratch("small vectors and reductions");
    private final DeviceScratch solverWork = new DeviceScratch("solver workspace");
    private final deeprf.ffi.ScratchBuffer solverHostWork = new deeprf.ffi.ScratchBuffer("cuSOLVER host workspace");
    private Thread lastThread;
    private boolean broken;
    /** Device bytes held through cudaMalloc now, and the most held at once (streaming runs are judged by it). */
    private long liveBytes, peakBytes;

    CudaBackend(int device, int hostThreads) {
        super(CudaMatrix.class);
        this.device = device;
        this.hostThreads = hostThreads;
        out = arena.allocate(ValueLayout.JAVA_LONG);
        out2 = arena.allocate(ValueLayout.JAVA_LONG);
        alphaBeta = arena.allocate(ValueLayout.JAVA_DOUBLE, 2);
        try {
            CudaRuntime.cudaSetDevice(device);
            lastThread = Thread.currentThread();
            CudaRuntime.cudaStreamCreateWithFlags(out, CudaRuntime.cudaStreamNonBlocking);
            stream = out.get(ValueLayout.ADDRESS, 0);
            for (int i = 0; i < 2; i++) {
                CudaRuntime.cudaMallocHost(out, STAGING_BYTES);
                staging[i] = out.get(ValueLayout.ADDRESS, 0).reinterpret(STAGING_BYTES);
                CudaRuntime.cudaEventCreateWithFlags(out, CudaRuntime.cudaEventDisableTiming);
                stagingEvent[i] = out.get(ValueLayout.ADDRESS, 0);
            }
            Cublas.cublasCreate_v2(out);
            cublas = out.get(ValueLayout.ADDRESS, 0);
            Cublas.cublasSetStream_v2(cublas, stream);
            Cusolver.cusolverDnCreate(out);
            cusolver = out.get(ValueLayout.ADDRESS, 0);
            Cusolver.cusolverDnSetStream(cusolver, stream);
            Cusolver.cusolverDnCreateParams(out);
            cusolverParams = out.get(ValueLayout.ADDRESS, 0);
            kernels = new CudaKernels();
            description = describe();
        } catch (RuntimeException | Error e) {
            releaseAll();
            throw e;
        }
    }

    private String describe() {
        String name = deviceName();
        CudaRuntime.cudaDeviceGetAttribute(out, CudaRuntime.cudaDevAttrComputeCapabilityMajor, device);
        int major = out.get(ValueLayout.JAVA_INT, 0);
        CudaRuntime.cudaDeviceGetAttribute(out, CudaRuntime.cudaDevAttrComputeCapabilityMinor, device);
        int minor = out.get(ValueLayout.JAVA_INT, 0);
        CudaRuntime.cudaDeviceGetAttribute(out, CudaRuntime.cudaDevAttrMultiProcessorCount, device);
        int sms = out.get(ValueLayout.JAVA_INT, 0);
        CudaRuntime.cudaMemGetInfo(out, out2);
        long total = out2.get(ValueLayout.JAVA_LONG, 0);
        CudaRuntime.cudaRuntimeGetVersion(out);
        int rt = out.get(ValueLayout.JAVA_INT, 0);
        CudaRuntime.cudaDriverGetVersion(out);
        int drv = out.get(ValueLayout.JAVA_INT, 0);
        Cublas.cublasGetVersion_v2(cublas, out);
        int cb = out.get(ValueLayout.JAVA_INT, 0);
        Cusolver.cusolverGetVersion(out);
        int cs = out.get(ValueLayout.JAVA_INT, 0);
        return String.format(Locale.ROOT, "CUDA device %d: %s (sm_%d%d, %d SMs, %s), driver CUDA %s, runtime %s, cuBLAS %d.%d.%d, cuSOLVER %d.%d.%d, "
                        + "syevd via %s", device, name, major, minor, sms, bytes(total), version(drv), version(rt),
                cb / 10000, cb / 100 % 100, cb % 100, cs / 1000, cs / 100 % 10, cs % 100,
                Cusolver.function("cusolverDnXsyevd").isAvailable() ? "cusolverDnXsyevd" : "cusolverDnDsyevd");
    }

    private String deviceName() {
        try (Arena a = Arena.ofConfined()) {
            CudaDriver.cuInit(0);
            CudaDriver.cuDeviceGet(out, device);
            MemorySegment name = a.allocate(256);
            CudaDriver.cuDeviceGetName(name, 256, out.get(ValueLayout.JAVA_INT, 0));
            return name.getString(0);
        }
    }

    static String version(int v) { return v / 1000 + "." + v % 1000 / 10; }

    @Override public String name() { return "cuda"; }

    @Override public String description() { return description; }

    @Override public int threads() { return hostThreads; }

    /** The device ordinal this backend runs on. */
    public int device() { return device; }

    @Override
    protected long maxElements() { return Long.MAX_VALUE / Double.BYTES; }

    /** Waits until every queued operation has finished (for timings); reports errors of asynchronous work. */
    @Override
    public void synchronize() {
        checkOpen("synchronize");
        enter();
        try {
            CudaRuntime.cudaStreamSynchronize(stream);
        } catch (CudaException e) {
            throw fail("synchronize", e);
        }
    }

    // ---------------------------------------------------------------- memory accounting

    /** Device memory this backend holds now through cudaMalloc (matrices, scratch, solver workspace), in bytes. */
    public long allocatedBytes() { return liveBytes; }

    /**
     * The most device memory this backend held at once since it opened or since {@link #resetPeakAllocatedBytes()}.
     * Libraries' own workspaces (cuBLAS, cuSOLVER handles) and the context are not in it: see {@link #deviceMemory()}.
     */
    public long peakAllocatedBytes() { return peakBytes; }

    /** Starts a new peak from what is held now. */
    public void resetPeakAllocatedBytes() { peakBytes = liveBytes; }

    /** {free, total} bytes of the device as the driver reports them now (every process and library included). */
    public long[] deviceMemory() {
        checkOpen("deviceMemory");
        enter();
        try {
            CudaRuntime.cudaMemGetInfo(out, out2);
            return new long[]{out.get(ValueLayout.JAVA_LONG, 0), out2.get(ValueLayout.JAVA_LONG, 0)};
        } catch (CudaException e) {
            throw fail("deviceMemory", e);
        }
    }

    // ---------------------------------------------------------------- error handling and context

    /** Makes the device current when the backend is used from a new thread (the runtime binds contexts per thread). */
    private void enter() {
        Thread t = Thread.currentThread();
        if (t != lastThread) {
            CudaRuntime.cudaSetDevice(device);
            lastThread = t;
        }
    }

    /**
     * Turns a CUDA failure into the exception the caller gets. A sticky error leaves the context unusable: the backend
     * closes itself (freeing what still can be freed) and says so.
     */
    private RuntimeException fail(String op, CudaException e) {
        if (e.isOutOfMemory() && !e.isSticky()) {
            // a library or the driver ran out inside the call (cuBLAS/cuSOLVER workspace, module load): not sticky
            quietly(CudaRuntime::cudaGetLastError);
            long[] ft = freeTotalOrUnknown();
            return new DeviceOutOfMemoryException("in " + op + " (" + e.getMessage() + ")", -1, ft[0], ft[1], e);
        }
        if (e.isSticky() || contextBroken()) {
            broken = true;
            try {
                close();
            } catch (RuntimeException ignored) {
                // closing a broken context fails in places; what could be released was
            }
            return new DeviceFailureException("cuda " + op + ": " + e.getMessage()
                    + "; the CUDA context is unusable after this error, so backend 'cuda' was closed (open a new process to use the GPU again)", true, e);
        }
        return new DeviceFailureException("cuda " + op + ": " + e.getMessage(), false, e);
    }

    /** Whether the context reports a sticky error (checked after non-sticky library failures that may hide one). */
    private boolean contextBroken() {
        try {
            int s = CudaRuntime.cudaPeekAtLastError();
            if (s != 0 && CudaException.runtime("cudaPeekAtLastError", s).isSticky()) return true;
            CudaRuntime.cudaStreamSynchronize(stream);
            return false;
        } catch (CudaException e) {
            return e.isSticky();
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- device memory

    long mallocDevice(long bytes, String what) {
        if (bytes == 0) return 0;
        try {
            CudaRuntime.cudaMalloc(out, bytes);
            liveBytes += bytes;
            peakBytes = Math.max(peakBytes, liveBytes);
            return out.get(ValueLayout.JAVA_LONG, 0);
        } catch (CudaException e) {
            if (e.isOutOfMemory()) {
                CudaRuntime.cudaGetLastError();   // clear the (non-sticky) allocation error
                long[] ft = freeTotalOrUnknown();
                throw new DeviceOutOfMemoryException(what, bytes, ft[0], ft[1], e);
            }
            throw fail("cudaMalloc of " + bytes(bytes) + " for " + what, e);
        }
    }

    /** {free, total} device bytes for an out-of-memory message, {-1, -1} when the driver cannot say. */
    private long[] freeTotalOrUnknown() {
        try {
            CudaRuntime.cudaMemGetInfo(out, out2);
            return new long[]{out.get(ValueLayout.JAVA_LONG, 0), out2.get(ValueLayout.JAVA_LONG, 0)};
        } catch (RuntimeException e) {
            return new long[]{-1, -1};
        }
    }

    void freeDevice(long ptr, long bytes) {
        if (ptr == 0) return;
        liveBytes -= bytes;   // gone from the backend's view even if a broken context keeps it until the process ends
        try {
            CudaRuntime.cudaFree(MemorySegment.ofAddress(ptr));
        } catch (CudaException e) {
            if (!broken && !e.isSticky()) throw fail("cudaFree", e);
            broken = true;   // a broken context cannot free; the process keeps the memory until it ends
        }
    }

    /** Device memory that grows on demand and is reused (freeing synchronises, so growth is rare and geometric). */
    private final class DeviceScratch {
        private final String purpose;
        private long ptr, bytes;

        DeviceScratch(String purpose) { this.purpose = purpose; }

        long ensure(long need) {
            if (need > bytes) {
                long grown = Math.max(need, bytes + bytes / 2);
                freeDevice(ptr, bytes);
                ptr = 0;
                bytes = 0;
                ptr = mallocDevice(grown, purpose);
                bytes = grown;
            }
            return ptr;
        }

        void release() {
            long p = ptr, b = bytes;
            ptr = 0;
            bytes = 0;
            freeDevice(p, b);
        }
    }

    // ---------------------------------------------------------------- transfers through pinned staging

    /** Host → device through the two pinned buffers: filling one overlaps the DMA from the other. Returns without waiting. */
    private void toDevice(MemorySegment src, long dst, long bytes) {
        for (long off = 0, chunk = 0; off < bytes; off += STAGING_BYTES, chunk++) {
            int b = (int) (chunk & 1);
            long len = Math.min(STAGING_BYTES, bytes - off);
            if (stagingBusy[b]) CudaRuntime.cudaEventSynchronize(stagingEvent[b]);
            MemorySegment.copy(src, off, staging[b], 0, len);
            CudaRuntime.cudaMemcpyAsync(MemorySegment.ofAddress(dst + off), staging[b], len, cudaMemcpyHostToDevice, stream);
            CudaRuntime.cudaEventRecord(stagingEvent[b], stream);
            stagingBusy[b] = true;
        }
    }

    /** Device → host, waiting for everything queued before; the DMA of chunk c+1 overlaps the host copy of chunk c. */
    private void toHost(long src, MemorySegment dst, long bytes) {
        if (bytes == 0) {
            CudaRuntime.cudaStreamSynchronize(stream);
            return;
        }
        long chunks = (bytes + STAGING_BYTES - 1) / STAGING_BYTES;
        issueDownload(src, bytes, 0);
        for (long c = 0; c < chunks; c++) {
            if (c + 1 < chunks) issueDownload(src, bytes, c + 1);
            int b = (int) (c & 1);
            CudaRuntime.cudaEventSynchronize(stagingEvent[b]);
            stagingBusy[b] = false;
            long off = c * STAGING_BYTES;
            MemorySegment.copy(staging[b], 0, dst, off, Math.min(STAGING_BYTES, bytes - off));
        }
    }

    private void issueDownload(long src, long bytes, long chunk) {
        int b = (int) (chunk & 1);
        long off = chunk * STAGING_BYTES, len = Math.min(STAGING_BYTES, bytes - off);
        if (stagingBusy[b]) CudaRuntime.cudaEventSynchronize(stagingEvent[b]);
        CudaRuntime.cudaMemcpyAsync(staging[b], MemorySegment.ofAddress(src + off), len, cudaMemcpyDeviceToHost, stream);
        CudaRuntime.cudaEventRecord(stagingEvent[b], stream);
        stagingBusy[b] = true;
    }

    // ---------------------------------------------------------------- launch shapes

    private static long blocks1d(long n) { return Math.max(1, Math.min((n + THREADS_1D - 1) / THREADS_1D, MAX_BLOCKS_1D)); }

    /** Grid for the 2-D kernels: x over rows (THREADS_1D per block), y over columns (at most 65535, ~16k blocks in all). */
    private static long[] grid2d(long rows, long cols) {
        long gx = Math.min((rows + THREADS_1D - 1) / THREADS_1D, 4096);
        long gy = Math.min(cols, Math.max(1, 16384 / Math.max(1, gx)));
        return new long[]{gx, Math.min(gy, 65535)};
    }

    // ---------------------------------------------------------------- memory ops

    @Override
    protected CudaMatrix doAllocate(long rows, long cols) {
        enter();
        long bytes = rows * cols * Double.BYTES;
        long ptr = mallocDevice(bytes, "a " + rows + "x" + cols + " matrix");
        try {
            if (bytes > 0) CudaRuntime.cudaMemsetAsync(MemorySegment.ofAddress(ptr), 0, bytes, stream);
        } catch (CudaException e) {
            freeDevice(ptr, bytes);
            throw fail("allocate", e);
        }
        return new CudaMatrix(this, rows, cols, ptr);
    }

    @Override
    protected void doUpload(double[] src, CudaMatrix dst) {
        enter();
        try {
            toDevice(MemorySegment.ofArray(src), dst.ptr, dst.bytes());
        } catch (CudaException e) {
            throw fail("upload", e);
        }
    }

    @Override
    protected void doDownload(CudaMatrix src, double[] dst) {
        enter();
        try {
            toHost(src.ptr, MemorySegment.ofArray(dst), src.bytes());
        } catch (CudaException e) {
            throw fail("download", e);
        }
    }

    @Override
    protected void doCopy(CudaMatrix src, CudaMatrix dst) {
        enter();
        if (src.bytes() == 0) return;
        try {
            CudaRuntime.cudaMemcpyAsync(MemorySegment.ofAddress(dst.ptr), MemorySegment.ofAddress(src.ptr), src.bytes(), cudaMemcpyDeviceToDevice, stream);
        } catch (CudaException e) {
            throw fail("copy", e);
        }
    }

    @Override
    protected void doFill(CudaMatrix m, double value) {
        enter();
        long n = m.size();
        if (n == 0) return;
        try {
            if (Double.doubleToRawLongBits(value) == 0) CudaRuntime.cudaMemsetAsync(MemorySegment.ofAddress(m.ptr), 0, m.bytes(), stream);
            else kernels.launch("deeprf_fill", stream, blocks1d(n), 1, THREADS_1D, 1, m.ptr, n, value);
        } catch (CudaException e) {
            throw fail("fill", e);
        }
    }

    // ---------------------------------------------------------------- BLAS

    private static int op(Trans t) { return t.transposed() ? Cublas.CUBLAS_OP_T : Cublas.CUBLAS_OP_N; }

    private static int fill(Uplo u) { return u == Uplo.LOWER ? Cublas.CUBLAS_FILL_MODE_LOWER : Cublas.CUBLAS_FILL_MODE_UPPER; }

    @Override
    protected void doGemm(Trans ta, Trans tb, int m, int n, int k, double alpha, CudaMatrix a, CudaMatrix b, double beta, CudaMatrix c) {
        enter();
        alphaBeta.setAtIndex(ValueLayout.JAVA_DOUBLE, 0, alpha);
        alphaBeta.setAtIndex(ValueLayout.JAVA_DOUBLE, 1, beta);
        try {
            Cublas.cublasDgemm_v2(cublas, op(ta), op(tb), m, n, k, alphaBeta, MemorySegment.ofAddress(a.ptr), a.ld(),
                    MemorySegment.ofAddress(b.ptr), b.ld(), alphaBeta.asSlice(8, 8), MemorySegment.ofAddress(c.ptr), c.ld());
        } catch (CudaException e) {
            throw fail("gemm", e);
        }
    }

    @Override
    protected void doSyrk(Uplo uplo, Trans trans, int n, int k, double alpha, CudaMatrix a, double beta, CudaMatrix c) {
        enter();
        alphaBeta.setAtIndex(ValueLayout.JAVA_DOUBLE, 0, alpha);
        alphaBeta.setAtIndex(ValueLayout.JAVA_DOUBLE, 1, beta);
        try {
            Cublas.cublasDsyrk_v2(cublas, fill(uplo), op(trans), n, k, alphaBeta, MemorySegment.ofAddress(a.ptr), a.ld(),
                    alphaBeta.asSlice(8, 8), MemorySegment.ofAddress(c.ptr), c.ld());
        } catch (CudaException e) {
            throw fail("syrk", e);
        }
    }

    @Override
    protected void doSymmetrize(Uplo from, CudaMatrix c) {
        enter();
        long n = c.rows();
        if (n < 2) return;
        long tiles = (n + 31) / 32;
        try {
            kernels.launch("deeprf_symmetrize", stream, tiles, tiles, 32, 8, c.ptr, n, from == Uplo.LOWER ? 1 : 0);
        } catch (CudaException e) {
            throw fail("symmetrize", e);
        }
    }

    @Override
    protected void doScale(double alpha, CudaMatrix m) {
        enter();
        long n = m.size();
        if (n == 0) return;
        try {
            kernels.launch("deeprf_scale", stream, blocks1d(n), 1, THREADS_1D, 1, m.ptr, n, alpha);
        } catch (CudaException e) {
            throw fail("scale", e);
        }
    }

    @Override
    protected void doAxpy(double alpha, CudaMatrix x, CudaMatrix y) {
        enter();
        long n = x.size();
        if (n == 0) return;
        try {
            kernels.launch("deeprf_axpy", stream, blocks1d(n), 1, THREADS_1D, 1, x.ptr, y.ptr, n, alpha);
        } catch (CudaException e) {
            throw fail("axpy", e);
        }
    }

    // ---------------------------------------------------------------- elementwise and reductions

    @Override
    protected void doActivate(CudaMatrix m, NeuronActivations plan) {
        enter();
        long rows = m.rows(), cols = m.cols();
        if (rows == 0 || cols == 0) return;
        List<Activation> choices = plan.choices();
        double[] table = new double[3 * choices.size()];
        for (int c = 0; c < choices.size(); c++) {
            Activation f = choices.get(c);
            table[3 * c] = f.kind().code();
            table[3 * c + 1] = f.a();
            table[3 * c + 2] = f.b();
        }
        long tableBytes = 512, biasBytes = plan.bias() != null ? rows * 8 : 0;
        long choiceBytes = plan.choiceOf() != null ? rows : 0;
        try {
            long base = scratch.ensure(tableBytes + biasBytes + choiceBytes);
            toDevice(MemorySegment.ofArray(table), base, table.length * 8L);
            long bias = 0, choice = 0;
            if (biasBytes > 0) toDevice(MemorySegment.ofArray(plan.bias()), bias = base + tableBytes, biasBytes);
            if (choiceBytes > 0) toDevice(MemorySegment.ofArray(plan.choiceOf()), choice = base + tableBytes + biasBytes, choiceBytes);
            long[] g = grid2d(rows, cols);
            kernels.launch("deeprf_activate", stream, g[0], g[1], THREADS_1D, 1, m.ptr, rows, cols, choice, bias, base);
        } catch (CudaException e) {
            throw fail("activate", e);
        }
    }

    @Override
    protected void doAddToRows(CudaMatrix m, double[] v, double alpha) {
        enter();
        long rows = m.rows(), cols = m.cols();
        if (rows == 0 || cols == 0) return;
        try {
            long dv = scratch.ensure(rows * 8);
            toDevice(MemorySegment.ofArray(v), dv, rows * 8);
            long[] g = grid2d(rows, cols);
            kernels.launch("deeprf_add_to_rows", stream, g[0], g[1], THREADS_1D, 1, m.ptr, rows, cols, dv, alpha);
        } catch (CudaException e) {
            throw fail("addToRows", e);
        }
    }

    @Override
    protected void doRowSums(CudaMatrix m, double[] out) {
        enter();
        long rows = m.rows(), cols = m.cols();
        if (rows == 0) return;
        try {
            int groups = (int) Math.max(1, Math.min(cols, ROW_SUM_GROUPS));
            long partial = scratch.ensure(rows * 8L * (groups + 1)), result = partial + rows * 8L * groups;
            long gx = Math.min((rows + THREADS_1D - 1) / THREADS_1D, 4096);
            if (cols == 0) CudaRuntime.cudaMemsetAsync(MemorySegment.ofAddress(partial), 0, rows * 8, stream);
            else kernels.launch("deeprf_row_sums_partial", stream, gx, groups, THREADS_1D, 1, m.ptr, rows, cols, partial);
            kernels.launch("deeprf_sum_partials", stream, blocks1d(rows), 1, THREADS_1D, 1, partial, rows, groups, result);
            toHost(result, MemorySegment.ofArray(out), rows * 8);
        } catch (CudaException e) {
            throw fail("rowSums", e);
        }
    }

    @Override
    protected void doColumnSquaredNorms(CudaMatrix m, double[] out) {
        enter();
        long rows = m.rows(), cols = m.cols();
        if (cols == 0) return;
        try {
            long result = scratch.ensure(cols * 8);
            kernels.launch("deeprf_column_squared_norms", stream, Math.min(cols, 65535), 1, 256, 1, m.ptr, rows, cols, result);
            toHost(result, MemorySegment.ofArray(out), cols * 8);
        } catch (CudaException e) {
            throw fail("columnSquaredNorms", e);
        }
    }

    // ---------------------------------------------------------------- random numbers

    @Override
    protected void doFillGaussian(CudaMatrix m, GaussianStream s, long offset, double stddev) {
        enter();
        long n = m.size();
        if (n == 0) return;
        long pairs = ((offset + n - 1) >>> 1) - (offset >>> 1) + 1;
        try {
            kernels.launch("deeprf_fill_gaussian", stream, blocks1d(pairs), 1, THREADS_1D, 1, m.ptr, n, s.seed(), s.stream(), offset, stddev);
        } catch (CudaException e) {
            throw fail("fillGaussian", e);
        }
    }

    /**
     * The raw Philox4x32-10 words of blocks firstPair .. firstPair+blocks-1 of stream (seed, stream), computed on the
     * device: word w of block b at [4b + w]. For bit-equality tests against {@link deeprf.random.Philox#block}.
     */
    int[] philoxWords(long seed, long streamId, long firstPair, int blocks) {
        checkOpen("philoxWords");
        enter();
        int[] words = new int[4 * blocks];
        try {
            long d = scratch.ensure(16L * blocks);
            kernels.launch("deeprf_philox_words", stream, blocks1d(blocks), 1, THREADS_1D, 1, d, (long) blocks, seed, streamId, firstPair);
            toHost(d, MemorySegment.ofArray(words), 16L * blocks);
        } catch (CudaException e) {
            throw fail("philoxWords", e);
        }
        return words;
    }

    /**
     * Test hook: launches a fill through an invalid device address and waits, provoking the sticky
     * cudaErrorIllegalAddress that a faulty kernel would cause. Only for tests of the failure path, in a process of
     * their own (a sticky error ruins the process's CUDA context for good).
     */
    void provokeIllegalAddressForTest() {
        checkOpen("provokeIllegalAddressForTest");
        enter();
        try {
            kernels.launch("deeprf_fill", stream, 64, 1, THREADS_1D, 1, 0x10L, 1L << 20, 1.0);
            CudaRuntime.cudaStreamSynchronize(stream);
        } catch (CudaException e) {
            throw fail("provokeIllegalAddressForTest", e);
        }
    }

    /**
     * Test hook: launches a fill with 2048 threads per block, more than any GPU allows, so the driver refuses the
     * launch (CUDA_ERROR_INVALID_VALUE, not sticky): the failure path of a rejected kernel launch.
     */
    void launchWithAnImpossibleShapeForTest(CudaMatrix m) {
        checkOpen("launchWithAnImpossibleShapeForTest");
        enter();
        try {
            kernels.launch("deeprf_fill", stream, 1, 1, 2048, 1, m.ptr, m.size(), 1.0);
        } catch (CudaException e) {
            throw fail("launchWithAnImpossibleShapeForTest", e);
        }
    }

    // ---------------------------------------------------------------- LAPACK

    /** Throws naming the first non-finite entry (column-major order) of m, lower triangle only when asked. */
    private void rejectNonFinite(String op, String role, CudaMatrix m, boolean lowerOnly) {
        long rows = m.rows(), cols = m.cols();
        if (m.size() == 0) return;
        long first = scratch.ensure(8);
        out2.set(ValueLayout.JAVA_LONG, 0, -1L);   // "none found"; staged synchronously, so out2 is free again at once
        toDevice(out2, first, 8);
        long[] g = grid2d(rows, cols);
        kernels.launch("deeprf_first_nonfinite", stream, g[0], g[1], THREADS_1D, 1, m.ptr, rows, cols, lowerOnly ? 1 : 0, first);
        toHost(first, out, 8);
        long idx = out.get(ValueLayout.JAVA_LONG, 0);
        if (idx == -1L) return;
        toHost(m.ptr + idx * 8, out, 8);
        double bad = out.get(ValueLayout.JAVA_DOUBLE, 0);
        throw new NumericalException(op + ": " + role + " has a non-finite entry " + bad + " at (" + idx % rows + "," + idx / rows + ")");
    }

    private int readInfo(long devInfo) {
        toHost(devInfo, out, 4);
        return out.get(ValueLayout.JAVA_INT, 0);
    }

    @Override
    protected void doSyevd(CudaMatrix a, double[] w, boolean vectors) {
        enter();
        int n = (int) a.rows();
        int jobz = vectors ? Cusolver.CUSOLVER_EIG_MODE_VECTOR : Cusolver.CUSOLVER_EIG_MODE_NOVECTOR;
        int lower = Cusolver.CUBLAS_FILL_MODE_LOWER;
        MemorySegment A = MemorySegment.ofAddress(a.ptr);
        try {
            rejectNonFinite("syevd", "A", a, true);
            long wInfo = scratch.ensure(8L * n + 8);
            MemorySegment W = MemorySegment.ofAddress(wInfo), info = MemorySegment.ofAddress(wInfo + 8L * n);
            if (Cusolver.function("cusolverDnXsyevd").isAvailable()) {
                Cusolver.cusolverDnXsyevd_bufferSize(cusolver, cusolverParams, jobz, lower, n, Cusolver.CUDA_R_64F, A, a.ld(),
                        Cusolver.CUDA_R_64F, W, Cusolver.CUDA_R_64F, out, out2);
                long dBytes = out.get(ValueLayout.JAVA_LONG, 0), hBytes = out2.get(ValueLayout.JAVA_LONG, 0);
                MemorySegment dWork = MemorySegment.ofAddress(solverWork.ensure(Math.max(dBytes, 8)));
                MemorySegment hWork = hBytes > 0 ? solverHostWork.ensure(hBytes) : MemorySegment.NULL;
                Cusolver.cusolverDnXsyevd(cusolver, cusolverParams, jobz, lower, n, Cusolver.CUDA_R_64F, A, a.ld(),
                        Cusolver.CUDA_R_64F, W, Cusolver.CUDA_R_64F, dWork, dBytes, hWork, hBytes, info);
            } else {
                Cusolver.cusolverDnDsyevd_bufferSize(cusolver, jobz, lower, n, A, a.ld(), W, out);
                int lwork = out.get(ValueLayout.JAVA_INT, 0);
                MemorySegment work = MemorySegment.ofAddress(solverWork.ensure(Math.max(8L * lwork, 8)));
                Cusolver.cusolverDnDsyevd(cusolver, jobz, lower, n, A, a.ld(), W, work, lwork, info);
            }
            int status = readInfo(wInfo + 8L * n);
            if (status > 0)
                throw new NumericalException("syevd: cuSOLVER's divide and conquer did not converge (info = " + status + ", " + n + "x" + n + ")");
            if (status < 0) throw new IllegalStateException("syevd: cuSOLVER rejected argument " + (-status) + " (a bug in the cuda backend)");
            toHost(wInfo, MemorySegment.ofArray(w), 8L * n);
        } catch (CudaException e) {
            throw fail("syevd", e);
        }
    }

    @Override
    protected void doPosv(CudaMatrix a, CudaMatrix b) {
        enter();
        int n = (int) a.rows(), nrhs = (int) b.cols();
        int lower = Cusolver.CUBLAS_FILL_MODE_LOWER;
        MemorySegment A = MemorySegment.ofAddress(a.ptr);
        try {
            rejectNonFinite("posv", "A", a, true);
            rejectNonFinite("posv", "B", b, false);
            Cusolver.cusolverDnDpotrf_bufferSize(cusolver, lower, n, A, a.ld(), out);
            int lwork = out.get(ValueLayout.JAVA_INT, 0);
            long info = scratch.ensure(8);
            MemorySegment work = MemorySegment.ofAddress(solverWork.ensure(Math.max(8L * lwork, 8)));
            Cusolver.cusolverDnDpotrf(cusolver, lower, n, A, a.ld(), work, lwork, MemorySegment.ofAddress(info));
            int status = readInfo(info);
            if (status > 0)
                throw new NumericalException("posv: matrix is not positive definite (leading minor of order " + status + " is not positive)");
            if (status < 0) throw new IllegalStateException("posv: cuSOLVER potrf rejected argument " + (-status) + " (a bug in the cuda backend)");
            if (nrhs == 0) return;
            Cusolver.cusolverDnDpotrs(cusolver, lower, n, nrhs, A, a.ld(), MemorySegment.ofAddress(b.ptr), b.ld(), MemorySegment.ofAddress(info));
            status = readInfo(info);
            if (status != 0) throw new IllegalStateException("posv: cuSOLVER potrs returned info " + status + " (a bug in the cuda backend)");
        } catch (CudaException e) {
            throw fail("posv", e);
        }
    }

    // ---------------------------------------------------------------- lifetime

    @Override
    protected void doClose() {
        releaseAll();
    }

    /** Releases whatever was created, in reverse order, ignoring failures of a broken context. */
    private void releaseAll() {
        if (!broken) {
            try {
                if (!stream.equals(MemorySegment.NULL)) CudaRuntime.cudaStreamSynchronize(stream);
            } catch (RuntimeException e) {
                broken = true;
            }
        }
        quietly(() -> scratch.release());
        quietly(() -> solverWork.release());
        quietly(solverHostWork::close);
        if (kernels != null) quietly(kernels::close);
        if (!cusolverParams.equals(MemorySegment.NULL)) quietly(() -> Cusolver.cusolverDnDestroyParams(cusolverParams));
        if (!cusolver.equals(MemorySegment.NULL)) quietly(() -> Cusolver.cusolverDnDestroy(cusolver));
        if (!cublas.equals(MemorySegment.NULL)) quietly(() -> Cublas.cublasDestroy_v2(cublas));
        for (int i = 0; i < 2; i++) {
            MemorySegment s = staging[i], ev = stagingEvent[i];
            if (!s.equals(MemorySegment.NULL)) quietly(() -> CudaRuntime.cudaFreeHost(s));
            if (!ev.equals(MemorySegment.NULL)) quietly(() -> CudaRuntime.cudaEventDestroy(ev));
            staging[i] = MemorySegment.NULL;
            stagingEvent[i] = MemorySegment.NULL;
        }
        if (!stream.equals(MemorySegment.NULL)) quietly(() -> CudaRuntime.cudaStreamDestroy(stream));
        cusolverParams = cusolver = cublas = stream = MemorySegment.NULL;
        if (arena.scope().isAlive()) arena.close();
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // best effort while closing
        }
    }
}
