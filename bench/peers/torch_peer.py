#!/usr/bin/env python3
"""PyTorch peer of the cuda backend's GEMM and eigh benchmarks, on the same GPU, in float64.

Times torch.matmul (C = A·B, n×n×n) and torch.linalg.eigh (values and vectors) with CUDA events: warm-up first,
then the median of several repeats on fresh random inputs. Prints one TSV line per measurement:
    peer  op  n  median_ms  gflops  repeats
and writes the same to --out when given. Usage: python3 bench/peers/torch_peer.py [--n 8192] [--out file.tsv]
"""
import argparse
import statistics
import sys

import torch


def time_ms(fn, repeats, warmup):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    return statistics.median(times), times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, nargs="+", default=[8192])
    ap.add_argument("--eigh-n", type=int, nargs="+", default=None, help="sizes for eigh (default: --n)")
    ap.add_argument("--gemm-repeats", type=int, default=10)
    ap.add_argument("--eigh-repeats", type=int, default=3)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    if not torch.cuda.is_available():
        print("torch_peer: CUDA is not available to PyTorch", file=sys.stderr)
        return 2
    dev = torch.device("cuda")
    name = torch.cuda.get_device_name(dev)
    rows = []
    gen = torch.Generator(device=dev).manual_seed(1234)
    for n in args.n:
        a = torch.randn(n, n, dtype=torch.float64, device=dev, generator=gen)
        b = torch.randn(n, n, dtype=torch.float64, device=dev, generator=gen)
        c = torch.empty(n, n, dtype=torch.float64, device=dev)
        med, _ = time_ms(lambda: torch.matmul(a, b, out=c), args.gemm_repeats, 2)
        # correctness spot check against a float64 CPU product of a few rows
        ref = (a[:4].cpu() @ b.cpu())
        err = (c[:4].cpu() - ref).norm() / ref.norm()
        assert err < 1e-12, f"torch.matmul float64 relative error {err}"
        rows.append(("torch", "dgemm", n, med, 2.0 * n ** 3 / (med * 1e-3) / 1e9, args.gemm_repeats))
        del a, b, c
    for n in (args.eigh_n or args.n):
        x = torch.randn(n, n, dtype=torch.float64, device=dev, generator=gen)
        s = (x + x.T) / 2
        del x
        out = {}

        def run():
            out["wv"] = torch.linalg.eigh(s)

        med, _ = time_ms(run, args.eigh_repeats, 1)
        w, v = out["wv"]
        resid = (s @ v - v * w).norm() / s.norm()
        assert resid < 1e-10, f"torch.linalg.eigh residual {resid}"
        rows.append(("torch", "syevd", n, med, float("nan"), args.eigh_repeats))
        del s, w, v, out
        torch.cuda.empty_cache()
    lines = [f"{p}\t{op}\t{n}\t{ms:.3f}\t{gf:.1f}\t{r}" for p, op, n, ms, gf, r in rows]
    print(f"# torch {torch.__version__} on {name}, float64, CUDA events, median")
    for line in lines:
        print(line)
    if args.out:
        with open(args.out, "w") as f:
            f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
