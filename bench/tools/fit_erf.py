#!/usr/bin/env python3
"""Fit, round and check the vector erf's rational function (VectorActivations.EA0..EA9, EB1..EB9).

erf(x) = x/4 + x·A(z)/B(z), z = x², on |x| < 3.25. The fit is done in w = (x/4)², where erf(x)/(x/4) − 1 is
the target, minimax in erf's relative error: Lawson-weighted linearised least squares (Sanathanan–Koerner) at
300 Chebyshev nodes, mpmath at 36 digits; then B is rounded to double and A refitted, and A is rounded one
coefficient at a time from A0 up with the higher ones refitted. The printed EA/EB are those coefficients scaled
by exact powers of two (EA_i = A_i/4/16^i, EB_i = B_i/16^i), so they are the fit's doubles exactly.

usage:
  bench/tools/fit_erf.py            # fit (about 4 minutes), print EA/EB and the rounded function's error
  bench/tools/fit_erf.py --budget   # the error budget of the Java evaluation, against mpmath, part by part
  bench/tools/fit_erf.py --check DUMP   # worst ulps from mpmath of a bench/peers/ErfDump.java output (vector
                                        # and reference, below and above 3.25)
  bench/tools/fit_erf.py --tail     # fit the tail polynomial (VectorActivations.ET_SCALE, ET_SHIFT, ET0..ET8; seconds)
  bench/tools/fit_erf.py --piece XA XB N M   # the best (N, M) rational on XA ≤ x ≤ XB alone (unrounded error)
Needs mpmath (pip install mpmath).
"""
import math
import random
import sys
from fractions import Fraction as F

import mpmath as mp

T, N_NUM, N_DEN, NODES = mp.mpf('3.25'), 9, 9, 300
EA = [0.8783791670955126, 0.063352737658832, 0.0288778160331329, 0.000418776261912472, 0.00014186073020290747,
      -5.5069439371018584e-06, -1.2156552427212573e-07, -2.9307048302350804e-08, -7.369230703081104e-10,
      -2.1114056647243798e-11]
EB = [1.0, 0.5003296334359457, 0.11865841265123704, 0.017599863771754428, 0.0018106412348626404,
      0.0001350329132128699, 7.372380209432012e-06, 2.8785684813051776e-07, 7.426994931372516e-09,
      9.918561345253084e-11]


def pv(c, w):
    return mp.polyval(c[::-1], w)


def lawson(nodes, row, coeffs, errs, iters, each=None):
    """Minimax by Lawson's iteration: weighted least squares, the weights multiplied by each node's |error| after
    every solve. row(i) gives node i's (divisor, basis values, target); the row and target are scaled by
    sqrt(weight)/divisor. coeffs maps the solution to coefficients, errs those to the nodes' errors, each (if any)
    sees every iterate. Returns (max |error|, coefficients) of the best iterate."""
    lw, best = [mp.mpf(1)] * nodes, None
    for _ in range(iters):
        rows = [row(i) for i in range(nodes)]
        M, b = mp.matrix(nodes, len(rows[0][1])), mp.matrix(nodes, 1)
        for i, (divisor, basis, target) in enumerate(rows):
            sc = mp.sqrt(lw[i]) / divisor
            for j, v in enumerate(basis):
                M[i, j] = sc * v
            b[i] = sc * target
        c = coeffs(mp.qr_solve(M, b)[0])
        e = errs(c)
        mx = max(abs(v) for v in e)
        if best is None or mx < best[0]:
            best = (mx, c)
        if each:
            each(c)
        total = sum(lw[i] * abs(e[i]) for i in range(nodes))
        lw = [lw[i] * abs(e[i]) / total for i in range(nodes)]
    return best


