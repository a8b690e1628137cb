package deeprf.backend.java;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reason string tells an embedder what to change, and only when there is something to change. */
class VectorSupportTest {

    @Test
    void loopAlignmentIsThisJvmsAndTheHintFollowsIt() {
        int align = VectorSupport.loopAlignment();
        // HotSpot with C2 (what the build runs on) reports a power of two; the test JVM gets no -XX:OptoLoopAlignment.
        assertTrue(align > 0 && Integer.bitCount(align) == 1, "OptoLoopAlignment = " + align);
        boolean flagged = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:OptoLoopAlignment="));
        if (!flagged && System.getProperty("os.arch").matches("amd64|x86_64")) assertEquals(16, align, "x86-64 HotSpot's default");
        VectorSupport v = KernelTestSupport.vectorPath();
        if (align < 32) assertTrue(v.reason().contains("-XX:OptoLoopAlignment=32"), v.reason());
        else assertFalse(v.reason().contains("OptoLoopAlignment"), v.reason());
    }

    @Test
    void theScalarPathSaysWhy() {
        VectorSupport s = VectorSupport.scalar("forced by test");
        assertFalse(s.enabled());
        assertEquals("scalar kernels: forced by test", s.reason());
    }
}
