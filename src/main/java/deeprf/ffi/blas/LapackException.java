package deeprf.ffi.blas;

import deeprf.ffi.NativeStatusException;

/**
 * A LAPACKE routine returned {@code info != 0}. Negative: argument {@code -info} was illegal (or −1010/−1011, LAPACKE
 * could not allocate memory). Positive: a numerical failure whose meaning depends on the routine and is spelled
 * out in the message (not positive definite, no convergence).
 */
public final class LapackException extends NativeStatusException {
    public LapackException(String function, int info, String meaning) {
        super(function, info, meaning);
    }

    public int info() { return (int) status(); }
}