def fit():
    mp.mp.dps = 36
    W = T * T / 16
    ws = [W * (1 - mp.cos(mp.pi * (i + mp.mpf(1) / 2) / NODES)) / 2 for i in range(NODES)]
    h = [(mp.erf(4 * mp.sqrt(w)) / mp.sqrt(w) - 1) if w > 0 else 8 / mp.sqrt(mp.pi) - 1 for w in ws]
    n, m = N_NUM, N_DEN

    def errs(A, B):
        return [(pv(A, w) / pv(B, w) - h[i]) / (1 + h[i]) for i, w in enumerate(ws)]

    Bp = [mp.mpf(1)] * NODES   # B at the nodes, from the previous iterate (Sanathanan–Koerner)

    def row(i):
        w = ws[i]
        return ((1 + h[i]) * Bp[i], [w**j for j in range(n + 1)] + [-h[i] * w**j for j in range(1, m + 1)], h[i])

    def coeffs(x):
        return [x[j] for j in range(n + 1)], [mp.mpf(1)] + [x[n + j] for j in range(1, m + 1)]

    def keep_b(AB):
        Bp[:] = [pv(AB[1], w) for w in ws]

    mx, (A, B) = lawson(NODES, row, coeffs, lambda AB: errs(*AB), 60, keep_b)
    print('rational fit: max relative error %.3e' % float(mx))
    B = [mp.mpf(float(c)) for c in B]
    Bv = [pv(B, w) for w in ws]

    def refit(A, fixed):
        free = list(range(fixed, n + 1))

        def row(i):
            w = ws[i]
            return Bv[i] * (1 + h[i]), [w**j for j in free], h[i] * Bv[i] - sum(A[j] * w**j for j in range(fixed))

        return lawson(NODES, row, lambda x: A[:fixed] + [x[k] for k in range(len(free))],
                      lambda A2: errs(A2, B), 40)[1]

    A = refit(A, 0)
    for k in range(n + 1):
        A[k] = mp.mpf(float(A[k]))
        if k < n:
            A = refit(A, k + 1)
    ea = [float(c) / 4 / 16**i for i, c in enumerate(A)]
    eb = [float(c) / 16**i for i, c in enumerate(B)]
    print('EA', [repr(v) for v in ea])
    print('EB', [repr(v) for v in eb])
    return ea, eb


def check(ea, eb):
    """The rounded function's own error (exact arithmetic on the double coefficients) against mpmath."""
    mp.mp.dps = 40
    am, bm = [mp.mpf(c) for c in ea], [mp.mpf(c) for c in eb]
    worst, at = 0, None
    for x in mp.linspace(mp.mpf('1e-8'), T, 6000):
        z = x * x
        y = x / 4 + x * pv(am, z) / pv(bm, z)
        e = abs(y / mp.erf(x) - 1)
        if e > worst:
            worst, at = e, x
    print('rounded coefficients: max relative error %.3e at x = %s (%.3f × 2^-53)'
          % (float(worst), mp.nstr(at, 6), float(worst / mp.mpf(2)**-53)))


def fma(a, b, c):
    return float(F(a) * F(b) + F(c))   # one rounding, as the hardware's


def horner(c, z):
    acc = fma(z, c[-1], c[-2])
    for k in reversed(c[:-2]):
        acc = fma(acc, z, k)
    return acc


def exact(c, z):
    s = F(0)
    for k in reversed(c):
        s = s * z + F(k)
    return s


def ulp(y):
    return 2.0 ** (math.frexp(abs(y))[1] - 53)


def budget(points=3000):
    """Each rounding of the Java loop on its own (the others exact), and all together, in ulps of erf."""
    mp.mp.dps = 40
    random.seed(1)
    for lo, hi in ((0, 1.2), (1.2, 2.3), (2.3, 3.25)):
        worst = {}
        for _ in range(points):
            x = random.uniform(lo, hi)
            fx, z = F(x), x * x
            a, b = horner(EA, z), horner(EB, z)
            t = a / b
            y = fma(x, t, x * 0.25)
            truth = mp.erf(mp.mpf(x))
            u = ulp(float(truth))
            ae, be = exact(EA, F(z)), exact(EB, F(z))
            parts = {
                'A': abs(F(a) - ae) / abs(be) * fx,
                'B': abs(F(b) - be) / be * abs(ae / be) * fx,
                'div': abs(F(t) - F(a) / F(b)) * fx,
                'x2': abs(fx * (exact(EA, fx * fx) / exact(EB, fx * fx) - ae / be)),
            }
            for k, v in parts.items():
                parts[k] = float(v) / u
            parts['total'] = float(abs(mp.mpf(y) - truth)) / u
            for k, v in parts.items():
                if v > worst.get(k, (0, 0))[0]:
                    worst[k] = (v, x)
        print('x in [%.2f, %.2f]: ' % (lo, hi) + ', '.join('%s %.2f' % (k, v[0]) for k, v in worst.items())
              + ' (worst, ulps; total at x = %.4f)' % worst['total'][1])


