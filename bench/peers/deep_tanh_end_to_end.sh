#!/usr/bin/env bash
# End-to-end bench-deep-tanh in ONE run (issue 3, Performance): NumPy peer, the JMH DeepTanhBenchmark (in process,
# java backend), and the whole-process time of ./deeprf run on the same spec. Run from the repository root after
# ./deeprf bench-build. Timings on a shared machine are contended: compare the ratio inside one run only.
set -euo pipefail
cd "$(dirname "$0")/../.."
threads=${THREADS:-2}
echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== NumPy peer"
OPENBLAS_NUM_THREADS=$threads python3 bench/peers/numpy_deep_tanh.py --repeat 3
echo "== JMH DeepTanhBenchmark (java backend, $threads threads, in process)"
./deeprf bench DeepTanhBenchmark -p backend=java -p threads=$threads -wi 2 -i 5 -f 1
echo "== ./deeprf run (whole process: JVM start, spec, one draw, CSV, summary, plots)"
out=$(mktemp -d)
/usr/bin/time -f "whole process: %e s wall, %U s user" ./deeprf run examples/bench-deep-tanh.toml --out "$out" --backend java --threads $threads --quiet
python3 - "$out/results.csv" <<'PY'
import csv, sys
r = next(csv.DictReader(open(sys.argv[1])))
print(f"draw inside ./deeprf run: features {float(r['time_features_s']):.3f} s, solve {float(r['time_solve_s']):.3f} s, test {float(r['time_test_s']):.3f} s, draw total {float(r['time_trial_s']):.3f} s")
PY
echo "== NumPy peer again (drift check)"
OPENBLAS_NUM_THREADS=$threads python3 bench/peers/numpy_deep_tanh.py --repeat 3
