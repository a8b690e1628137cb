package deeprf.theory;

import deeprf.backend.Activation;
import deeprf.backend.ActivationKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LayerSpectrumTest {

    static double[] ones(int d) {
        double[] v = new double[d];
        java.util.Arrays.fill(v, 1.0);
        return v;
    }

    static double mpDensity(double c, double x) {
        double a = Math.pow(1 - Math.sqrt(c), 2), b = Math.pow(1 + Math.sqrt(c), 2);
        return x <= a || x >= b ? 0 : Math.sqrt((b - x) * (x - a)) / (2 * Math.PI * c * x);
    }

    @Test
    void wideLinearLayerIsMarchenkoPasturWithAnAtomAtZero() {
        // Ω = WWᵀ, W k×d with N(0, 1/d): MP of ratio c = k/d = 2 with mass 1 − 1/c at 0 (THEORY.md §4.4)
        double c = 2;
        LayerSpectrum s = LayerSpectrum.population(ones(4), List.of(new SpectralRecursion.LayerSpec(c, Activation.LINEAR, 1)), 1);
        assertEquals(1, s.atoms().size());
        assertEquals(0, s.atoms().get(0).location(), 0);
        assertEquals(0.5, s.atoms().get(0).mass(), 1e-12);
        double[] xs = {0.3, 1.0, 2.0, 4.0, 5.5};
        double[] rho = s.density(xs);
        // η = 1e-4 × mean smooths by O(η) relative in the bulk
        for (int i = 0; i < xs.length; i++) assertEquals(mpDensity(c, xs[i]), rho[i], 2e-3 * (1 + mpDensity(c, xs[i])), "x=" + xs[i]);
        LayerSpectrum.Curve curve = s.support(2001);
        assertEquals(0.5, curve.mass(), 2e-3);
    }

    @Test
    void wideTanhLayerHasAnAtomAtKappaStarSquared() {
        // Ω = κ1²WWᵀ + κ*²I with k = 2d: half the eigenvalues sit exactly at κ*²
        LayerSpectrum s = LayerSpectrum.population(ones(4), List.of(new SpectralRecursion.LayerSpec(2, Activation.TANH, 1)), 1);
        Coefficients c = GaussianEquivalence.of(Activation.TANH, 1);
        assertEquals(1, s.atoms().size());
        assertEquals(c.muStar2(), s.atoms().get(0).location(), 1e-12);
        assertEquals(0.5, s.atoms().get(0).mass(), 1e-12);
        assertEquals(0.5, s.support(4001).mass(), 3e-3);
        assertEquals(c.mu1() * c.mu1() + c.muStar2(), s.meanEigenvalue(), 1e-12);
    }

    @Test
    void sampledLawHasTheMomentsOfAFreeProduct() {
        // Ω = WWᵀ is MP(c1), c1 = k/d; its sample covariance with n samples is the free product with MP(c2), c2 = k/n:
        // first moment 1, second moment m2(Ω) + c2·m1(Ω)² = 1 + c1 + c2; no atom when n > k
        double c1 = 0.5, c2 = 0.25;
        int d = 400;
        List<SpectralRecursion.LayerSpec> layers = List.of(new SpectralRecursion.LayerSpec(c1, Activation.LINEAR, 1));
        LayerSpectrum s = LayerSpectrum.sampled(ones(d), layers, 1, (long) (c1 * d / c2));
        assertTrue(s.atoms().isEmpty());
        LayerSpectrum.Curve c = s.support(2001);
        double m0 = 0, m1 = 0, m2 = 0;
        for (int i = 1; i < c.x().length; i++) {
            double h = c.x()[i] - c.x()[i - 1], x0 = c.x()[i - 1], x1 = c.x()[i], r0 = c.density()[i - 1], r1 = c.density()[i];
            m0 += 0.5 * h * (r0 + r1);
            m1 += 0.5 * h * (x0 * r0 + x1 * r1);
            m2 += 0.5 * h * (x0 * x0 * r0 + x1 * x1 * r1);
        }
        assertEquals(0, s.failedPoints());
        assertEquals(1, m0, 3e-3);
        assertEquals(1, m1, 5e-3);
        assertEquals(1 + c1 + c2, m2, 1e-2);
        // fewer samples than features is refused (not drawn wrong)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerSpectrum.sampled(ones(d), layers, 1, 100));
        assertTrue(e.getMessage().contains("n >= k = 200"), e.getMessage());
    }

    /** The Marchenko–Pastur law of ratio 1 below x: (4θ + 2 sin 2θ)/(2π) with x = 4 sin²θ. */
    static double mpRatio1Cdf(double x) {
        double theta = Math.asin(Math.sqrt(Math.min(Math.max(x, 0), 4)) / 2);
        return (4 * theta + 2 * Math.sin(2 * theta)) / (2 * Math.PI);
    }

    @Test
    void binMassesIntegrateAHardEdgeExactly() {
        // a square linear layer: MP of ratio 1, ρ = √((4 − x)x)/(2πx) ~ 1/(π√x) at 0, closed-form mass per bin
        LayerSpectrum s = LayerSpectrum.population(ones(300), List.of(new SpectralRecursion.LayerSpec(1, Activation.LINEAR, 1)), 1);
        LayerSpectrum.Curve support = s.support(300);
        assertEquals(0, support.x()[0]);
        int bins = 60;
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) edges[i] = 4.0 * i / bins;
        double[] mass = s.binMasses(edges, support);
        // η = 1e-3·x smooths each bin's mass by about 1e-3 of the tallest bin's, at most
        for (int i = 0; i < bins; i++) {
            double exact = mpRatio1Cdf(edges[i + 1]) - mpRatio1Cdf(edges[i]);
            assertEquals(exact, mass[i], 1e-3 * mass[0], "bin " + i);
        }
        assertEquals(0, s.failedPoints());
    }

    /**
     * The panels' "∫ρ" note at a linear layer's n = k law, whose edge at 0 is steeper than x^{-1/2}: the curve's
     * trapezoid sum read 1.07; the s²-substituted quadrature reads 0.996 (its documented loss at such an edge).
     */
    @Test
    void continuousMassAtASteepHardEdgeLosesLessThanTheTrapezoidGains() {
        LayerSpectrum s = LayerSpectrum.sampled(ones(300), List.of(new SpectralRecursion.LayerSpec(1, Activation.LINEAR, 1)), 1, 300);
        LayerSpectrum.Curve support = s.support(300);
        assertEquals(1, s.continuousMass(support), 1e-2);
        assertTrue(support.mass() > 1.05, "trapezoid " + support.mass());     // what the note read before
    }

    /** A deep layer piles its mass up within a decade of the bottom: bins that follow the grid's log spacing hold it. */
    @Test
    void continuousMassOfADeepLayerIsOne() {
        List<SpectralRecursion.LayerSpec> layers = java.util.Collections.nCopies(3, new SpectralRecursion.LayerSpec(1, Activation.TANH, 1));
        LayerSpectrum s = LayerSpectrum.sampled(ones(300), layers, 3, 1200);
        assertEquals(1, s.continuousMass(s.support(300)), 3e-3);     // 30 equal bins read 0.84
        assertEquals(0, s.failedPoints());
    }

    /**
     * The grid walk's density is the physical branch: at each point of a fourth tanh layer's tail (n = 4k), the value
     * reached from the neighbouring point equals the one continued down in η from Im z = 2, where the map contracts
     * to its one fixed point. Newton from the drifted end of a failed damped iteration found another fixed point at
     * ten of these points (density off by 1–200 %, 0.00133 for 0.00044 at x = 1.596) and none at 11 points at n = k.
     */
    @Test
    void densityAlongTheGridIsTheBranchContinuedFromLargeEta() {
        List<SpectralRecursion.LayerSpec> layers = new ArrayList<>(java.util.Collections.nCopies(4, new SpectralRecursion.LayerSpec(1, Activation.TANH, 1)));
        LayerSpectrum s = LayerSpectrum.sampled(ones(300), layers, 4, 1200);
        LayerSpectrum.Curve c = s.support(300);
        assertEquals(0, s.failedPoints());
        layers.add(new SpectralRecursion.LayerSpec(4, Activation.LINEAR, 0.25));     // the n = 4k samples, as sampled() adds them
        SpectralRecursion r = new SpectralRecursion(ones(300), layers);
        int compared = 0;
        for (int i = 0; i < c.x().length; i++) {
            double x = c.x()[i];
            if (x < 0.5 || c.density()[i] < 1e-4) continue;
            double target = 1e-3 * x;                    // LayerSpectrum's η at x (x above 1e-3 of the mean eigenvalue)
            Complex[] warm = new Complex[6];
            Complex m = null;
            for (double eta = 2; ; eta = Math.max(0.8 * eta, target)) {
                m = r.stieltjes(5, new Complex(x, eta), warm);
                if (eta == target) break;
            }
            // the sampled law's transform: (n/k)·m + (n/k − 1)/z, n/k = 4
            double continued = m.times(4).plus(new Complex(x, target).reciprocal().times(3)).im() / Math.PI;
            assertEquals(continued, c.density()[i], 1e-8 * continued, "x = " + x);
            compared++;
        }
        assertTrue(compared > 20, "points compared: " + compared);
        // at n = k the same layers' law had points where no fixed point was found at all (16 of 300)
        LayerSpectrum square = LayerSpectrum.sampled(ones(300), layers.subList(0, 4), 4, 300);
        square.support(300);
        assertEquals(0, square.failedPoints());
    }

    /** tanh(2x) at n = 20000 samples of k = d = 300 features: a law narrower than a few of 30–60 equal bins. */
    private static LayerSpectrum narrowTanh2x() {
        return LayerSpectrum.sampled(ones(300), List.of(new SpectralRecursion.LayerSpec(1, new Activation(deeprf.backend.ActivationKind.TANH, 2, 0), 1)), 1, 20000);
    }

    /** {@code count} equal bins over the support's span. */
    private static double[] equalBins(LayerSpectrum.Curve support, int count) {
        double lo = support.x()[0], hi = support.x()[support.x().length - 1];
        double[] edges = new double[count + 1];
        for (int i = 0; i <= count; i++) edges[i] = lo + (hi - lo) * i / count;
        return edges;
    }

    /**
     * A narrow peak (tanh(2x), n = 20000 samples of k = 300 features: width ≈ 2√(k/n) of its place) inside a few of 60
     * equal bins: the per-bin masses sum to the law's whole mass, and the peak bin holds what a fine trapezoid rule on
     * the density gives. Eight fixed nodes per bin read it 3.5 % low and the sum 0.935.
     */
    @Test
    void binMassesResolveAPeakNarrowerThanABin() {
        LayerSpectrum s = narrowTanh2x();
        LayerSpectrum.Curve support = s.support(300);
        double[] edges = equalBins(support, 60);
        double[] mass = s.binMasses(edges, support);
        int peak = 0;
        double total = 0;
        for (int i = 0; i < 60; i++) {
            total += mass[i];
            if (mass[i] > mass[peak]) peak = i;
        }
        assertEquals(1, total, 2e-3);
        double fine = s.curve(edges[peak], edges[peak + 1], 4001).mass();
        assertEquals(fine, mass[peak], 1e-3 * fine);
        assertEquals(0, s.failedPoints());
    }

    /**
     * The bin at the support's bottom wider than the law's structure there (tanh(2x), n = 20000 samples of k = 300, 30
     * equal bins: the bottom edge of the support stands below the law's own edge): it holds what a fine trapezoid
     * rule in s gives. Eight fixed Gauss–Legendre nodes read it 14 % of the peak bin off and the bins summed to 1.023.
     */
    @Test
    void binMassesResolveAWideBottomBin() {
        LayerSpectrum s = narrowTanh2x();
        LayerSpectrum.Curve support = s.support(300);
        double[] edges = equalBins(support, 30);
        double lo = edges[0];
        double[] mass = s.binMasses(edges, support);
        double total = 0;
        for (double m : mass) total += m;
        assertEquals(1, total, 1e-3);
        double w = edges[1] - lo, fine = 0;
        double[] xs = new double[2001];
        for (int j = 0; j <= 2000; j++) xs[j] = lo + w * (j / 2000.0) * (j / 2000.0);
        double[] rho = s.density(xs);
        for (int j = 0; j <= 2000; j++) fine += (j == 0 || j == 2000 ? 0.5 : 1) * 2 * w * (j / 2000.0) * rho[j] / 2000;
        assertEquals(fine, mass[0], 1e-4 * fine);
        assertEquals(0, s.failedPoints());
    }

    @Test
    void sampledLawAtNEqualsKKeepsTheTopOfItsSupport() {
        // at n = k the density's pole at 0 is 10³ × its bulk: taken as the peak, 1e-4 of it cut off the top 5 % of mass
        LayerSpectrum s = LayerSpectrum.sampled(ones(300), List.of(new SpectralRecursion.LayerSpec(1, Activation.TANH, 1)), 1, 300);
        LayerSpectrum.Curve support = s.support(300);
        double b = support.x()[support.x().length - 1];
        double[] edges = new double[61];
        for (int i = 0; i <= 60; i++) edges[i] = b * i / 60;
        double total = 0;
        for (double m : s.binMasses(edges, support)) total += m;
        assertEquals(1, total, 2e-3);
    }

    /**
     * A fifth tanh layer at n = k = 250 has its bulk below 1 and an upper bound of 418, so the coarse grid's first cell
     * holds the bulk: the top edge was set where the density's own Lorentzian tail (1e-3/(πx)) dropped below 1e-4 of a
     * peak read in that tail, and the panel's axis ran to 418 with every eigenvalue in its first bin.
     */
    @Test
    void theSupportEndsWhereTheMassDoesNotWhereTheSmoothingsTailDoes() {
        List<SpectralRecursion.LayerSpec> five = java.util.Collections.nCopies(5, new SpectralRecursion.LayerSpec(1, Activation.TANH, 1));
        LayerSpectrum s = LayerSpectrum.sampled(ones(250), five, 5, 250);
        LayerSpectrum.Curve support = s.support(300);
        double[] x = support.x(), cum = support.cumulative();
        double q999 = Double.NaN;
        for (int i = 0; i < x.length; i++) if (cum[i] >= 0.999 * cum[cum.length - 1]) { q999 = x[i]; break; }
        assertTrue(x[x.length - 1] < 5 * q999, "support to " + x[x.length - 1] + ", 99.9 % of the mass below " + q999);
    }

    @Test
    void badInputIsRefused() {
        List<SpectralRecursion.LayerSpec> layers = List.of(new SpectralRecursion.LayerSpec(1, Activation.TANH, 1));
        assertThrows(IllegalArgumentException.class, () -> LayerSpectrum.population(ones(3), layers, 2));
        assertThrows(IllegalArgumentException.class, () -> LayerSpectrum.sampled(ones(3), layers, 1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerSpectrum.population(ones(3), List.of(new SpectralRecursion.LayerSpec(1, Activation.RELU, 1)), 1));
        assertTrue(e.getMessage().contains("not centred"), e.getMessage());
    }
}