def fit_tail(deg=8, nodes=200):
    """G(t) ≈ erfc(x)·e^{x²}·x on 3.25 ≤ x ≤ 6, t = (1/x²)·SC + SH ∈ [−1, 1] (the map rounded to doubles, as the
    Java evaluates it): Lawson-weighted least squares in relative error, then the rounded polynomial checked."""
    mp.mp.dps = 40
    a, b = T, mp.mpf(6)
    wa, wb = 1 / b**2, 1 / a**2
    sc, sh = float(2 / (wb - wa)), float(-(wb + wa) / (wb - wa))

    def g(x):
        return mp.erfc(x) * mp.exp(x * x) * x

    tlo, thi = mp.mpf(wa) * sc + sh, mp.mpf(wb) * sc + sh
    ts = [tlo + (thi - tlo) * (1 - mp.cos(mp.pi * (i + mp.mpf(1) / 2) / nodes)) / 2 for i in range(nodes)]
    h = [g(1 / mp.sqrt((t - mp.mpf(sh)) / mp.mpf(sc))) for t in ts]
    best = lawson(nodes, lambda i: (h[i], [ts[i]**j for j in range(deg + 1)], h[i]),
                  lambda c: [c[j] for j in range(deg + 1)],
                  lambda c: [(pv(c, t) - h[i]) / h[i] for i, t in enumerate(ts)], 30)
    print('tail fit: max relative error %.3e' % float(best[0]))
    et = [float(v) for v in best[1]]
    worst = 0
    for x in mp.linspace(a, b, 4000):
        t = mp.mpf(float(1 / (x * x))) * sc + sh
        worst = max(worst, abs(pv([mp.mpf(v) for v in et], t) / g(x) - 1))
    print('rounded coefficients: max relative error %.3e (times erfc(3.25) = 4.3e-6: %.4f ulp of erf)'
          % (float(worst), float(worst * mp.erfc(a) / mp.mpf(2)**-53)))
    print('ET_SCALE', repr(sc), 'ET_SHIFT', repr(sh))
    print('ET', [repr(v) for v in et])


def fit_piece(xa, xb, n, m, nodes=120):
    """The best (n, m) rational fit of erf(x)/x − ¼ in u = (z − zc)/zh ∈ [−1, 1], z = x², on xa ≤ x ≤ xb alone,
    minimax in erf's relative error (unrounded): how much a split of [0, 3.25] into pieces would lower the degree
    (bench/RESULTS.md, tenth session)."""
    mp.mp.dps = 30
    za, zb = mp.mpf(xa)**2, mp.mpf(xb)**2
    us = [-mp.cos(mp.pi * (i + mp.mpf(1) / 2) / nodes) for i in range(nodes)]
    xs = [mp.sqrt((za + zb) / 2 + (zb - za) / 2 * u) for u in us]
    h = [mp.erf(x) / x - mp.mpf(1) / 4 if x > 0 else 2 / mp.sqrt(mp.pi) - mp.mpf(1) / 4 for x in xs]
    sc = [x / mp.erf(x) if x > 0 else mp.sqrt(mp.pi) / 2 for x in xs]   # erf's relative error per unit of h's
    Bp = [mp.mpf(1)] * nodes

    def keep_b(AB):
        Bp[:] = [pv(AB[1], u) for u in us]

    mx = lawson(nodes, lambda i: (Bp[i] / sc[i], [us[i]**j for j in range(n + 1)]
                                  + [-h[i] * us[i]**j for j in range(1, m + 1)], h[i]),
                lambda c: ([c[j] for j in range(n + 1)], [mp.mpf(1)] + [c[n + j] for j in range(1, m + 1)]),
                lambda AB: [(pv(AB[0], u) / pv(AB[1], u) - h[i]) * sc[i] for i, u in enumerate(us)], 40, keep_b)[0]
    print('x in [%s, %s], (%d, %d): max relative error %.2e' % (xa, xb, n, m, float(mx)))


def check_dump(path):
    mp.mp.dps = 40
    worst = {}
    for line in open(path):
        x, y, ref = (float.fromhex(v) for v in line.split())
        truth = mp.erf(mp.mpf(x))
        u = ulp(float(truth))
        for name, v in (('vector', y), ('reference', ref)):
            key = (name, 'below 3.25' if abs(x) < 3.25 else '3.25 and up')
            e = float(abs(mp.mpf(v) - truth)) / u
            if e > worst.get(key, (0, 0))[0]:
                worst[key] = (e, x)
    for key in sorted(worst):
        print('%-9s %-11s max %.3f ulp at x = %r' % (key + worst[key]))


if __name__ == '__main__':
    if '--budget' in sys.argv:
        budget()
    elif '--tail' in sys.argv:
        fit_tail()
    elif '--piece' in sys.argv:
        k = sys.argv.index('--piece')
        fit_piece(sys.argv[k + 1], sys.argv[k + 2], int(sys.argv[k + 3]), int(sys.argv[k + 4]))
    elif '--check' in sys.argv:
        check_dump(sys.argv[sys.argv.index('--check') + 1])
    else:
        check(*fit())
