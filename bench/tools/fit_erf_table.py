#!/usr/bin/env python3
"""Fit the coefficient tables of a table-driven erf: the alternative to VectorActivations' rational function that
bench/peers/ErfTableAB.java measures (eighth session; not adopted, see bench/RESULTS.md).

Layout: 16 intervals of |x| of width w = 6/15.5, interval k centred at k·w ([(k − ½)w, (k + ½)w]; interval 0 is
[0, w/2]), so k = round(|x|/w) and the last interval ends at 6, where erf rounds to 1. On each, a degree-12
polynomial in t = |x| − k·w (interval 0: no constant term, so erf stays relatively accurate near 0). Relative
least squares at 120 Chebyshev nodes (mpmath, 34 digits), coefficients rounded to double one at a time from the
constant term up with the higher ones refitted. In Java each coefficient is one two-table lane permute
(LongVector.selectFrom(v1, v2), vpermi2q on AVX-512) indexed by k.

usage: bench/tools/fit_erf_table.py [DEGREE]   # about 10 s; prints the Java table and, on stderr, each
                                              # interval's worst relative error of the rounded polynomial
Needs mpmath (pip install mpmath).
"""
import sys

import mpmath as mp

mp.mp.dps = 34
K, NODES = 16, 120
N = int(sys.argv[1]) if len(sys.argv) > 1 else 12
W = float(mp.mpf(6) / (K - mp.mpf(1) / 2))


def lsfit(xs, c, fixed, n):
    """Coefficients fixed[0..] kept; the rest, up to degree n, by relative least squares at xs."""
    rows, rhs = [], []
    for x in xs:
        t, e = x - c, mp.erf(x)
        rows.append([t ** m / e for m in range(len(fixed), n + 1)])
        rhs.append((e - sum(a * t ** i for i, a in enumerate(fixed))) / e)
    sol, _ = mp.qr_solve(mp.matrix(rows), mp.matrix(rhs))
    return [sol[i] for i in range(len(sol))]


def max_rel(co, lo, hi, c, points=400):
    worst = mp.mpf(0)
    for i in range(points + 1):
        x = lo + (hi - lo) * i / points
        if x:
            worst = max(worst, abs(mp.polyval([mp.mpf(a) for a in co[::-1]], x - c) / mp.erf(x) - 1))
    return worst


def main():
    table = []
    for k in range(K):
        c = k * mp.mpf(W)                         # the centre the Java code subtracts: k·w with w rounded
        lo = max(mp.mpf(0), (k - mp.mpf(1) / 2) * W * (1 - mp.mpf(10) ** -6))
        hi = max((k + mp.mpf(1) / 2) * W * (1 + mp.mpf(10) ** -6), mp.mpf(6) if k == K - 1 else 0)
        xs = [(lo + hi) / 2 + (hi - lo) / 2 * mp.cos(mp.pi * (i + mp.mpf(1) / 2) / NODES) for i in range(NODES)]
        fixed = [mp.mpf(0)] if k == 0 else [mp.mpf(float(mp.erf(c)))]
        while len(fixed) <= N:
            fixed.append(mp.mpf(float(lsfit(xs, c, fixed, N)[0])))
        co = [float(a) for a in fixed]
        e = max_rel(co, lo, hi, c)
        print(f'interval {k:2d} [{float(lo):.4f}, {float(hi):.4f}]: {float(e):.3g} relative '
              f'({float(e / mp.mpf(2) ** -53):.3f} ulp)', file=sys.stderr)
        table.append(co)
    print(f'    static final double W = {W!r}, INV_W = {1 / W!r};')
    print('    /** C[j][k]: coefficient of t^j on interval k. */')
    print('    static final double[][] C = {')
    for j in range(N + 1):
        print('        {' + ', '.join(repr(table[k][j]) for k in range(K)) + '},')
    print('    };')


if __name__ == '__main__':
    main()
