import deeprf.backend.*;
import java.util.*;
/** Hash of the java backend's erf over N(0, σ²) inputs for several σ, plus specials (a bit-identity check of two builds). */
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
