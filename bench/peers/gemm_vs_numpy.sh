#!/usr/bin/env bash
# Interleaved DGEMM comparison, deeprf's java backend (JMH) against NumPy/OpenBLAS, n=2048, 1 and 2 threads.
# Each round runs numpy then java for 1 thread, then numpy then java for 2 threads, so both see the same machine
# load; compare them round by round. Usage: bench/peers/gemm_vs_numpy.sh [rounds] [outdir]
# Needs bench/target/benchmarks.jar (./deeprf bench-build) and python3 with numpy.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
rounds=${1:-3}
out=${2:-$root/bench/target/gemm-vs-numpy}
mkdir -p "$out"
n=2048
for r in $(seq 1 "$rounds"); do
  for t in 1 2; do
    python3 "$root/bench/peers/numpy_gemm.py" --n $n --threads $t --reps 8 --json "$out/numpy-r$r-t$t.json" | tee -a "$out/log.txt"
    "$root/deeprf" bench GemmBenchmark -p backend=java -p n=$n -p threads=$t -f 1 -wi 4 -w 2 -i 4 -r 2 \
      -rf json -rff "$out/java-r$r-t$t.json" > "$out/java-r$r-t$t.txt" 2>&1
    python3 - "$out/java-r$r-t$t.json" $t <<'PY' | tee -a "$out/log.txt"
import json, sys
d = json.load(open(sys.argv[1]))
for b in d:
    f = b["secondaryMetrics"]["flop"]
    print(f"java GemmBenchmark n={b['params']['n']} threads={sys.argv[2]}: {f['score']:.1f} ± {f['scoreError']:.1f} GFLOP/s "
          f"(raw {', '.join(f'{x:.1f}' for x in f['rawData'][0])})")
PY
  done
done
echo "results in $out"
