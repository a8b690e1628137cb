package deeprf.backend;

/**
 * The pointwise nonlinearities every backend implements, each with up to two parameters (a, b).
 * The numeric {@link #code()} is shared with the CUDA kernels in {@code native/activations.cu}; keep them in step.
 */
public enum ActivationKind {
    /** a·x (a = 1 for the identity). */
    LINEAR(0),
    /** tanh(a·x). */
    TANH(1),
    /** erf(a·x); erf(x/√2) is a = 1/√2. */
    ERF(2),
    /** max(0, x). */
    RELU(3),
    /** |x|. */
    ABS(4),
    /** sign(x), with sign(0) = 0. */
    SIGN(5),
    /** 1/(1+e^{−x}). */
    SIGMOID(6),
    /** a·sign(x)·min(b, |x|). */
    CLIPPED_LINEAR(7);

    private final int code;

    ActivationKind(int code) { this.code = code; }

    public int code() { return code; }
}
