#!/usr/bin/env bash
# One-call GPU validation of the cuda backend (issue 6), run on the lent GPU machine from the repository root:
#   bash bench/gpu/validate.sh [N] [STEP ...]      N = matrix size of the GEMM/eigh timings (default 8192)
# STEPs, in this order by default: tests jmh peer e2e stream  (also: timings = CudaTimings, run by itself when JMH
# gives no GEMM figure). Each step has a time limit, and a step that no longer fits into the call's budget
# (DEEPRF_BUDGET_S, default 560 s: the device tool stops a command at 600 s) is skipped with a line saying how to
# run it in a second call. At the end one table (bench/gpu/table.py) from everything under $OUT.
# Needs, carried from the build machine (bash bench/gpu/prepare.sh; bench/gpu/README.md):
#   .device/jre  .device/junit-console.jar  .device/jmh/*.jar  target/deeprf.jar  target/lib  target/test-classes
# and on the GPU machine: the NVIDIA driver, CUDA libraries (toolkit or pip wheels), python3 with PyTorch.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
N=8192
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then N=$1; shift; fi
STEPS=("$@")
[ ${#STEPS[@]} -gt 0 ] || STEPS=(tests jmh peer e2e stream)
export N
export OUT=${OUT:-/tmp/deeprf-validate}
mkdir -p "$OUT"
export JAVA=.device/jre/bin/java
export JFLAGS="--enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector -XX:OptoLoopAlignment=32 -Xss4m"
export CP="target/deeprf.jar:target/test-classes:target/lib/*"
export PYTHONUNBUFFERED=1
BUDGET=${DEEPRF_BUDGET_S:-560}
START=$SECONDS

echo "== device ($(date -u +%Y-%m-%dT%H:%M:%SZ)), steps: ${STEPS[*]}, N=$N, budget ${BUDGET}s"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | tee "$OUT/device.txt"

# The CUDA libraries of the machine (toolkit or NVIDIA's pip wheels) for dlopen by soname.
# cuSOLVER needs cuSPARSE and nvJitLink, cuBLAS needs cuBLASLt: their folders too (NVIDIA's wheels split them up).
# No -xdev: the Python environment holding the wheels may be a separate mount.
all=$(timeout 90 find / \( -path /proc -o -path /sys -o -path /dev \) -prune -o \( -name 'libcudart.so.1[23]' -o -name 'libcublas.so.1[23]' \
      -o -name 'libcublasLt.so.1[23]' -o -name 'libcusolver.so.1[12]' -o -name 'libcusparse.so.12' -o -name 'libnvJitLink.so.1[23]' \
      -o -name 'libnvrtc.so.1[23]' \) -print 2>/dev/null)
echo "$all" >> "$OUT/device.txt"
libdirs=""
for so in libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcusolver.so.12 libcusparse.so.12 libnvJitLink.so.13 \
          libcudart.so.12 libcublas.so.12 libcublasLt.so.12 libcusolver.so.11 libnvJitLink.so.12; do
  f=$(grep "/$so\$" <<<"$all" | head -1)
  [ -n "$f" ] && d=$(dirname "$f") && case ":$libdirs:" in *":$d:"*) ;; *) libdirs="$libdirs:$d" ;; esac
done
export LD_LIBRARY_PATH="${libdirs#:}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
echo "== CUDA library folders: $LD_LIBRARY_PATH ($((SECONDS - START)) s)" | tee -a "$OUT/device.txt"

# ---------------------------------------------------------------- the steps (each runs under `timeout` in bash -c)

step_tests() {   # contract suite, generator bits, differential, OOM and sticky-error paths, with CUDA required
  $JAVA $JFLAGS -Ddeeprf.requireCuda=true -jar .device/junit-console.jar execute \
    --class-path "$CP" --select-package deeprf.backend.cuda --select-package deeprf.ffi.cuda \
    --details=summary --disable-banner --reports-dir "$OUT/junit" > "$OUT/tests.log" 2>&1
  local rc=$?
  grep -E "tests (successful|failed|skipped|aborted)|MethodSource|=> " "$OUT/tests.log" | head -40 | cut -c1-300
  return $rc
}

step_jmh() {     # JMH on cuda; each measured op ends with Backend.synchronize()
  local jcp="target/deeprf.jar:target/lib/*:.device/jmh/*" rc=0
  $JAVA $JFLAGS -Djmh.ignoreLock=true -cp "$jcp" org.openjdk.jmh.Main 'deeprf.bench.GemmBenchmark.gemm' -p backend=cuda -p n="$N" -p threads=1 \
    -f 1 -wi 3 -w 1s -i 5 -r 1s -rf json -rff "$OUT/jmh-gemm.json" > "$OUT/jmh-gemm.log" 2>&1 || rc=1
  tail -4 "$OUT/jmh-gemm.log"
  $JAVA $JFLAGS -Djmh.ignoreLock=true -cp "$jcp" org.openjdk.jmh.Main 'deeprf.bench.EighBenchmark.eigh' -p backend=cuda -p n="$N" -p threads=1 \
    -f 1 -wi 1 -i 3 -rf json -rff "$OUT/jmh-eigh.json" > "$OUT/jmh-eigh.log" 2>&1 || rc=1
  tail -3 "$OUT/jmh-eigh.log"
  # JMH exits 0 when a benchmark fails in its setup, leaving "[]": no result is a failure
  grep -q '"benchmark"' "$OUT/jmh-gemm.json" 2>/dev/null && grep -q '"benchmark"' "$OUT/jmh-eigh.json" 2>/dev/null || rc=1
  grep -h -m3 -E "Exception|Error" "$OUT/jmh-gemm.log" "$OUT/jmh-eigh.log" | cut -c1-300
  return $rc
}

