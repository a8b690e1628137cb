#!/usr/bin/env bash
# Every performance target of the CPU issues in ONE sitting, each comparison inside one JMH run (yardstick and
# deeprf interleaved by JMH in the same process). Meant for a quiet machine: it prints the load average before
# each step so a reader can tell whether the figures mean anything. Raw JSON and logs go to OUT.
#   bench/quiet-run.sh [OUT]        (about 15 minutes on 2 cores; needs ./deeprf bench-build first)
# Steps: gemm (issue 2), gemmab (2: java vs OpenBLAS DGEMM interleaved call by call, bench/peers/GemmAB.java), syrk (2), activations (2: JMH at 2048², then
# n = 4096 against the backend's copy call by call, bench/peers/ActivationAB.java), eigh + EJML (7), deep-tanh + NumPy peer (3), ops (the
# deep-tanh block's operations one by one, java vs blas, bench/peers/DeepTanhOps.java), online SGD (8), theory p = 4000 (4). Run a subset with STEPS="gemm eigh" bench/quiet-run.sh.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=${1:-$root/bench/reports/quiet-$(date -u +%Y-%m-%dT%H%M)}
mkdir -p "$out"
steps=${STEPS:-gemm gemmab syrk activations eigh deeptanh ops online theory}
jar=bench/target/benchmarks.jar
java="${DEEPRF_JAVA_HOME:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)}/bin/java"   # a JDK 25, as ./deeprf finds one
[ -f "$jar" ] || { echo "quiet-run: $jar missing; run ./deeprf bench-build first" >&2; exit 2; }

note() { echo "== $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg): $*" | tee -a "$out/log.txt"; }
jmh() { local name=$1; shift; note "jmh $name $*"; ./deeprf bench "$@" -rf json -rff "$out/$name.json" > "$out/$name.txt" 2>&1 || note "FAILED $name (see $out/$name.txt)"; }
# A single-file program of bench/peers on the built jar, its output appended to OUT/<log>.
peer() { local log=$1; shift; $java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:OptoLoopAlignment=32 -cp "target/deeprf.jar:target/lib/*" \
  "$@" 2>&1 | grep -v WARNING | tee -a "$out/$log"; }

note "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for s in $steps; do
  case $s in
    gemm) jmh gemm GemmBenchmark -p backend=java,blas -p n=2048 -p threads=1,2 -f 1 -wi 3 -w 2 -i 5 -r 2 ;;
    syrk) jmh syrk SyrkBenchmark -p backend=java,blas -p n=1024 -p threads=1 -f 1 -wi 3 -w 2 -i 3 -r 2 ;;
    activations)
      jmh activations ActivationBenchmark -p backend=java -p n=2048 -p threads=1,2 -p activation=relu,tanh,erf,sigmoid -f 1 -wi 4 -w 1 -i 5 -r 1
      for t in 1 2; do note "activations n = 4096 vs the backend's copy, interleaved call by call, $t thread(s)"; peer activation_ab.txt bench/peers/ActivationAB.java 4096 $t 15 tanh,sigmoid,erf,relu; done ;;
    eigh)
      jmh eigh2000 EighBenchmark.eigh -p backend=java,blas -p n=2000 -p threads=1,2 -f 1 -wi 2 -i 5
      jmh eigh4000 EighBenchmark.eigh -p backend=java,blas -p n=4000 -p threads=1,2 -f 1 -wi 1 -i 3
      jmh ejml2000 EighBenchmark.ejml -p n=2000 -f 1 -wi 1 -i 3 ;;
    deeptanh)
      note "numpy peer"; OPENBLAS_NUM_THREADS=2 python3 bench/peers/numpy_deep_tanh.py --repeat 3 2>&1 | tee "$out/numpy_deep_tanh.txt"
      jmh deeptanh DeepTanhBenchmark -p backend=java,blas -p threads=2 -f 1
      note "numpy peer again (drift)"; OPENBLAS_NUM_THREADS=2 python3 bench/peers/numpy_deep_tanh.py --repeat 3 2>&1 | tee -a "$out/numpy_deep_tanh.txt" ;;
    ops)
      for t in 1 2; do note "deep-tanh operations, $t thread(s)"; peer deeptanh_ops.txt bench/peers/DeepTanhOps.java 5 $t java,blas; done ;;
    gemmab)
      for t in 1 2; do note "DGEMM n = 2048 java vs OpenBLAS interleaved call by call, $t thread(s)"; peer gemm_ab.txt bench/peers/GemmAB.java 2048 $t 20 java,blas; done
      # OpenBLAS's DYNAMIC_ARCH picks its AVX2 (Haswell) kernels on AMD Zen 4/5 although they have AVX-512, and
      # NumPy's copy does the same; where the CPU has AVX-512, also measure against OpenBLAS's AVX-512 kernels.
      if grep -qw avx512f /proc/cpuinfo; then
        for t in 1 2; do note "DGEMM n = 2048 java vs OpenBLAS forced to its AVX-512 kernels (OPENBLAS_CORETYPE=SkylakeX), $t thread(s)"
          OPENBLAS_CORETYPE=SkylakeX peer gemm_ab_skylakex.txt bench/peers/GemmAB.java 2048 $t 20 java,blas; done
      fi ;;
    online) jmh online OnlineSgdBenchmark -p backend=java -p threads=2 -p block=auto,1 -f 1 ;;
    theory) jmh theory TheoryBenchmark -p backend=java -p p=4000 -p threads=2 -f 1 ;;
    *) echo "quiet-run: unknown step $s (allowed: gemm gemmab syrk activations eigh deeptanh ops online theory)" >&2; exit 2 ;;
  esac
done
note "done; summarising"
python3 - "$out" <<'PY' | tee "$out/summary.txt"
import json, sys, pathlib
out = pathlib.Path(sys.argv[1])
for f in sorted(out.glob("*.json")):
    for b in json.load(open(f)):
        p = ",".join(f"{k}={v}" for k, v in b.get("params", {}).items())
        m = b["primaryMetric"]
        line = f"{f.stem:12s} {b['benchmark'].split('.', 2)[-1]:28s} {p:55s} {m['score']:10.4g} ± {m['scoreError']:.3g} {m['scoreUnit']}"
        for k, s in b.get("secondaryMetrics", {}).items():
            line += f" | {k} {s['score']:.4g} ± {s['scoreError']:.3g}"
        print(line)
PY
echo "raw results in $out"
