package deeprf.ffi;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.*;

class NativeBufferTest {
    @Test
    void bufferIsZeroedAlignedAndFreedOnClose() {
        NativeBuffer b = NativeBuffer.allocate(1000);
        MemorySegment s = b.segment();
        assertEquals(1000, s.byteSize());
        assertEquals(0, s.address() % NativeBuffer.ALIGNMENT);
        assertEquals(0.0, s.get(ValueLayout.JAVA_DOUBLE, 992));
        b.close();
        assertFalse(b.isOpen());
        assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_DOUBLE, 0));
        b.close();   // idempotent
    }

    @Test
    void scratchIsReusedWhileLargeEnoughAndGrowsOtherwise() {
        try (ScratchBuffer s = new ScratchBuffer("test")) {
            MemorySegment a = s.ensure(800);
            MemorySegment b = s.ensure(400);
            assertEquals(a.address(), b.address());
            assertEquals(400, b.byteSize());
            s.ensure(1000);
            assertTrue(s.capacity() >= 1200, "grows geometrically: " + s.capacity());
            assertThrows(IllegalStateException.class, () -> a.get(ValueLayout.JAVA_BYTE, 0), "old memory is freed on growth");
        }
    }

    @Test
    void negativeSizesAreRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeBuffer.allocate(-5));
        assertTrue(e.getMessage().contains("-5"), e.getMessage());
    }
}
