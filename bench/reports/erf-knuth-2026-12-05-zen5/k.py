import sys, math, random, itertools
from fractions import Fraction as F
import mpmath as mp
import os; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tools'))
import fit_erf as fe
mp.mp.dps = 50
EA = [mp.mpf(c) for c in fe.EA]; EB = [mp.mpf(c) for c in fe.EB]

def shift(u, s):
    # coefficients of u(t - s) in t  (z = t - s)
    n = len(u) - 1
    out = [mp.mpf(0)] * (n + 1)
    for i, c in enumerate(u):
        for k in range(i + 1):
            out[k] += c * mp.binomial(i, k) * (-s) ** (i - k)
    return out

def decompose(u):
    """all real decompositions: list of (c1, c0, [(alpha, gamma)...] outermost last)"""
    n = len(u) - 1
    if n == 1:
        return [((u[1], u[0]), [])]
    odd = u[1::2]            # coefficients in w of O(w)
    even = u[0::2]
    roots = mp.polyroots(odd[::-1], maxsteps=200, extraprec=200) if len(odd) > 1 else []
    res = []
    for r in roots:
        if abs(mp.im(r)) > mp.mpf(10) ** -30: continue
        a = mp.re(r)
        g = mp.polyval(even[::-1], a)
        # quotient of (u - g) by (t^2 - a)
        v = list(u); v[0] -= g
        q = [mp.mpf(0)] * (n - 1)
        for i in range(n, 1, -1):
            q[i - 2] = v[i]
            v[i - 2] += a * v[i]
        for (c, steps) in decompose(q):
            res.append((c, steps + [(a, g)]))
    return res

def evalf(dec, s, z):
    (c1, c0), steps = dec
    t = z + s
    w = t * t
    p = fe.fma(t, c1, c0)
    for a, g in steps:
        p = fe.fma(p, w - a, g)
    return p

def tofloat(dec):
    (c1, c0), steps = dec
    return (float(c1), float(c0)), [(float(a), float(g)) for a, g in steps]
