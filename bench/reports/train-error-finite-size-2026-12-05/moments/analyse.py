"""Summarise moments_gap.py output: per weight draw (seed) average each variant over its R training sets, then
ratio of means over seeds with the SE of the paired per-seed differences (as paired_z.py: mean(x - y)/mean(y)),
and the mean +- SE of per-seed ratios x/y - 1.  Usage: python3 analyse.py out.npz"""
import sys, numpy as np
z = np.load(sys.argv[1]); S = int(z["done"])
print(f"{sys.argv[1]}: d={int(z['d'])} n={int(z['n'])} p={int(z['p'])} M={int(z['M']):.0e} seeds={S} training sets per seed R={int(z['R'])}")
V = ["a", "b", "c", "b_m", "b_A", "b_dg", "b_od", "b_s1"]
e = {v: np.nanmean(z[v][:S], axis=1) for v in V}
def cmp(x, y, ref=None):
    ref = e[y] if ref is None else ref
    dlt = e[x] - e[y]; m = dlt.mean() / ref.mean(); se = dlt.std(ddof=1) / np.sqrt(S) / ref.mean()
    r = e[x] / e[y] - 1
    return m, se, r.mean(), r.std(ddof=1) / np.sqrt(S)
print("comparison            ratio of means (paired SE)     mean of per-seed ratios")
for x, y, lab in [("a", "c", "(a-c)/c  sim vs linearised"), ("a", "b", "(a-b)/b  sim vs exact-moment Gaussian"),
                  ("b", "c", "(b-c)/c  exact vs linearised moments")]:
    m, se, rm, rse = cmp(x, y)
    print(f"{lab:38s} {m:+.4f} +- {se:.4f} (z={m/se:5.1f})   {rm:+.4f} +- {rse:.4f}")
print("share of (a-c) explained by (b-c):", end=" ")
dac = e["a"] - e["c"]; dbc = e["b"] - e["c"]
fr = dbc.mean() / dac.mean()
# SE of the ratio of two paired means by the delta method over seeds
g = dbc / dac.mean() - fr * dac / dac.mean()
print(f"{fr:.3f} +- {g.std(ddof=1)/np.sqrt(S):.3f}")
print("one moment of b replaced by its linearised value, (b - b_X)/c  [= that moment's share of (b-c)/c]:")
for v, lab in [("b_m", "mean vector"), ("b_A", "cross-covariance E phi x^T"), ("b_dg", "diagonal of Cov phi"),
               ("b_od", "off-diagonal of Cov phi")]:
    m, se, _, _ = cmp("b", v, ref=e["c"])
    print(f"   {lab:32s} {m:+.4f} +- {se:.4f}")
m, se, _, _ = cmp("b_s1", "c")
print(f"   c + top eigen-part of (Cov_b - Cov_c) only, (b_s1 - c)/c: {m:+.4f} +- {se:.4f}")
if "b_h1" in z.files:
    b = e["b"]; h = 0.5 * (np.nanmean(z["b_h1"][:S], 1) + np.nanmean(z["b_h2"][:S], 1))
    dh = h - b
    print(f"MC check, all {S} seeds (same training sets, xi): b at M/2 (mean of the two halves) vs b at M: "
          f"{dh.mean()/b.mean():+.4f} +- {dh.std(ddof=1)/np.sqrt(S)/b.mean():.4f};  per training set rms |b_h1/b-1| "
          f"{np.sqrt(np.nanmean((z['b_h1'][:S]/z['b'][:S]-1)**2)):.4f}")
    print(f"   1/M extrapolation b(inf) = 2 b(M) - b(M/2): (a-b_inf)/b_inf = {((e['a']-(2*b-h)).mean()/(2*b-h).mean()):+.4f}, "
          f"(b_inf-c)/c = {((2*b-h-e['c']).mean()/e['c'].mean()):+.4f}")
    k = np.isfinite(z["b_4M"][:S]).all(1)
    if k.any():
        b4 = np.nanmean(z["b_4M"][:S][k], 1); bk = b[k]
        print(f"   {k.sum()} seeds with 4M: (b_4M - b_M)/b_M {(b4-bk).mean()/bk.mean():+.4f} +- {(b4-bk).std(ddof=1)/np.sqrt(k.sum())/bk.mean():.4f}; "
              f"per training set rms |b_4M/b_M-1| {np.sqrt(np.mean((z['b_4M'][:S][k]/z['b'][:S][k]-1)**2)):.4f};  on these seeds "
              f"(a-b_M)/b_M {(e['a'][k]-bk).mean()/bk.mean():+.4f}, (a-b_4M)/b_4M {(e['a'][k]-b4).mean()/b4.mean():+.4f}, (b_4M-c)/c {(b4-e['c'][k]).mean()/e['c'][k].mean():+.4f}")
info = {k[5:]: z[k][:S] for k in z.files if k.startswith("info_")}
print("moment differences exact(MC) - linearised, mean over seeds:")
print(f"   mean vector: mean relative {info['mean_rel'].mean():+.4e};  diag Cov relative {info['diag_rel'].mean():+.4e}")
print(f"   off-diagonal Cov: mean {info['offdiag_mean'].mean():+.3e}, rms {info['offdiag_rms'].mean():.3e};  "
      f"eig(Cov_b-Cov_c) top {info['dSig_top'].mean():+.4f}, bottom {info['dSig_bot'].mean():+.4f}; |eig| max of 2nd-moment diff {info['dS2_top'].mean():.4f}")
print(f"   ||A_b-A_c||/||A_c|| {info['A_rel'].mean():.4f};  min eig of residual Cov (b) {info['minres_b'].mean():.4f};  clipped eigenvalues (all variants) {int(np.nansum(info['clipped']))}")
print(f"   MC time per seed {np.nanmean(info['t_mc']):.1f}s")
print("means of the raw training errors:", " ".join(f"{v}={np.nanmean(e[v]):.4e}" for v in V))
