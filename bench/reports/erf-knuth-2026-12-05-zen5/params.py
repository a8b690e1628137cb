from k import *
import sys
random.seed(1)
xs = [random.uniform(0, 3.25) for _ in range(600)] + [3.25 * i / 100 for i in range(1, 100)]
def best(u, ucoef, s):
    ex = [fe.exact(ucoef, F(x * x)) for x in xs]
    b = None
    for d in decompose(shift(u, mp.mpf(s))):
        fd = tofloat(d); worst = 0
        for x, e in zip(xs, ex):
            p = evalf(fd, float(s), x * x)
            worst = max(worst, float(abs(F(p) - e) / abs(e)) / 2**-53)
            if b and worst > b[0]: break
        if b is None or worst < b[0]: b = (worst, fd)
    return b
for name, u, uc, s in (('A', EA, fe.EA, float(sys.argv[1])), ('B', EB, fe.EB, float(sys.argv[2]))):
    w, ((c1, c0), steps) = best(u, uc, s)
    print('//', name, 's =', s, 'worst', round(w, 2))
    print('K%sS = %r, K%sC1 = %r, K%sC0 = %r,' % (name, s, name, c1, name, c0))
    print(', '.join('K%sA%d = %r, K%sG%d = %r' % (name, i, a, name, i, g) for i, (a, g) in enumerate(steps)) + ',')
