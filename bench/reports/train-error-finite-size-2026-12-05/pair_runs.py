# Paired comparison of two ridge runs on the same seeds (bench/RESULTS.md, sphere check): for each (activation, n/d,
# λ', d, p, depth) the mean over seeds of the per-seed difference in the sim − surrogate training gap, in the sim and
# surrogate training errors and in the sim test error between run B and run A, relative to the mean theory column
# (the theory is the same in both runs: it depends on the weights only), with its SE.
# Usage: python3 pair_runs.py A/results.csv B/results.csv
import csv,sys,math,collections
def f(r,k):
    try: return float(r[k])
    except: return float('nan')
def load(p):
    g={}
    for r in csv.DictReader(open(p)):
        if r['status']!='ok': continue
        g[(r['activation'],float(r['n_over_d']),float(r['lambda']),int(r['d']),int(r['p']),r['depth'],r['seed'])]=r
    return g
def ms(x):
    n=len(x); m=sum(x)/n; v=sum((a-m)**2 for a in x)/(n-1); return m,math.sqrt(v/n)
A,B=load(sys.argv[1]),load(sys.argv[2])
g=collections.defaultdict(list)
for k in A:
    if k in B: g[k[:-1]].append((A[k],B[k]))
print("B − A, relative to the theory (mean ± SE over paired seeds)")
print("act    n/d    lam     d     p  L    S | gap A (sim-sur)   | gap B (sim-sur)   | Δgap (B−A)        | Δsim train        | Δsur train        | Δsim test")
for k in sorted(g):
    ps=g[k]; th=sum(f(a,'theory_train_error') for a,_ in ps)/len(ps); tt=sum(f(a,'theory_test_error') for a,_ in ps)/len(ps)
    def rel(vals,ref): m,se=ms(vals); return f"{m/ref:+.4f} ± {se/ref:.4f}"
    gA=[f(a,'train_error')-f(a,'surrogate_train_error') for a,_ in ps]
    gB=[f(b,'train_error')-f(b,'surrogate_train_error') for _,b in ps]
    print(f"{k[0]:6} {k[1]:4.2f} {k[2]:6.0e} {k[3]:5d} {k[4]:5d} {k[5]} {len(ps):4d} | {rel(gA,th)} | {rel(gB,th)} | {rel([y-x for x,y in zip(gA,gB)],th)} | "
          f"{rel([f(b,'train_error')-f(a,'train_error') for a,b in ps],th)} | {rel([f(b,'surrogate_train_error')-f(a,'surrogate_train_error') for a,b in ps],th)} | "
          f"{rel([f(b,'test_error')-f(a,'test_error') for a,b in ps],tt)}")
