#!/usr/bin/env python3
"""The one table of bench/gpu/validate.sh: reads what its steps left in one or more output folders and prints
| metric | deeprf | torch | ratio | target | result |, Markdown. Exit status 0 when every row with a target passes.

    python3 bench/gpu/table.py OUT [OUT2 ...]       (later folders fill in what earlier ones lack: split runs)
    python3 bench/gpu/table.py --self-test          (fake inputs, checks the verdicts; no GPU, no torch)

Files read (each optional; a missing one makes its rows "not run", which fails rows that have a target):
  junit/TEST-junit-jupiter.xml  the cuda tests run with -Ddeeprf.requireCuda=true (JUnit console launcher)
  jmh-gemm.json, jmh-eigh.json  JMH GemmBenchmark / EighBenchmark on cuda (each op ends with a device sync)
  deeprf.tsv                    CudaTimings (fallback for GEMM/eigh when JMH did not run)
  torch.tsv                     bench/peers/torch_peer.py: torch.matmul and torch.linalg.eigh, float64
  deeprf_e2e.json, torch_e2e.json   EndToEndTimings / torch_deep_tanh.py on bench-deep-tanh-gpu
  deeprf_stream.json            EndToEndTimings on gpu-stream-1e6; smi-stream.csv: nvidia-smi memory.used (MiB) samples
Ratios say how deeprf fares: torch time / deeprf time, or deeprf GFLOP/s / torch GFLOP/s; above 1 deeprf is faster.
"""
import json
import os
import statistics
import sys
import xml.etree.ElementTree as ET

GIB = float(1 << 30)
BIT_TEST = "philoxWordsAreBitIdenticalToTheJavaGenerator"


def find(dirs, name):
    for d in dirs:
        p = os.path.join(d, name)
        if os.path.isfile(p) and os.path.getsize(p) > 0:
            return p
    return None


def load_json(dirs, name):
    p = find(dirs, name)
    if not p:
        return None
    try:
        with open(p) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def junit(dirs):
    """(summary counts, {test name: outcome}) from the JUnit XML report(s), or (None, {})."""
    for d in dirs:
        folder = os.path.join(d, "junit")
        if not os.path.isdir(folder):
            continue
        counts, outcome = {"passed": 0, "failed": 0, "skipped": 0}, {}
        found = False
        for name in sorted(os.listdir(folder)):
            if not (name.startswith("TEST-") and name.endswith(".xml")):
                continue
            try:
                root = ET.parse(os.path.join(folder, name)).getroot()
            except ET.ParseError:
                continue
            for case in root.iter("testcase"):
                found = True
                tag = {c.tag for c in case}
                o = "failed" if tag & {"failure", "error"} else "skipped" if "skipped" in tag else "passed"
                counts[o] += 1
                outcome[case.get("name", "").split("(")[0]] = o
        if found:
            return counts, outcome
    return None, {}


def tsv(dirs, name):
    out = {}
    p = find(dirs, name)
    if not p:
        return out
    for line in open(p):
        if line.startswith("#") or not line.strip():
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 6:
            out[(parts[1], int(parts[2]))] = (float(parts[3]), float(parts[4]))
    return out


def jmh(dirs, name, metric):
    """Median over JMH's raw samples of the primary metric ('primary') or of a secondary one, and the params."""
    data = load_json(dirs, name)
    if not data:
        return None, {}
    b = data[0]
    m = b["primaryMetric"] if metric == "primary" else b.get("secondaryMetrics", {}).get(metric)
    if not m:
        return None, b.get("params", {})
    raw = [v for fork in m.get("rawData", []) for v in fork]
    return (statistics.median(raw) if raw else m["score"]), b.get("params", {})


def smi_peak_mib(dirs, name):
    p = find(dirs, name)
    if not p:
        return None
    vals = []
    for line in open(p):
        line = line.strip().split(",")[0].strip()
        if line.isdigit():
            vals.append(int(line))
    return max(vals) if vals else None


