# Weighted least-squares fits of the relu sim − surrogate training gap g(d) (n/d = 0.5, λ' = 1e-3, depth 2, no switch)
# to a·d^(−1/2), a/d, a·d^(−α) and b + a/d; the three d are independent draws. Numbers from paired_z.py (sim−sur rel).
import math
pts=[(125,0.1604,0.1604/7.16),(250,0.0881,0.0881/5.68),(500,0.0377,0.0377/4.27)]
def lin(fs):  # weighted LS for g = Σ c_k f_k(d)
    import itertools
    k=len(fs); A=[[0]*k for _ in range(k)]; b=[0]*k
    for d,g,s in pts:
        w=1/s**2; v=[f(d) for f in fs]
        for i in range(k):
            b[i]+=w*v[i]*g
            for j in range(k): A[i][j]+=w*v[i]*v[j]
    # solve
    import copy
    M=copy.deepcopy(A); y=b[:]
    for i in range(k):
        p=M[i][i]
        for j in range(i+1,k):
            r=M[j][i]/p
            for l in range(k): M[j][l]-=r*M[i][l]
            y[j]-=r*y[i]
    c=[0]*k
    for i in reversed(range(k)): c[i]=(y[i]-sum(M[i][l]*c[l] for l in range(i+1,k)))/M[i][i]
    chi=sum(((g-sum(ci*f(d) for ci,f in zip(c,fs)))/s)**2 for d,g,s in pts)
    return c,chi
for name,fs in [("a/sqrt(d)",[lambda d:d**-0.5]),("a/d",[lambda d:1/d]),("b + a/d",[lambda d:1.0,lambda d:1/d]),("b + a/sqrt(d)",[lambda d:1.0,lambda d:d**-0.5])]:
    c,chi=lin(fs); print(f"{name:14s} coef {['%.4g'%x for x in c]}  chi2 {chi:.2f} (dof {3-len(fs)})  pred {[round(100*sum(ci*f(d) for ci,f in zip(c,fs)),1) for d,_,_ in pts]} %")
best=min(((sum(((g-a*d**-al)/s)**2 for d,g,s in pts),al,a) for al in [x/100 for x in range(20,200)] for a in [lin([lambda d,al=al:d**-al])[0][0]]))
print("a·d^-alpha: best alpha %.2f chi2 %.2f; alpha with chi2 <= min+1:"%(best[1],best[0]),
      [al/100 for al in range(20,200) if sum(((g-lin([lambda d,al=al/100:d**-al])[0][0]*d**-(al/100))/s)**2 for d,g,s in pts)<=best[0]+1][::10])
