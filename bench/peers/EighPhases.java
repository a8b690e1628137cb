import deeprf.backend.java.WorkerPool;
import deeprf.backend.java.eigen.SymmetricEigenSolver;

import java.lang.foreign.*;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.*;

/**
 * Per-phase seconds (thread-CPU with 1 thread, the contention-robust figure; wall with more) of a symmetric eigendecomposition with vectors, java vs LAPACK, in ONE process, candidates
 * interleaved rep by rep (so both see the same host load):
 * <ul>
 * <li>java t threads: SymmetricEigenSolver's tridiagonalisation / divide and conquer / back-transformation;</li>
 * <li>lapack t threads (OpenBLAS threads set to t): LAPACKE dsytrd / dstedc(compz='I') / dormtr, the three calls
 *     dsyevd makes, timed one by one, and dsyevd itself as a whole.</li>
 * </ul>
 * usage: java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:OptoLoopAlignment=32 -cp target/deeprf.jar \
 *          bench/peers/EighPhases.java N REPS THREADS[,THREADS...]
 * Libraries: liblapacke.so.3 and libopenblas.so.0 (Debian's, the blas backend's defaults).
 */
public class EighPhases {
    static final Linker L = Linker.nativeLinker();
    static final SymbolLookup LAPACKE = SymbolLookup.libraryLookup("liblapacke.so.3", Arena.global());
    static final SymbolLookup OPENBLAS = SymbolLookup.libraryLookup("libopenblas.so.0", Arena.global());

    static MethodHandle fn(SymbolLookup lib, String name, FunctionDescriptor fd) {
        return L.downcallHandle(lib.find(name).orElseThrow(() -> new IllegalStateException("no symbol " + name)), fd);
    }

