#!/usr/bin/env bash
# Reproduces the REST API figures in docs/PERFORMANCE.md:
#   bench/api.sh [--no-build] latency [WARM-UP MEASURED [ROUTE,ROUTE…]]
#       in-process latency of every route beside the bare SDK calls it makes (default 200 600)
#   bench/api.sh [--no-build] coldstart [--runs N] [--diagnose] [--try-handler-options "…"] …
#       cold start of the API jar's three functions and of one router, cold and primed
#       (the cold-start driver's api suite; default 7 runs each)
#   bench/api.sh [--no-build]
#       both, with the defaults
# Builds the API Lambda jar and the bench module (no tests) unless --no-build.
set -euo pipefail
source "$(dirname "$0")/harness.sh" "$@"
set -- "${args[@]}"
what="${1:-all}"
[ $# -gt 0 ] && shift

latency() {
  java -Xmx512m -cp "$cp" dev.userbase.bench.api.ApiLatencyBenchmark "$@"
}

coldstart() {
  local args=("$@")
  case " ${args[*]-} " in *" --runs "*) ;; *) args+=(--runs 7) ;; esac
  "${pin[@]}" java -cp "$cp" dev.userbase.bench.coldstart.ColdStartBenchmark --suite api "${args[@]}"
}

case "$what" in
  latency) latency "$@" ;;
  coldstart) coldstart "$@" ;;
  all) latency; coldstart ;;
  *) echo "usage: bench/api.sh [--no-build] [latency [WARM-UP MEASURED [ROUTES]] | coldstart [OPTIONS]]" >&2; exit 2 ;;
esac
