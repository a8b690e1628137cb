package deeprf.backend.java;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Decides once per backend whether the Vector API kernels can be used, and says why not when they cannot.
 * The incubator module must be resolved at JVM start ({@code --add-modules jdk.incubator.vector}); the launcher and
 * the test runner pass it. Set {@code -Ddeeprf.java.vector=false} to force the scalar path (tests compare both).
 */
public record VectorSupport(boolean enabled, String reason) {

    public static VectorSupport detect() {
        String prop = System.getProperty("deeprf.java.vector", "auto");
        if (prop.equalsIgnoreCase("false"))
            return new VectorSupport(false, "scalar kernels: disabled by -Ddeeprf.java.vector=false");
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!present)
            return new VectorSupport(false, "scalar kernels: module jdk.incubator.vector is not present; pass '--add-modules jdk.incubator.vector' to enable the Vector API kernels");
        int align = loopAlignment();
        return new VectorSupport(true, "Vector API kernels (jdk.incubator.vector)" + (align < 0 || align >= 32 ? ""
                : "; C2 aligns loops to " + align + " bytes: run the JVM with -XX:OptoLoopAlignment=32 (the deeprf launcher"
                  + " does) for a steadier and up to ~12 % faster GEMM on hosts whose other SMT thread is busy"));
    }

    /**
     * C2's inner-loop alignment in bytes ({@code -XX:OptoLoopAlignment}), or −1 where this JVM does not say. It matters
     * to the GEMM micro-kernel: see {@link VectorGemmKernel}.
     */
    static int loopAlignment() {
        return JvmLoopAlignment.BYTES;
    }

    /** Asked once per JVM (a JVM's flags do not change while it runs; detect() is called per eigensolver panel). */
    private static final class JvmLoopAlignment {
        static final int BYTES = query();

        private static int query() {
            try {
                HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
                return vm == null ? -1 : Integer.parseInt(vm.getVMOption("OptoLoopAlignment").getValue());
            } catch (RuntimeException | LinkageError e) {
                return -1;   // not HotSpot, no C2, or no jdk.management: nothing to advise
            }
        }
    }

    public static VectorSupport scalar(String why) {
        return new VectorSupport(false, "scalar kernels: " + why);
    }
}
