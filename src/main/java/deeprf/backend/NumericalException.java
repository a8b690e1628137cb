package deeprf.backend;

/**
 * A numerical operation could not produce a trustworthy answer: non-finite input, a matrix that is not positive
 * definite, an iteration that did not converge. The message names the operation and the offending value.
 */
public class NumericalException extends RuntimeException {
    public NumericalException(String message) { super(message); }
}
