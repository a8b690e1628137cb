import deeprf.backend.*;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A table-driven erf measured against the java backend's (VectorActivations' (9, 9) rational function), one thread,
 * in one process, round by round: the eighth session's attempt to make erf memory-bound (not adopted; numbers in
 * bench/RESULTS.md). The table: 16 intervals of |x| up to 6, a degree-12 polynomial in t = |x| − k·w on each
 * (bench/tools/fit_erf_table.py), every coefficient picked per lane by one two-table permute (vpermi2q). No
 * division and no tail path, but 13 permutes per 8-lane vector.
 *
 * Both run in place on the same Gaussian n × n data, refreshed (untimed) before each call; the backend's copy of
 * the matrix is the yardstick, as in ActivationAB. First prints the table's worst distance from the reference erf.
 * (Before the eighth session made erfLoop allocation-free, the backend's erf read ~5 GB/s for a whole JVM in some
 * runs of this program; RESULTS, eighth session.)
 * usage: java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:OptoLoopAlignment=32 \
 *          -cp "target/deeprf.jar:target/lib/*" bench/peers/ErfTableAB.java N ROUNDS
 */
public class ErfTableAB {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_512;
    private static final VectorSpecies<Long> SL = LongVector.SPECIES_512;

    static final double W = 0.3870967741935484, INV_W = 2.5833333333333335;
    /** C[j][k]: coefficient of t^j on interval k. */
    static final double[][] C = {
        {0.0, 0.41592180746542934, 0.7264286040627024, 0.8994747470676249, 0.9714576296066474, 0.9938033044477493, 0.9989788182878089, 0.999872926584191, 0.9999881048113342, 0.999999164715726, 0.999999956094177, 0.9999999982752547, 0.9999999999494307, 0.9999999999988944, 0.999999999999982, 0.9999999999999998},
        {1.1283791670955126, 0.9713565542465893, 0.619654377063373, 0.29293252819416, 0.10262021238736897, 0.02664068881724523, 0.005125133960615491, 0.0007306547709535375, 7.719096293663104e-05, 6.043213311666232e-06, 3.5060380157275754e-07, 1.5073445974861275e-08, 4.802371000501172e-10, 1.133825181139296e-11, 1.9837353026777097e-13, 2.571985599129439e-15},
        {7.0059500004967956e-15, -0.3760089887406098, -0.4797324209522982, -0.3401797101609447, -0.15889581272882472, -0.05156262351724653, -0.011903536940788105, -0.0019798387341708424, -0.0002390429820233206, -2.1053775422483913e-05, -1.357176004878895e-06, -6.418371622262344e-08, -2.2307494544834312e-09, -5.70245585405253e-11, -1.089868779269374e-12, -1.2156544792563463e-14},
        {-0.37612638903278417, -0.22675094034293916, 0.04105237114734228, 0.16572076083443818, 0.12981474664477965, 0.05765218783573744, 0.01672290501822371, 0.003332931284381083, 0.0004677777708844358, 4.6884686831726097e-05, 3.3855217592313762e-06, 1.7717442388827474e-07, 6.748139172082918e-09, 1.8763764967892246e-10, 3.817950124199422e-12, 5.695228322874184e-14},
        {5.91194675408935e-11, 0.16922360835532843, 0.14401956654233372, 0.017168278813251336, -0.04753646842935598, -0.038604898669141754, -0.015452302115350182, -0.003855638081554218, -0.0006446200650444516, -7.465217149649852e-05, -6.100231015881133e-06, -3.55813192902222e-07, -1.4935768379246294e-08, -4.600311724055304e-10, -6.824005157286711e-12, -7.534960453234202e-13},
        {0.11283791465442645, 0.0418229169925033, -0.05691531895092518, -0.057691170742833676, -0.009502482269497832, 0.012592007161452727, 0.00933881561966173, 0.003179134782935106, 0.0006581637888896459, 8.996601178386792e-05, 8.429862073726015e-06, 5.528817830232779e-07, 2.5715535470895246e-08, 8.557574419577929e-10, 2.0504090802440183e-11, 3.5535372173927283e-13},
        {4.376233703960078e-08, -0.050522800893214606, -0.023717393748844302, 0.01775385869142954, 0.017580898667545967, 0.002170764108188278, -0.0031094369826688184, -0.0018433059206490784, -0.0005074967010663764, -8.456968766437574e-05, -9.250489577479247e-06, -6.900620241502998e-07, -3.526313737060395e-08, -6.804434024696508e-10, -3.238551069797749e-10, 5.3637118721179187e-11},
        {-0.02686677147259073, -0.004370067136139138, 0.018797501437521392, 0.007845318708323435, -0.005515227803151829, -0.004198521914184669, -0.00016012219603998956, 0.0006701394995829666, 0.0002923231847760488, 6.275917070168393e-05, 8.223871507537424e-06, 7.076297541906102e-07, 4.1439412601320935e-08, 1.6864845294706278e-09, 4.8339553557806834e-11, 9.873262836289828e-13},
        {5.440848213213867e-06, 0.011249218865430783, 0.001444085463980285, -0.0060820829678572535, -0.0016324141580002468, 0.0015663766281106982, 0.0007592857706013897, -5.89936158863275e-05, -0.00011754297997348513, -3.652695213707275e-05, -5.9773814794640936e-06, -5.960826400727483e-07, -6.594761244134061e-08, -3.005426359042797e-08, 1.2820272333006223e-08, -2.4162021662482433e-09},
        {0.005191511699245708, -0.00011771813099763745, -0.0039031275717382814, 4.378580227474449e-05, 0.0016340443118110606, 0.0001427768458657958, -0.00036076150264621715, -9.481363310484564e-05, 2.4066540047809013e-05, 1.608709952218555e-05, 3.541879882032598e-06, 4.3521479209613285e-07, 3.366970673516042e-08, 1.7270200105408538e-09, 6.075771944774052e-11, 1.4215824555559887e-12},
        {0.00012413926132066682, -0.0019905388813774077, 0.00034729301067202493, 0.0010712894046540865, -0.00021566582368896358, -0.000333673388239354, 3.250829685440464e-05, 6.234334783614179e-05, 5.514232259858005e-06, -4.974456500069334e-06, -1.657294065346488e-06, -4.6322843093998033e-07, 5.205247044778805e-07, 6.010885651434426e-07, -2.7506545440856106e-07, 5.156716283333391e-08},
        {-0.0011384015988238816, 0.00015462777260014918, 0.0005815843560824549, -0.0002268630206989253, -0.00020556716048722876, 9.175041943771856e-05, 4.54603531450385e-05, -1.4573949485558991e-05, -7.353325020413772e-06, 3.1323349837222507e-07, 6.018562721418318e-07, 1.344796299258982e-07, 1.5285854836373913e-08, 1.0596374162528978e-09, 4.431616580387524e-11, 1.9532568769873502e-12},
        {0.0003291099656513862, 0.0002871902367319323, -0.00012359846496730936, -0.00011887863842204457, 8.362879246097169e-05, 2.0244703514036497e-05, -2.1591948448536967e-05, -6.678605825117985e-06, 6.805447849445676e-06, 2.6724844764950847e-06, -3.160276445667279e-07, 1.589529055129073e-06, -4.481176073068293e-06, -4.94914646977406e-06, 2.2586843054244137e-06, -4.2354380114784946e-07},
    };

