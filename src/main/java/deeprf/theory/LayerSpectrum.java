package deeprf.theory;

import deeprf.backend.Activation;

import java.util.ArrayList;
import java.util.List;

/**
 * Predicted eigenvalue distribution of one layer's feature covariance (THEORY.md §4.4), split honestly into point
 * masses and a continuous density, for plotting against an empirical histogram and for CDF comparisons.
 *
 * <p>Two targets: the population covariance Ω^lin_ℓ itself ({@link #population}), and the empirical covariance of n
 * samples of the layer's features ({@link #sampled}), which is what a simulation measures. The second is the free
 * multiplicative convolution of the first with Marchenko–Pastur of ratio k_ℓ/n, computed with the same Silverstein
 * recursion as one more linear "layer": B = (1/n) Z Ω_ℓ Zᵀ (Z ∈ R^{n×k_ℓ} i.i.d. N(0, 1)) has the nonzero eigenvalues of
 * the sample covariance S = (1/n) Ω^{1/2} Zᵀ Z Ω^{1/2}, so m_S(z) = (n/k) m_B(z) + (n − k)/(k z). At n = 10⁴…10⁵ and
 * k = 1000 this widens the spectrum by ±2√(k/n) ≈ 20–60 % at the edges: comparing a histogram with the population law
 * alone would be wrong.
 *
 * <p>Point masses are exact, from ranks: Ω^lin_ℓ = κ1²WΩ_{ℓ−1}Wᵀ + κ*²I has an atom at κ*² of mass 1 − rank/k_ℓ when the
 * layer is wider than the rank below (an atom at 0 when κ* = 0, a linear layer), and a sample covariance has an atom at 0
 * of mass 1 − n/k when n < k. The density is ρ(x) = Im m(x + iη)/π with the atoms' Lorentzian tails
 * mass·η/(π((x − a)² + η²)) subtracted, so the continuous part carries mass 1 − Σ atoms.
 */
public final class LayerSpectrum {

    /** A point mass of the eigenvalue distribution. */
    public record Atom(double location, double mass) {}

    private final SpectralRecursion recursion;
    private final int level;                 // the recursion level evaluated (layer, or layer + 1 for the sampling step)
    private final double sampleScale;        // n/k for the sampled law (m_S = (n/k) m_B + (n−k)/(k z)), 0 for the population
    private final double meanEigenvalue;
    private final double eta;
    private final List<Atom> atoms;
    private final String model;
    private final double upperBound;

    private LayerSpectrum(String model, SpectralRecursion recursion, int level, double sampleScale, double meanEigenvalue, List<Atom> atoms,
                          double upperBound) {
        this.model = model;
        this.upperBound = upperBound;
        this.recursion = recursion;
        this.level = level;
        this.sampleScale = sampleScale;
        this.meanEigenvalue = meanEigenvalue;
        this.eta = 1e-3 * meanEigenvalue;
        this.atoms = List.copyOf(atoms);
    }

    /**
     * The spectrum of Ω^lin_layer (1-based) of the network {@code layers} on data with covariance eigenvalues sigma0.
     */
    public static LayerSpectrum population(double[] sigma0, List<SpectralRecursion.LayerSpec> layers, int layer) {
        checkLayer(layers, layer);
        SpectralRecursion r = new SpectralRecursion(sigma0, layers.subList(0, layer));
        double[] rank = ranks(sigma0, layers, r);
        double k = layers.get(layer - 1).widthRatio();
        double missing = 1 - Math.min(k, rank[layer - 1]) / k;   // W Ω_{ℓ−1} Wᵀ has rank min(k_ℓ, rank Ω_{ℓ−1})
        List<Atom> atoms = new ArrayList<>();
        double ks = r.coefficients().get(layer - 1).kappaStar();
        if (missing > 1e-12) atoms.add(new Atom(ks * ks, missing));
        double mean = meanEigenvalue(sigma0, r);
        return new LayerSpectrum("layer " + layer + " population covariance", r, layer, 0, mean, atoms, upperBound(sigma0, layers, r, layer, 0));
    }

