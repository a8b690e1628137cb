#!/usr/bin/env python3
"""NumPy/LAPACK yardstick for EighBenchmark: numpy.linalg.eigh (LAPACK dsyevd through NumPy's OpenBLAS) with
eigenvectors on a random symmetric matrix, seconds per decomposition.

usage: python3 bench/peers/numpy_eigh.py [--threads T] [--reps R] N [N ...]
The thread count must be fixed before NumPy loads OpenBLAS, so it is set here from the command line.
"""
import argparse
import os
import sys

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument("n", type=int, nargs="+")
p.add_argument("--threads", type=int, default=1)
p.add_argument("--reps", type=int, default=5)
args = p.parse_args()
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import time  # noqa: E402
import numpy as np  # noqa: E402

for n in args.n:
    rng = np.random.default_rng(42)
    a = rng.standard_normal((n, n))
    a = np.tril(a) + np.tril(a, -1).T
    np.linalg.eigh(a)  # warm-up
    times = []
    for _ in range(args.reps):
        t0 = time.perf_counter()
        w, v = np.linalg.eigh(a)
        times.append(time.perf_counter() - t0)
    times.sort()
    res = np.linalg.norm(a @ v - v * w, 1) / (n * np.finfo(float).eps * np.linalg.norm(a, 1))
    orth = np.linalg.norm(v.T @ v - np.eye(n), 1) / (n * np.finfo(float).eps)
    print(f"numpy.linalg.eigh n={n} threads={args.threads}: median {times[len(times) // 2]:.3f} s "
          f"(min {times[0]:.3f}, max {times[-1]:.3f}, {args.reps} reps; numpy {np.__version__}); "
          f"res={res:.3f} orth={orth:.3f} (x n*eps)")
    sys.stdout.flush()
