#!/usr/bin/env python3
"""NumPy peer of examples/bench-deep-tanh.toml: the same pipeline, written well in NumPy (OpenBLAS/LAPACK).

d = 1000, two tanh layers of width 1000 (weights N(0, 1/fan-in)), n = n_test = 4000, linear teacher with
||beta|| = 1 and label noise tau^2 = 0.1, canonical ridge lambda' on a 20-point log grid 1e-4..10, one seed,
uncentred features, no surrogate. The lambda grid costs ONE eigendecomposition (numpy.linalg.eigh = dsyevd).

    python3 bench/peers/numpy_deep_tanh.py [--repeat 3]

Prints the time of "data and features" (train and test inputs, teacher, two layers, Gram) and of "lambda sweep"
(eigh, 20 solves, test predictions), and the total; the best of --repeat runs is reported.
"""
import argparse
import time

import numpy as np


def run(seed=0, d=1000, k=1000, n=4000, n_test=4000, tau2=0.1):
    lambdas = np.logspace(-4, 1, 20)
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    beta = rng.standard_normal(d)
    beta /= np.linalg.norm(beta)
    w1 = rng.standard_normal((k, d)) / np.sqrt(d)
    w2 = rng.standard_normal((k, k)) / np.sqrt(k)
    x = rng.standard_normal((n, d))
    y = x @ beta + np.sqrt(tau2) * rng.standard_normal(n)
    phi = np.tanh(np.tanh(x @ w1.T) @ w2.T)          # n x p
    gram = phi.T @ phi / n                             # syrk
    b = phi.T @ y / n
    yy = y @ y / n
    xt = rng.standard_normal((n_test, d))
    yt = xt @ beta                                     # clean target
    phit = np.tanh(np.tanh(xt @ w1.T) @ w2.T)
    t1 = time.perf_counter()
    w, u = np.linalg.eigh(gram)
    c = u.T @ b
    den = w[:, None] + lambdas[None, :]                # p x L
    coef = u @ (c[:, None] / den)                      # p x L: all ridge solutions
    train = yy - ((c ** 2)[:, None] * (w[:, None] + 2 * lambdas[None, :]) / den ** 2).sum(axis=0)
    test = ((phit @ coef - yt[:, None]) ** 2).mean(axis=0)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, train, test


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    best = None
    for _ in range(args.repeat):
        feat, sweep, train, test = run()
        if best is None or feat + sweep < best[0] + best[1]:
            best = (feat, sweep, train, test)
    feat, sweep, train, test = best
    print(f"numpy {np.__version__}: data and features {feat:.3f} s, lambda sweep {sweep:.3f} s, total {feat + sweep:.3f} s"
          f" (best of {args.repeat})")
    print(f"test error at lambda'=1e-4: {test[0]:.4f}, at 10: {test[-1]:.4f}; train at 1e-4: {train[0]:.4f}")


if __name__ == "__main__":
    main()