    /**
     * The spectrum of the empirical covariance (1/n) Σ h hᵀ of {@code samples} draws of layer {@code layer}'s features.
     */
    public static LayerSpectrum sampled(double[] sigma0, List<SpectralRecursion.LayerSpec> layers, int layer, long samples) {
        checkLayer(layers, layer);
        if (samples < 1) throw new IllegalArgumentException("layer spectrum: the number of samples must be >= 1, got " + samples);
        // n < k (an atom of mass 1 − n/k at 0): the joint fixed point does not converge reliably there (measured:
        // continuous mass 0.23 instead of 0.5 at n = k/2), so it is refused rather than drawn wrong
        if (samples < Math.round(layers.get(layer - 1).widthRatio() * sigma0.length))
            throw new IllegalArgumentException("layer spectrum: the sampled law needs at least as many samples as features (n >= k = "
                    + Math.round(layers.get(layer - 1).widthRatio() * sigma0.length) + "), got n = " + samples + "; use the population law");
        SpectralRecursion below = new SpectralRecursion(sigma0, layers.subList(0, layer));
        double k = layers.get(layer - 1).widthRatio();            // k_ℓ/d
        double n = (double) samples / sigma0.length;              // n/d
        List<SpectralRecursion.LayerSpec> withSampling = new ArrayList<>(layers.subList(0, layer));
        withSampling.add(new SpectralRecursion.LayerSpec(n, Activation.LINEAR, k / n));
        SpectralRecursion r = new SpectralRecursion(sigma0, withSampling);
        double[] rank = ranks(sigma0, layers, below);
        double mean = meanEigenvalue(sigma0, below);
        double rankS = Math.min(n, rank[layer]) / k;              // S = Ω^{1/2}ZᵀZΩ^{1/2}/n has rank min(n, rank Ω_ℓ)
        List<Atom> atoms = new ArrayList<>();
        if (1 - rankS > 1e-12) atoms.add(new Atom(0, 1 - rankS));
        return new LayerSpectrum("layer " + layer + " covariance of " + samples + " samples", r, layer + 1, n / k, mean, atoms,
                upperBound(sigma0, layers, below, layer, k / n));
    }

    private static void checkLayer(List<SpectralRecursion.LayerSpec> layers, int layer) {
        if (layer < 1 || layer > layers.size())
            throw new IllegalArgumentException("layer spectrum: layer must be in [1, " + layers.size() + "], got " + layer);
    }

    /** rank Ω_ℓ / d for ℓ = 0..L: rank Σ₀, then k_ℓ when κ*_ℓ > 0 (the κ*²I term), else min(k_ℓ, rank Ω_{ℓ−1}). */
    private static double[] ranks(double[] sigma0, List<SpectralRecursion.LayerSpec> layers, SpectralRecursion r) {
        int L = r.depth();
        double[] out = new double[L + 1];
        int nonzero = 0;
        for (double s : sigma0) if (s > 0) nonzero++;
        out[0] = (double) nonzero / sigma0.length;
        for (int l = 1; l <= L; l++) {
            double k = layers.get(l - 1).widthRatio();
            out[l] = r.coefficients().get(l - 1).kappaStar() > 0 ? k : Math.min(k, out[l - 1]);
        }
        return out;
    }

    /**
     * An asymptotic bound on the largest eigenvalue, 10 % above: ‖Ω_ℓ‖ ≤ κ1²Δ(1 + √(k_ℓ/k_{ℓ−1}))²‖Ω_{ℓ−1}‖ + κ*² (the
     * largest singular value of W), times (1 + √(k/n))² for a sample covariance (sampleRatio = k/n, 0 for none).
     */
    private static double upperBound(double[] sigma0, List<SpectralRecursion.LayerSpec> layers, SpectralRecursion r, int layer, double sampleRatio) {
        double u = 0;
        for (double s : sigma0) u = Math.max(u, s);
        double prev = 1;
        for (int l = 1; l <= layer; l++) {
            SpectralRecursion.LayerSpec spec = layers.get(l - 1);
            SpectralRecursion.LayerCoefficients c = r.coefficients().get(l - 1);
            double edge = 1 + Math.sqrt(spec.widthRatio() / prev);
            u = c.kappa1() * c.kappa1() * spec.weightVariance() * edge * edge * u + c.kappaStar() * c.kappaStar();
            prev = spec.widthRatio();
        }
        double s = 1 + Math.sqrt(sampleRatio);
        return 1.1 * u * s * s;
    }

