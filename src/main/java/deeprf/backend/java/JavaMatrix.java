package deeprf.backend.java;

import deeprf.backend.AbstractMatrix;

/** A column-major matrix on the Java heap (leading dimension = rows). */
final class JavaMatrix extends AbstractMatrix {
    double[] data;

    JavaMatrix(JavaBackend owner, int rows, int cols) {
        super(owner, rows, cols);
        this.data = new double[rows * cols];
    }

    int r() { return (int) rows(); }

    int c() { return (int) cols(); }

    @Override
    protected void release() { data = null; }
}
