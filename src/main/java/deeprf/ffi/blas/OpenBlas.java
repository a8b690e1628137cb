package deeprf.ffi.blas;

import deeprf.ffi.ExitGate;
import deeprf.ffi.LibrarySpec;
import deeprf.ffi.NativeFunction;
import deeprf.ffi.NativeLibrary;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Raw bindings of OpenBLAS's CBLAS interface and its thread controls ({@code cblas.h}, {@code openblas_config.h}),
 * exact C names and argument order, 32-bit {@code blasint} (the LP64 build every distribution ships as
 * {@code libopenblas.so.0}; {@link #isIlp64()} tells an ILP64 build apart, which these bindings must not be used
 * with). Pointers are {@link MemorySegment}s of native memory the caller owns.
 *
 * <p>Library: {@code -Ddeeprf.blas.lib=/path/libopenblas.so} or {@code DEEPRF_BLAS_LIB}, else
 * {@code libopenblas.so.0} (Debian/Ubuntu {@code libopenblas0-pthread}), {@code libopenblasp.so.0},
 * {@code libopenblaso.so.0} (Fedora's pthread and OpenMP builds), {@code libopenblas.so}.
 */
public final class OpenBlas {
    private OpenBlas() {}

    public static final NativeLibrary LIBRARY = new NativeLibrary(new LibrarySpec("OpenBLAS", "deeprf.blas.lib", "DEEPRF_BLAS_LIB",
            List.of("libopenblas.so.0", "libopenblasp.so.0", "libopenblaso.so.0", "libopenblas.so")));

    // enum CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_UPLO
    public static final int CblasRowMajor = 101, CblasColMajor = 102;
    public static final int CblasNoTrans = 111, CblasTrans = 112;
    public static final int CblasUpper = 121, CblasLower = 122;

    /** Every symbol the bindings of this class use (for probes). */
    public static final List<String> SYMBOLS = List.of("cblas_dgemm", "cblas_dsyrk", "openblas_set_num_threads",
            "openblas_get_num_threads", "openblas_get_config", "openblas_get_corename");

    /** The bound function for {@code symbol} of this class, for probes that list what is missing. */
    public static NativeFunction function(String symbol) {
        return switch (symbol) {
            case "cblas_dgemm" -> cblas_dgemm$.FN;
            case "cblas_dsyrk" -> cblas_dsyrk$.FN;
            case "openblas_set_num_threads" -> openblas_set_num_threads$.FN;
            case "openblas_get_num_threads" -> openblas_get_num_threads$.FN;
            case "openblas_get_config" -> openblas_get_config$.FN;
            case "openblas_get_corename" -> openblas_get_corename$.FN;
            default -> throw new IllegalArgumentException("OpenBlas: no binding for " + symbol + "; bound: " + SYMBOLS);
        };
    }

    // ---------------------------------------------------------------- void cblas_dgemm(...)

    private static final class cblas_dgemm$ {
        static final NativeFunction FN = LIBRARY.function("cblas_dgemm", FunctionDescriptor.ofVoid(
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE,
                ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** C ← alpha·op(A)·op(B) + beta·C. */
    public static void cblas_dgemm(int Order, int TransA, int TransB, int M, int N, int K, double alpha,
                                   MemorySegment A, int lda, MemorySegment B, int ldb, double beta, MemorySegment C, int ldc) {
        MethodHandle h = cblas_dgemm$.HANDLE;
        if (h == null) h = cblas_dgemm$.FN.handle();
        ExitGate.enter();                      // see ExitGate: no exit under a running call
        try {
            h.invokeExact(Order, TransA, TransB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        } catch (Throwable t) {
            throw cblas_dgemm$.FN.rethrow(t);
        } finally {
            ExitGate.leave();
        }
    }

    // ---------------------------------------------------------------- void cblas_dsyrk(...)

    private static final class cblas_dsyrk$ {
        static final NativeFunction FN = LIBRARY.function("cblas_dsyrk", FunctionDescriptor.ofVoid(
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** C ← alpha·op(A)·op(A)ᵀ + beta·C on the Uplo triangle. */
    public static void cblas_dsyrk(int Order, int Uplo, int Trans, int N, int K, double alpha,
                                   MemorySegment A, int lda, double beta, MemorySegment C, int ldc) {
        MethodHandle h = cblas_dsyrk$.HANDLE;
        if (h == null) h = cblas_dsyrk$.FN.handle();
        ExitGate.enter();                      // see ExitGate: no exit under a running call
        try {
            h.invokeExact(Order, Uplo, Trans, N, K, alpha, A, lda, beta, C, ldc);
        } catch (Throwable t) {
            throw cblas_dsyrk$.FN.rethrow(t);
        } finally {
            ExitGate.leave();
        }
    }

    // ---------------------------------------------------------------- threads

    private static final class openblas_set_num_threads$ {
        static final NativeFunction FN = LIBRARY.function("openblas_set_num_threads", FunctionDescriptor.ofVoid(JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Sets OpenBLAS's process-wide thread count (capped by the library at its compiled maximum). */
    public static void openblas_set_num_threads(int num_threads) {
        MethodHandle h = openblas_set_num_threads$.HANDLE;
        if (h == null) h = openblas_set_num_threads$.FN.handle();
        try {
            h.invokeExact(num_threads);
        } catch (Throwable t) {
            throw openblas_set_num_threads$.FN.rethrow(t);
        }
    }

    private static final class openblas_get_num_threads$ {
        static final NativeFunction FN = LIBRARY.function("openblas_get_num_threads", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    public static int openblas_get_num_threads() {
        MethodHandle h = openblas_get_num_threads$.HANDLE;
        if (h == null) h = openblas_get_num_threads$.FN.handle();
        try {
            return (int) h.invokeExact();
        } catch (Throwable t) {
            throw openblas_get_num_threads$.FN.rethrow(t);
        }
    }

    // ---------------------------------------------------------------- configuration strings

    private static final class openblas_get_config$ {
        static final NativeFunction FN = LIBRARY.function("openblas_get_config", FunctionDescriptor.of(ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** The build configuration, e.g. {@code "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64"}. */
    public static String openblas_get_config() {
        MethodHandle h = openblas_get_config$.HANDLE;
        if (h == null) h = openblas_get_config$.FN.handle();
        try {
            return cString((MemorySegment) h.invokeExact());
        } catch (Throwable t) {
            throw openblas_get_config$.FN.rethrow(t);
        }
    }

    private static final class openblas_get_corename$ {
        static final NativeFunction FN = LIBRARY.function("openblas_get_corename", FunctionDescriptor.of(ADDRESS));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** The CPU kernel set chosen at load time, e.g. {@code "Zen"}. */
    public static String openblas_get_corename() {
        MethodHandle h = openblas_get_corename$.HANDLE;
        if (h == null) h = openblas_get_corename$.FN.handle();
        try {
            return cString((MemorySegment) h.invokeExact());
        } catch (Throwable t) {
            throw openblas_get_corename$.FN.rethrow(t);
        }
    }

    /** Whether the loaded OpenBLAS was built with 64-bit integers, which these 32-bit bindings must not call. */
    public static boolean isIlp64() {
        return openblas_get_config().contains("USE64BITINT");
    }

    /** A NUL-terminated static string owned by the library (read up to 4 KiB). */
    static String cString(MemorySegment p) {
        if (p.equals(MemorySegment.NULL)) return "";
        return p.reinterpret(4096).getString(0);
    }
}
