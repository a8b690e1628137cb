#!/usr/bin/env python3
"""PyTorch peer of examples/bench-deep-tanh-gpu.toml on the GPU: the pipeline of bench/peers/numpy_deep_tanh.py, in
float64, with data and weights generated on the device and ONE eigh per draw for the whole lambda grid.

d = k = 8192 (two tanh layers, weights N(0, 1/fan-in)), n = n_test = 65536, linear teacher with ||beta|| = 1 and
label noise tau^2 = 0.1, canonical ridge lambda' on a 20-point log grid 1e-4..10, test error against the clean
target. Everything is held whole on the device (x and Phi are n x 8192: 4 GiB each; about 14 GiB at the peak), the
way one writes it in PyTorch; the Gram matrix is phi.T @ phi (PyTorch has no syrk).

    python3 bench/peers/torch_deep_tanh.py [--repeat 2] [--out torch_e2e.json]
    python3 bench/peers/torch_deep_tanh.py --device cpu --small      # smoke run where there is no GPU
    python3 bench/peers/torch_deep_tanh.py --numpy-check             # the same code through NumPy, checked
                                                                     # against direct ridge solves (no torch needed)

Protocol, the same as the deeprf side (deeprf.experiment.EndToEndTimings): --repeat plain draws (the first is cold),
each synchronised only at its end; total_s is the best. Then one profiled draw that synchronises the device around
each phase -- generation (weights, inputs, labels), layers (the two tanh layers, train and test), gram (Phi^T Phi,
Phi^T y), eigh (the eigendecomposition and the whole lambda grid from it), errors (test predictions and their mean
squared error) -- and reports host = profiled draw - phases. Prints one line per draw, then JSON (also to --out).
"""
import argparse
import json
import math
import sys
import time
from contextlib import contextmanager

PHASES = ("generation", "layers", "gram", "eigh", "errors")


class TorchOps:
    """Tensors of PyTorch on one device, float64, from one device generator."""

    def __init__(self, device, seed):
        import torch
        self.torch = torch
        self.device = torch.device(device)
        self.gen = torch.Generator(device=self.device).manual_seed(seed)
        self.cuda = self.device.type == "cuda"

    def randn(self, *shape):
        return self.torch.randn(*shape, generator=self.gen, dtype=self.torch.float64, device=self.device)

    def logspace(self, a, b, m):
        return self.torch.logspace(a, b, m, dtype=self.torch.float64, device=self.device)

    def norm(self, a):
        return self.torch.linalg.vector_norm(a)

    def eigh(self, a):
        return self.torch.linalg.eigh(a)

    @staticmethod
    def tanh_(a):
        return a.tanh_()

    def sync(self):
        if self.cuda:
            self.torch.cuda.synchronize(self.device)

    @staticmethod
    def host(a):
        return a.cpu().tolist()

    def reset_peak(self):
        if self.cuda:
            self.torch.cuda.reset_peak_memory_stats(self.device)

    def memory(self):
        if not self.cuda:
            return {}
        free, total = self.torch.cuda.mem_get_info(self.device)
        return {"peak_allocated_bytes": self.torch.cuda.max_memory_allocated(self.device),
                "peak_reserved_bytes": self.torch.cuda.max_memory_reserved(self.device),
                "device_used_end_bytes": total - free, "device_total_bytes": total}

    def describe(self):
        name = self.torch.cuda.get_device_name(self.device) if self.cuda else "cpu"
        return f"torch {self.torch.__version__} on {name}"


