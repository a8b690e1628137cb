from k import *
random.seed(1)
xs = [random.uniform(0, 3.25) for _ in range(600)] + [3.25 * i / 100 for i in range(1, 100)]
exs = {}
for name, u, ucoef in (('A', EA, fe.EA), ('B', EB, fe.EB)):
    ex = [fe.exact(ucoef, F(x * x)) for x in xs]
    for s in [-20, -12, -8, -5, -3, -2, -1, -0.5, 0, 0.5, 1, 2, 3, 5, 8, 12, 20, 30, 50]:
        ds = decompose(shift(u, mp.mpf(s)))
        best = None
        for d in ds:
            fd = tofloat(d)
            worst = 0
            for x, e in zip(xs, ex):
                p = evalf(fd, float(s), x * x)
                worst = max(worst, float(abs(F(p) - e) / abs(e)) / 2**-53)
                if best and worst > best[0]: break
            if best is None or worst < best[0]:
                best = (worst, [round(a, 1) for a, g in fd[1]])
        print(name, s, len(ds), best, flush=True)
