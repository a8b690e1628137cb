# Paired sim − theory comparison per (activation, centre, n/d, λ', d, p, depth) from a ridge run's results.csv:
# for each pair of columns, the mean over seeds of the per-seed difference, relative to the second column, its z
# (mean / SE of the paired differences) and, for train, the relative SE. sim−th = sur−th + sim−sur: sur−th is the
# deterministic equivalent's own finite-size error (the surrogate is Gaussian with exactly the theory's covariance),
# sim−sur is Gaussian equivalence's (same weights). Usage: python3 paired_z.py OUT/results.csv
import csv,sys,math,collections
def ms(x):
    x=[a for a in x if a==a]
    n=len(x); m=sum(x)/n
    v=sum((a-m)**2 for a in x)/(n-1) if n>1 else float('nan')
    return m, math.sqrt(v/n)
def f(r,k):
    try: return float(r[k])
    except: return float('nan')
def cmp(rs,a,b):
    d=[f(r,a)-f(r,b) for r in rs]; m,se=ms(d); ref=ms([f(r,b) for r in rs])[0]
    return m/ref, (m/se if se>0 else float('nan')), se/ref
for path in sys.argv[1:]:
    rows=[r for r in csv.DictReader(open(path)) if r['status']=='ok']
    g=collections.defaultdict(list)
    for r in rows:
        g[(r['activation'],r['centre'],float(r['n_over_d']),float(r['lambda']),int(r['d']),int(r['p']),r['depth'])].append(r)
    print(path)
    print("act    cen   n/d    lam     d     p  L  S | TRAIN sim-th: rel   z  (relSE) | sur-th rel  z | sim-sur rel  z || TEST sim-th rel z | sur-th rel z")
    for k in sorted(g):
        rs=g[k]
        a=cmp(rs,'train_error','theory_train_error'); b=cmp(rs,'surrogate_train_error','theory_train_error'); c=cmp(rs,'train_error','surrogate_train_error')
        e=cmp(rs,'test_error','theory_test_error'); h=cmp(rs,'surrogate_test_error','theory_test_error')
        print(f"{k[0]:6} {k[1]:5} {k[2]:4.2f} {k[3]:6.0e} {k[4]:5d} {k[5]:5d} {k[6]} {len(rs):3d} | {a[0]:+8.4f} {a[1]:6.2f} ({a[2]:.4f}) | {b[0]:+8.4f} {b[1]:6.2f} | {c[0]:+8.4f} {c[1]:6.2f} || {e[0]:+8.4f} {e[1]:6.2f} | {h[0]:+8.4f} {h[1]:6.2f}")
