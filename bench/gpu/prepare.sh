#!/usr/bin/env bash
# Builds everything bench/gpu/validate.sh needs on the GPU machine, on this (build) machine:
#   bash bench/gpu/prepare.sh        from the repository root (needs JDK 25, Maven, nvcc so the PTX is in the jar)
# then, with the device tool (bench/gpu/README.md):
#   command "bash bench/gpu/validate.sh"   carry [".device", "target/deeprf.jar", "target/lib", "target/test-classes"]
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
# install (not just package): the JMH module below builds against the deeprf jar in the local repository;
# test-compile is part of the lifecycle, so target/test-classes (tests, CudaTimings, EndToEndTimings) is built too
mvn -B -ntp -q -DskipTests install
ls target/classes/deeprf/cuda/ptx/*.ptx >/dev/null 2>&1 || { echo "prepare: no PTX in target/classes (nvcc missing?): the GPU run would fail" >&2; exit 1; }
(cd bench && mvn -B -ntp -q -DskipTests package)
# device-jre.sh ends by adding /.device/ to .git/info/exclude, which fails in a worktree (.git is a file there);
# .gitignore already ignores /.device/, so only the runtime itself matters.
if [ ! -x .device/jre/bin/java ]; then
  for t in ../shared/tools/device-jre.sh /work/shared/tools/device-jre.sh; do [ -x "$t" ] && { "$t" .device/jre || true; break; }; done
fi
[ -x .device/jre/bin/java ] || { echo "prepare: no Java runtime at .device/jre (run ../shared/tools/device-jre.sh)" >&2; exit 1; }
junit=$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/1.11.4/junit-platform-console-standalone-1.11.4.jar
[ -f "$junit" ] || mvn -B -ntp -q dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.11.4
cp "$junit" .device/junit-console.jar
# JMH without the 13 MB shaded jar (it repeats target/lib): the benchmark classes and JMH's own dependencies only
rm -rf .device/jmh && mkdir -p .device/jmh
cp bench/target/deeprf-bench.jar .device/jmh/
(cd bench && mvn -B -ntp -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
   -DincludeArtifactIds=jmh-core,jopt-simple,commons-math3,ejml-core,ejml-ddense -DoutputDirectory="$root/.device/jmh")
carry=(.device target/deeprf.jar target/lib target/test-classes)
du -shc "${carry[@]}"
kib=$(du -skc "${carry[@]}" | tail -1 | cut -f1)
if [ "$kib" -gt $((64 * 1024)) ]; then
  echo "prepare: the carry is ${kib} KiB, over the device tool's 64 MiB" >&2; exit 1
fi
echo "prepare: ready. With the device tool: command \"bash bench/gpu/validate.sh\", carry [\".device\", \"target/deeprf.jar\", \"target/lib\", \"target/test-classes\"], timeout_s 600"
