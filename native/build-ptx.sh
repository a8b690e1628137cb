#!/usr/bin/env bash
# Compiles native/*.cu to PTX for the cuda backend: native/build-ptx.sh OUTDIR
# Called by Maven (process-resources) with OUTDIR = target/classes/deeprf/cuda/ptx, so the PTX lands in the jar.
# Without nvcc it says so and succeeds: the backend then reports "kernels not built" when probed.
# nvcc is taken from $DEEPRF_NVCC, then PATH, then /usr/local/cuda/bin. A failing compile fails the build.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:?usage: build-ptx.sh OUTDIR}
nvcc=${DEEPRF_NVCC:-}
if [ -z "$nvcc" ]; then
  if command -v nvcc >/dev/null 2>&1; then nvcc=$(command -v nvcc)
  elif [ -x /usr/local/cuda/bin/nvcc ]; then nvcc=/usr/local/cuda/bin/nvcc
  fi
fi
if [ -z "$nvcc" ] || [ "${DEEPRF_SKIP_PTX:-}" = "true" ]; then
  echo "build-ptx: nvcc not found (or DEEPRF_SKIP_PTX=true): CUDA kernels not built; the cuda backend will report it"
  exit 0
fi
# compute_75 PTX (the oldest target nvcc 13 accepts) is JIT-compiled by the driver for any newer GPU (Hopper too).
arch=${DEEPRF_PTX_ARCH:-compute_75}
mkdir -p "$out"
built=0
for cu in "$here"/*.cu; do
  name=$(basename "$cu" .cu)
  ptx="$out/$name.ptx"
  if [ -f "$ptx" ] && [ "$ptx" -nt "$cu" ] && [ -z "$(find "$here" -name '*.cuh' -newer "$ptx")" ]; then continue; fi
  "$nvcc" -ptx -arch="$arch" -O3 -std=c++17 -o "$ptx.tmp" "$cu"
  # Assemble once for Hopper as a check (the driver JIT does the same at load time): catches PTX errors here.
  ptxas=$(dirname "$nvcc")/ptxas
  if [ -x "$ptxas" ]; then "$ptxas" -arch=sm_90 -o /dev/null "$ptx.tmp"; fi
  mv "$ptx.tmp" "$ptx"
  built=$((built + 1))
done
total=$(ls "$here"/*.cu | wc -l)
# silent when nothing was compiled: ./deeprf rebuilds quietly (mvn -q) and this line would be its only output
[ "$built" -gt 0 ] || exit 0
echo "build-ptx: $built of $total kernel files compiled ($((total - built)) already up to date) with $("$nvcc" --version | tail -1) for $arch into $out"
