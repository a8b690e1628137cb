"""Follow-up diagnostic (not part of the decisive experiment): where is the non-Gaussian structure that the exact
second moments miss?  Per weight draw (d=125, same weights as moments_gap.py seeds 0..S-1, moments by MC at M):
 - training error with each training sample's (uncentred) feature vector rescaled to the training set's rms norm
   (a_eq, b_eq): if the a-b gap survives, it is not per-sample norm fluctuation;
 - per-sample statistics on 2e5 fresh samples, relu (a) vs exact-moment Gaussian (b): relative variance of ||phi||^2
   and of ||phi - m||^2, skewness/excess kurtosis of the projection on the top eigenvector of E phi phi^T.
Usage: python3 diag_norms.py d seeds reps M out.npz"""
import sys, numpy as np
argv = sys.argv[:]
sys.argv = ["x", argv[1], "1", "1", argv[4], "/dev/null"]
exec(open("/tmp/hG/report/moments_gap.py").read().split("res = {v:")[0])
S, R, out = int(argv[2]), int(argv[3]), argv[5]
keys = ["a", "b", "c", "a_eq", "b_eq", "c_eq"]
res = {k: np.full((S, R), np.nan) for k in keys}
st = {k: np.full(S, np.nan) for k in ["rv_norm_a", "rv_norm_b", "rv_cnorm_a", "rv_cnorm_b", "skew_a", "skew_b", "kurt_a", "kurt_b"]}
def eq(Phi):
    nr = np.sqrt((Phi ** 2).sum(1)); return Phi * (np.sqrt((nr ** 2).mean()) / nr)[:, None]
for s in range(S):
    rw = np.random.default_rng([d, s, 1])
    W1 = rw.standard_normal((k1, d)) / np.sqrt(d); W2 = rw.standard_normal((p, k1)) / np.sqrt(k1)
    mc_, Ac, Sc = linearised(W1, W2)
    mb, Sb, Ab = finish(mc_moments(W1, W2, M, np.random.default_rng([d, s, 2])))
    Lb = chol_res(Sb, Ab)[0]; Lc = chol_res(Sc, Ac)[0]
    rs = np.random.default_rng([d, s, 7]); xs = rs.standard_normal((200000, d))
    Fa = np.maximum(np.maximum(xs @ W1.T, 0) @ W2.T, 0)
    Fb = mb[None, :] + xs @ Ab.T + rs.standard_normal((200000, p)) @ Lb.T
    v1 = eigh(Sb + np.outer(mb, mb))[1][:, -1]
    for tag, F in [("a", Fa), ("b", Fb)]:
        nn = (F ** 2).sum(1); cn = ((F - mb) ** 2).sum(1); t = F @ v1; t = (t - t.mean()) / t.std()
        st["rv_norm_" + tag][s] = nn.var() / nn.mean() ** 2; st["rv_cnorm_" + tag][s] = cn.var() / cn.mean() ** 2
        st["skew_" + tag][s] = (t ** 3).mean(); st["kurt_" + tag][s] = (t ** 4).mean() - 3
    del Fa, Fb, xs
    rd = np.random.default_rng([d, s, 4])
    for r in range(R):
        x = rd.standard_normal((n, d)); beta = rd.standard_normal(d); beta /= np.linalg.norm(beta)
        y = x @ beta + np.sqrt(tau2) * rd.standard_normal(n); xi = rd.standard_normal((n, p))
        P = {"a": np.maximum(np.maximum(x @ W1.T, 0) @ W2.T, 0), "b": mb[None, :] + x @ Ab.T + xi @ Lb.T,
             "c": mc_[None, :] + x @ Ac.T + xi @ Lc.T}
        for k, F in P.items():
            res[k][s, r] = train_err(F, y); res[k + "_eq"][s, r] = train_err(eq(F), y)
    e = {k: np.nanmean(res[k][:s + 1]) for k in keys}
    print(f"seed {s+1}/{S} (a-b)/b={e['a']/e['b']-1:+.4f} (a_eq-b_eq)/b_eq={e['a_eq']/e['b_eq']-1:+.4f} (b-c)/c={e['b']/e['c']-1:+.4f} (b_eq-c_eq)/c_eq={e['b_eq']/e['c_eq']-1:+.4f} "
          + " ".join(f"{k}={np.nanmean(v[:s+1]):.4f}" for k, v in st.items()), flush=True)
    np.savez(out, done=s + 1, **res, **st)
