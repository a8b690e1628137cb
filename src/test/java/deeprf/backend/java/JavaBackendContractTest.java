package deeprf.backend.java;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;
import deeprf.backend.Backend;
import deeprf.backend.BackendContractTest;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.NeuronActivations;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The java backend against the contract (2 worker threads by default), plus its own size limit. */
class JavaBackendContractTest extends BackendContractTest {
    @Override
    protected Backend open() { return new JavaBackend(2); }

    @Override
    protected Backend open(int threads) { return new JavaBackend(threads); }

    /** Java arrays hold at most 2³¹−9 elements: a larger matrix is refused with a clear message before allocating. */
    @Test
    void matricesAboveTheJavaArrayLimitAreRefusedBeforeAllocating() {
        long rows = 1L << 16, cols = (1L << 15) + 1;   // 2³¹ + 2¹⁶ elements (16 GiB): allocating would throw OutOfMemoryError
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> be.allocate(rows, cols));
        String msg = e.getMessage();
        assertTrue(msg.contains("allocate") && msg.contains(Long.toString(rows * cols)) && msg.contains(Long.toString(Integer.MAX_VALUE - 8)), msg);
        assertThrows(IllegalArgumentException.class, () -> be.allocate(Integer.MAX_VALUE, 1));
        assertThrows(IllegalArgumentException.class, () -> be.upload(new double[0], 1L << 31, 0));
    }

    /**
     * The java backend promises more than the contract: every operation, not only fillGaussian, gives the same bits
     * whatever its thread count (work is split at thread-independent boundaries).
     */
    @Test
    void everyOperationIsBitwiseIdenticalAcrossThreadCounts() {
        List<Function<Backend, double[]>> ops = new ArrayList<>();
        int rows = 301, cols = 257, n = 129;
        GaussianStream g = new GaussianStream(5, 0);
        ops.add(b -> { // gemm, syrk, symmetrize, scale, axpy
            try (Matrix a = b.allocate(rows, cols); Matrix c = b.allocate(cols, cols); Matrix d = b.allocate(cols, cols)) {
                b.fillGaussian(a, g, 0, 1);
                b.gemm(Trans.T, Trans.N, 0.5, a, a, 0, c);
                b.syrk(Uplo.LOWER, Trans.T, 1, a, 0, d);
                b.symmetrize(Uplo.LOWER, d);
                b.axpy(-0.5, c, d);
                b.scale(3, d);
                return b.download(d);
            }
        });
        ops.add(b -> { // activate with a mixture and biases, then the reductions
            List<Activation> all = new ArrayList<>();
            for (ActivationKind k : ActivationKind.values()) all.add(Activation.of(k));
            byte[] choice = new byte[rows];
            double[] bias = new double[rows];
            for (int i = 0; i < rows; i++) { choice[i] = (byte) (i % all.size()); bias[i] = Math.sin(i); }
            try (Matrix a = b.allocate(rows, cols)) {
                b.fillGaussian(a, g, 1, 2);
                b.activate(a, new NeuronActivations(all, choice, bias));
                double[] sums = new double[rows], norms = new double[cols];
                b.rowSums(a, sums);
                b.addToRows(a, sums, -1.0 / cols);
                b.columnSquaredNorms(a, norms);
                double[] out = new double[rows + cols];
                System.arraycopy(sums, 0, out, 0, rows);
                System.arraycopy(norms, 0, out, rows, cols);
                return out;
            }
        });
        ops.add(b -> { // matrix–vector products: gemm with one output column or row, every transpose
            try (Matrix a = b.allocate(rows, cols); Matrix at = b.allocate(cols, rows); Matrix x = b.allocate(cols, 1); Matrix xt = b.allocate(1, cols);
                 Matrix y = b.allocate(rows, 1); Matrix yt = b.allocate(1, rows); Matrix z = b.allocate(rows, 1)) {
                b.fillGaussian(a, g, 11, 1);
                b.fillGaussian(at, g, 13, 1);
                b.fillGaussian(x, g, 17, 1);
                b.fillGaussian(xt, g, 19, 1);
                b.fillGaussian(z, g, 23, 1);
                b.gemm(Trans.N, Trans.N, 0.5, a, x, 0, y);
                b.gemm(Trans.T, Trans.T, 1, at, xt, 1, y);
                b.gemm(Trans.T, Trans.N, 1, x, at, 0, yt);
                b.gemm(Trans.N, Trans.T, 2, xt, a, -1, yt);
                b.gemm(Trans.T, Trans.N, 1, z, a, 0, xt);
                double[] out = new double[2 * rows + cols];
                System.arraycopy(b.download(y), 0, out, 0, rows);
                System.arraycopy(b.download(yt), 0, out, rows, rows);
                System.arraycopy(b.download(xt), 0, out, 2 * rows, cols);
                return out;
            }
        });
        ops.add(b -> { // syevd with vectors, and posv
            try (Matrix x = b.allocate(2 * n, n); Matrix a = b.allocate(n, n); Matrix s = b.allocate(n, n); Matrix rhs = b.allocate(n, 3)) {
                b.fillGaussian(x, g, 7, 1);
                b.syrk(Uplo.LOWER, Trans.T, 1, x, 0, a);
                b.copy(a, s);
                double[] w = new double[n];
                b.syevd(a, w, true);
                b.fillGaussian(rhs, g, 3, 1);
                b.posv(s, rhs);
                double[] v = b.download(a), sol = b.download(rhs), out = new double[n + v.length + sol.length];
                System.arraycopy(w, 0, out, 0, n);
                System.arraycopy(v, 0, out, n, v.length);
                System.arraycopy(sol, 0, out, n + v.length, sol.length);
                return out;
            }
        });
        for (int op = 0; op < ops.size(); op++) {
            double[] want = null;
            for (int threads : new int[]{1, 2, 3}) {
                double[] got;
                try (Backend b = open(threads)) { got = ops.get(op).apply(b); }
                if (want == null) want = got;
                else assertArrayEquals(want, got, 0.0, "operation group " + op + " with " + threads + " threads differs from 1 thread");
            }
        }
    }
}
