"""Diagnostic: which MC-estimated moment makes the exact-moment Gaussian training error noisy? One weight draw
(d=125, seed 0 of moments_gap.py), two independent MC samples of M each; swap mean / A / Sigma between them."""
import sys, numpy as np
sys.argv = ["x", "125", "1", "1", "1e6", "/dev/null"]
exec(open("/tmp/hG/report/moments_gap.py").read().split("res = {v:")[0])
s = 0
rw = np.random.default_rng([d, s, 1])
W1 = rw.standard_normal((k1, d)) / np.sqrt(d); W2 = rw.standard_normal((p, k1)) / np.sqrt(k1)
mcc, Ac, Sc = linearised(W1, W2)
m1, S1, A1 = mc_moments(W1, W2, M, np.random.default_rng([d, s, 2]))
m2, S2, A2 = mc_moments(W1, W2, M, np.random.default_rng([d, s, 3]))
for nm, Sg, A_ in [("c", Sc, Ac), ("mc1", S1, A1), ("mc2", S2, A2)]:
    ev = eigh(Sg - A_ @ A_.T, eigvals_only=True); print(nm, "residual eig min/5%/median/max", ev[0], np.quantile(ev, [0.05, 0.5]), ev[-1])
    print(nm, "Sigma eig min/median/max", eigh(Sg, eigvals_only=True)[[0, p // 2, -1]])
combos = {"b1": (m1, A1, S1), "b2": (m2, A2, S2), "A2": (m1, A2, S1), "S2": (m1, A1, S2), "c": (mcc, Ac, Sc)}
L = {k: (v[0], v[1], chol_res(v[2], v[1])[0]) for k, v in combos.items()}
rd = np.random.default_rng([d, s, 4]); out = {k: [] for k in L}; kev = {k: [] for k in L}
for r in range(40):
    x = rd.standard_normal((n, d)); beta = rd.standard_normal(d); beta /= np.linalg.norm(beta)
    y = x @ beta + np.sqrt(tau2) * rd.standard_normal(n); xi = rd.standard_normal((n, p))
    for k, (m_, A_, Lv) in L.items():
        Phi = m_[None, :] + x @ A_.T + xi @ Lv.T
        out[k].append(train_err(Phi, y)); kev[k].append(eigh(Phi @ Phi.T / n, eigvals_only=True)[:3])
o = {k: np.array(v) for k, v in out.items()}
for k in o: print(k, "mean", o[k].mean(), "rms rel diff vs b1", np.sqrt(((o[k] / o["b1"] - 1) ** 2).mean()), "smallest Gram eig (mean)", np.mean(kev[k], 0))
