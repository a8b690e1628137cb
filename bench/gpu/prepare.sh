#!/usr/bin/env bash
# Builds everything bench/gpu/validate.sh needs on the GPU machine, on this (build) machine:
#   bash bench/gpu/prepare.sh        from the repository root
# then run with the device tool:  command "bash bench/gpu/validate.sh 8192"
#   carry [".device", "target/deeprf.jar", "target/lib", "target/test-classes"]  (+ "bench/target/benchmarks.jar")
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
jdk=""
for c in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
  v=$("$c/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')
  if [ "${v%%.*}" -ge 25 ] 2>/dev/null; then jdk=$c; break; fi
done
export JAVA_HOME=$jdk
mvn -B -ntp -q -DskipTests package test-compile
ls target/classes/deeprf/cuda/ptx/*.ptx >/dev/null 2>&1 || { echo "prepare: no PTX in target/classes (nvcc missing?): the GPU run would fail" >&2; exit 1; }
# device-jre.sh ends by adding /.device/ to .git/info/exclude, which fails in a worktree (.git is a file there);
# .gitignore already ignores /.device/, so only the runtime itself matters.
if [ ! -x .device/jre/bin/java ]; then
  for t in ../shared/tools/device-jre.sh /work/shared/tools/device-jre.sh; do [ -x "$t" ] && { "$t" .device/jre || true; break; }; done
fi
[ -x .device/jre/bin/java ] || { echo "prepare: no Java runtime at .device/jre (run ../shared/tools/device-jre.sh)" >&2; exit 1; }
junit=$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/1.11.4/junit-platform-console-standalone-1.11.4.jar
[ -f "$junit" ] || mvn -B -ntp -q dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.11.4
cp "$junit" .device/junit-console.jar
du -shc .device target/deeprf.jar target/lib target/test-classes $( [ -f bench/target/benchmarks.jar ] && echo bench/target/benchmarks.jar)