step_timings() { # the same two operations timed by CudaTimings (synchronised, median): the fallback to JMH
  $JAVA $JFLAGS -cp "$CP" deeprf.backend.cuda.CudaTimings --n "$N" --out "$OUT/deeprf.tsv" > "$OUT/timings.log" 2>&1
  local rc=$?; tail -4 "$OUT/timings.log"; return $rc
}

step_peer() {    # torch.matmul and torch.linalg.eigh, float64, CUDA events, median
  python3 bench/peers/torch_peer.py --n "$N" --out "$OUT/torch.tsv" > "$OUT/torch_peer.log" 2>&1
  local rc=$?; tail -4 "$OUT/torch_peer.log"; return $rc
}

step_e2e_deeprf() {  # bench-deep-tanh-gpu: 2 plain draws (first cold) and one profiled draw
  $JAVA $JFLAGS -Xmx8g -cp "$CP" deeprf.experiment.EndToEndTimings --spec examples/bench-deep-tanh-gpu.toml \
    --backend cuda --threads 1 --repeat 2 --breakdown true --out "$OUT/deeprf_e2e.json" > "$OUT/deeprf_e2e.log" 2>&1
  local rc=$?; grep -E "^draw|Exception|error" "$OUT/deeprf_e2e.log" | head -8 | cut -c1-300; return $rc
}

step_e2e_torch() {   # the same pipeline in PyTorch, same protocol
  python3 bench/peers/torch_deep_tanh.py --repeat 2 --out "$OUT/torch_e2e.json" > "$OUT/torch_e2e.log" 2>&1
  local rc=$?; grep -E "^draw|Error|error" "$OUT/torch_e2e.log" | head -8; return $rc
}

step_stream() {  # n = 10^6 at p = 8192 in blocks of 8192: time, and peak device memory (ours and nvidia-smi's)
  local smi=""
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi --id=0 --query-gpu=memory.used --format=csv,noheader,nounits -lms 250 > "$OUT/smi-stream.csv" 2>/dev/null &
    smi=$!
  fi
  $JAVA $JFLAGS -Xmx8g -cp "$CP" deeprf.experiment.EndToEndTimings --spec examples/gpu-stream-1e6.toml \
    --backend cuda --threads 1 --repeat 1 --breakdown false --out "$OUT/deeprf_stream.json" > "$OUT/deeprf_stream.log" 2>&1
  local rc=$?
  [ -n "$smi" ] && kill "$smi" 2>/dev/null
  grep -E "^draw|Exception|error" "$OUT/deeprf_stream.log" | head -8 | cut -c1-300
  return $rc
}
export -f step_tests step_jmh step_timings step_peer step_e2e_deeprf step_e2e_torch step_stream

# run NAME FUNCTION NEED_S CAP_S: skipped when less than NEED_S is left (20 s kept for the table), else limited to CAP_S
run() {
  local name=$1 fn=$2 need=$3 cap=$4
  local left=$((BUDGET - (SECONDS - START) - 20))
  if [ "$left" -lt "$need" ]; then
    echo "== $name: SKIPPED, ${left}s of the budget left and it needs about ${need}s; run it in another call: bash bench/gpu/validate.sh $N $name" | tee -a "$OUT/steps.txt"
    return 0
  fi
  local lim=$((cap < left ? cap : left)) t0=$SECONDS
  echo "== $name (limit ${lim}s)"
  timeout --kill-after=10 "$lim" bash -c "$fn"
  local rc=$?
  [ "$rc" = 124 ] || [ "$rc" = 137 ] && echo "== $name: TIMED OUT after ${lim}s"
  echo "== $name: exit $rc after $((SECONDS - t0)) s" | tee -a "$OUT/steps.txt"
}

for s in "${STEPS[@]}"; do
  case "$s" in
    tests)   run tests step_tests 60 240 ;;
    jmh)     run jmh step_jmh 50 170
             grep -q '"benchmark"' "$OUT/jmh-gemm.json" 2>/dev/null || run timings step_timings 30 90 ;;
    timings) run timings step_timings 30 90 ;;
    peer)    run peer step_peer 30 120 ;;
    e2e)     run e2e-deeprf step_e2e_deeprf 40 150
             run e2e-torch step_e2e_torch 40 150 ;;
    stream)  run stream step_stream 40 170 ;;
    *) echo "validate: unknown step '$s' (tests jmh timings peer e2e stream)" >&2; exit 2 ;;
  esac
done

echo
echo "== step times (for budgeting the next call)"; cat "$OUT/steps.txt" 2>/dev/null
echo
echo "== RESULT (one run on one GPU; ratio > 1: deeprf faster; $((SECONDS - START)) s in all; logs, JSON and JUnit XML under $OUT)"
python3 bench/gpu/table.py "$OUT" | tee "$OUT/table.md"
exit "${PIPESTATUS[0]}"
