#!/usr/bin/env bash
# Reproduces the cold-start figures in docs/PERFORMANCE.md:
#   bench/coldstart.sh [--runs N] [--diagnose] [--no-build]
# Builds the triggers Lambda jar and the bench module (no tests), starts the embedded DynamoDB engine over HTTP
# inside the driver JVM (pinned to CPU 1), and runs each measured JVM pinned to CPU 0.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
args=()
for arg in "$@"; do
  if [ "$arg" = "--no-build" ]; then build=0; else args+=("$arg"); fi
done

if [ "$build" = 1 ]; then
  mvn -B -q -pl bench -am package -DskipTests
fi

pin=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  pin=(taskset -c 1)
fi

exec "${pin[@]}" java -cp "bench/target/classes:$(cat bench/target/bench-classpath.txt)" \
  dev.userbase.bench.coldstart.ColdStartBenchmark "${args[@]}"
