# Per-seed distribution of the relative sim − surrogate training gap (sim − sur)/theory: mean ± SE, median, and the
# mean without the 2 % largest |values|, per (activation, n/d, λ', d, depth). Usage: python3 tails.py A/results.csv ...
import csv,sys,math,collections,statistics as st
for p in sys.argv[1:]:
    g=collections.defaultdict(list)
    for r in csv.DictReader(open(p)):
        if r['status']!='ok': continue
        g[(r['activation'],float(r['n_over_d']),float(r['lambda']),int(r['d']),r['depth'])].append((float(r['train_error'])-float(r['surrogate_train_error']))/float(r['theory_train_error']))
    print(p)
    for k in sorted(g):
        if k[2]!=1e-3: continue
        x=g[k]; n=len(x); m=st.mean(x); se=st.stdev(x)/math.sqrt(n)
        xs=sorted(x,key=abs)[:int(n*0.98)]
        print(f"  {k[0]} n/d={k[1]} lam={k[2]:g} d={k[3]} L={k[4]} S={n}: mean {m:+.4f} ± {se:.4f}  median {st.median(x):+.4f}  trimmed2% {st.mean(xs):+.4f} ± {st.stdev(xs)/math.sqrt(len(xs)):.4f}  min {min(x):+.3f} max {max(x):+.3f}")
