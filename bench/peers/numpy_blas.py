#!/usr/bin/env python3
"""DGEMM yardstick for deeprf's blas backend: the same system OpenBLAS the backend binds, called from Python,
beside NumPy's own matmul.

Two peers per (n, threads), interleaved call for call so host contention hits both alike:
  system  cblas_dgemm of the system libopenblas.so.0 (the library deeprf's blas backend loads), called through
          ctypes on NumPy arrays, thread count set with openblas_set_num_threads: the apples-to-apples yardstick
          for the FFM downcall from Java.
  numpy   numpy.matmul, which calls the OpenBLAS NumPy bundles (scipy-openblas, a different build and version: on
          this machine 0.3.31 ILP64 DYNAMIC_ARCH versus Debian's 0.3.21 LP64), thread count via
          OPENBLAS_NUM_THREADS set before NumPy loads.

Each thread count runs in its own subprocess. Timing follows JMH throughput mode: after a warm-up period,
--iters iterations of --time seconds each; an iteration's rate is calls * 2 n^3 / elapsed. Reported: mean and
the half-width of a 99.9% Student-t interval over iterations (as JMH's "Error"), median, min, max.

    python3 bench/peers/numpy_blas.py --n 256,512,1024 --threads 1 --iters 5 --time 1 --json peers.json
    python3 bench/peers/numpy_blas.py --overhead --n 1,8     # ns per call: openblas_get_num_threads, dgemm, matmul
"""
import argparse
import ctypes
import ctypes.util
import json
import os
import statistics
import subprocess
import sys
import time

THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
CblasColMajor, CblasNoTrans = 102, 111
T999 = {1: 636.6, 2: 31.6, 3: 12.92, 4: 8.61, 5: 6.87, 6: 5.96, 7: 5.41, 8: 5.04, 9: 4.78, 10: 4.59, 14: 4.14, 19: 3.88, 29: 3.66}


def t999(df):
    keys = sorted(k for k in T999 if k <= df)
    return T999[keys[-1]] if keys else float("nan")


def system_openblas(path):
    lib = ctypes.CDLL(path or "libopenblas.so.0")
    lib.cblas_dgemm.restype = None
    i, d, p = ctypes.c_int, ctypes.c_double, ctypes.c_void_p
    lib.cblas_dgemm.argtypes = [i, i, i, i, i, i, d, p, i, p, i, d, p, i]
    lib.openblas_get_config.restype = ctypes.c_char_p
    lib.openblas_set_num_threads.argtypes = [i]
    return lib


def child(ns, threads, iters, seconds, warmup, lib_path):
    import numpy as np
    lib = system_openblas(lib_path)
    lib.openblas_set_num_threads(threads)
    out = []
    for n in ns:
        rng = np.random.default_rng(1)
        a = np.asfortranarray(rng.standard_normal((n, n)))
        b = np.asfortranarray(rng.standard_normal((n, n)))
        c = np.empty((n, n), order="F")
        pa, pb, pc = (x.ctypes.data_as(ctypes.c_void_p) for x in (a, b, c))

        def sys_call():
            lib.cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, pa, n, pb, n, 0.0, pc, n)

        def np_call():
            np.matmul(a, b, out=c)

        peers = {"system": sys_call, "numpy": np_call}
        rates = {k: [] for k in peers}
        for phase, count in (("warmup", warmup), ("measure", iters)):
            for _ in range(count):
                for name, f in peers.items():          # interleaved: one iteration of each in turn
                    calls, t0 = 0, time.perf_counter()
                    while True:
                        f()
                        calls += 1
                        el = time.perf_counter() - t0
                        if el >= seconds:
                            break
                    if phase == "measure":
                        rates[name].append(calls * 2.0 * n ** 3 / el / 1e9)
        for name, r in rates.items():
            mean = statistics.fmean(r)
            err = t999(len(r) - 1) * statistics.stdev(r) / len(r) ** 0.5 if len(r) > 1 else float("nan")
            out.append({"peer": name, "n": n, "threads": threads, "gflops_mean": mean, "gflops_error": err,
                        "gflops_median": statistics.median(r), "gflops_min": min(r), "gflops_max": max(r), "gflops_all": r})
    info = {"numpy": np.__version__, "system_openblas": lib.openblas_get_config().decode(),
            "numpy_openblas": numpy_openblas_config(np)}
    return {"info": info, "results": out}


