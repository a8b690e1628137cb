# Gaussian model, no network: is the κ-form (THEORY.md §3.1, as RidgeTheory computes it) biased at finite n?
# Usage: python3 gaussian_de_check.py d n_over_d p_over_d reps [centre 0|1]; output: gaussian_de_check.txt.
# Gaussian model phi = A x + ms xi, A = m1 W (W p x d, N(0,1/d) entries), y = beta^T x + eps, beta ~ N(0, I/d), eps ~ N(0,tau2).
# Per data draw, train and test errors are averaged over beta and eps in closed form (Rao-Blackwell), then the mean over
# draws is compared with the kappa-form deterministic equivalent of THEORY.md 3.1 (as RidgeTheory computes it).
import numpy as np, sys
from scipy.optimize import brentq
def de(om, b, res, n, lam):
    f=lambda k: k*(1-np.sum(om/(om+k))/n)-lam
    k=brentq(f, lam, lam+om.sum()/n+1, xtol=1e-16, rtol=1e-14)
    df1=np.sum(om/(om+k)); df2=np.sum(om**2/(om+k)**2)
    te=res+(k**2*np.sum(b/(om+k)**2)+res*df2/n)/(1-df2/n)
    return te, (lam/k)**2*te, n-df1
def run(d, alpha, gam, lams, reps, centre=False, seed=1, m1=0.8, ms=0.4, tau2=0.1):
    rng=np.random.default_rng(seed)
    p=int(gam*d); n=int(alpha*d)
    A=m1*rng.standard_normal((p,d))/np.sqrt(d)
    Om=A@A.T+ms**2*np.eye(p); om,U=np.linalg.eigh(Om)
    psi2=np.einsum('ij,ij->j',U,(A@A.T)@U)/d
    res=1+tau2-np.sum(psi2/om)
    TR=np.zeros((reps,len(lams))); TE=np.zeros((reps,len(lams)))
    for r in range(reps):
        X=rng.standard_normal((n,d)); F=X@A.T+ms*rng.standard_normal((n,p))
        Cy=X@X.T/d+tau2*np.eye(n)
        if centre:
            P=np.eye(n)-1.0/n; F=P@F; Cy=P@Cy@P   # centred features and labels (intercept)
        s,V=np.linalg.eigh(F@F.T/n)
        CV=np.einsum('ij,ij->j',V,Cy@V)
        FtV=F.T@V; AtFtV=A.T@FtV  # d x n
        XtV=X.T@V
        if centre: XtV=(X-X.mean(0)).T@V
        for j,lam in enumerate(lams):
            den=s+lam
            TR[r,j]=lam**2/n*np.sum(CV/den**2)
            # G = F^T R /n = FtV diag(1/den) V^T /n ; GX = FtV diag(1/den) (V^T X)/n
            GX=(FtV/den)@XtV.T/n            # p x d
            AGX=A.T@GX                      # d x d
            G_F2=np.sum((FtV/den)**2)/n**2  # ||G||_F^2 (V orthonormal)
            AG_F2=np.sum((AtFtV/den)**2)/n**2
            TE[r,j]=(np.sum((np.eye(d)-AGX)**2)/d + tau2*AG_F2 + ms**2*(np.sum(GX**2)/d+tau2*G_F2) + tau2)
    for j,lam in enumerate(lams):
        te,tt,rdof=de(om,psi2/om,res,n,lam)
        te1,tt1,_=de(om,psi2/om,res,n-1,lam*n/(n-1)); tt1*=(n-1)/n
        mtr=TR[:,j].mean(); setr=TR[:,j].std(ddof=1)/np.sqrt(reps); mte=TE[:,j].mean(); sete=TE[:,j].std(ddof=1)/np.sqrt(reps)
        print(f"d={d:5d} n/d={alpha:4.2f} p/d={gam} lam={lam:6.0e} c={int(centre)} reps={reps:4d} n-df1={rdof:7.2f} | train MC {mtr:.5g} DE {tt:.5g} rel {(mtr-tt)/tt:+.4f} ± {setr/tt:.4f} (z {(mtr-tt)/setr:+6.2f})"
              + (f" DE(n-1) rel {(mtr-tt1)/tt1:+.4f}" if centre else "") + f" | test rel {(mte-te)/te:+.4f} ± {sete/te:.4f}", flush=True)
if __name__=="__main__":
    a=sys.argv
    run(int(a[1]), float(a[2]), float(a[3]), [1e-3,1e-2,1e-1], int(a[4]), a[5]=='1' if len(a)>5 else False)
