#!/usr/bin/env bash
# Latency at a fixed offered load (open loop), on grids with their own real PostgreSQL databases:
# statusnotification replies with 1 friend, 100 friends in 50 regions, and those plus a region
# that never answers; then login on grid A -> online event on grid B at a steady rate.
# Usage: bench/latency.sh [notifications/s] [seconds] [logins/s] [login-seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-1000}
SECONDS_PER_ROW=${2:-10}
LOGIN_RATE=${3:-100}
LOGIN_SECONDS=${4:-10}
OUT=bench/out/latency
rm -rf "$OUT" && mkdir -p "$OUT"
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" > /dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
java -Dhazelcast.logging.type=slf4j -cp "target/test-classes:target/classes:$(cat "$OUT/classpath.txt")" \
  org.hypergrid.bench.LatencyBench "$RATE" "$SECONDS_PER_ROW" "$LOGIN_RATE" "$LOGIN_SECONDS" > "$OUT/run.log" 2>&1
grep -E '^(reply|ratio|login)' "$OUT/run.log"
echo "errors in the log: $(grep -c ' ERROR ' "$OUT/run.log" || true)"
