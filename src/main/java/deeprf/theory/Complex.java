package deeprf.theory;

/** A complex number for the spectral recursions (immutable, allocation-light enough for fixed points). */
public record Complex(double re, double im) {
    public static Complex real(double x) { return new Complex(x, 0); }

    public Complex plus(Complex o) { return new Complex(re + o.re, im + o.im); }

    public Complex minus(Complex o) { return new Complex(re - o.re, im - o.im); }

    public Complex times(Complex o) { return new Complex(re * o.re - im * o.im, re * o.im + im * o.re); }

    public Complex times(double s) { return new Complex(re * s, im * s); }

    public Complex plus(double s) { return new Complex(re + s, im); }

    public Complex reciprocal() {
        // Smith's algorithm: no overflow for large components
        if (Math.abs(re) >= Math.abs(im)) {
            double r = im / re, den = re + im * r;
            return new Complex(1 / den, -r / den);
        }
        double r = re / im, den = re * r + im;
        return new Complex(r / den, -1 / den);
    }

    public Complex divide(Complex o) { return times(o.reciprocal()); }

    public Complex negate() { return new Complex(-re, -im); }

    public double abs() { return Math.hypot(re, im); }

    public boolean isFinite() { return Double.isFinite(re) && Double.isFinite(im); }
}
