package deeprf.online;

import deeprf.backend.Backend;
import deeprf.backend.Matrix;
import deeprf.backend.Trans;

/**
 * ε_g of R readouts at once from the exact second moments: ε_r = ½(E y² − 2 bᵀv_r + v_rᵀ C v_r), through GEMMs on
 * the backend (C stays there between calls), then v_rᵀ(Cv_r) per column on the host: O(K·R) memory, never the R × R
 * matrix VᵀCV whose diagonal alone is needed (65536 replicas asked for 32 GiB). Owns its backend matrices.
 */
public final class GeneralisationError implements AutoCloseable {
    private final Backend be;
    private final StudentTeacherMoments mom;
    private final int k, r;
    private final Matrix cM, bRow, vM, cv, bv;
    private final double[] cvh, bvh;
    private boolean closed;

    public GeneralisationError(Backend be, StudentTeacherMoments mom, int replicas) {
        java.util.Objects.requireNonNull(be, "GeneralisationError: backend must not be null");
        java.util.Objects.requireNonNull(mom, "GeneralisationError: moments must not be null (OnlineRun.moments(0) gives the exact ones)");
        if (replicas < 1) throw new IllegalArgumentException("online: replicas must be >= 1, got " + replicas);
        this.be = be;
        this.mom = mom;
        this.k = mom.k();
        this.r = replicas;
        Matrix[] ms = new Matrix[5];
        try {
            ms[0] = be.upload(mom.c(), k, k);
            ms[1] = be.upload(mom.b(), 1, k);
            ms[2] = be.allocate(k, r);
            ms[3] = be.allocate(k, r);
            ms[4] = be.allocate(1, r);
        } catch (RuntimeException e) {
            for (Matrix m : ms) if (m != null) m.close();
            throw e;
        }
        cM = ms[0]; bRow = ms[1]; vM = ms[2]; cv = ms[3]; bv = ms[4];
        cvh = new double[k * r];
        bvh = new double[r];
    }

    /** ε_g of each replica's readout, {@code v} being K×R column-major. */
    public double[] errors(double[] v) {
        if (closed) throw new IllegalStateException("online: errors() on a closed GeneralisationError");
        if (v == null || v.length != (long) k * r)
            throw new IllegalArgumentException("online: errors(v) needs the K×R = " + k + "×" + r + " = " + (long) k * r
                    + " readout weights, column-major; got " + (v == null ? "null" : v.length + " numbers"));
        be.upload(v, vM);
        be.gemm(Trans.N, Trans.N, 1, cM, vM, 0, cv);
        be.gemm(Trans.N, Trans.N, 1, bRow, vM, 0, bv);
        be.download(cv, cvh);
        be.download(bv, bvh);
        double[] e = new double[r];
        for (int i = 0; i < r; i++) {
            double vcv = 0;
            for (int j = 0, off = i * k; j < k; j++) vcv += v[off + j] * cvh[off + j];
            e[i] = 0.5 * (mom.ey2() - 2 * bvh[i] + vcv);
        }
        return e;
    }

    @Override
    public void close() {
        closed = true;
        for (Matrix m : new Matrix[]{cM, bRow, vM, cv, bv}) m.close();
    }
}
