package deeprf.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExitGateTest {

    @Test
    void enterAndLeaveCount() {
        int before = ExitGate.inFlight();
        ExitGate.enter();
        assertEquals(before + 1, ExitGate.inFlight());
        ExitGate.leave();
        assertEquals(before, ExitGate.inFlight());
    }

    /**
     * A child JVM exits while a thread is inside a gated "native call" (a 1.5 s sleep): the exit waits for it (its
     * "call ended" line is printed) and says so, and a call after the exit began never starts.
     */
    @Test
    void anExitWaitsForTheCallInFlightAndStartsNoOther() throws Exception {
        Process p = new ProcessBuilder(deeprf.testing.ChildJvm.command(List.of(), ExitDuringCall.class.getName())).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child exits");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("deeprf: waiting up to 30 s for the BLAS/LAPACK call in progress to end before exiting"), out);
        assertTrue(out.contains("call ended"), "the exit did not wait: " + out);
        assertTrue(!out.contains("second call started"), out);
    }

    /** Child: one thread enters the gate, sleeps (the native call), leaves, then tries a second call; main exits. */
    public static final class ExitDuringCall {
        public static void main(String[] args) throws Exception {
            java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
            Thread worker = new Thread(() -> {
                ExitGate.enter();
                try {
                    inside.countDown();
                    Thread.sleep(1500);
                    System.out.println("call ended");
                    System.out.flush();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    ExitGate.leave();
                }
                ExitGate.enter();                       // the exit has begun: parks here
                System.out.println("second call started");
            });
            worker.setDaemon(true);
            worker.start();
            inside.await();
            System.exit(0);
        }
    }
}
