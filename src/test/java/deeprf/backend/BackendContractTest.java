package deeprf.backend;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The one contract every backend is held to. Subclasses only say how to open their backend
 * (and skip themselves where it is unavailable).
 */
public abstract class BackendContractTest {
    protected Backend be;

    /** Opens a fresh backend for one test. */
    protected abstract Backend open();

    @BeforeEach
    void openBackend() { be = open(); }

    @AfterEach
    void closeBackend() { if (be != null) be.close(); }

    @Test
    void gemmMatchesReferenceSmall() {
        double[] a = {1, 2, 3, 4, 5, 6};   // 2x3
        double[] b = {1, 0, 2, 1, 0, 1};   // 3x2
        Matrix ma = be.upload(a, 2, 3), mb = be.upload(b, 3, 2), mc = be.allocate(2, 2);
        be.gemm(Trans.N, Trans.N, 1, ma, mb, 0, mc);
        assertArrayEquals(new double[]{11, 14, 6, 8}, be.download(mc), 1e-12);
    }

    @Test
    void useAfterCloseIsAClearError() {
        Matrix m = be.allocate(2, 2);
        m.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> be.fill(m, 1));
        assertTrue(e.getMessage().contains("fill"), e.getMessage());
    }
}
