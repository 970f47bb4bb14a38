#!/usr/bin/env bash
# Benchmark between grids: three full nodes (A, B, C) in one JVM on loopback, each with its own
# embedded PostgreSQL. Prints login-to-event latency A -> B (p50/p99) and logins/s with 10
# foreign friends on each of two foreign grids.
# Usage: bench/hypergrid.sh [latency-samples] [agents]
set -euo pipefail
cd "$(dirname "$0")/.."
SAMPLES=${1:-500}
AGENTS=${2:-200}
OUT=bench/out/hypergrid
rm -rf "$OUT" && mkdir -p "$OUT"
mvn -q -B package -DskipTests
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
# The nodes' log goes to $OUT/run.log; the figures are the lines printed here.
HG_LOG_LEVEL=WARN java -Dhazelcast.logging.type=slf4j -cp target/hypergrid-services.jar:target/test-classes \
  org.hypergrid.bench.HypergridBench "$OUT" "$SAMPLES" "$AGENTS" > "$OUT/run.log" 2>&1
grep -E '^(login on A|warm-up round|round [0-9])' "$OUT/run.log"
echo "errors in the nodes' log: $(grep -c ' ERROR ' "$OUT/run.log" || true)"