class Table:
    def __init__(self):
        self.rows, self.failed = [], 0

    def row(self, metric, ours, theirs="-", ratio=None, target="", ok=None):
        verdict = "" if ok is None else ("PASS" if ok else "FAIL")
        if ok is False:
            self.failed += 1
        r = "-" if ratio is None else f"{ratio:.3f}"
        self.rows.append(f"| {metric} | {ours} | {theirs} | {r} | {target} | {verdict} |")

    def render(self):
        head = ["| metric | deeprf | torch | ratio | target | result |", "|---|---|---|---|---|---|"]
        return "\n".join(head + self.rows)


def fmt(x, unit="", digits=3):
    if x is None:
        return "not run"
    if isinstance(x, float):
        return f"{x:.{digits}f}{unit}"
    return f"{x}{unit}"


def build(dirs):
    t = Table()
    counts, outcome = junit(dirs)
    if counts is None:
        t.row("cuda tests, -Ddeeprf.requireCuda=true", "not run", target="all pass, none skipped", ok=False)
    else:
        ok = counts["failed"] == 0 and counts["skipped"] == 0 and counts["passed"] > 0
        names = [f"{k} {v}" for k, v in outcome.items() if v != "passed"]
        detail = "" if not names else " (" + ", ".join(names[:4]) + (", ..." if len(names) > 4 else "") + ")"
        t.row("cuda tests, -Ddeeprf.requireCuda=true",
              f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped{detail}",
              target="all pass, none skipped", ok=ok)
    bit = outcome.get(BIT_TEST)
    t.row("Philox words GPU = Java, bit for bit", bit or "not run", target="passed", ok=bit == "passed")

    ours_tsv, torch_tsv = tsv(dirs, "deeprf.tsv"), tsv(dirs, "torch.tsv")
    # GEMM: GFLOP/s, higher is better
    gf, params = jmh(dirs, "jmh-gemm.json", "flop")
    n = int(params.get("n", 0) or 0) or None
    src = "JMH"
    if gf is None:
        alt = [(k[1], v) for k, v in ours_tsv.items() if k[0] == "dgemm"]
        if alt:
            n, gf, src = alt[0][0], alt[0][1][1], "CudaTimings"
    tg = next((v[1] for k, v in torch_tsv.items() if k[0] == "dgemm" and (n is None or k[1] == n)), None)
    if n is None:
        n = next((k[1] for k in torch_tsv if k[0] == "dgemm"), None)
    ratio = gf / tg if gf and tg else None
    t.row(f"DGEMM n={n or '?'} GFLOP/s ({src} / torch.matmul)", fmt(gf, "", 1), fmt(tg, "", 1), ratio, ">= 0.95",
          ok=ratio is not None and ratio >= 0.95)
    # eigh with vectors: seconds, lower is better
    es, params = jmh(dirs, "jmh-eigh.json", "primary")
    en = int(params.get("n", 0) or 0) or None
    src = "JMH"
    if es is None:
        alt = [(k[1], v) for k, v in ours_tsv.items() if k[0] == "syevd"]
        if alt:
            en, es, src = alt[0][0], alt[0][1][0] / 1000, "CudaTimings"
    te = next((v[0] / 1000 for k, v in torch_tsv.items() if k[0] == "syevd" and (en is None or k[1] == en)), None)
    if en is None:
        en = next((k[1] for k in torch_tsv if k[0] == "syevd"), None)
    ratio = te / es if es and te else None
    t.row(f"eigh n={en or '?'} with vectors, s ({src} / torch.linalg.eigh)", fmt(es), fmt(te), ratio,
          ">= 0.909 (within 10 %)", ok=ratio is not None and ratio >= 1 / 1.1)

    # end to end
    de, te2 = load_json(dirs, "deeprf_e2e.json"), load_json(dirs, "torch_e2e.json")
    size = ""
    if de:
        w = de.get("widths", [])
        size = f" d={de['d']}, k={'x'.join(str(v) for v in w)}, n={de['n']}, n_test={de.get('n_test')}"
    dt, tt = (de or {}).get("total_s"), (te2 or {}).get("total_s")
    ratio = tt / dt if dt and tt else None
    ok = ratio is not None and ratio >= 1.0 and de.get("status") == "ok" and te2.get("status") == "ok"
    t.row(f"bench-deep-tanh-gpu{size}: one draw, s (best of {len((de or {}).get('runs_s', [])) or '?'})",
          fmt(dt), fmt(tt), ratio, ">= 1.00", ok=ok)
    dfirst, tfirst = (de or {}).get("first_s"), (te2 or {}).get("first_s")
    t.row("  first (cold) draw, s", fmt(dfirst), fmt(tfirst), tfirst / dfirst if dfirst and tfirst else None)
    db, tb = (de or {}).get("breakdown_s", {}), (te2 or {}).get("breakdown_s", {})
    for phase in ("generation", "layers", "gram", "eigh", "errors", "host"):
        a, b = db.get(phase), tb.get(phase)
        t.row(f"  profiled draw: {phase}, s", fmt(a), fmt(b), b / a if a and b else None)
    extra = [k for k in db if k not in ("generation", "layers", "gram", "eigh", "errors", "host")]
    for k in extra:
        t.row(f"  profiled draw: {k}, s", fmt(db[k]), "-")
    a, b = (de or {}).get("breakdown_total_s"), (te2 or {}).get("breakdown_total_s")
    t.row("  profiled draw: total, s", fmt(a), fmt(b), b / a if a and b else None)
    same = (de or {}).get("breakdown_same_result")
    if same is not None:
        t.row("  profiled draw gives the same test errors as the plain one", "yes" if same else "NO", "-")
    a, b = (de or {}).get("test_error_first_lambda"), (te2 or {}).get("test_error_first_lambda")
    t.row("  test error at λ'=1e-4 (different random numbers)", fmt(a, "", 4), fmt(b, "", 4))
    a = (de or {}).get("peak_allocated_bytes")
    b = (te2 or {}).get("peak_allocated_bytes")
    t.row("  peak device memory allocated, GiB", fmt(a / GIB if a else None, "", 2), fmt(b / GIB if b else None, "", 2))
    a = (de or {}).get("peak_device_used_bytes")
    t.row("  peak device memory in use (cudaMemGetInfo, profiled draw), GiB", fmt(a / GIB if a else None, "", 2), "-")

    # streaming 10^6
    ds = load_json(dirs, "deeprf_stream.json")
    if ds:
        label = f"gpu-stream-1e6: n={ds['n']} at p={ds['widths'][-1]}, block {ds['block_size']}: one draw, s"
        t.row(label, fmt(ds.get("total_s")), "-", target="completes, status ok", ok=ds.get("status") == "ok")
        t.row("  training samples per second", fmt(ds["n"] / ds["total_s"], "", 0) if ds.get("total_s") else "-")
        sp, ep = ds.get("peak_allocated_bytes"), (de or {}).get("peak_allocated_bytes")
        ratio = sp / ep if sp and ep else None
        # bounded: the same network and blocks as the 65 536-sample run, so the same matrices, plus the buffers of the
        # tail block (10^6 = 122·8192 + 576: three 8192×576 matrices, 108 MiB, ~2 % of the ~5 GiB); 5 % allowed
        t.row("  peak device memory allocated, GiB (ratio: / the n=65536 run)", fmt(sp / GIB if sp else None, "", 2),
              "-", ratio, "<= 1.05 (does not grow with n)", ok=ratio is not None and ratio <= 1.05)
    else:
        t.row("gpu-stream-1e6: n=10^6 at p=8192, one draw, s", "not run", target="completes, status ok", ok=False)
        t.row("  peak device memory allocated, GiB", "not run", target="<= 1.05 (does not grow with n)", ok=False)
    smi = smi_peak_mib(dirs, "smi-stream.csv")
    t.row("  peak device memory in use (nvidia-smi, whole device), GiB", fmt(smi / 1024 if smi else None, "", 2), "-")
    return t


