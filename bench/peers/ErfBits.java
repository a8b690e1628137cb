import deeprf.backend.*;
import java.util.*;
/**
 * A hash of the java backend's erf over N(0, σ²) inputs, σ from 0.5 to 10⁶, with special values (±0, NaN, ±∞, 3.25
 * and 6 and the doubles below them, ±1e300, the smallest subnormal) planted in each: run it on two builds and compare
 * the lines to check a change to erf's vector code leaves every bit as it was (bench/RESULTS.md, tenth session).
 * usage: java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "target/deeprf.jar:target/lib/*" \
 *          bench/peers/ErfBits.java
 */
public class ErfBits {
    public static void main(String[] a) {
        int rows = 1000, cols = 997;
        try (Backend be = Backends.open("java", BackendOptions.threads(2))) {
            Matrix h = be.allocate(rows, cols);
            long hash = 0; int changed = 0;
            for (double sigma : new double[] {0.5, 1, 2, 3, 5, 10, 100, 1e6}) {
                be.fillGaussian(h, new GaussianStream(7, 1), 0, sigma);
                double[] x = be.download(h);
                double[] sp = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3.25, -3.25, Math.nextDown(3.25), 6.0, -6.0, Math.nextDown(6.0), 1e300, -1e300, Double.MIN_VALUE};
                for (int i = 0; i < sp.length; i++) x[i * 37 + 5] = sp[i];
                be.upload(x, h);
                be.activate(h, new NeuronActivations(List.of(Activation.of(ActivationKind.ERF)), null, null));
                double[] y = be.download(h);
                for (double v : y) hash = hash * 1000003 + Double.doubleToRawLongBits(v);
            }
            System.out.printf("hash %016x%n", hash);
        }
    }
}
