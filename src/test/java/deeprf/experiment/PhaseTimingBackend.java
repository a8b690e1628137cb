package deeprf.experiment;

import deeprf.backend.Backend;
import deeprf.backend.EigenBasis;
import deeprf.backend.GaussianStream;
import deeprf.backend.Matrix;
import deeprf.backend.NeuronActivations;
import deeprf.backend.Trans;
import deeprf.backend.Uplo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A profiling decorator for the end-to-end timings (bench/gpu): delegates every call to a real backend, waits for
 * it ({@link Backend#synchronize()}, so asynchronous cuda work is charged to the call that queued it), and adds its
 * wall time to the phase of the pipeline that made the call, read from the call stack:
 * <ul>
 *   <li>{@code generation}: {@code Network} (weights), {@code Teacher} (β and the labels βᵀx), {@code Trial} itself
 *       (the Gaussian inputs);</li>
 *   <li>{@code layers}: {@code FeatureMap} (one GEMM and one activation per layer);</li>
 *   <li>{@code gram}: {@code StreamingRidge} and its {@code add} (ΦᵀΦ by syrk, Φᵀy, feature sums);</li>
 *   <li>{@code eigh}: {@code StreamingRidge.solve} (the one eigendecomposition and the λ' grid from it);</li>
 *   <li>{@code errors}: {@code StreamingRidge.accumulateTest} (test predictions for every λ' and their residuals);</li>
 *   <li>anything else by its caller's class and method, so nothing is hidden when the pipeline changes.</li>
 * </ul>
 * Host work between backend calls (label noise, residual sums, bookkeeping) is not in any phase: the caller reports
 * it as the draw's wall time minus the phases. Profiling serialises host and device, so a profiled draw is somewhat
 * slower than a plain one; the plain draw gives the total, this one where it goes. Not for production runs.
 */
final class PhaseTimingBackend implements Backend {
    private final Backend be;
    private final LongSupplier deviceUsedBytes;
    private final Map<String, double[]> phases = new LinkedHashMap<>();
    private long peakDeviceUsed = -1;

    /**
     * @param be              the backend that does the work (not closed by this decorator's {@link #close()})
     * @param deviceUsedBytes polled after every call for the peak device memory in use, or null
     */
    PhaseTimingBackend(Backend be, LongSupplier deviceUsedBytes) {
        this.be = be;
        this.deviceUsedBytes = deviceUsedBytes;
        for (String p : new String[]{"generation", "layers", "gram", "eigh", "errors"}) phases.put(p, new double[2]);
    }

    /** Seconds per phase, in pipeline order, then any other callers. */
    Map<String, Double> seconds() {
        Map<String, Double> m = new LinkedHashMap<>();
        phases.forEach((k, v) -> m.put(k, v[0]));
        return m;
    }

    /** Backend calls per phase. */
    Map<String, Long> calls() {
        Map<String, Long> m = new LinkedHashMap<>();
        phases.forEach((k, v) -> m.put(k, (long) v[1]));
        return m;
    }

    /** The most device memory in use after any call (the supplier's view), or -1 without a supplier. */
    long peakDeviceUsedBytes() { return peakDeviceUsed; }

    /** The phase of the innermost pipeline frame that called into this decorator. */
    static String phaseOf(String className, String method) {
        int nested = className.indexOf('$');
        String c = nested < 0 ? className : className.substring(0, nested);
        return switch (c) {
            case "deeprf.model.Network", "deeprf.model.Teacher", "deeprf.experiment.Trial" -> "generation";
            case "deeprf.model.FeatureMap" -> "layers";
            case "deeprf.experiment.StreamingRidge" -> switch (method) {
                case "add", "<init>" -> "gram";
                case "solve" -> "eigh";
                case "accumulateTest" -> "errors";
                default -> "StreamingRidge." + method;
            };
            default -> c.substring(c.lastIndexOf('.') + 1) + "." + method;
        };
    }

    private static final StackWalker WALKER = StackWalker.getInstance();

    private static String callerPhase() {
        return WALKER.walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith(PhaseTimingBackend.class.getName())   // and its nested classes
                        && !f.getClassName().startsWith("deeprf.backend."))
                .findFirst()
                .map(f -> phaseOf(f.getClassName(), f.getMethodName()))
                .orElse("unknown"));
    }

    private <T> T timed(Supplier<T> call) {
        String phase = callerPhase();
        long t0 = System.nanoTime();
        T result = call.get();
        be.synchronize();
        double s = (System.nanoTime() - t0) * 1e-9;
        double[] acc = phases.computeIfAbsent(phase, k -> new double[2]);
        acc[0] += s;
        acc[1] += 1;
        if (deviceUsedBytes != null) peakDeviceUsed = Math.max(peakDeviceUsed, deviceUsedBytes.getAsLong());
        return result;
    }

    private void timed(Runnable call) {
        timed(() -> {
            call.run();
            return null;
        });
    }

    @Override public String name() { return be.name(); }

    @Override public String description() { return be.description(); }

    @Override public int threads() { return be.threads(); }

    @Override public Matrix allocate(long rows, long cols) { return timed(() -> be.allocate(rows, cols)); }

    @Override public Matrix upload(double[] colMajor, long rows, long cols) { return timed(() -> be.upload(colMajor, rows, cols)); }

    @Override public void upload(double[] colMajor, Matrix dst) { timed(() -> be.upload(colMajor, dst)); }

    @Override public void download(Matrix src, double[] dst) { timed(() -> be.download(src, dst)); }

    @Override public void copy(Matrix src, Matrix dst) { timed(() -> be.copy(src, dst)); }

    @Override public void fill(Matrix m, double value) { timed(() -> be.fill(m, value)); }

    @Override
    public void gemm(Trans transA, Trans transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        timed(() -> be.gemm(transA, transB, alpha, a, b, beta, c));
    }

    @Override
    public void syrk(Uplo uplo, Trans trans, double alpha, Matrix a, double beta, Matrix c) {
        timed(() -> be.syrk(uplo, trans, alpha, a, beta, c));
    }

    @Override public void symmetrize(Uplo from, Matrix c) { timed(() -> be.symmetrize(from, c)); }

    @Override public void scale(double alpha, Matrix m) { timed(() -> be.scale(alpha, m)); }

    @Override public void axpy(double alpha, Matrix x, Matrix y) { timed(() -> be.axpy(alpha, x, y)); }

    @Override public void activate(Matrix m, NeuronActivations plan) { timed(() -> be.activate(m, plan)); }

    @Override public void addToRows(Matrix m, double[] v, double alpha) { timed(() -> be.addToRows(m, v, alpha)); }

    @Override public void rowSums(Matrix m, double[] out) { timed(() -> be.rowSums(m, out)); }

    @Override public void columnSquaredNorms(Matrix m, double[] out) { timed(() -> be.columnSquaredNorms(m, out)); }

    @Override
    public void fillGaussian(Matrix m, GaussianStream stream, long offset, double stddev) {
        timed(() -> be.fillGaussian(m, stream, offset, stddev));
    }

    @Override public void syevd(Matrix a, double[] w, boolean vectors) { timed(() -> be.syevd(a, w, vectors)); }

    /** The basis's products are timed too, charged to the phase of their caller. */
    @Override
    public EigenBasis syevdBasis(Matrix a, double[] w) {
        EigenBasis basis = timed(() -> be.syevdBasis(a, w));
        return new EigenBasis() {
            @Override public int n() { return basis.n(); }
            @Override public void multiply(Trans trans, Matrix x, Matrix out) { timed(() -> basis.multiply(trans, x, out)); }
            @Override public void close() { basis.close(); }
        };
    }

    @Override public void posv(Matrix a, Matrix b) { timed(() -> be.posv(a, b)); }

    @Override public void synchronize() { be.synchronize(); }

    /** Leaves the real backend open: its owner closes it. */
    @Override public void close() {}

    @Override public boolean isClosed() { return be.isClosed(); }
}
