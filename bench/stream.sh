#!/usr/bin/env bash
# Reproduces the stream-consumer figures in docs/PERFORMANCE.md:
#   bench/stream.sh [--no-build] [--edges N] [--changes N] [--follows N] [--windows a,b,c] [--seed N]
# Defaults: --edges 5000 --changes 3000 --follows 100000 --windows 1000,10000,50000,100000 --seed 1.
# Builds the bench module and what it needs (no tests), then
# runs the handlers in one JVM against the embedded DynamoDB engine over HTTP and prints a Markdown report.
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

exec java -Xmx1g -cp "bench/target/classes:$(cat bench/target/bench-classpath.txt)" \
  dev.userbase.bench.stream.StreamConsumersBenchmark "${args[@]}"
