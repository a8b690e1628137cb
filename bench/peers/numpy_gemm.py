#!/usr/bin/env python3
"""NumPy/OpenBLAS DGEMM yardstick for deeprf's GemmBenchmark.

Measures C = A @ B for n x n float64 operands with OpenBLAS limited to 1, 2, ... threads. The thread count must be
fixed before OpenBLAS loads, so each count runs in its own subprocess with OPENBLAS_NUM_THREADS (and the other
usual variables) set; threadpoolctl is not needed.

    python3 bench/peers/numpy_gemm.py                       # n=2048, threads 1 and 2, 10 timed calls each
    python3 bench/peers/numpy_gemm.py --n 2048 --threads 1,2 --reps 10 --json numpy.json

Reports per thread count the median, min and max GFLOP/s (2 n^3 flops per call) after 2 untimed warm-up calls.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def measure(n: int, reps: int) -> dict:
    import time
    import numpy as np
    rng = np.random.default_rng(1)
    a = rng.standard_normal((n, n))
    b = rng.standard_normal((n, n))
    c = np.empty((n, n))
    for _ in range(2):
        np.matmul(a, b, out=c)
    rates = []
    for _ in range(reps):
        t0 = time.perf_counter()
        np.matmul(a, b, out=c)
        rates.append(2.0 * n ** 3 / (time.perf_counter() - t0) / 1e9)
    return {"n": n, "threads": int(os.environ.get("OPENBLAS_NUM_THREADS", "0")), "numpy": np.__version__,
            "gflops_median": statistics.median(rates), "gflops_min": min(rates), "gflops_max": max(rates),
            "gflops_all": rates}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=2048)
    p.add_argument("--threads", default="1,2", help="comma-separated OpenBLAS thread counts")
    p.add_argument("--reps", type=int, default=10)
    p.add_argument("--json", help="also write the results to this file")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(measure(args.n, args.reps)))
        return 0
    results = []
    for t in [int(x) for x in args.threads.split(",")]:
        env = dict(os.environ, **{v: str(t) for v in THREAD_VARS})
        out = subprocess.run([sys.executable, __file__, "--child", "--n", str(args.n), "--reps", str(args.reps)],
                             env=env, check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        results.append(r)
        print(f"numpy {r['numpy']} OpenBLAS dgemm n={r['n']} threads={t}: median {r['gflops_median']:.1f} GFLOP/s "
              f"(min {r['gflops_min']:.1f}, max {r['gflops_max']:.1f}, {args.reps} calls)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
