package deeprf.backend.java;

import deeprf.backend.Backend;
import deeprf.backend.BackendOptions;
import deeprf.backend.Backends;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A matrix the Java heap cannot hold: {@code allocate} throws an OutOfMemoryError that names the shape, the size and how
 * to raise the heap (the JVM's own says "Java heap space" only), and the backend stays usable. In a child JVM with a
 * 64 MiB heap, so that the test does not depend on this machine's memory.
 */
class HeapExhaustionTest {

    /** The child: allocates 4000 × 4000 (122 MiB) on a 64 MiB heap, prints the error, then a small matrix. */
    public static void main(String[] args) {
        try (Backend be = Backends.open("java", BackendOptions.threads(1))) {
            try {
                be.allocate(4000, 4000);
                System.out.println("ALLOCATED");
            } catch (OutOfMemoryError e) {
                System.out.println("OOM " + e.getMessage());
                System.out.println("WHAT " + deeprf.backend.AllocationError.whatOf(e));
            }
            try (var small = be.allocate(10, 10)) {
                System.out.println("STILL USABLE " + small.rows());
            }
        }
    }

    @Test
    void anAllocationBeyondTheHeapNamesItsShapeSizeAndTheRemedy() throws Exception {
        List<String> cmd = deeprf.testing.ChildJvm.command(List.of("-Xmx64m", "--add-modules=jdk.incubator.vector"), HeapExhaustionTest.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("OOM allocate: backend 'java' cannot hold a 4000x4000 matrix (122.1 MiB): Java heap space"), out);
        assertTrue(out.contains("raise it with -Xmx<size>") && out.contains("DEEPRF_JVM_OPTS"), out);
        assertTrue(out.contains("STILL USABLE 10"), out);
        // without the remedy, for the command line's own advice
        assertTrue(out.contains("WHAT allocate: backend 'java' cannot hold a 4000x4000 matrix (122.1 MiB): Java heap space\n"), out);
    }
}
