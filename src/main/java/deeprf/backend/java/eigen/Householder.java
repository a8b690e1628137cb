package deeprf.backend.java.eigen;

/** Elementary reflectors and the overflow-safe vector norm they need (LAPACK dlarfg / dnrm2 semantics). */
final class Householder {
    private Householder() {}

    static final double EPS = 0x1p-53;                 // unit roundoff, LAPACK dlamch('E')
    static final double SAFMIN = Double.MIN_NORMAL;    // dlamch('S')

    /**
     * Generates H = I − τ·v·vᵀ with H·[α; x] = [β; 0], v = [1; x/(α−β)], as dlarfg: α is a[alphaIdx], x the m−1
     * entries from a[xIdx]. Overwrites α with β and x with v's tail; returns τ (0 when H = I).
     */
    static double larfg(int m, double[] a, int alphaIdx, int xIdx) {
        if (m <= 1) return 0;
        double xnorm = nrm2(m - 1, a, xIdx);
        if (xnorm == 0) return 0;
        double alpha = a[alphaIdx];
        double beta = -Math.copySign(hypot(alpha, xnorm), alpha);
        double safmin = SAFMIN / EPS;
        int knt = 0;
        if (Math.abs(beta) < safmin) {
            // β may be inaccurate in this range: rescale x and α up, as dlarfg does
            double rsafmn = 1 / safmin;
            do {
                knt++;
                scal(m - 1, rsafmn, a, xIdx);
                beta *= rsafmn;
                alpha *= rsafmn;
            } while (Math.abs(beta) < safmin && knt < 20);
            xnorm = nrm2(m - 1, a, xIdx);
            beta = -Math.copySign(hypot(alpha, xnorm), alpha);
        }
        double tau = (beta - alpha) / beta;
        scal(m - 1, 1 / (alpha - beta), a, xIdx);
        for (int j = 0; j < knt; j++) beta *= safmin;
        a[alphaIdx] = beta;
        return tau;
    }

    static void scal(int m, double s, double[] a, int off) {
        for (int i = 0; i < m; i++) a[off + i] *= s;
    }

    /** ‖x‖₂ without overflow or harmful underflow: plain sum of squares, rescaled only when it leaves the safe range. */
    static double nrm2(int m, double[] a, int off) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            double x0 = a[off + i], x1 = a[off + i + 1], x2 = a[off + i + 2], x3 = a[off + i + 3];
            s0 += x0 * x0; s1 += x1 * x1; s2 += x2 * x2; s3 += x3 * x3;
        }
        for (; i < m; i++) s0 += a[off + i] * a[off + i];
        double s = (s0 + s1) + (s2 + s3);
        if (s > 0x1p-900 && s < 0x1p900) return Math.sqrt(s);
        double scale = 0;
        for (i = 0; i < m; i++) scale = Math.max(scale, Math.abs(a[off + i]));
        if (scale == 0) return 0;
        double t = 0;
        for (i = 0; i < m; i++) {
            double x = a[off + i] / scale;
            t += x * x;
        }
        return scale * Math.sqrt(t);
    }

    /** √(x²+y²) without overflow; much faster than Math.hypot in the common range. */
    static double hypot(double x, double y) {
        double ax = Math.abs(x), ay = Math.abs(y);
        double big = Math.max(ax, ay);
        if (big > 0x1p-500 && big < 0x1p500) return Math.sqrt(x * x + y * y);
        if (big == 0 || Double.isInfinite(big)) return big;
        double small = Math.min(ax, ay) / big;
        return big * Math.sqrt(1 + small * small);
    }

    static double dot(int m, double[] a, int aOff, double[] b, int bOff) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            s0 += a[aOff + i] * b[bOff + i];
            s1 += a[aOff + i + 1] * b[bOff + i + 1];
            s2 += a[aOff + i + 2] * b[bOff + i + 2];
            s3 += a[aOff + i + 3] * b[bOff + i + 3];
        }
        for (; i < m; i++) s0 += a[aOff + i] * b[bOff + i];
        return (s0 + s1) + (s2 + s3);
    }
}
