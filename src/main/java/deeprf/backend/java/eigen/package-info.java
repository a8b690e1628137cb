/**
 * The java backend's symmetric eigensolver: blocked Householder tridiagonalisation, divide and conquer on the
 * tridiagonal (secular equation), and the back-transformation, applied to all vectors or to a few columns only
 * ({@link deeprf.backend.EigenBasis}). Internal.
 */
package deeprf.backend.java.eigen;
