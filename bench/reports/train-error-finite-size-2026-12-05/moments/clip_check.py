"""Which moment-swap variant has a non-PSD residual covariance (clipped at 1e-10)?  d=125, seeds 0-2, M=1e6."""
import sys, numpy as np
sys.argv = ["x", "125", "1", "1", "1e6", "/dev/null"]
exec(open("/tmp/hG/report/moments_gap.py").read().split("res = {v:")[0])
for s in range(3):
    rw = np.random.default_rng([d, s, 1])
    W1 = rw.standard_normal((k1, d)) / np.sqrt(d); W2 = rw.standard_normal((p, k1)) / np.sqrt(k1)
    mc_, Ac, Sc = linearised(W1, W2)
    mb, Sb, Ab = finish(mc_moments(W1, W2, M // 2, np.random.default_rng([d, s, 2])), mc_moments(W1, W2, M - M // 2, np.random.default_rng([d, s, 3])))
    dS = Sb - Sc; wd, Vd = eigh(dS); top = wd[-1] * np.outer(Vd[:, -1], Vd[:, -1])
    specs = {"b": (Ab, Sb), "c": (Ac, Sc), "b_A": (Ac, Sb), "b_dg": (Ab, Sb - np.diag(np.diag(dS))), "b_od": (Ab, Sc + np.diag(np.diag(dS))), "b_s1": (Ac, Sc + top)}
    print(f"seed {s}: min eig of Sigma - A A^T:", " ".join(f"{k}={eigh(S_ - A_ @ A_.T, eigvals_only=True)[0]:+.2e}" for k, (A_, S_) in specs.items()))
