#!/usr/bin/env bash
# Interleaved comparison of deeprf's blas backend (JMH, GemmBenchmark backend=blas) with the same system OpenBLAS
# called from Python and with NumPy's matmul (bench/peers/numpy_blas.py): ROUNDS alternating rounds, so that drift in
# host contention hits both sides alike. Results: $OUT/jmh-<round>.json, $OUT/peers-<round>.json.
#   bench/peers/blas_vs_numpy.sh OUT_DIR [ROUNDS] [N_LIST] [THREADS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: blas_vs_numpy.sh OUT_DIR [ROUNDS] [N_LIST] [THREADS]}
rounds=${2:-3}; ns=${3:-256,512,1024}; threads=${4:-1}
mkdir -p "$out"
[ -f "$root/bench/target/benchmarks.jar" ] || "$root/deeprf" bench-build
for r in $(seq 1 "$rounds"); do
  "$root/deeprf" bench GemmBenchmark -p backend=blas -p n="$ns" -p threads="$threads" \
      -wi 2 -w 1 -i 5 -r 1 -f 1 -rf json -rff "$out/jmh-$r.json" > "$out/jmh-$r.log" 2>&1
  python3 "$root/bench/peers/numpy_blas.py" --n "$ns" --threads "$threads" --warmup 1 --iters 5 --time 1 \
      --json "$out/peers-$r.json" | tee "$out/peers-$r.log"
  grep -E '^GemmBenchmark.gemm:flop' "$out/jmh-$r.log" || true
done
