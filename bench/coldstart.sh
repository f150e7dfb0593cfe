#!/usr/bin/env bash
# Reproduces the cold-start figures in docs/PERFORMANCE.md:
#   bench/coldstart.sh [--runs N] [--diagnose] [--no-build]
# Builds the triggers Lambda jar and the bench module (no tests), starts the embedded DynamoDB engine over HTTP
# inside the driver JVM (pinned to CPU 1), and runs each measured JVM pinned to CPU 0.
set -euo pipefail
source "$(dirname "$0")/harness.sh" "$@"

exec "${pin[@]}" java -cp "$cp" dev.userbase.bench.coldstart.ColdStartBenchmark "${args[@]}"
