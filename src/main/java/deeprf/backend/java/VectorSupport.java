package deeprf.backend.java;

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
        return new VectorSupport(true, "Vector API kernels (jdk.incubator.vector)");
    }

    public static VectorSupport scalar(String why) {
        return new VectorSupport(false, "scalar kernels: " + why);
    }
}
