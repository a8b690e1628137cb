package deeprf.backend;

/** Which triangle of a symmetric matrix is referenced or written, as in BLAS/LAPACK. */
public enum Uplo { LOWER, UPPER }
