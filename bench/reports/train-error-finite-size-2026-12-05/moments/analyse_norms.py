import sys, numpy as np
z = np.load(sys.argv[1]); S = int(z["done"])
e = {k: np.nanmean(z[k][:S], 1) for k in ["a", "b", "c", "a_eq", "b_eq", "c_eq"]}
def cmp(x, y):
    dl = e[x] - e[y]; return dl.mean() / e[y].mean(), dl.std(ddof=1) / np.sqrt(S) / e[y].mean()
print(f"{sys.argv[1]}: {S} weight draws x {z['a'].shape[1]} training sets")
for x, y in [("a", "b"), ("a_eq", "b_eq"), ("b", "c"), ("b_eq", "c_eq"), ("a", "c"), ("a_eq", "c_eq"), ("a_eq", "a"), ("b_eq", "b")]:
    m, se = cmp(x, y); print(f"  ({x}-{y})/{y}: {m:+.4f} +- {se:.4f}")
for k in ["rv_norm", "rv_cnorm", "skew", "kurt"]:
    a, b = z[k + "_a"][:S], z[k + "_b"][:S]
    print(f"  {k:8s} relu {a.mean():+.4f} +- {a.std(ddof=1)/np.sqrt(S):.4f}   exact-moment Gaussian {b.mean():+.4f} +- {b.std(ddof=1)/np.sqrt(S):.4f}")
print("  (rv_norm: Var||phi||^2/(E||phi||^2)^2; rv_cnorm: same for ||phi-m||^2; skew/kurt: of the projection on the top eigenvector of E phi phi^T; 2e5 samples per draw)")
