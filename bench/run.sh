#!/usr/bin/env bash
# Benchmark of POST /hgfriends statusnotification (1, 10, 100 friends per request) against a bare
# Vert.x endpoint with a fixed reply, both on loopback. Prints requests/s and p50/p99.
# Usage: bench/run.sh [seconds-per-row] [connections]
# NODE_JAVA_OPTS is passed to the node's JVM, e.g. a flight recording:
#   NODE_JAVA_OPTS="-XX:StartFlightRecording=filename=bench/out/node.jfr,settings=profile" bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_ROW=${1:-10}
CONNECTIONS=${2:-32}
OUT=bench/out
rm -rf "$OUT" && mkdir -p "$OUT"

mvn -q -B package -DskipTests
CP=target/hypergrid-services.jar:target/test-classes

cleanup() { kill "${NODE_PID:-}" "${BARE_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT

HG_HTTP_PUBLIC_PORT=18002 HG_HTTP_PRIVATE_PORT=18003 HG_STORAGE_DATADIR="$OUT/postgres" HG_LOG_LEVEL=WARN \
  java ${NODE_JAVA_OPTS:-} -jar target/hypergrid-services.jar -conf conf/standalone.json > "$OUT/node.log" 2>&1 &
NODE_PID=$!
java -cp "$CP" org.hypergrid.bench.BareServer 18080 2 > "$OUT/bare.log" 2>&1 &
BARE_PID=$!

for _ in $(seq 1 120); do
  if curl -sf http://127.0.0.1:18003/health > /dev/null && curl -s -o /dev/null http://127.0.0.1:18080/; then break; fi
  sleep 0.5
done

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
java -cp "$CP" -Dhazelcast.logging.type=slf4j -DHG_LOG_LEVEL=WARN org.hypergrid.bench.HGFriendsBench \
  http://127.0.0.1:18002 http://127.0.0.1:18003 http://127.0.0.1:18080 "$SECONDS_PER_ROW" "$CONNECTIONS"
