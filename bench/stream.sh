#!/usr/bin/env bash
# Reproduces the stream-consumer figures in docs/PERFORMANCE.md:
#   bench/stream.sh [--no-build] [--edges N] [--changes N] [--follows N] [--windows a,b,c] [--seed N]
# Defaults: --edges 5000 --changes 3000 --follows 100000 --windows 1000,10000,50000,100000 --seed 1.
# Builds the bench module and what it needs (no tests), then
# runs the handlers in one JVM against the embedded DynamoDB engine over HTTP and prints a Markdown report.
set -euo pipefail
source "$(dirname "$0")/harness.sh" "$@"

exec java -Xmx1g -cp "$cp" dev.userbase.bench.stream.StreamConsumersBenchmark "${args[@]}"
