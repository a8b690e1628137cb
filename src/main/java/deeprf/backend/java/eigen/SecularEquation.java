package deeprf.backend.java.eigen;

import deeprf.backend.NumericalException;

/**
 * Roots of the secular equation f(λ) = 1/ρ + Σᵢ zᵢ²/(dᵢ − λ) of the rank-one update D + ρ·z·zᵀ (ρ > 0, d strictly
 * ascending, z without zeros), as LAPACK dlaed4: root j lies in (d_j, d_{j+1}) (the last in (d_{k−1}, d_{k−1} +
 * ρ·zᵀz]). Each root is computed as λ = d_o + τ relative to its nearer pole o, so that the differences dᵢ − λ
 * = (dᵢ − d_o) − τ keep full relative accuracy even for roots very close to a pole, which the Löwner (Gu–Eisenstat)
 * recomputation of z relies on. The iteration is the "middle way" of R.-C. Li / Gragg: ψ (poles left of the root)
 * and φ (poles right) are each replaced by one pole plus a constant that match value and slope, and the quadratic
 * for the new point is solved; a bracket kept from the sign of f guards every step (bisection when the model step
 * leaves it), and the number of steps is capped.
 */
final class SecularEquation {
    private SecularEquation() {}

    private static final double EPS = 0x1p-53;
    /**
     * Iteration cap. After {@link #FORCE_BISECTION_AFTER} steps every step halves the bracket, and halving any
     * bracket of doubles reaches adjacent doubles in fewer than 2200 steps, so the cap is never the reason to stop on a
     * valid problem (a root a few ulps from a pole at 0, as in rank-deficient Gram matrices, needs hundreds).
     */
    private static final int MAX_ITER = 2200, FORCE_BISECTION_AFTER = 60;

    /**
     * Root j of k (0-based); writes delta[dOff + i] = d[i] − λ for all i and returns λ.
     */
    static double root(int k, double[] d, double[] z, double rho, int j, double[] delta, int dOff) {
        if (k == 1) {
            double lam = d[0] + rho * z[0] * z[0];
            delta[dOff] = -rho * z[0] * z[0];
            return lam;
        }
        double rhoinv = 1 / rho;
        int o, pl, pr;
        double lo, hi, tau;
        if (j < k - 1) {
            double del = d[j + 1] - d[j], mid = del / 2;
            double f = rhoinv;
            for (int i = 0; i < k; i++) f += z[i] * z[i] / ((d[i] - d[j]) - mid);
            // the side decides only the origin (accuracy); the bracket is the whole pole interval in the
            // origin's coordinates, so that rounding in the side test cannot exclude the root
            if (f >= 0) {          // root in (d_j, midpoint]: measure from d_j
                o = j;
                lo = 0;
                hi = del;
                tau = mid;
            } else {               // root in (midpoint, d_{j+1}): measure from d_{j+1}
                o = j + 1;
                lo = -del;
                hi = 0;
                tau = -mid;
            }
            pl = j;
            pr = j + 1;
        } else {
            double zz = 0;
            for (int i = 0; i < k; i++) zz += z[i] * z[i];
            o = k - 1;
            lo = 0;
            hi = 2 * rho * zz;     // the root is at most ρ·zᵀz; the margin keeps rounding from excluding it
            tau = rho * zz;
            pl = k - 2;
            pr = k - 1;
        }
        double dO = d[o];
        for (int i = 0; i < k; i++) delta[dOff + i] = d[i] - dO;
        double prevAbsF = Double.POSITIVE_INFINITY;
        boolean converged = false;
        double f = 0;
        for (int iter = 0; iter < MAX_ITER; iter++) {
            double psi = 0, dpsi = 0, erretm = 0;
            for (int i = 0; i <= pl; i++) {
                double t = z[i] / (delta[dOff + i] - tau);
                psi += z[i] * t;
                dpsi += t * t;
                erretm += psi;
            }
            erretm = Math.abs(erretm);
            double phi = 0, dphi = 0;
            for (int i = k - 1; i >= pr; i--) {
                double t = z[i] / (delta[dOff + i] - tau);
                phi += z[i] * t;
                dphi += t * t;
                erretm += phi;
            }
            f = rhoinv + psi + phi;
            erretm = 8 * (phi - psi) + erretm + 2 * rhoinv + Math.abs(tau) * (dpsi + dphi);
            if (Double.isNaN(f))
                throw new NumericalException("syevd: secular equation for root " + j + " of " + k
                        + " evaluated to NaN (residual f = NaN at offset " + tau + " from pole " + dO + ")");
            if (Math.abs(f) <= EPS * erretm) {
                converged = true;
                break;
            }
            if (f < 0) lo = Math.max(lo, tau);
            else hi = Math.min(hi, tau);
            if (hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi))) {
                converged = true;  // the bracket cannot shrink any further in floating point
                break;
            }
            double next = Double.NaN;
            boolean bisect = (iter > 8 && Math.abs(f) > 0.5 * prevAbsF) || iter > FORCE_BISECTION_AFTER;  // stalls: halve the bracket
            prevAbsF = Math.abs(f);
            if (!bisect) {
                double dl = delta[dOff + pl] - tau, dr = delta[dOff + pr] - tau;
                double s = dl * dl * dpsi, sr = dr * dr * dphi;
                double c = f - dl * dpsi - dr * dphi;
                // c·η² − a·η + b = 0 for the correction η
                double a = c * (dl + dr) + s + sr, b = c * dl * dr + s * dr + sr * dl;
                double e1 = Double.NaN, e2 = Double.NaN;
                if (c == 0) {
                    if (a != 0) e1 = b / a;
                } else {
                    double disc = Math.sqrt(Math.abs(a * a - 4 * b * c));
                    double q = 0.5 * (a + Math.copySign(disc, a));
                    e1 = q / c;
                    if (q != 0) e2 = b / q;
                }
                double t1 = tau + e1, t2 = tau + e2;
                boolean ok1 = t1 > lo && t1 < hi, ok2 = t2 > lo && t2 < hi;
                if (ok1 && ok2) next = Math.abs(e1) <= Math.abs(e2) ? t1 : t2;
                else if (ok1) next = t1;
                else if (ok2) next = t2;
            }
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            if (!(next > lo && next < hi)) {   // lo and hi are adjacent doubles: the root is as close as it can be
                converged = true;
                break;
            }
            if (next == tau) {
                converged = true;
                break;
            }
            tau = next;
        }
        if (!converged)
            throw new NumericalException("syevd: secular equation did not converge for root " + j + " of " + k
                    + " after " + MAX_ITER + " iterations (residual f = " + f + ", bracket [" + lo + ", " + hi
                    + "] around pole " + dO + ")");
        for (int i = 0; i < k; i++) delta[dOff + i] -= tau;
        return dO + tau;
    }
}
