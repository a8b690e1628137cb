package deeprf.theory;

import deeprf.backend.NumericalException;

/**
 * A theory computation could not produce a trustworthy number: a fixed point or root that did not converge (the
 * message carries the residual reached), or a bracket that could not be found. Never returned silently as NaN.
 */
public class TheoryException extends NumericalException {
    public TheoryException(String message) { super(message); }
}
