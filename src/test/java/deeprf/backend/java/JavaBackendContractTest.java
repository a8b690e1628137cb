package deeprf.backend.java;

import deeprf.backend.Backend;
import deeprf.backend.BackendContractTest;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The java backend against the contract (2 worker threads by default), plus its own size limit. */
class JavaBackendContractTest extends BackendContractTest {
    @Override
    protected Backend open() { return new JavaBackend(2); }

    @Override
    protected Backend open(int threads) { return new JavaBackend(threads); }

    // Known failures of the interim cyclic-Jacobi solver (deeprf.backend.java.eigen, replaced under issue 7): its
    // purely relative skip test |a_pq| <= u·sqrt(|a_pp·a_qq|) never fires when a_pp or a_qq is (numerically) zero, and
    // θ² overflows to a no-op rotation, so it throws "did not converge". Remove these overrides when the new solver lands.
    @Override
    @Test
    @Disabled("interim Jacobi solver does not converge on numerically zero blocks (eigen solver, issue 7)")
    public void syevdRankDeficientGram() {}

    @Override
    @Test
    @Disabled("interim Jacobi solver does not converge when a zero diagonal entry has a tiny coupling (eigen solver, issue 7)")
    public void syevdNegligibleCouplingToAZeroDiagonal() {}

    /** Java arrays hold at most 2³¹−9 elements: a larger matrix is refused with a clear message before allocating. */
    @Test
    void matricesAboveTheJavaArrayLimitAreRefusedBeforeAllocating() {
        long rows = 1L << 16, cols = (1L << 15) + 1;   // 2³¹ + 2¹⁶ elements (16 GiB): allocating would throw OutOfMemoryError
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> be.allocate(rows, cols));
        String msg = e.getMessage();
        assertTrue(msg.contains("allocate") && msg.contains(Long.toString(rows * cols)) && msg.contains(Long.toString(Integer.MAX_VALUE - 8)), msg);
        assertThrows(IllegalArgumentException.class, () -> be.allocate(Integer.MAX_VALUE, 1));
        assertThrows(IllegalArgumentException.class, () -> be.upload(new double[0], 1L << 31, 0));
    }
}
