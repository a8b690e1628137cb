import deeprf.backend.*;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes x, the java backend's erf(x) and the scalar reference's erf(x) as hex doubles, one point per line, for
 * bench/tools/fit_erf.py --check (which measures both against mpmath). The points: a quarter each uniform on
 * [0, 3.25], near the rational function's end [2.9, 3.25], around erf = 0.5 (x ≈ 0.477, where an ulp halves) and on
 * the tail [3.25, 6].
 * usage: java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "target/deeprf.jar:target/lib/*" \
 *          bench/peers/ErfDump.java POINTS OUT.txt
 */
public class ErfDump {
    public static void main(String[] args) throws IOException {
        if (args.length != 2) throw new IllegalArgumentException("usage: ErfDump POINTS OUT.txt");
        int n = Integer.parseInt(args[0]);
        SplittableRandom r = new SplittableRandom(5);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = switch (i % 4) {
            case 0 -> r.nextDouble(0, 3.25);
            case 1 -> r.nextDouble(2.9, 3.25);
            case 2 -> r.nextDouble(0.4, 0.55);
            default -> r.nextDouble(3.25, 6);
        };
        Activation erf = Activation.of(ActivationKind.ERF);
        double[] y;
        try (Backend be = Backends.open("java", BackendOptions.threads(1))) {
            Matrix m = be.upload(x, n, 1);
            be.activate(m, new NeuronActivations(List.of(erf), null, null));
            y = be.download(m);
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(args[1])))) {
            for (int i = 0; i < n; i++)
                w.println(Double.toHexString(x[i]) + " " + Double.toHexString(y[i]) + " " + Double.toHexString(erf.apply(x[i])));
        }
    }
}
