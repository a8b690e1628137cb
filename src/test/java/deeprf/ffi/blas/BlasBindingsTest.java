package deeprf.ffi.blas;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The raw OpenBLAS/LAPACKE bindings against the system libraries; skipped where they are not installed. */
class BlasBindingsTest {
    @BeforeAll
    static void needLibraries() {
        assumeTrue(OpenBlas.LIBRARY.isLoaded(), () -> "OpenBLAS not installed: " + OpenBlas.LIBRARY.problems());
        assumeTrue(Lapacke.LIBRARY.isLoaded(), () -> "LAPACKE not installed: " + Lapacke.LIBRARY.problems());
    }

    @Test
    void configNamesOpenBlasAndIsLp64() {
        assertTrue(OpenBlas.openblas_get_config().startsWith("OpenBLAS"), OpenBlas.openblas_get_config());
        assertFalse(OpenBlas.isIlp64());
        assertFalse(OpenBlas.openblas_get_corename().isEmpty());
    }

    @Test
    void dgemmComputesASmallProduct() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocateFrom(JAVA_DOUBLE, 1, 2, 3, 4, 5, 6);   // 2x3 column-major
            MemorySegment b = arena.allocateFrom(JAVA_DOUBLE, 1, 0, 2, 1, 0, 1);   // 3x2
            MemorySegment c = arena.allocate(JAVA_DOUBLE, 4);
            OpenBlas.cblas_dgemm(OpenBlas.CblasColMajor, OpenBlas.CblasNoTrans, OpenBlas.CblasNoTrans, 2, 2, 3, 1.0, a, 2, b, 3, 0.0, c, 2);
            assertArrayEquals(new double[]{11, 14, 6, 8}, c.toArray(JAVA_DOUBLE));
        }
    }

    @Test
    void notPositiveDefiniteIsDecodedWithTheMinor() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocateFrom(JAVA_DOUBLE, 1, 2, 2, 1);   // eigenvalues 3, -1
            LapackException e = assertThrows(LapackException.class,
                    () -> Lapacke.LAPACKE_dpotrf_work(Lapacke.LAPACK_COL_MAJOR, (byte) 'L', 2, a, 2));
            assertEquals(2, e.info());
            assertTrue(e.getMessage().contains("LAPACKE_dpotrf_work") && e.getMessage().contains("leading minor of order 2"), e.getMessage());
        }
    }

    @Test
    void illegalArgumentIsDecodedWithItsName() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(JAVA_DOUBLE, 9);
            LapackException e = assertThrows(LapackException.class,
                    () -> Lapacke.LAPACKE_dpotrf_work(Lapacke.LAPACK_COL_MAJOR, (byte) 'L', 3, a, 1));   // lda < n
            assertEquals(-5, e.info());
            assertTrue(e.getMessage().contains("argument 5 (lda)"), e.getMessage());
        }
    }

    @Test
    void dsyevdWorkspaceQueryThenSolve() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocateFrom(JAVA_DOUBLE, 2, 1, 1, 2);
            MemorySegment w = arena.allocate(JAVA_DOUBLE, 2);
            MemorySegment work = arena.allocate(JAVA_DOUBLE, 1), iwork = arena.allocate(JAVA_INT, 1);
            Lapacke.LAPACKE_dsyevd_work(Lapacke.LAPACK_COL_MAJOR, (byte) 'V', (byte) 'L', 2, a, 2, w, work, -1, iwork, -1);
            int lwork = (int) work.get(JAVA_DOUBLE, 0), liwork = iwork.get(JAVA_INT, 0);
            assertTrue(lwork >= 1 + 6 * 2 + 2 * 4 && liwork >= 3 + 5 * 2, lwork + " " + liwork);
            MemorySegment work2 = arena.allocate(JAVA_DOUBLE, lwork), iwork2 = arena.allocate(JAVA_INT, liwork);
            Lapacke.LAPACKE_dsyevd_work(Lapacke.LAPACK_COL_MAJOR, (byte) 'V', (byte) 'L', 2, a, 2, w, work2, lwork, iwork2, liwork);
            assertArrayEquals(new double[]{1, 3}, w.toArray(JAVA_DOUBLE), 1e-14);
        }
    }
}
