#!/usr/bin/env bash
# Latency at a fixed offered load (open loop), on grids with their own real PostgreSQL databases:
# statusnotification replies with 1 friend, 100 friends in 50 regions, and those plus a region
# that never answers; then login on grid A -> online event on grid B at a steady rate.
# The grids run in one JVM with a fixed heap in transparent huge pages, as a node should (README,
# JVM heap); the load generator in another. GRIDS_JAVA_OPTS replaces the grids' JVM options.
# Every request's latency is left in bench/out/latency/samples.csv, the grids' GC log in gc.log.
# Usage: bench/latency.sh [notifications/s] [measured seconds per row] [logins/s] [login-seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-200}
SECONDS_PER_ROW=${2:-40}
LOGIN_RATE=${3:-100}
LOGIN_SECONDS=${4:-10}
LOGINS=$((LOGIN_RATE * (LOGIN_SECONDS + 3)))
OUT=bench/out/latency
rm -rf "$OUT" && mkdir -p "$OUT"
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" > /dev/null
CP="target/test-classes:target/classes:$(cat "$OUT/classpath.txt")"

cleanup() { kill "${GRIDS_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
java ${GRIDS_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseTransparentHugePages -XX:+AlwaysPreTouch} \
  -Xlog:gc:file="$OUT/gc.log":uptime,timenanos -Dhazelcast.logging.type=slf4j -cp "$CP" \
  org.hypergrid.bench.LatencyGrids "$OUT/grids.json" "$LOGINS" > "$OUT/grids.log" 2>&1 &
GRIDS_PID=$!
for _ in $(seq 1 300); do
  [ -f "$OUT/grids.json" ] && break
  kill -0 "$GRIDS_PID" 2>/dev/null || { echo "the grids did not start:"; tail -20 "$OUT/grids.log"; exit 1; }
  sleep 0.5
done

# The kernel's memory monitor (DAMON's kdamond), where the machine runs one: the load process
# records when it ran, and prints each figure again for the requests none of its bursts overlapped.
KDAMOND=$(pgrep -x 'kdamond.*' | head -1 || true)

java -Xms256m -Xmx256m -XX:+UseTransparentHugePages -XX:+AlwaysPreTouch -cp "$CP" org.hypergrid.bench.LatencyBench "$RATE" "$SECONDS_PER_ROW" "$LOGIN_RATE" \
  "$LOGIN_SECONDS" "$OUT/grids.json" "$GRIDS_PID" "${KDAMOND:-0}" > "$OUT/load.log" 2>&1 || { tail -20 "$OUT/load.log"; exit 1; }

grep -E '^(reply|  the same|ratio|clear|per round|login|kdamond|failed)' "$OUT/load.log"
# Stop-the-world pauses of the grids' JVM.
awk '/Pause/ { gsub("ms","",$NF); n++; t+=$NF; if ($NF>m) m=$NF } END { printf "grids gc pauses: %d, total %.0f ms, longest %.1f ms\n", n, t, m }' "$OUT/gc.log"
echo "errors in the grids' log: $(grep -c ' ERROR ' "$OUT/grids.log" || true)"
