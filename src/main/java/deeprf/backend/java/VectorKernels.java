package deeprf.backend.java;

/**
 * Entry point to the Vector API kernels. This class must only be loaded when {@link VectorSupport#enabled()} is true:
 * the classes it reaches reference {@code jdk.incubator.vector}, which is absent unless the JVM was started with
 * {@code --add-modules jdk.incubator.vector}.
 */
final class VectorKernels {
    private VectorKernels() {}

    static MicroKernel gemmKernel() {
        return VectorGemmKernel.INSTANCE;
    }
}