class NumpyOps:
    """The same operations in NumPy: runs the peer's code where PyTorch is absent (--numpy-check)."""

    def __init__(self, device, seed):
        import numpy as np
        self.np = np
        self.rng = np.random.default_rng(seed)

    def randn(self, *shape):
        return self.rng.standard_normal(shape)

    def logspace(self, a, b, m):
        return self.np.logspace(a, b, m)

    def norm(self, a):
        return self.np.linalg.norm(a)

    def eigh(self, a):
        return self.np.linalg.eigh(a)

    def tanh_(self, a):
        return self.np.tanh(a, out=a)

    def sync(self):
        pass

    @staticmethod
    def host(a):
        return [float(v) for v in a]

    def reset_peak(self):
        pass

    def memory(self):
        return {}

    def describe(self):
        return f"numpy {self.np.__version__} on cpu"


class Phases:
    """Seconds per phase; only when profiling, and then with the device synchronised on both sides of each phase."""

    def __init__(self, ops, profile):
        self.ops, self.profile = ops, profile
        self.seconds = {p: 0.0 for p in PHASES}

    @contextmanager
    def __call__(self, name):
        if not self.profile:
            yield
            return
        self.ops.sync()
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.ops.sync()
            self.seconds[name] += time.perf_counter() - t0


def draw(ops, ph, d, k, n, n_test, tau2, lambdas):
    """One draw; returns (train, test) errors per lambda as host lists. Same steps as numpy_deep_tanh.run."""
    with ph("generation"):
        beta = ops.randn(d)
        beta /= ops.norm(beta)
        w1 = ops.randn(k, d)
        w1 /= math.sqrt(d)
        w2 = ops.randn(k, k)
        w2 /= math.sqrt(k)
        x = ops.randn(n, d)
        y = x @ beta
        y += math.sqrt(tau2) * ops.randn(n)
    with ph("layers"):
        phi = ops.tanh_(ops.tanh_(x @ w1.T) @ w2.T)        # n x p
    del x
    with ph("gram"):
        gram = phi.T @ phi
        gram /= n
        b = (phi.T @ y) / n
        yy = (y @ y) / n
    del phi
    with ph("generation"):
        xt = ops.randn(n_test, d)
        yt = xt @ beta                                     # clean target
    with ph("layers"):
        phit = ops.tanh_(ops.tanh_(xt @ w1.T) @ w2.T)
    del xt
    with ph("eigh"):
        w, u = ops.eigh(gram)                              # the one eigendecomposition for the whole grid
        c = u.T @ b
        den = w[:, None] + lambdas[None, :]                # p x L
        coef = u @ (c[:, None] / den)                      # p x L: every ridge solution
        train = yy - ((c ** 2)[:, None] * (w[:, None] + 2 * lambdas[None, :]) / den ** 2).sum(0)
    with ph("errors"):
        test = ((phit @ coef - yt[:, None]) ** 2).mean(0)
        train, test = ops.host(train), ops.host(test)      # to the host: the draw is finished
    return train, test


def measure(ops, sizes, repeat, breakdown):
    d, k, n, n_test, tau2, m = sizes
    lambdas = ops.logspace(-4, 1, m)
    runs, best = [], None
    for i in range(repeat):
        ops.reset_peak()
        ops.sync()
        t0 = time.perf_counter()
        train, test = draw(ops, Phases(ops, False), d, k, n, n_test, tau2, lambdas)
        s = time.perf_counter() - t0
        runs.append(s)
        print(f"draw {i + 1}: {s:.3f} s, test error at lambda'=1e-4: {test[0]:.6g}", flush=True)
        if best is None or s < best[0]:
            best = (s, train, test)
    r = {"who": "torch", "description": ops.describe(), "d": d, "widths": [k, k], "n": n, "n_test": n_test,
         "lambdas": m, "runs_s": runs, "first_s": runs[0], "total_s": best[0],
         "test_error_first_lambda": best[2][0], "test_error_last_lambda": best[2][-1],
         "train_error_first_lambda": best[1][0]}
    r.update(ops.memory())
    if breakdown:
        ph = Phases(ops, True)
        ops.sync()
        t0 = time.perf_counter()
        train, test = draw(ops, ph, d, k, n, n_test, tau2, lambdas)
        s = time.perf_counter() - t0
        r["breakdown_s"] = dict(ph.seconds, host=max(0.0, s - sum(ph.seconds.values())))
        r["breakdown_total_s"] = s
    finite = all(math.isfinite(v) for v in best[1] + best[2])
    r["status"] = "ok" if finite else "failed: non-finite errors"
    return r


