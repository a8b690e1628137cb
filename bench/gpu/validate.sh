#!/usr/bin/env bash
# One-call GPU validation of the cuda backend, run on the lent GPU machine from the repository root:
#   bash bench/gpu/validate.sh [N]          (N = matrix size of the timings, default 8192)
# Needs, carried from the build machine (see bench/gpu/README.md):
#   .device/jre                      a Java runtime (../shared/tools/device-jre.sh)
#   .device/junit-console.jar        junit-platform-console-standalone (bench/gpu/prepare.sh fetches it)
#   target/deeprf.jar target/lib target/test-classes   (mvn package; PTX inside the jar needs nvcc at build time)
#   bench/target/benchmarks.jar      optional, with DEEPRF_JMH=1: the JMH eigh benchmark on cuda
# Runs: (1) the cuda test suite with CUDA required, (2) our GEMM/eigh timings, (3) JMH eigh if asked for,
# (4) the PyTorch peer; prints one table. Logs and tables go under $OUT.
set -uo pipefail
N=${1:-8192}
OUT=${OUT:-/tmp/deeprf-validate}
mkdir -p "$OUT"
JAVA=.device/jre/bin/java
JFLAGS=(--enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector -Xss4m)
status=0

echo "== device"; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | tee "$OUT/device.txt"

# The CUDA libraries of the machine (toolkit or NVIDIA's pip wheels) for dlopen by soname.
# cuSOLVER needs cuSPARSE and nvJitLink, cuBLAS needs cuBLASLt: their folders too (NVIDIA's wheels split them up).
# No -xdev: the Python environment holding the wheels may be a separate mount.
libdirs=""
all=$(find / \( -path /proc -o -path /sys -o -path /dev \) -prune -o \( -name 'libcudart.so.1[23]' -o -name 'libcublas.so.1[23]' \
      -o -name 'libcublasLt.so.1[23]' -o -name 'libcusolver.so.1[12]' -o -name 'libcusparse.so.12' -o -name 'libnvJitLink.so.1[23]' \
      -o -name 'libnvrtc.so.1[23]' \) -print 2>/dev/null)
echo "$all" >> "$OUT/device.txt"
for so in libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcusolver.so.12 libcusparse.so.12 libnvJitLink.so.13 \
          libcudart.so.12 libcublas.so.12 libcublasLt.so.12 libcusolver.so.11 libnvJitLink.so.12; do
  f=$(grep "/$so\$" <<<"$all" | head -1)
  [ -n "$f" ] && d=$(dirname "$f") && case ":$libdirs:" in *":$d:"*) ;; *) libdirs="$libdirs:$d" ;; esac
done
export LD_LIBRARY_PATH="${libdirs#:}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
echo "== CUDA library folders: $LD_LIBRARY_PATH" | tee -a "$OUT/device.txt"

CP="target/deeprf.jar:target/test-classes:target/lib/*"

echo "== 1. cuda tests (deeprf.requireCuda=true)"
"$JAVA" "${JFLAGS[@]}" -Ddeeprf.requireCuda=true -jar .device/junit-console.jar execute \
  --class-path "$CP" --select-package deeprf.backend.cuda --select-package deeprf.ffi.cuda \
  --details=summary --disable-banner --reports-dir "$OUT/junit" 2>&1 | tee "$OUT/tests.log" | tail -40
tests_rc=${PIPESTATUS[0]}
[ "$tests_rc" = 0 ] || status=1
tests_line=$(grep -E "(tests|containers) (successful|failed|skipped|aborted)" "$OUT/tests.log" | tr -s ' ' | tr '\n' ' ')

echo "== 2. deeprf cuda timings (n=$N)"
"$JAVA" "${JFLAGS[@]}" -cp "$CP" deeprf.backend.cuda.CudaTimings --n "$N" --out "$OUT/deeprf.tsv" 2>&1 | tee "$OUT/timings.log" | tail -20
[ "${PIPESTATUS[0]}" = 0 ] || status=1

# JMH: opt-in (DEEPRF_JMH=1). The GEMM benchmark does not synchronise the device, so on cuda it would time the
# enqueue of an asynchronous call; step 2 times with a synchronisation instead. Eigh downloads its eigenvalues
# (synchronous), so its JMH numbers are meaningful.
if [ "${DEEPRF_JMH:-0}" = 1 ] && [ -f bench/target/benchmarks.jar ]; then
  echo "== 3. JMH EighBenchmark on cuda"
  "$JAVA" "${JFLAGS[@]}" -jar bench/target/benchmarks.jar -p backend=cuda -p n="$N" -f 1 -wi 1 -i 3 -rf json -rff "$OUT/jmh.json" \
    'EighBenchmark' > "$OUT/jmh.log" 2>&1; tail -15 "$OUT/jmh.log"
else
  echo "== 3. JMH skipped (set DEEPRF_JMH=1 and carry bench/target/benchmarks.jar)"
fi

echo "== 4. PyTorch peer (n=$N)"
PYTHONUNBUFFERED=1 python3 bench/peers/torch_peer.py --n "$N" --out "$OUT/torch.tsv" 2>&1 | tail -8
[ "${PIPESTATUS[0]}" = 0 ] || status=1

echo
echo "== RESULT (one run, same GPU; medians; ratio = torch time / deeprf time, >= 1 means deeprf is as fast or faster)"
python3 - "$OUT/deeprf.tsv" "$OUT/torch.tsv" "$tests_line" <<'PY' | tee "$OUT/table.md"
import sys
def read(p):
    d = {}
    try:
        for line in open(p):
            if line.startswith("#") or not line.strip(): continue
            who, op, n, ms, gf, reps = line.rstrip("\n").split("\t")
            d[(op, int(n))] = (float(ms), gf, reps)
    except FileNotFoundError:
        pass
    return d
ours, torch = read(sys.argv[1]), read(sys.argv[2])
print(f"tests: {sys.argv[3] or 'no summary (see tests.log)'}")
print("| op | n | deeprf cuda ms | torch ms | deeprf GFLOP/s | torch GFLOP/s | torch/deeprf | target |")
print("|---|---|---|---|---|---|---|---|")
target = {"dgemm": ">= 0.95", "syevd": ">= 0.90"}
for key in sorted(set(ours) | set(torch)):
    o, t = ours.get(key), torch.get(key)
    ratio = f"{t[0] / o[0]:.3f}" if o and t else "-"
    print(f"| {key[0]} | {key[1]} | {o[0] if o else '-'} | {t[0] if t else '-'} | {o[1] if o else '-'} | {t[1] if t else '-'} | {ratio} | {target.get(key[0], '')} |")
PY
echo "validate: exit status $status (tests rc $tests_rc)"
exit $status
