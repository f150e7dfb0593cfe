#!/usr/bin/env bash
# Reproduces the embedded engine's figures in docs/PERFORMANCE.md:
#   bench/engine.sh [--no-build] latency [WARM-UP MEASURED]   GetItem/PutItem p50/p90/p99 beside the transport floor
#   bench/engine.sh [--no-build] start [RUNS]                  start-up to first answered request, a fresh JVM per run
#   bench/engine.sh [--no-build] profile [RUNS]                the first start with Jackson, the HTTP server or UUIDs preloaded, interleaved
# Builds the bench module (no tests) unless --no-build.
set -euo pipefail
source "$(dirname "$0")/harness.sh" "$@"
set -- "${args[@]}"
what="${1:-latency}"
[ $# -gt 0 ] && shift
case "$what" in
  latency) exec java -Xmx512m -cp "$cp" dev.userbase.bench.engine.EngineLatencyBenchmark "$@" ;;
  start)
    runs="${1:-10}"
    for i in $(seq 1 "$runs"); do java -Xmx256m -cp "$cp" dev.userbase.bench.engine.EngineStartBenchmark 20; done ;;
  profile)
    runs="${1:-5}"
    for i in $(seq 1 "$runs"); do
      for preload in none jackson httpserver uuid; do
        java -Xmx256m -cp "$cp" dev.userbase.bench.engine.EngineStartBenchmark 1 "$preload"
      done
    done ;;
  *) echo "usage: bench/engine.sh [--no-build] latency [WARM-UP MEASURED] | start [RUNS] | profile [RUNS]" >&2; exit 2 ;;
esac
