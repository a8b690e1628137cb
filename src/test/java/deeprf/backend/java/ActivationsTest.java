package deeprf.backend.java;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;
import deeprf.backend.NeuronActivations;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static deeprf.testing.Bitwise.assertBits;
import static deeprf.backend.java.KernelTestSupport.paths;
import static deeprf.backend.java.KernelTestSupport.vectorPath;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Activations on both paths against the reference {@link Activation#apply}. Tolerance: linear, relu, abs, sign and
 * clipped-linear must be bitwise equal (same IEEE operations); tanh, sigmoid and erf within the bounds that
 * {@link VectorActivations} documents and derives (tanh 4, sigmoid 4, erf 4 ulps of the reference value; the scalar
 * path is the reference itself).
 */
class ActivationsTest {
    static double ulps(ActivationKind k) {
        return switch (k) {
            case TANH -> VectorActivations.TANH_ULPS;
            case SIGMOID -> VectorActivations.SIGMOID_ULPS;
            case ERF -> VectorActivations.ERF_ULPS;
            default -> 0;
        };
    }

    static List<Activation> catalogue() {
        List<Activation> list = new ArrayList<>();
        for (ActivationKind k : ActivationKind.values()) list.add(Activation.of(k));
        list.add(new Activation(ActivationKind.TANH, 2.0, 0));
        list.add(new Activation(ActivationKind.ERF, 1 / Math.sqrt(2), 0));
        list.add(new Activation(ActivationKind.LINEAR, -0.3, 0));
        list.add(new Activation(ActivationKind.CLIPPED_LINEAR, 1.1, 2));
        return list;
    }

    /** Inputs covering every erf interval edge, signed zeros, NaN, infinities, tiny and huge values. */
    static double[] inputs(int len, long seed) {
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-300, -1e-300,
                0x1p-29, -0x1p-29, 0.84375, -0.84375, Math.nextDown(0.84375), 1.25, -1.25, Math.nextDown(1.25), 2.5, -2.5, Math.nextDown(2.5),
                3.25, -3.25, Math.nextDown(3.25), 1 / 0.35, -1 / 0.35, 6.0, -6.0, Math.nextDown(6.0), 20, -20, 710, -710, 1e300, -1e300, 1, -1, 2, -2, 0.5};
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            int kind = r.nextInt(4);
            x[i] = kind == 0 ? special[r.nextInt(special.length)] : kind == 1 ? r.nextDouble(-8, 8) : kind == 2 ? r.nextDouble(-1.5, 1.5) : r.nextGaussian() * 3;
        }
        return x;
    }

    static boolean exactKind(ActivationKind k) {
        return k != ActivationKind.TANH && k != ActivationKind.ERF && k != ActivationKind.SIGMOID;
    }

    static void assertClose(Activation f, double in, double expect, double got, String where) {
        if (Double.isNaN(expect) || exactKind(f.kind()) || Double.isInfinite(expect)) {
            assertEquals(Double.doubleToLongBits(expect), Double.doubleToLongBits(got),
                    () -> where + ": " + f.label() + "(" + in + ") = " + got + ", reference " + expect);
            return;
        }
        double ulps = Math.abs(got - expect) / Math.ulp(expect);
        if (!(ulps <= ulps(f.kind()))) fail(where + ": " + f.label() + "(" + in + ") = " + got + ", reference " + expect + " (" + ulps + " ulps)");
    }

    @Test
    void everyActivationOnBothPathsMatchesTheReference() {
        int[] rowsList = {1, 3, 17, 33, 257, 1100};   // 1100: erf in three chunks of 64 vectors, with the bias offset
        for (VectorSupport path : paths())
            for (Activation f : catalogue())
                for (int rows : rowsList)
                    for (boolean withBias : new boolean[]{false, true}) {
                        int cols = 5;
                        double[] x = inputs(rows * cols, rows * 31L + f.kind().code());
                        double[] bias = withBias ? inputs(rows, 7) : null;
                        if (bias != null) for (int i = 0; i < rows; i++) if (!Double.isFinite(bias[i])) bias[i] = 0.25;
                        double[] d = x.clone();
                        try (WorkerPool pool = new WorkerPool(2)) {
                            Activations.apply(pool, new NeuronActivations(List.of(f), null, bias), d, rows, cols, path.enabled());
                        }
                        for (int j = 0; j < cols; j++)
                            for (int i = 0; i < rows; i++) {
                                int o = i + j * rows;
                                double in = bias == null ? x[o] : x[o] + bias[i];
                                assertClose(f, in, f.apply(in), d[o], path.reason() + " rows=" + rows + " (" + i + "," + j + ")");
                            }
                    }
    }

    /**
     * tanh, sigmoid and erf on the vector path over wide ranges — the erf intervals, moderate and large arguments,
     * magnitudes from subnormal to 1e3, [−750, 750] (exp's overflow and underflow edges), arbitrary bit patterns,
     * ±[0.15, 0.4] (where tanh's numerator partly cancels) and the special values — each within its documented
     * bound, ±0 keeping its sign where the reference keeps it.
     */
    @Test
    void transcendentalsStayWithinTheirBoundsOverWideRanges() {
        vectorPath();
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
                -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL, 1e-310, -1e-310, Double.MAX_VALUE, -Double.MAX_VALUE,
                0x1p-28, Math.nextDown(0x1p-28), 0.84375, Math.nextDown(0.84375), 1.25, Math.nextDown(1.25), 2.5, Math.nextDown(2.5), 1 / 0.35,
                Math.nextDown(1 / 0.35), 3.25, Math.nextDown(3.25), 6.0, Math.nextDown(6.0), 0.173, 0.625, 20, 36.9, -36.9, 40, 708.4, -708.4, 709.78,
                -709.78, 709.79, -709.79, 710, -710, 745, -745, 746, -746};
        List<Activation> fs = List.of(Activation.TANH, new Activation(ActivationKind.TANH, 2.0, 0),
                Activation.of(ActivationKind.SIGMOID), Activation.of(ActivationKind.ERF),
                new Activation(ActivationKind.ERF, 1 / Math.sqrt(2), 0));
        SplittableRandom r = new SplittableRandom(17);
        int n = 1 << 13;
        for (int set = 0; set < 8; set++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = switch (set) {
                    case 0 -> r.nextDouble(-1.3, 1.3);
                    case 1 -> r.nextDouble(-8, 8);
                    case 2 -> r.nextGaussian() * 3;
                    case 3 -> (r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextDouble(-323, 3));
                    case 4 -> r.nextDouble(-750, 750);
                    case 5 -> Double.longBitsToDouble(r.nextLong());
                    case 6 -> (r.nextBoolean() ? 1 : -1) * r.nextDouble(0.15, 0.4);   // tanh's k = 1: its tightest spot
                    default -> special[i % special.length] * (i < special.length ? 1 : Math.scalb(1.0, -(i % 3)));
                };
            }
            for (Activation f : fs) {
                double[] d = x.clone();
                VectorActivations.apply(f, d, 0, n, null, 0);
                for (int i = 0; i < n; i++) {
                    double expect = f.apply(x[i]);
                    assertClose(f, x[i], expect, d[i], "set " + set);
                    if (expect == 0) assertEquals(Double.doubleToLongBits(expect), Double.doubleToLongBits(d[i]), f.label() + "(" + x[i] + ") sign of zero");
                }
            }
        }
    }

    /**
     * The vector erf around every edge where its formula or the reference's changes (the reference's 2^-28, 1.25
     * and 1/0.35; the vector's {@link VectorActivations#ERF_TAIL}; 6): at
     * each, 10^5 points — the 25 000 consecutive doubles on either side and 50 000 uniform within ±2 % — of both
     * signs, plus 2^20 uniform points over [−6.5, 6.5], all within {@value VectorActivations#ERF_ULPS} ulps of the
     * reference. A wrong coefficient in the rational function cannot hide from this (the highest terms matter most
     * at its end, 3.25, where consecutive doubles are taken; the lowest near 0, covered by the uniform points), nor
     * one in the tail polynomial (largest just above 3.25: ET1 cut to 10 digits gave 49 ulps there).
     */
    @Test
    void vectorErfStaysWithinItsBoundAroundEveryIntervalEdge() {
        vectorPath();
        Activation erf = Activation.of(ActivationKind.ERF);
        double[] edges = {0x1p-28, 1.25, 1 / 0.35, VectorActivations.ERF_TAIL, 6.0};
        SplittableRandom r = new SplittableRandom(23);
        for (double edge : edges) {
            int n = 100_000;
            double[] x = new double[n];
            double up = edge, down = edge;
            for (int i = 0; i < n / 4; i++) {
                x[2 * i] = up;
                x[2 * i + 1] = -(down = Math.nextDown(down));
                up = Math.nextUp(up);
            }
            for (int i = n / 2; i < n; i++) x[i] = (i % 2 == 0 ? 1 : -1) * edge * r.nextDouble(0.98, 1.02);
            double[] d = x.clone();
            VectorActivations.apply(erf, d, 0, n, null, 0);
            for (int i = 0; i < n; i++) assertClose(erf, x[i], erf.apply(x[i]), d[i], "edge " + edge);
        }
        int n = 1 << 20;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = r.nextDouble(-6.5, 6.5);
        double[] d = x.clone();
        VectorActivations.apply(erf, d, 0, n, null, 0);
        for (int i = 0; i < n; i++) assertClose(erf, x[i], erf.apply(x[i]), d[i], "uniform on [-6.5, 6.5]");
    }

    @Test
    void mixtureWithBiasUsesEachNeuronsChoice() {
        List<Activation> choices = List.of(Activation.TANH, Activation.RELU, Activation.of(ActivationKind.ERF));
        int rows = 37, cols = 4;
        byte[] choiceOf = new byte[rows];
        double[] bias = new double[rows];
        for (int i = 0; i < rows; i++) { choiceOf[i] = (byte) (i % 3); bias[i] = 0.1 * i - 1; }
        NeuronActivations plan = new NeuronActivations(choices, choiceOf, bias);
        for (VectorSupport path : paths()) {
            double[] x = inputs(rows * cols, 3), d = x.clone();
            try (WorkerPool pool = new WorkerPool(2)) {
                Activations.apply(pool, plan, d, rows, cols, path.enabled());
            }
            for (int j = 0; j < cols; j++)
                for (int i = 0; i < rows; i++) {
                    double expect = choices.get(choiceOf[i]).apply(x[i + j * rows] + bias[i]);
                    assertEquals(Double.doubleToLongBits(expect), Double.doubleToLongBits(d[i + j * rows]), "neuron " + i);
                }
        }
    }

    /**
     * With a bias, Activations runs a chunk of rows across a block of columns at a time; each element must still get
     * exactly the bits of a column-by-column pass: 1100 rows are two full chunks and one with a scalar remainder,
     * 19 columns two full blocks and a short one, split over one to three threads.
     */
    @Test
    void withBiasTheChunkOrderGivesTheBitsOfColumnByColumn() {
        int rows = 1100, cols = 19;
        double[] bias = inputs(rows, 5);
        for (int i = 0; i < rows; i++) if (!Double.isFinite(bias[i])) bias[i] = -0.5;
        for (VectorSupport path : paths())
            for (Activation f : catalogue()) {
                double[] x = inputs(rows * cols, 11), expect = x.clone();
                for (int j = 0; j < cols; j++) Activations.column(f, expect, j * rows, rows, bias, path.enabled());
                for (int threads = 1; threads <= 3; threads++) {
                    double[] d = x.clone();
                    try (WorkerPool pool = new WorkerPool(threads)) {
                        Activations.apply(pool, new NeuronActivations(List.of(f), null, bias), d, rows, cols, path.enabled());
                    }
                    assertBits(path.reason() + " " + f.label() + " threads=" + threads, expect, d);
                }
            }
    }

    @Test
    void bitwiseIdenticalForOneTwoThreeThreads() {
        int rows = 301, cols = 257;
        for (VectorSupport path : paths())
            for (Activation f : catalogue()) {
                double[] x = inputs(rows * cols, 9), first = null;
                for (int threads = 1; threads <= 3; threads++) {
                    double[] d = x.clone();
                    try (WorkerPool pool = new WorkerPool(threads)) {
                        Activations.apply(pool, NeuronActivations.uniform(f), d, rows, cols, path.enabled());
                    }
                    if (first == null) first = d;
                    else assertBits(path.reason() + " " + f.label() + " threads=" + threads, first, d);
                }
            }
    }
}