def self_test():
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "junit"))
        with open(os.path.join(d, "junit", "TEST-junit-jupiter.xml"), "w") as f:
            f.write('<testsuite><testcase name="%s()" classname="x"/><testcase name="other()" classname="x"/>'
                    '<testcase name="skipme()" classname="x"><skipped/></testcase></testsuite>' % BIT_TEST)
        gemm = [{"benchmark": "deeprf.bench.GemmBenchmark.gemm", "params": {"n": "8192", "backend": "cuda"},
                 "primaryMetric": {"score": 1e-8, "rawData": [[1e-8]]},
                 "secondaryMetrics": {"flop": {"score": 50000.0, "rawData": [[49000.0, 50000.0, 51000.0]]}}}]
        eigh = [{"benchmark": "deeprf.bench.EighBenchmark.eigh", "params": {"n": "8192", "backend": "cuda"},
                 "primaryMetric": {"score": 3.0, "rawData": [[3.0, 3.2, 2.9]]}}]
        json.dump(gemm, open(os.path.join(d, "jmh-gemm.json"), "w"))
        json.dump(eigh, open(os.path.join(d, "jmh-eigh.json"), "w"))
        with open(os.path.join(d, "torch.tsv"), "w") as f:
            f.write("torch\tdgemm\t8192\t21.0\t52000.0\t10\ntorch\tsyevd\t8192\t3000.0\tnan\t3\n")
        e2e = {"d": 8192, "n": 65536, "widths": [8192, 8192], "block_size": 8192, "runs_s": [6.0, 5.0],
               "first_s": 6.0, "total_s": 5.0, "status": "ok", "peak_allocated_bytes": 4 << 30,
               "breakdown_s": {"generation": 0.1, "layers": 1.0, "gram": 0.2, "eigh": 3.0, "errors": 0.1, "host": 0.1},
               "breakdown_total_s": 4.5, "test_error_first_lambda": 0.5}
        json.dump(e2e, open(os.path.join(d, "deeprf_e2e.json"), "w"))
        json.dump(dict(e2e, total_s=5.5, peak_allocated_bytes=14 << 30), open(os.path.join(d, "torch_e2e.json"), "w"))
        json.dump(dict(e2e, n=1000000, runs_s=[20.0], total_s=20.0, peak_allocated_bytes=(4 << 30) + (1 << 20)),
                  open(os.path.join(d, "deeprf_stream.json"), "w"))
        with open(os.path.join(d, "smi-stream.csv"), "w") as f:
            f.write("1000\n5000\n4800\n")
        t = build([d])
        text = t.render()
        verdicts = [line.split("|")[-2].strip() for line in t.rows]
        # skipped test -> FAIL; GEMM 50000/52000 = 0.96 PASS; eigh 3.0/3.0 PASS; e2e 5.5/5.0 PASS; stream PASS x2
        expect = {"cuda tests": "FAIL", "Philox": "PASS", "DGEMM": "PASS", "eigh n=": "PASS",
                  "bench-deep-tanh-gpu": "PASS", "gpu-stream-1e6": "PASS", "  peak device memory allocated, GiB (ratio": "PASS"}
        for key, want in expect.items():
            got = [v for line, v in zip(t.rows, verdicts) if line.startswith("| " + key)]
            assert got == [want], f"{key}: {got} != {want}\n{text}"
        assert t.failed == 1, text
        # a slower deeprf fails its row; a missing peer makes the row fail, not pass
        json.dump(dict(e2e, total_s=6.0), open(os.path.join(d, "deeprf_e2e.json"), "w"))
        os.remove(os.path.join(d, "torch.tsv"))
        t2 = build([d])
        bad = [line for line in t2.rows if line.endswith("FAIL |")]
        assert any("bench-deep-tanh-gpu" in b for b in bad) and any("DGEMM" in b for b in bad), t2.render()
        # split runs: a second folder fills in what the first lacks
        with tempfile.TemporaryDirectory() as d2:
            with open(os.path.join(d2, "torch.tsv"), "w") as f:
                f.write("torch\tdgemm\t8192\t21.0\t52000.0\t10\ntorch\tsyevd\t8192\t3000.0\tnan\t3\n")
            t3 = build([d, d2])
            assert any(line.startswith("| DGEMM") and line.endswith("PASS |") for line in t3.rows), t3.render()
    print("table.py self-test: ok")
    return 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    t = build(argv[1:])
    print(t.render())
    print(f"\n{'all rows with a target pass' if t.failed == 0 else f'{t.failed} row(s) FAIL'}")
    return 0 if t.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
