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
# A fixed heap, as a node should run (README, JVM heap); BENCH_JAVA_OPTS replaces it.
java ${BENCH_JAVA_OPTS:--Xms1g -Xmx1g} -Xlog:gc:file="$OUT/gc.log" -Dhazelcast.logging.type=slf4j -cp "target/test-classes:target/classes:$(cat "$OUT/classpath.txt")" \
  org.hypergrid.bench.LatencyBench "$RATE" "$SECONDS_PER_ROW" "$LOGIN_RATE" "$LOGIN_SECONDS" > "$OUT/run.log" 2>&1
grep -E '^(reply|ratio|per round|login)' "$OUT/run.log"
# Stop-the-world pauses of the JVM running the grids and the load generator.
awk '/Pause/ { gsub("ms","",$NF); n++; t+=$NF; if ($NF>m) m=$NF } END { printf "gc pauses: %d, total %.0f ms, longest %.1f ms\n", n, t, m }' "$OUT/gc.log"
echo "errors in the log: $(grep -c ' ERROR ' "$OUT/run.log" || true)"
