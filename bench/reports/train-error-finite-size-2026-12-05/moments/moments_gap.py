"""Is the relu training-error gap (sim vs Gaussian-equivalent surrogate) a second-moment error of the linearisation
or non-Gaussian structure?  deeprf conventions (read from /work/main): x ~ N(0, I_d); W1 (k1 x d) ~ N(0, 1/d),
W2 (p x k1) ~ N(0, 1/k1), no further scaling, no biases; phi = relu(W2 relu(W1 x)); k1 = p = round(1.5 d);
y = beta.x + N(0, 0.1), ||beta|| = 1 (drawn); n = round(d/2); canonical ridge (1/n)||y - Phi w||^2 + lam ||w||^2,
no centring; training error (1/n)||y - Phi w_hat||^2 = (1/n) lam^2 ||(K/n + lam)^-1 y||^2, K = Phi Phi^T.
Per weight draw (seed): exact moments of (phi, x) by Monte Carlo (M samples); then R independent training sets
(x, beta, noise, xi) shared by all variants:
  a   : relu features
  b   : Gaussian (phi, x) with the exact (MC) mean, covariance and cross-covariance: phi = m + A x + L xi
  c   : Gaussian with deeprf's linearised moments (SurrogateFeatureMap: per-neuron mu0, mu1, mu* at (q_i, m_i))
  b_m : b with the mean from c;  b_A : b with A from c (Sigma kept);  b_dg : b with diag(Sigma) from c;
  b_od: b with off-diagonal Sigma from c (diag from b);  b_s1: c plus the top eigen-part of (Sigma_b - Sigma_c)
v2: symmetric square root of the residual covariance (so that the same xi pairs variants whose moments differ a
little; v1's eigenvector factor lost the pairing); the MC in two independent halves (b_h1, b_h2 at M/2 each,
b at M pooled) and, for the first check_seeds seeds, 3M more samples pooled: b_4M at 4M.
Usage: python3 moments_gap.py d seeds reps M out.npz [check_seeds]
"""
import sys, time, numpy as np
from scipy.stats import norm
from scipy.linalg import cholesky, eigh, solve

d, S, R, M = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(float(sys.argv[4]))
out = sys.argv[5]
K_CHECK = int(sys.argv[6]) if len(sys.argv) > 6 else 0
k1 = p = int(np.floor(1.5 * d + 0.5)); n = int(np.floor(0.5 * d + 0.5))   # Java Math.round (62.5 -> 63)
lam = 1e-3; tau2 = 0.1
BLOCK = 20000
VARIANTS = ["a", "b", "c", "b_m", "b_A", "b_dg", "b_od", "b_s1"]

def relu_coef(q, m):
    s = np.sqrt(q); a = m / s
    Ph, ph = norm.cdf(a), norm.pdf(a)
    mu0 = m * Ph + s * ph
    mu1 = Ph
    ef2 = (m * m + q) * Ph + m * s * ph
    ms2 = ef2 - mu0 ** 2 - q * mu1 ** 2
    return mu0, mu1, ms2

def linearised(W1, W2):
    q1 = (W1 ** 2).sum(1)
    mu0a, mu1a, ms2a = relu_coef(q1, np.zeros_like(q1))
    C1 = (mu1a[:, None] * (W1 @ W1.T)) * mu1a[None, :] + np.diag(ms2a)
    m2 = W2 @ mu0a
    G = W2 @ C1 @ W2.T
    mu0b, mu1b, ms2b = relu_coef(np.diag(G).copy(), m2)
    Sig = (mu1b[:, None] * G) * mu1b[None, :] + np.diag(ms2b)
    A = (mu1b[:, None] * W2) @ (mu1a[:, None] * W1)
    return mu0b, A, Sig

def mc_moments(W1, W2, M, rng):
    W1f, W2f = W1.T.astype(np.float32), W2.T.astype(np.float32)
    s1 = np.zeros(p); S2 = np.zeros((p, p)); A = np.zeros((p, d))
    done = 0
    while done < M:
        b = min(BLOCK, M - done)
        x = rng.standard_normal((b, d), dtype=np.float32)
        f = np.maximum(np.maximum(x @ W1f, 0) @ W2f, 0)
        s1 += f.sum(0, dtype=np.float64); S2 += (f.T @ f).astype(np.float64); A += (f.T @ x).astype(np.float64)
        done += b
    return np.array([float(M)]), s1, S2, A

def finish(*parts):
    Mt = sum(q[0][0] for q in parts)
    m = sum(q[1] for q in parts) / Mt; S2 = sum(q[2] for q in parts) / Mt; A = sum(q[3] for q in parts) / Mt
    return m, S2 - np.outer(m, m), A

def chol_res(Sig, A):
    Rm = Sig - A @ A.T
    Rm = 0.5 * (Rm + Rm.T)
    w, V = eigh(Rm)
    clipped = int((w < 1e-10).sum())
    w = np.maximum(w, 1e-10)
    return (V * np.sqrt(w)) @ V.T, clipped, w.min()

