package deeprf.backend.java;

import deeprf.backend.Backend;
import deeprf.backend.BackendContractTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The java backend against the contract (2 worker threads by default), plus its own size limit. */
class JavaBackendContractTest extends BackendContractTest {
    @Override
    protected Backend open() { return new JavaBackend(2); }

    @Override
    protected Backend open(int threads) { return new JavaBackend(threads); }

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