def overhead(ns, seconds, lib_path):
    """Nanoseconds per call of tiny operations, one thread: the cost of crossing into OpenBLAS from Python."""
    import numpy as np
    lib = system_openblas(lib_path)
    lib.openblas_set_num_threads(1)
    lib.openblas_get_num_threads.restype = ctypes.c_int
    out = []

    def per_call(f):
        best = float("inf")
        for _ in range(5):                     # best of 5 runs of `seconds` each: the least disturbed estimate
            calls, t0 = 0, time.perf_counter()
            while time.perf_counter() - t0 < seconds:
                for _ in range(100):
                    f()
                calls += 100
            best = min(best, (time.perf_counter() - t0) / calls * 1e9)
        return best

    out.append({"call": "ctypes openblas_get_num_threads", "n": 0, "ns_per_call": per_call(lib.openblas_get_num_threads)})
    for n in ns:
        a = np.asfortranarray(np.ones((n, n)))
        b = np.asfortranarray(np.ones((n, n)))
        c = np.empty((n, n), order="F")
        pa, pb, pc = (x.ctypes.data_as(ctypes.c_void_p) for x in (a, b, c))
        out.append({"call": "ctypes cblas_dgemm", "n": n, "ns_per_call": per_call(
            lambda: lib.cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, pa, n, pb, n, 0.0, pc, n))})
        out.append({"call": "numpy.matmul", "n": n, "ns_per_call": per_call(lambda: np.matmul(a, b, out=c))})
    return out


def numpy_openblas_config(np):
    try:
        cfg = np.show_config(mode="dicts")
        return cfg["Build Dependencies"]["blas"].get("openblas configuration", cfg["Build Dependencies"]["blas"].get("name"))
    except Exception as e:  # older NumPy
        return f"unknown ({e})"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", default="256,512,1024", help="comma-separated sizes")
    p.add_argument("--threads", default="1", help="comma-separated OpenBLAS thread counts")
    p.add_argument("--iters", type=int, default=5, help="measured iterations per peer and n")
    p.add_argument("--warmup", type=int, default=1, help="warm-up iterations per peer and n")
    p.add_argument("--time", type=float, default=1.0, help="seconds per iteration")
    p.add_argument("--lib", default=os.environ.get("DEEPRF_BLAS_LIB"), help="system OpenBLAS to load (default libopenblas.so.0)")
    p.add_argument("--json", help="also write the results to this file")
    p.add_argument("--overhead", action="store_true", help="measure ns per call of tiny operations instead")
    p.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = p.parse_args()
    ns = [int(x) for x in args.n.split(",")]
    if args.overhead:
        for r in overhead(ns, args.time, args.lib):
            print(f"{r['call']:35s} n={r['n']:3d}  {r['ns_per_call']:9.1f} ns/call (best of 5)")
        return 0
    if args.child:
        print(json.dumps(child(ns, args.child, args.iters, args.time, args.warmup, args.lib)))
        return 0
    runs = []
    for t in [int(x) for x in args.threads.split(",")]:
        env = dict(os.environ, **{v: str(t) for v in THREAD_VARS})
        cmd = [sys.executable, __file__, "--child", str(t), "--n", args.n, "--iters", str(args.iters),
               "--warmup", str(args.warmup), "--time", str(args.time)] + (["--lib", args.lib] if args.lib else [])
        r = json.loads(subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
        runs.append(r)
        print(f"# threads={t}  system: {r['info']['system_openblas']}  |  numpy {r['info']['numpy']}: {r['info']['numpy_openblas']}")
        by = {(x["peer"], x["n"]): x for x in r["results"]}
        for n in ns:
            s, m = by[("system", n)], by[("numpy", n)]
            print(f"n={n:5d} threads={t}  system OpenBLAS {s['gflops_mean']:7.2f} ± {s['gflops_error']:.2f} GFLOP/s"
                  f"   numpy matmul {m['gflops_mean']:7.2f} ± {m['gflops_error']:.2f} GFLOP/s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(runs, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
