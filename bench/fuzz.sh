#!/usr/bin/env bash
# Structured random requests to every public endpoint of a grid on a real PostgreSQL (the fuzz
# test of the suite, at scale). Prints the answers by HTTP status, the number of 5xx, whether any
# stored row changed, and how many log lines the refusals wrote.
# Usage: bench/fuzz.sh [requests] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS=${1:-100000}
SEED=${2:-20261203}
OUT=bench/out/fuzz
rm -rf "$OUT" && mkdir -p "$OUT"
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" > /dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
java -Dhazelcast.logging.type=slf4j -cp "target/test-classes:target/classes:$(cat "$OUT/classpath.txt")" \
  org.hypergrid.bench.FuzzBench "$REQUESTS" "$SEED" > "$OUT/run.log" 2>&1
grep '^fuzz:' "$OUT/run.log"
echo "log lines: $(grep -c ' WARN ' "$OUT/run.log" || true) WARN, $(grep -c ' ERROR ' "$OUT/run.log" || true) ERROR"