def numpy_check(sizes):
    """Runs draw() through NumPy and checks its lambda grid against a direct solve of each ridge system."""
    import numpy as np
    d, k, n, n_test, tau2, m = sizes
    ops = NumpyOps("cpu", 7)
    lambdas = ops.logspace(-4, 1, m)
    train, test = draw(ops, Phases(ops, True), d, k, n, n_test, tau2, lambdas)
    ref = NumpyOps("cpu", 7)                               # the same random numbers in the same order
    beta = ref.randn(d)
    beta /= np.linalg.norm(beta)
    w1 = ref.randn(k, d) / math.sqrt(d)
    w2 = ref.randn(k, k) / math.sqrt(k)
    x = ref.randn(n, d)
    y = x @ beta + math.sqrt(tau2) * ref.randn(n)
    xt = ref.randn(n_test, d)
    yt = xt @ beta
    phi, phit = np.tanh(np.tanh(x @ w1.T) @ w2.T), np.tanh(np.tanh(xt @ w1.T) @ w2.T)
    g = phi.T @ phi / n
    ev = np.linalg.eigvalsh(g)
    worst, bad = 0.0, []
    for j, lam in enumerate(lambdas):
        wh = np.linalg.solve(g + lam * np.eye(k), phi.T @ y / n)
        tr, te = np.mean((phi @ wh - y) ** 2), np.mean((phit @ wh - yt) ** 2)
        diff = max(abs(tr - train[j]) / tr, abs(te - test[j]) / te)
        # both routes are backward stable: they differ by about cond(G + lambda I) * p * eps (factor 10 for the
        # products around them)
        tol = 10 * k * np.finfo(float).eps * (ev[-1] + lam) / (ev[0] + lam)
        worst = max(worst, diff / tol)
        if diff > tol:
            bad.append(f"lambda'={lam:.3g}: {diff:.2e} > {tol:.2e}")
    print(f"numpy-check: largest relative difference from direct ridge solves is {worst:.2e} of its tolerance"
          + ("" if not bad else "; FAILED " + "; ".join(bad)))
    return 0 if not bad else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--d", type=int, default=8192)
    ap.add_argument("--k", type=int, default=8192, help="width of both tanh layers")
    ap.add_argument("--n", type=int, default=65536)
    ap.add_argument("--n-test", type=int, default=65536)
    ap.add_argument("--lambdas", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--breakdown", type=int, default=1, help="1: one more, profiled draw (default); 0: none")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--small", action="store_true", help="d = k = 256, n = n_test = 1024 (smoke run)")
    ap.add_argument("--numpy-check", action="store_true", help="run the pipeline through NumPy and check it")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error(f"--repeat must be at least 1, got {args.repeat}")
    if args.small:
        args.d, args.k, args.n, args.n_test = 256, 256, 1024, 1024
    sizes = (args.d, args.k, args.n, args.n_test, 0.1, args.lambdas)
    if args.numpy_check:
        return numpy_check((min(args.d, 60), min(args.k, 50), min(args.n, 400), min(args.n_test, 300), 0.1, args.lambdas))
    try:
        ops = TorchOps(args.device, args.seed)
    except ImportError:
        print("torch_deep_tanh: PyTorch is not installed", file=sys.stderr)
        return 2
    if args.device.startswith("cuda") and not ops.torch.cuda.is_available():
        print("torch_deep_tanh: CUDA is not available to PyTorch (use --device cpu --small for a smoke run)", file=sys.stderr)
        return 2
    r = measure(ops, sizes, args.repeat, bool(args.breakdown))
    text = json.dumps(r, indent=2)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    return 0 if r["status"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
