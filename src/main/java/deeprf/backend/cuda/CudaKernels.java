package deeprf.backend.cuda;

import deeprf.ffi.cuda.CudaDriver;
import deeprf.ffi.cuda.CudaException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Our kernels ({@code native/*.cu}), compiled to PTX at build time and carried in the jar under
 * {@code /deeprf/cuda/ptx/}; loaded into the current context with {@code cuModuleLoadData} (the driver JIT-compiles
 * them for the device) and launched with {@code cuLaunchKernel} on the backend's stream. One instance per backend;
 * not thread-safe (the backend is used by one thread at a time).
 */
final class CudaKernels implements AutoCloseable {
    /** The PTX modules and the kernels each must export. */
    static final Map<String, List<String>> MODULES = Map.of(
            "activations", List.of("deeprf_activate"),
            "random", List.of("deeprf_fill_gaussian", "deeprf_philox_words"),
            "elementwise", List.of("deeprf_fill", "deeprf_scale", "deeprf_axpy", "deeprf_add_to_rows",
                    "deeprf_row_sums_partial", "deeprf_sum_partials", "deeprf_column_squared_norms",
                    "deeprf_symmetrize", "deeprf_first_nonfinite"));

    private static final String RESOURCE_DIR = "/deeprf/cuda/ptx/";
    private static final int MAX_ARGS = 16;

    private final Arena arena = Arena.ofShared();
    private final List<MemorySegment> modules = new ArrayList<>();
    private final Map<String, MemorySegment> functions = new HashMap<>();
    /** kernelParams: MAX_ARGS pointers, each to its own 8-byte value slot below. */
    private final MemorySegment params, slots;
    private final MemorySegment out;

    /** Module names whose PTX is not in the jar (the build had no nvcc). */
    static List<String> missingPtx() {
        List<String> missing = new ArrayList<>();
        for (String m : MODULES.keySet())
            if (CudaKernels.class.getResource(RESOURCE_DIR + m + ".ptx") == null) missing.add(m + ".ptx");
        return missing;
    }

    /** Loads every module into the calling thread's current context. */
    CudaKernels() {
        try {
            params = arena.allocate(ValueLayout.ADDRESS, MAX_ARGS);
            slots = arena.allocate(ValueLayout.JAVA_LONG, MAX_ARGS);
            for (int i = 0; i < MAX_ARGS; i++) params.setAtIndex(ValueLayout.ADDRESS, i, slots.asSlice(8L * i, 8));
            out = arena.allocate(ValueLayout.ADDRESS);
            for (var e : MODULES.entrySet()) {
                MemorySegment image = arena.allocateFrom(readPtx(e.getKey()));
                CudaDriver.cuModuleLoadData(out, image);
                MemorySegment module = out.get(ValueLayout.ADDRESS, 0);
                modules.add(module);
                for (String k : e.getValue()) {
                    CudaDriver.cuModuleGetFunction(out, module, arena.allocateFrom(k));
                    functions.put(k, out.get(ValueLayout.ADDRESS, 0));
                }
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private static String readPtx(String module) {
        try (InputStream in = CudaKernels.class.getResourceAsStream(RESOURCE_DIR + module + ".ptx")) {
            if (in == null)
                throw new IllegalStateException("cuda: kernel module " + module + ".ptx is not in the jar (built without nvcc); rebuild with nvcc on the PATH");
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cuda: cannot read " + module + ".ptx", e);
        }
    }

    /**
     * Launches {@code kernel} on {@code stream}. Arguments are Long (pointers, 64-bit integers), Integer or Double,
     * in the kernel's order.
     */
    void launch(String kernel, MemorySegment stream, long gridX, long gridY, int blockX, int blockY, Object... args) {
        MemorySegment f = functions.get(kernel);
        if (f == null) throw new IllegalArgumentException("cuda: no kernel " + kernel);
        if (args.length > MAX_ARGS) throw new IllegalArgumentException("cuda: too many kernel arguments for " + kernel);
        if (gridX <= 0 || gridY <= 0) return;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case Long l -> slots.setAtIndex(ValueLayout.JAVA_LONG, i, l);
                case Integer n -> slots.set(ValueLayout.JAVA_INT, 8L * i, n);
                case Double d -> slots.setAtIndex(ValueLayout.JAVA_DOUBLE, i, d);
                default -> throw new IllegalArgumentException("cuda: unsupported kernel argument " + args[i]);
            }
        }
        int gx = (int) Math.min(gridX, Integer.MAX_VALUE), gy = (int) Math.min(gridY, 65535);
        try {
            CudaDriver.cuLaunchKernel(f, gx, gy, 1, blockX, blockY, 1, 0, stream, params, MemorySegment.NULL);
        } catch (CudaException e) {
            // name the kernel and its shape; the status (and so sticky/out-of-memory) is kept for the backend
            throw CudaException.driver(launchDescription(kernel, gx, gy, blockX, blockY), (int) e.status());
        }
    }

    static String launchDescription(String kernel, int gridX, int gridY, int blockX, int blockY) {
        return "cuLaunchKernel of " + kernel + " (grid " + gridX + "x" + gridY + ", block " + blockX + "x" + blockY + ")";
    }

    @Override
    public void close() {
        for (MemorySegment m : modules) {
            try {
                CudaDriver.cuModuleUnload(m);
            } catch (RuntimeException ignored) {
                // a broken context cannot unload; the process's context goes with it
            }
        }
        modules.clear();
        functions.clear();
        if (arena.scope().isAlive()) arena.close();
    }
}