    /** (1/k) tr Ω_ℓ: t_0 = tr Σ₀/d, t_ℓ = Δκ1²t_{ℓ−1} + κ*². The sample covariance has the same mean. */
    private static double meanEigenvalue(double[] sigma0, SpectralRecursion r) {
        double t = 0;
        for (double s : sigma0) t += s;
        t /= sigma0.length;
        for (SpectralRecursion.LayerCoefficients c : r.coefficients()) {
            // r_ℓ = Δ t_{ℓ−1} for a centred layer below, so Δκ1² t = κ1² r
            t = c.kappa1() * c.kappa1() * c.r() + c.kappaStar() * c.kappaStar();
        }
        return t;
    }

    public String model() { return model; }

    /** Point masses (location, mass); the continuous part carries 1 − Σ mass. */
    public List<Atom> atoms() { return atoms; }

    public double atomMass() {
        double m = 0;
        for (Atom a : atoms) m += a.mass();
        return m;
    }

    /**
     * Kolmogorov distance sup_x |F_sample(x) − F(x)| between the empirical CDF of {@code sorted} (ascending) and this
     * law's CDF: its atoms at or below x plus the integral of {@code curve} (this law's {@link #support}) up to x. A
     * sample value within rounding (n·ulp of the largest magnitude) of an atom is taken as the atom's (eigenvalues that
     * are 0 come out ±1e-15, half of them below it), and both sides of every jump are compared. The curve's quadrature and
     * the density's smoothing make F accurate to ~1e-3; one eigenvalue of k is a 1/k step.
     */
    public double kolmogorovDistance(double[] sorted, Curve curve) {
        int n = sorted.length;
        if (n == 0) throw new IllegalArgumentException("layer spectrum: no eigenvalues to compare");
        // the eigensolver's rounding, n·ulp(λmax): what is 0 in exact arithmetic comes out there (SpectraPlots'
        // zero tolerance); wider would also take a genuine cluster near a small atom (κ*² of a nearly linear layer) as it
        double tol = n * Math.ulp(Math.max(Math.max(Math.abs(sorted[0]), Math.abs(sorted[n - 1])), Double.MIN_NORMAL));
        double[] x = sorted.clone();
        for (int i = 0; i < n; i++)
            for (Atom a : atoms) if (Math.abs(x[i] - a.location()) <= tol) x[i] = a.location();
        java.util.Arrays.sort(x);
        double[] cum = curve.cumulative();
        double d = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && x[j] == x[i]) j++;                  // x[i..j) one value
            double right = cdf(curve, cum, x[i]), left = right;
            for (Atom a : atoms) if (a.location() == x[i]) left -= a.mass();
            d = Math.max(d, Math.max(Math.abs(right - (double) j / n), Math.abs(left - (double) i / n)));
            i = j;
        }
        return d;
    }

    /** The CDF at x: atoms at or below x plus the trapezoid integral of the curve up to x (linear inside a cell). */
    private double cdf(Curve c, double[] cum, double x) {
        double f = 0;
        for (Atom a : atoms) if (a.location() <= x) f += a.mass();
        double[] xs = c.x();
        if (x <= xs[0]) return f;
        if (x >= xs[xs.length - 1]) return f + cum[cum.length - 1];
        int i = java.util.Arrays.binarySearch(xs, x);
        if (i >= 0) return f + cum[i];
        i = -i - 1;
        double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
        return f + cum[i - 1] + t * (cum[i] - cum[i - 1]);
    }

    /** (1/k) tr of the covariance: the mean eigenvalue. */
    public double meanEigenvalue() { return meanEigenvalue; }

    /** Imaginary part of the Stieltjes transform at x + iη with the atoms' share removed, over π. */
    private double continuous(Complex m, double x, double eta) {
        double im = m.im();
        for (Atom a : atoms) {
            double dx = x - a.location();
            im -= a.mass() * eta / (dx * dx + eta * eta);
        }
        return Math.max(im, 0) / Math.PI;
    }

    /**
     * The continuous density at ascending points xs (warm-started along the grid). Where the fixed point does not
     * converge at η (it can stall right at a spectral edge), η is raised 3×, 10×, 30× at that point only (a wider
     * Lorentzian smoothing there); a point that still fails is NaN and counted in {@link #failedPoints()}.
     */
    public double[] density(double[] xs) {
        double[] out = new double[xs.length];
        Complex[] warm = new Complex[level + 1];
        for (int i = 0; i < xs.length; i++) {
            out[i] = Double.NaN;
            for (double widen : new double[]{1, 3, 10, 30}) {
                double e = etaAt(xs[i]) * widen;
                Complex m = attempt(xs[i], e, widen == 1 ? warm : new Complex[level + 1]);
                if (m != null) {
                    out[i] = continuous(scaled(m, new Complex(xs[i], e)), xs[i], e);
                    if (widen != 1) warm = new Complex[level + 1];     // a widened solution is no start at η
                    break;
                }
                if (widen == 1) warm = new Complex[level + 1];
            }
            if (Double.isNaN(out[i])) failed++;
        }
        return out;
    }

    /** m_level at x + iη from the start in {@code warm} (overwritten with the solution), or null where it does not converge. */
    private Complex attempt(double x, double eta, Complex[] warm) {
        try {
            return recursion.stieltjes(level, new Complex(x, eta), warm);
        } catch (TheoryException e) {
            return null;
        }
    }

    /** The sampled law's transform from the population recursion's (identity for a population law). */
    private Complex scaled(Complex m, Complex z) {
        return sampleScale > 0 ? m.times(sampleScale).plus(z.reciprocal().times(sampleScale - 1)) : m;
    }

    private int failed;

    /**
     * η at x: 1e-3 relative to x (never below 1e-6 of the mean eigenvalue), so the Lorentzian smoothing stays below
     * the local scale also where deep layers pile their eigenvalues up far below the mean.
     */
    private double etaAt(double x) { return 1e-3 * Math.max(Math.abs(x), 1e-3 * meanEigenvalue); }

    /** Density points where the fixed point did not converge even at 30η (NaN in the curves). */
    public int failedPoints() { return failed; }

    /** The density on a uniform grid and its integral: the continuous part of the law, ready to plot or integrate. */
    public record Curve(double[] x, double[] density) {
        /** Trapezoid integral of the density from x[0] to each x[i]. */
        public double[] cumulative() {
            double[] c = new double[x.length];
            for (int i = 1; i < x.length; i++) {
                double a = density[i - 1], b = density[i];
                if (Double.isNaN(a)) a = b;                       // a failed point: its neighbour's value
                if (Double.isNaN(b)) b = a;
                c[i] = c[i - 1] + (Double.isNaN(a) ? 0 : 0.5 * (a + b) * (x[i] - x[i - 1]));
            }
            return c;
        }

        public double mass() {
            double[] c = cumulative();
            return c.length == 0 ? 0 : c[c.length - 1];
        }
    }

    /** The continuous density on {@code points} uniform points of [lo, hi]. */
    public Curve curve(double lo, double hi, int points) {
        if (!(hi > lo) || !(lo >= 0) || points < 2)
            throw new IllegalArgumentException("layer spectrum: need 0 <= lo < hi and >= 2 points, got [" + lo + ", " + hi + "], " + points);
        double[] xs = new double[points];
        for (int i = 0; i < points; i++) xs[i] = lo + (hi - lo) * i / (points - 1);
        return new Curve(xs, density(xs));
    }

    /**
     * The continuous density over its support [a, b]: found on a uniform coarse grid over [0, U] with U the operator-norm
     * bound {@link #upperBound}, then evaluated on x = a + (b − a)t² (t uniform), which makes the inverse-square-root
     * hard edge at the bottom of the spectrum (square or wide layers, n near k) integrable by the trapezoid rule.
     */
    public Curve support(int points) {
        if (points < 10) throw new IllegalArgumentException("layer spectrum: need >= 10 points, got " + points);
        Curve coarse = curve(0, upperBound, 200);
        // the peak off x = 0: a hard edge there (n = k, a square layer) puts its x^{-1/2} pole η from that point,
        // 10³ × the bulk at n = k, and 1e-4 of that cut the top of the spectrum off (∫ρ = 0.95)
        double pk = peakAbove0(coarse);
        if (!(pk > 0)) throw new TheoryException(model + ": the continuous density vanishes on [0, " + upperBound + "]");
        // the top also stands above the Lorentzian tail of the density's own smoothing, η/(πx²) = 1e-3/(πx) for the
        // unit mass below x (η = 1e-3·x, etaAt): ρ·x > 1e-3. 1e-4 of the peak alone followed that tail out to the upper
        // bound where the bulk lies in the coarse grid's first cell (a fifth tanh layer at n = k: support to 418, 99.9 %
        // of the mass below 0.9)
        int first = -1, last = -1;
        for (int i = 0; i < coarse.x().length; i++) {
            double x = coarse.x()[i], rho = coarse.density()[i];
            if (rho > 1e-4 * pk) {
                if (first < 0) first = i;
                if (rho * x > 1e-3) last = i;
            }
        }
        last = Math.max(last, first);
        double a = coarse.x()[Math.max(first - 1, 0)], b = coarse.x()[Math.min(last + 1, coarse.x().length - 1)];
        // tighten the bottom edge: bisection between the last empty and the first occupied coarse point
        if (first > 0) {
            double lo = coarse.x()[first - 1], hi = coarse.x()[first];
            for (int it = 0; it < 30; it++) {
                double mid = 0.5 * (lo + hi);
                if (density(new double[]{mid})[0] > 1e-4 * pk) hi = mid;
                else lo = mid;
            }
            a = lo;
        }
        // half the points quadratic from a, half log-spaced up from 1e-5·b: deep layers pile up within a decade of a
        java.util.TreeSet<Double> grid = new java.util.TreeSet<>();
        int half = points / 2;
        for (int i = 0; i < half; i++) {
            double t = (double) i / (half - 1);
            grid.add(a + (b - a) * t * t);
        }
        double from = Math.max(a, 1e-5 * b);
        for (int i = 0; i < points - half; i++) grid.add(from * Math.pow(b / from, (double) i / (points - half - 1)));
        double[] xs = grid.stream().mapToDouble(Double::doubleValue).toArray();
        return new Curve(xs, density(xs));
    }

    private static double peakAbove0(Curve c) {
        double m = 0;
        for (int i = 0; i < c.x().length; i++) if (c.x()[i] > 0 && c.density()[i] > m) m = c.density()[i];
        return m;
    }

    /**
     * Gauss–Kronrod (7, 15) on [0, 1]: the 15 Kronrod nodes, their weights, and the 7-point Gauss weights on the
     * odd-indexed ones (0 elsewhere); |K15 − G7| estimates the error of K15.
     */
    private static final double[] GK_NODES = new double[15], GK_WEIGHTS = new double[15], G7_WEIGHTS = new double[15];
    static {
        double[] t = {0.991455371120813, 0.949107912342759, 0.864864423359769, 0.741531185599394, 0.586087235467691,
                0.405845151377397, 0.207784955007898, 0};
        double[] k = {0.022935322010529, 0.063092092629979, 0.104790010322250, 0.140653259715525, 0.169004726639267,
                0.190350578064785, 0.204432940075298, 0.209482141084728};
        double[] g = {0, 0.129484966168870, 0, 0.279705391489277, 0, 0.381830050505119, 0, 0.417959183673469};
        for (int i = 0; i < 8; i++) {
            GK_NODES[i] = 0.5 * (1 - t[i]);
            GK_NODES[14 - i] = 0.5 * (1 + t[i]);
            GK_WEIGHTS[i] = GK_WEIGHTS[14 - i] = 0.5 * k[i];
            G7_WEIGHTS[i] = G7_WEIGHTS[14 - i] = 0.5 * g[i];
        }
    }

    /**
     * For the piece at the support's bottom (below): 8-point Gauss–Legendre and the 7-point Gauss rule on [0, 1],
     * their 15 nodes merged in ascending order, each rule's weights 0 at the other's nodes; |GL8 − G7| estimates the
     * error of GL8. Neither rule has a node below 6.5e-4 of the piece in x (K15 has one at 1.8e-5).
     */
    private static final double[] EDGE_NODES = new double[15], GL8_WEIGHTS = new double[15], EDGE_G7_WEIGHTS = new double[15];
    static {
        Quadrature.Rule gl8 = Quadrature.legendre(8);                               // on [−1, 1]
        java.util.TreeMap<Double, double[]> merged = new java.util.TreeMap<>();     // node → {GL8 weight, G7 weight}
        for (int i = 0; i < 8; i++) merged.put(0.5 * (1 + gl8.nodes()[i]), new double[]{0.5 * gl8.weights()[i], 0});
        for (int i = 1; i < 15; i += 2) merged.put(GK_NODES[i], new double[]{0, G7_WEIGHTS[i]});
        int i = 0;
        for (java.util.Map.Entry<Double, double[]> e : merged.entrySet()) {
            EDGE_NODES[i] = e.getKey();
            GL8_WEIGHTS[i] = e.getValue()[0];
            EDGE_G7_WEIGHTS[i++] = e.getValue()[1];
        }
    }

    /** Halvings of a piece in {@link #binMasses} at most; a piece is accepted when its two rules agree to 1e-4 of it (+1e-9). */
    static final int MAX_SPLITS = 8;

    /**
     * The continuous mass in each bin [edges[i], edges[i + 1]] (ascending edges), for comparison with a histogram
     * bin by bin: the density integrated over the bin's part of the support [x₀, x_last] of {@code support} (from
     * {@link #support}), zero outside it. Each piece [lo, lo + w] is integrated in s with x = lo + w·s²: the density's
     * x^{-1/2} hard edge (a nonlinear layer at n = k) sits at the bottom of the support, so at the bottom of its piece,
     * where ρ dx = 2w·s·ρ ds is bounded. Every piece is split at s = ½ (its first quarter and the rest) until two rules
     * agree, so a peak narrower than a bin is resolved (8 fixed nodes read a deep layer's peak bin 3.5 % low): adaptive
     * Gauss–Kronrod (7, 15) in s, and at the support's bottom 8-point Gauss–Legendre checked by 7-point Gauss, whose
     * nodes stay out of the smoothing at a hard edge. Splitting still nears that pole: a bottom bin of 1/200 of a
     * square linear layer's support reads 0.5 % low. A steeper edge (x^{-2/3}: a linear layer at n = k) loses about
     * 0.4 % of its mass in the bottom piece. NaN where a density point failed.
     */
    public double[] binMasses(double[] edges, Curve support) {
        double a = support.x()[0], b = support.x()[support.x().length - 1];
        int bins = edges.length - 1;
        double[] mass = new double[bins];
        List<double[]> pieces = new ArrayList<>();           // {bin, lo, width}, ascending
        for (int i = 0; i < bins; i++) {
            double lo = Math.max(edges[i], a), w = Math.min(edges[i + 1], b) - lo;
            if (w > 0) pieces.add(new double[]{i, lo, w});
        }
        for (int round = 0; round <= MAX_SPLITS && !pieces.isEmpty(); round++) {
            double[] xs = new double[15 * pieces.size()];    // ascending, as density's warm start wants
            int at = 0;
            for (double[] pc : pieces) for (double sv : pc[1] == a ? EDGE_NODES : GK_NODES) xs[at++] = pc[1] + pc[2] * sv * sv;
            double[] rho = density(xs);
            List<double[]> split = new ArrayList<>();
            at = 0;
            for (double[] pc : pieces) {
                // the piece at the support's bottom: GL8 checked by G7, whose nodes stay above 6.5e-4 of the piece (K15's
                // reach into the density's smoothing, η, which flattens a hard edge's pole), and split like the others:
                // 8 fixed nodes read a bottom bin wider than the law's structure 14 % off (tanh(2x), 30 bins)
                boolean edge = pc[1] == a;
                double[] sn = edge ? EDGE_NODES : GK_NODES, wk = edge ? GL8_WEIGHTS : GK_WEIGHTS, wg = edge ? EDGE_G7_WEIGHTS : G7_WEIGHTS;
                double kr = 0, ga = 0;
                for (int j = 0; j < sn.length; j++, at++) {
                    double f = 2 * pc[2] * sn[j] * rho[at];
                    kr += wk[j] * f;
                    ga += wg[j] * f;
                }
                if (round == MAX_SPLITS || !(Math.abs(kr - ga) > 1e-4 * Math.abs(kr) + 1e-9)) mass[(int) pc[0]] += kr;  // NaN stays
                else {
                    split.add(new double[]{pc[0], pc[1], pc[2] / 4});                   // s ≤ ½
                    split.add(new double[]{pc[0], pc[1] + pc[2] / 4, 0.75 * pc[2]});   // s > ½
                }
            }
            pieces = split;
        }
        return mass;
    }

    /**
     * The continuous mass over the whole of {@code support}, by {@link #binMasses} on bins of ten of its grid's
     * intervals each (so they follow its spacing: quadratic at a hard edge, logarithmic where deep layers pile up
     * near the bottom; equal bins gave 0.84 for 1 at a fourth tanh layer); NaN where a density point failed. The
     * curve's own trapezoid sum ({@link Curve#mass}) over-counts a steep hard edge's first interval (1.07 for 0.996, a
     * linear layer at n = k).
     */
    public double continuousMass(Curve support) {
        double[] x = support.x();
        int bins = (x.length - 1 + 9) / 10;
        double[] edges = new double[bins + 1];
        for (int i = 0; i < bins; i++) edges[i] = x[10 * i];
        edges[bins] = x[x.length - 1];
        double m = 0;
        for (double v : binMasses(edges, support)) m += v;
        return m;
    }
}