    /** C as raw bits, two 8-lane halves per coefficient. */
    private static final long[] BITS = new long[C.length * 16];
    static {
        for (int j = 0; j < C.length; j++)
            for (int k = 0; k < 16; k++) BITS[16 * j + k] = Double.doubleToRawLongBits(C[j][k]);
    }

    /** d ← erf(d) for len a multiple of 8. Every table half is a local, so C2 keeps what fits in registers. */
    static void tableErf(double[] d, int len) {
        LongVector a0 = lo(0), b0 = hi(0), a1 = lo(1), b1 = hi(1), a2 = lo(2), b2 = hi(2), a3 = lo(3), b3 = hi(3),
                a4 = lo(4), b4 = hi(4), a5 = lo(5), b5 = hi(5), a6 = lo(6), b6 = hi(6), a7 = lo(7), b7 = hi(7),
                a8 = lo(8), b8 = hi(8), a9 = lo(9), b9 = hi(9), a10 = lo(10), b10 = hi(10), a11 = lo(11), b11 = hi(11),
                a12 = lo(12), b12 = hi(12);
        for (int i = 0; i < len; i += 8) {
            DoubleVector x = DoubleVector.fromArray(S, d, i);
            DoubleVector ax = x.lanewise(VectorOperators.ABS);
            DoubleVector y = ax.fma(DoubleVector.broadcast(S, INV_W), DoubleVector.broadcast(S, 0x1p52));
            LongVector k = y.reinterpretAsLongs();                  // round(|x|/w) in the low bits
            DoubleVector t = y.sub(0x1p52).fma(DoubleVector.broadcast(S, -W), ax);
            DoubleVector p = k.selectFrom(a12, b12).reinterpretAsDoubles();
            p = p.fma(t, k.selectFrom(a11, b11).reinterpretAsDoubles());
            p = p.fma(t, k.selectFrom(a10, b10).reinterpretAsDoubles());
            p = p.fma(t, k.selectFrom(a9, b9).reinterpretAsDoubles());
            p = p.fma(t, k.selectFrom(a8, b8).reinterpretAsDoubles());
            p = p.fma(t, k.selectFrom(a7, b7).reinterpretAsDoubles());
            p = p.fma(t, k.selectFrom(a6, b6).reinterpretAsDoubles());
            p = p.fma(t, k.selectFrom(a5, b5).reinterpretAsDoubles());
            p = p.fma(t, k.selectFrom(a4, b4).reinterpretAsDoubles());
            p = p.fma(t, k.selectFrom(a3, b3).reinterpretAsDoubles());
            p = p.fma(t, k.selectFrom(a2, b2).reinterpretAsDoubles());
            p = p.fma(t, k.selectFrom(a1, b1).reinterpretAsDoubles());
            p = p.fma(t, k.selectFrom(a0, b0).reinterpretAsDoubles());
            p = p.blend(1.0, ax.compare(VectorOperators.GE, 6.0));   // false for NaN: NaN stays
            p.reinterpretAsLongs().or(x.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles().intoArray(d, i);
        }
    }

    private static LongVector lo(int j) { return LongVector.fromArray(SL, BITS, 16 * j); }
    private static LongVector hi(int j) { return LongVector.fromArray(SL, BITS, 16 * j + 8); }

    private static long ulps(double a, double b) {
        long la = Double.doubleToLongBits(a), lb = Double.doubleToLongBits(b);
        return Math.abs((la < 0 ? Long.MIN_VALUE - la : la) - (lb < 0 ? Long.MIN_VALUE - lb : lb));
    }

    public static void main(String[] args) {
        if (args.length != 2) throw new IllegalArgumentException("usage: ErfTableAB N ROUNDS");
        int n = Integer.parseInt(args[0]), rounds = Integer.parseInt(args[1]);
        if (DoubleVector.SPECIES_PREFERRED.length() < 8)
            throw new IllegalStateException("ErfTableAB needs 8-lane double vectors (AVX-512): this JVM prefers "
                    + DoubleVector.SPECIES_PREFERRED.length());
        Activation erf = Activation.of(ActivationKind.ERF);

        int points = 1 << 24;
        double[] x = new double[points], y = new double[points];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < points; i++) x[i] = i % 2 == 0 ? r.nextDouble(-6.5, 6.5) : r.nextGaussian();
        System.arraycopy(x, 0, y, 0, points);
        tableErf(y, points);
        long worst = 0, atWorst = 0;
        for (int i = 0; i < points; i++) {
            long u = ulps(y[i], erf.apply(x[i]));
            if (u > worst) { worst = u; atWorst = 0; }
            if (u == worst) atWorst++;
        }
        System.out.printf("table erf: within %d ulps of the reference erf (%d of %d points at %d)%n", worst, atWorst, points, worst);

        NeuronActivations plan = new NeuronActivations(List.of(erf), null, null);
        try (Backend be = Backends.open("java", BackendOptions.threads(1))) {
            Matrix h = be.allocate(n, n), target = be.allocate(n, n);
            be.fillGaussian(h, new GaussianStream(3, 0), 0, 1.0);
            double[] source = be.download(h), buf = source.clone();
            double bytes = 16.0 * n * n;
            double[] copy = new double[rounds], rational = new double[rounds], table = new double[rounds];
            long warmupEnd = System.nanoTime() + 10_000_000_000L;   // C2 must have compiled both loops (see ActivationAB)
            for (int round = -5; round < rounds; round++) {
                if (round == 0 && System.nanoTime() < warmupEnd) round = -1;
                long t0 = System.nanoTime();
                be.copy(h, target);
                be.synchronize();
                long t1 = System.nanoTime();
                be.upload(source, h);
                long t2 = System.nanoTime();
                be.activate(h, plan);
                be.synchronize();
                long t3 = System.nanoTime();
                System.arraycopy(source, 0, buf, 0, buf.length);
                long t4 = System.nanoTime();
                tableErf(buf, buf.length);
                long t5 = System.nanoTime();
                if (round >= 0) {
                    copy[round] = bytes / (t1 - t0);
                    rational[round] = bytes / (t3 - t2);
                    table[round] = bytes / (t5 - t4);
                }
            }
            double[] ratio = new double[rounds];
            for (int i = 0; i < rounds; i++) ratio[i] = table[i] / rational[i];
            System.out.printf("erf n = %d (%d MiB), 1 thread, %d interleaved rounds; load average %s%n",
                    n, (long) n * n * 8 >> 20, rounds, PeerStats.loadAverage());
            System.out.printf("  copy      GB/s %s%n", PeerStats.medianQuartiles(copy, "%.1f"));
            System.out.printf("  rational  GB/s %s%n", PeerStats.medianQuartiles(rational, "%.1f"));
            System.out.printf("  table     GB/s %s; per-round ratio table/rational: %s%n",
                    PeerStats.medianQuartiles(table, "%.1f"), PeerStats.medianQuartiles(ratio, "%.3f"));
        }
    }
}
