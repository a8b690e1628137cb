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
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Raw bindings of LAPACKE ({@code lapacke.h}), the C interface of LAPACK, exact C names and argument order, 32-bit
 * {@code lapack_int}. Only the {@code _work} variants are bound: the caller passes its own workspace (so nothing is
 * allocated per call) and column-major data goes straight to LAPACK. Every {@code info} is checked: a non-zero one
 * throws {@link LapackException} naming the routine, the argument or the numerical failure.
 *
 * <p>Library: {@code -Ddeeprf.lapacke.lib=/path/liblapacke.so} or {@code DEEPRF_LAPACKE_LIB}, else
 * {@code liblapacke.so.3} (Debian/Ubuntu {@code liblapacke}, which calls the {@code liblapack.so.3} that
 * {@code libopenblas0-pthread} provides), {@code liblapacke.so}.
 */
public final class Lapacke {
    private Lapacke() {}

    public static final NativeLibrary LIBRARY = new NativeLibrary(new LibrarySpec("LAPACKE", "deeprf.lapacke.lib", "DEEPRF_LAPACKE_LIB",
            List.of("liblapacke.so.3", "liblapacke.so")));

    public static final int LAPACK_ROW_MAJOR = 101, LAPACK_COL_MAJOR = 102;
    public static final int LAPACK_WORK_MEMORY_ERROR = -1010, LAPACK_TRANSPOSE_MEMORY_ERROR = -1011;

    public static final List<String> SYMBOLS = List.of("LAPACKE_dsyevd_work", "LAPACKE_dpotrf_work", "LAPACKE_dpotrs_work");

    public static NativeFunction function(String symbol) {
        return switch (symbol) {
            case "LAPACKE_dsyevd_work" -> LAPACKE_dsyevd_work$.FN;
            case "LAPACKE_dpotrf_work" -> LAPACKE_dpotrf_work$.FN;
            case "LAPACKE_dpotrs_work" -> LAPACKE_dpotrs_work$.FN;
            default -> throw new IllegalArgumentException("Lapacke: no binding for " + symbol + "; bound: " + SYMBOLS);
        };
    }

    // ---------------------------------------------------------------- dsyevd

    private static final List<String> DSYEVD_ARGS = List.of("matrix_layout", "jobz", "uplo", "n", "a", "lda", "w", "work", "lwork", "iwork", "liwork");

    private static final class LAPACKE_dsyevd_work$ {
        static final NativeFunction FN = LIBRARY.function("LAPACKE_dsyevd_work", FunctionDescriptor.of(JAVA_INT,
                JAVA_INT, JAVA_BYTE, JAVA_BYTE, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /**
     * Eigenvalues (ascending, into w) and with {@code jobz='V'} eigenvectors (over a) of the symmetric matrix in the
     * {@code uplo} triangle of a, by divide and conquer. With {@code lwork = liwork = -1} it only writes the optimal
     * workspace sizes into {@code work[0]} and {@code iwork[0]}.
     */
    public static void LAPACKE_dsyevd_work(int matrix_layout, byte jobz, byte uplo, int n, MemorySegment a, int lda, MemorySegment w,
                                           MemorySegment work, int lwork, MemorySegment iwork, int liwork) {
        MethodHandle h = LAPACKE_dsyevd_work$.HANDLE;
        if (h == null) h = LAPACKE_dsyevd_work$.FN.handle();
        int info;
        ExitGate.enter();                      // see ExitGate: no exit under a running call
        try {
            info = (int) h.invokeExact(matrix_layout, jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork);
        } catch (Throwable t) {
            throw LAPACKE_dsyevd_work$.FN.rethrow(t);
        } finally {
            ExitGate.leave();
        }
        if (info != 0) {
            String positive = jobz == 'V' || jobz == 'v'
                    ? "the algorithm failed to compute an eigenvalue while working on the submatrix in rows and columns "
                      + info / (n + 1) + " through " + info % (n + 1)
                    : "the algorithm failed to converge; " + info + " off-diagonal elements of an intermediate tridiagonal form did not converge to zero";
            throw new LapackException("LAPACKE_dsyevd_work", info, meaning(info, DSYEVD_ARGS, positive));
        }
    }

    // ---------------------------------------------------------------- dpotrf

    private static final List<String> DPOTRF_ARGS = List.of("matrix_layout", "uplo", "n", "a", "lda");

    private static final class LAPACKE_dpotrf_work$ {
        static final NativeFunction FN = LIBRARY.function("LAPACKE_dpotrf_work", FunctionDescriptor.of(JAVA_INT,
                JAVA_INT, JAVA_BYTE, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Cholesky factorisation of the {@code uplo} triangle of a, in place. */
    public static void LAPACKE_dpotrf_work(int matrix_layout, byte uplo, int n, MemorySegment a, int lda) {
        MethodHandle h = LAPACKE_dpotrf_work$.HANDLE;
        if (h == null) h = LAPACKE_dpotrf_work$.FN.handle();
        int info;
        ExitGate.enter();                      // see ExitGate: no exit under a running call
        try {
            info = (int) h.invokeExact(matrix_layout, uplo, n, a, lda);
        } catch (Throwable t) {
            throw LAPACKE_dpotrf_work$.FN.rethrow(t);
        } finally {
            ExitGate.leave();
        }
        if (info != 0)
            throw new LapackException("LAPACKE_dpotrf_work", info, meaning(info, DPOTRF_ARGS,
                    "the leading minor of order " + info + " is not positive definite"));
    }

    // ---------------------------------------------------------------- dpotrs

    private static final List<String> DPOTRS_ARGS = List.of("matrix_layout", "uplo", "n", "nrhs", "a", "lda", "b", "ldb");

    private static final class LAPACKE_dpotrs_work$ {
        static final NativeFunction FN = LIBRARY.function("LAPACKE_dpotrs_work", FunctionDescriptor.of(JAVA_INT,
                JAVA_INT, JAVA_BYTE, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle HANDLE = FN.isAvailable() ? FN.handle() : null;
    }

    /** Solves A·X = B with the Cholesky factor from {@link #LAPACKE_dpotrf_work}; B is overwritten by X. */
    public static void LAPACKE_dpotrs_work(int matrix_layout, byte uplo, int n, int nrhs, MemorySegment a, int lda, MemorySegment b, int ldb) {
        MethodHandle h = LAPACKE_dpotrs_work$.HANDLE;
        if (h == null) h = LAPACKE_dpotrs_work$.FN.handle();
        int info;
        ExitGate.enter();                      // see ExitGate: no exit under a running call
        try {
            info = (int) h.invokeExact(matrix_layout, uplo, n, nrhs, a, lda, b, ldb);
        } catch (Throwable t) {
            throw LAPACKE_dpotrs_work$.FN.rethrow(t);
        } finally {
            ExitGate.leave();
        }
        if (info != 0) throw new LapackException("LAPACKE_dpotrs_work", info, meaning(info, DPOTRS_ARGS, "unexpected positive info"));
    }

    /** Decodes an info value: which argument was illegal, LAPACKE's memory errors, or the routine's own positive meaning. */
    static String meaning(int info, List<String> args, String positive) {
        if (info == LAPACK_WORK_MEMORY_ERROR) return "LAPACKE could not allocate its work array";
        if (info == LAPACK_TRANSPOSE_MEMORY_ERROR) return "LAPACKE could not allocate memory for a transposed copy";
        if (info < 0) {
            int arg = -info;
            return "argument " + arg + (arg <= args.size() ? " (" + args.get(arg - 1) + ")" : "") + " had an illegal value";
        }
        return positive;
    }
}
