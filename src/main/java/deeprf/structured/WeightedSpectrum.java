package deeprf.structured;

import java.util.Arrays;

/**
 * A spectrum as distinct positive values v_j with dimension fractions w_j (Σ w_j = 1) and, optionally, a target mass
 * m_j carried by each value. Equal values are merged, so identity and two-level spectra cost O(1) per evaluation.
 * Provides the normalised degrees of freedom df(k) = Σ w_j v_j/(v_j + k) and its inverse, the workhorse of the
 * S-transform: for a positive definite Σ, S_Σ(−f) = (1 − f)/(f·k) with df(k) = f.
 */
final class WeightedSpectrum {
    final double[] v, w, m;

    WeightedSpectrum(double[] values, double[] mass) {
        int n = values.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(values[b], values[a]));
        double[] vv = new double[n], ww = new double[n], mm = new double[n];
        int k = -1;
        for (int t = 0; t < n; t++) {
            int i = idx[t];
            double x = values[i];
            if (!(x > 0) || !Double.isFinite(x))
                throw new IllegalArgumentException("spectrum value " + i + " is " + x + "; the covariance must be positive definite");
            if (k < 0 || vv[k] != x) { k++; vv[k] = x; }
            ww[k] += 1.0 / n;
            mm[k] += mass == null ? 0 : mass[i];
        }
        v = Arrays.copyOf(vv, k + 1);
        w = Arrays.copyOf(ww, k + 1);
        m = Arrays.copyOf(mm, k + 1);
    }

    double mean() {
        double s = 0;
        for (int j = 0; j < v.length; j++) s += w[j] * v[j];
        return s;
    }

    /** df(k) = Σ w_j v_j/(v_j + k). */
    double df(double k) {
        double s = 0;
        for (int j = 0; j < v.length; j++) s += w[j] * v[j] / (v[j] + k);
        return s;
    }

    /** d df/dk = −Σ w_j v_j/(v_j + k)². */
    double dfPrime(double k) {
        double s = 0;
        for (int j = 0; j < v.length; j++) {
            double d = v[j] + k;
            s += w[j] * v[j] / (d * d);
        }
        return -s;
    }

    /**
     * The k > 0 with df(k) = f, for f in (0, 1): safeguarded Newton in x = ln k (df is monotone decreasing in k, so
     * a bracket is kept and bisection takes over whenever Newton would leave it).
     */
    double inverseDf(double f) {
        if (!(f > 0 && f < 1)) throw new IllegalArgumentException("inverse degrees of freedom: need f in (0, 1), got " + f);
        double x = Math.log(mean() * (1 - f) / f);   // exact for a flat spectrum
        double lo = x, hi = x;
        while (df(Math.exp(lo)) < f) lo -= 2;        // df(e^lo) >= f
        while (df(Math.exp(hi)) > f) hi += 2;        // df(e^hi) <= f
        for (int it = 0; it < 200; it++) {
            double k = Math.exp(x);
            double g = df(k) - f;
            if (g == 0) return k;
            if (g > 0) lo = x; else hi = x;
            double dg = k * dfPrime(k);
            double next = x - g / dg;
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            if (Math.abs(next - x) <= 4 * Math.ulp(Math.abs(x) + 1) || hi - lo <= 4 * Math.ulp(Math.abs(x) + 1)) return Math.exp(next);
            x = next;
        }
        return Math.exp(x);
    }

    /** {ln S(−f), d/df ln S(−f)} of this spectrum, f in (0, 1). */
    double[] lnS(double f) {
        double k = inverseDf(f);
        double dk = 1 / dfPrime(k);
        return new double[]{Math.log1p(-f) - Math.log(f) - Math.log(k), -1 / (1 - f) - 1 / f - dk / k};
    }
}