    static final MethodHandle SET_THREADS = fn(OPENBLAS, "openblas_set_num_threads", FunctionDescriptor.ofVoid(JAVA_INT));
    // int LAPACKE_dsytrd_work(layout, uplo, n, a, lda, d, e, tau, work, lwork)
    static final MethodHandle DSYTRD = fn(LAPACKE, "LAPACKE_dsytrd_work", FunctionDescriptor.of(JAVA_INT,
            JAVA_INT, JAVA_BYTE, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
    // int LAPACKE_dstedc_work(layout, compz, n, d, e, z, ldz, work, lwork, iwork, liwork)
    static final MethodHandle DSTEDC = fn(LAPACKE, "LAPACKE_dstedc_work", FunctionDescriptor.of(JAVA_INT,
            JAVA_INT, JAVA_BYTE, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    // int LAPACKE_dormtr_work(layout, side, uplo, trans, m, n, a, lda, tau, c, ldc, work, lwork)
    static final MethodHandle DORMTR = fn(LAPACKE, "LAPACKE_dormtr_work", FunctionDescriptor.of(JAVA_INT,
            JAVA_INT, JAVA_BYTE, JAVA_BYTE, JAVA_BYTE, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT,
            ADDRESS, JAVA_INT));
    // int LAPACKE_dsyevd_work(layout, jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork)
    static final MethodHandle DSYEVD = fn(LAPACKE, "LAPACKE_dsyevd_work", FunctionDescriptor.of(JAVA_INT,
            JAVA_INT, JAVA_BYTE, JAVA_BYTE, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    static final int COL = 102;
    static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    static void check(String what, int info) {
        if (info != 0) throw new IllegalStateException(what + " info " + info);
    }

    public static void main(String[] args) throws Throwable {
        int n = Integer.parseInt(args[0]), reps = Integer.parseInt(args[1]);
        int[] threads = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        java.util.Random r = new java.util.Random(42);
        double[] a0 = new double[n * n];
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++) {
                double v = r.nextGaussian();
                a0[i + j * n] = v;
                a0[j + i * n] = v;
            }
        Arena arena = Arena.global();
        MemorySegment aIn = arena.allocateFrom(JAVA_DOUBLE, a0), a = arena.allocate(JAVA_DOUBLE, (long) n * n);
        MemorySegment z = arena.allocate(JAVA_DOUBLE, (long) n * n), d = arena.allocate(JAVA_DOUBLE, n);
        MemorySegment e = arena.allocate(JAVA_DOUBLE, n), tau = arena.allocate(JAVA_DOUBLE, n);
        long lwork = 1 + 6L * n + 2L * n * n, liwork = 3 + 5L * n;
        MemorySegment work = arena.allocate(JAVA_DOUBLE, lwork), iwork = arena.allocate(JAVA_INT, liwork);

        int T = threads.length;
        // [candidate][phase 0..3][rep]: phase 3 = total; candidates: java t, lapack phases t, dsyevd t
        double[][][] s = new double[3 * T][4][reps];
        WorkerPool[] pools = new WorkerPool[T];
        for (int t = 0; t < T; t++) pools[t] = new WorkerPool(threads[t]);
        double[] w = new double[n];
        double[] javaV = null, javaW = null, lapackV = null, lapackW = null;
        for (int rep = -1; rep < reps; rep++) {
            for (int t = 0; t < T; t++) {
                // java
                double[] aj = a0.clone();
                if (t == 0) javaV = aj;
                long[] ph = new long[3];
                boolean one = threads[t] == 1;
                java.util.function.LongSupplier clock = one ? CPU::getCurrentThreadCpuTime : System::nanoTime;
                long t0 = clock.getAsLong();
                SymmetricEigenSolver.solve(pools[t], n, aj, w, true, clock, ph);
                long t1 = clock.getAsLong();
                if (rep >= 0) {
                    for (int p = 0; p < 3; p++) s[3 * t][p][rep] = ph[p] / 1e9;
                    s[3 * t][3][rep] = (t1 - t0) / 1e9;
                }
                // LAPACK phases
                SET_THREADS.invokeExact(threads[t]);
                a.copyFrom(aIn);
                long l0 = clock.getAsLong();
                check("dsytrd", (int) DSYTRD.invokeExact(COL, (byte) 'L', n, a, n, d, e, tau, work, (int) lwork));
                long l1 = clock.getAsLong();
                check("dstedc", (int) DSTEDC.invokeExact(COL, (byte) 'I', n, d, e, z, n, work, (int) lwork, iwork, (int) liwork));
                long l2 = clock.getAsLong();
                check("dormtr", (int) DORMTR.invokeExact(COL, (byte) 'L', (byte) 'L', (byte) 'N', n, n, a, n, tau, z, n, work, (int) lwork));
                long l3 = clock.getAsLong();
                if (rep >= 0) {
                    s[3 * t + 1][0][rep] = (l1 - l0) / 1e9;
                    s[3 * t + 1][1][rep] = (l2 - l1) / 1e9;
                    s[3 * t + 1][2][rep] = (l3 - l2) / 1e9;
                    s[3 * t + 1][3][rep] = (l3 - l0) / 1e9;
                }
                // dsyevd whole
                a.copyFrom(aIn);
                long y0 = clock.getAsLong();
                check("dsyevd", (int) DSYEVD.invokeExact(COL, (byte) 'V', (byte) 'L', n, a, n, d, work, (int) lwork, iwork, (int) liwork));
                long y1 = clock.getAsLong();
                if (rep >= 0) s[3 * t + 2][3][rep] = (y1 - y0) / 1e9;
                if (t == 0) {
                    javaW = w.clone();
                    lapackV = a.toArray(JAVA_DOUBLE);
                    lapackW = d.toArray(JAVA_DOUBLE);
                }
            }
        }
        System.out.printf("n=%d, %d reps after 1 warm-up, medians; seconds of the calling thread's CPU time for 1 thread, "
                + "wall seconds otherwise; load average at end: %s%n", n, reps,
                java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
        System.out.println("candidate          tridiag      D&C  backtr     total");
        for (int t = 0; t < T; t++) {
            String[] names = {"java", "lapack phases", "dsyevd"};
            for (int c = 0; c < 3; c++) {
                double[] med = new double[4];
                for (int p = 0; p < 4; p++) {
                    double[] x = s[3 * t + c][p].clone();
                    Arrays.sort(x);
                    med[p] = x[reps / 2];
                }
                if (c == 2) System.out.printf("%-14s t=%d                               %8.3f%n", names[c], threads[t], med[3]);
                else System.out.printf("%-14s t=%d %8.3f %8.3f %8.3f %8.3f%n", names[c], threads[t], med[0], med[1], med[2], med[3]);
            }
            double[] jt = s[3 * t][3].clone(), yt = s[3 * t + 2][3].clone();
            Arrays.sort(jt);
            Arrays.sort(yt);
            System.out.printf("java / dsyevd  t=%d                               %8.2f%n", threads[t], jt[reps / 2] / yt[reps / 2]);
        }
        // accuracy of the last decomposition of each (threads[0]), same matrix, in units of n·ulp (ulp = 2⁻⁵²)
        System.out.printf("accuracy, ‖·‖₁ in units of n·ulp: java res %.3f orth %.3f | dsyevd res %.3f orth %.3f%n",
                residual(pools[0], n, a0, javaV, javaW), orthogonality(pools[0], n, javaV),
                residual(pools[0], n, a0, lapackV, lapackW), orthogonality(pools[0], n, lapackV));
        for (WorkerPool p : pools) p.close();
    }

    static final double ULP = 0x1p-52;

    /** ‖A·V − V·Λ‖₁ / (n·ulp·‖A‖₁). */
    static double residual(WorkerPool pool, int n, double[] a, double[] v, double[] lam) {
        double[] r = new double[n * n];
        deeprf.backend.java.Dgemm.gemm(pool, false, false, n, n, n, 1.0, a, n, v, n, 0.0, r, n);
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) r[i + j * n] -= v[i + j * n] * lam[j];
        return norm1(n, r) / (n * ULP * norm1(n, a));
    }

    /** ‖VᵀV − I‖₁ / (n·ulp). */
    static double orthogonality(WorkerPool pool, int n, double[] v) {
        double[] g = new double[n * n];
        deeprf.backend.java.Dgemm.gemm(pool, true, false, n, n, n, 1.0, v, n, v, n, 0.0, g, n);
        for (int i = 0; i < n; i++) g[i + i * n] -= 1;
        return norm1(n, g) / (n * ULP);
    }

    static double norm1(int n, double[] x) {
        double best = 0;
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) s += Math.abs(x[i + j * n]);
            best = Math.max(best, s);
        }
        return best;
    }
}