def train_err(Phi, y):
    Kn = Phi @ Phi.T / n
    r = lam * solve(Kn + lam * np.eye(n), y, assume_a='pos')
    return r @ r / n

res = {v: np.full((S, R), np.nan) for v in VARIANTS}
chk = {k: np.full((S, R), np.nan) for k in ["b_h1", "b_h2", "b_4M"]}
info = {k: np.full(S, np.nan) for k in ["mean_rel", "diag_rel", "offdiag_mean", "offdiag_rms", "dSig_top", "dSig_bot",
                                        "dS2_top", "A_rel", "minres_b", "clipped", "t_mc"]}
t_start = time.time()
for s in range(S):
    rw = np.random.default_rng([d, s, 1])
    W1 = rw.standard_normal((k1, d)) / np.sqrt(d)
    W2 = rw.standard_normal((p, k1)) / np.sqrt(k1)
    mc_, Ac, Sc = linearised(W1, W2)
    t0 = time.time()
    h1 = mc_moments(W1, W2, M // 2, np.random.default_rng([d, s, 2]))
    h2 = mc_moments(W1, W2, M - M // 2, np.random.default_rng([d, s, 3]))
    mb, Sb, Ab = finish(h1, h2)
    info["t_mc"][s] = time.time() - t0
    dS = Sb - Sc
    wd, Vd = eigh(dS)
    S2b, S2c = Sb + np.outer(mb, mb), Sc + np.outer(mc_, mc_)
    info["mean_rel"][s] = (mb - mc_).mean() / mc_.mean()
    info["diag_rel"][s] = (np.diag(dS) / np.diag(Sc)).mean()
    off = dS[~np.eye(p, dtype=bool)]
    info["offdiag_mean"][s] = off.mean(); info["offdiag_rms"][s] = np.sqrt((off ** 2).mean())
    info["dSig_top"][s] = wd[-1]; info["dSig_bot"][s] = wd[0]
    info["dS2_top"][s] = np.abs(eigh(S2b - S2c, eigvals_only=True)).max()
    info["A_rel"][s] = np.linalg.norm(Ab - Ac) / np.linalg.norm(Ac)
    top = wd[-1] * np.outer(Vd[:, -1], Vd[:, -1])
    specs = {"b": (mb, Ab, Sb), "c": (mc_, Ac, Sc), "b_m": (mc_, Ab, Sb), "b_A": (mb, Ac, Sb),
             "b_dg": (mb, Ab, Sb - np.diag(np.diag(dS))), "b_od": (mc_ * 0 + mb, Ab, Sc + np.diag(np.diag(dS))),
             "b_s1": (mc_, Ac, Sc + top)}
    # b_od: off-diagonal Sigma from c, diagonal and mean and A from b
    L = {}
    for v, (m_, A_, S_) in specs.items():
        Lv, cl, mn = chol_res(S_, A_)
        L[v] = (m_, A_, Lv)
        if v == "b": info["minres_b"][s] = mn
        info["clipped"][s] = (0 if np.isnan(info["clipped"][s]) else info["clipped"][s]) + cl
    for nm, parts in [("b_h1", (h1,)), ("b_h2", (h2,))]:
        m_, S_, A_ = finish(*parts); L[nm] = (m_, A_, chol_res(S_, A_)[0])
    if s < K_CHECK:
        t0 = time.time()
        extra = [mc_moments(W1, W2, M, np.random.default_rng([d, s, 10 + j])) for j in range(3)]
        m_, S_, A_ = finish(h1, h2, *extra); L["b_4M"] = (m_, A_, chol_res(S_, A_)[0])
        info["t_mc"][s] += time.time() - t0
    rd = np.random.default_rng([d, s, 4])
    for r in range(R):
        x = rd.standard_normal((n, d))
        beta = rd.standard_normal(d); beta /= np.linalg.norm(beta)
        y = x @ beta + np.sqrt(tau2) * rd.standard_normal(n)
        xi = rd.standard_normal((n, p))
        Phi = np.maximum(np.maximum(x @ W1.T, 0) @ W2.T, 0)
        res["a"][s, r] = train_err(Phi, y)
        for v, (m_, A_, Lv) in L.items():
            e = train_err(m_[None, :] + x @ A_.T + xi @ Lv.T, y)
            (chk if v in chk else res)[v][s, r] = e
    el = time.time() - t_start
    mean = {v: np.nanmean(res[v][:s + 1]) for v in VARIANTS}
    print(f"seed {s+1}/{S} t={el:.0f}s mc={info['t_mc'][s]:.1f}s  " + " ".join(f"{v}={mean[v]:.5f}" for v in VARIANTS)
          + f"  (a-c)/c={mean['a']/mean['c']-1:+.4f} (a-b)/b={mean['a']/mean['b']-1:+.4f} (b-c)/c={mean['b']/mean['c']-1:+.4f}", flush=True)
    np.savez(out, done=s + 1, d=d, n=n, p=p, M=M, R=R, **res, **chk, **{"info_" + k: v for k, v in info.items()})
