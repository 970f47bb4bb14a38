#!/usr/bin/env bash
# Asset GETs of a 1 KiB and a 1 MiB asset (whole, and data only): the standalone asset server
# (conf/assets.json, its embedded PostgreSQL) against a bare Vert.x endpoint serving the same
# bytes, both on loopback, in one run with the same load generator. Prints requests/s, p50/p99
# and the ratio.
# Usage: bench/assets.sh [seconds-per-row] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_ROW=${1:-10}
CONNECTIONS=${2:-16}
OUT=bench/out/assets
rm -rf "$OUT" && mkdir -p "$OUT"

mvn -q -B package -DskipTests
CP=target/hypergrid-services.jar:target/test-classes

cleanup() { kill "${NODE_PID:-}" "${BARE_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT

HG_HTTP_PRIVATE_PORT=18103 HG_STORAGE_DATADIR="$OUT/postgres" \
  java ${NODE_JAVA_OPTS:-} -jar target/hypergrid-services.jar -conf conf/assets.json > "$OUT/node.log" 2>&1 &
NODE_PID=$!
for _ in $(seq 1 120); do
  if curl -sf http://127.0.0.1:18103/health/ready > /dev/null; then break; fi
  sleep 0.5
done
java -cp "$CP" org.hypergrid.bench.AssetBench store http://127.0.0.1:18103
S=be000000-0000-4000-8000-000000000001
L=be000000-0000-4000-8000-000000000002
java -cp "$CP" org.hypergrid.bench.BareAssetServer 18180 2 http://127.0.0.1:18103 \
  /assets/$S /assets/$S/data /assets/$L /assets/$L/data > "$OUT/bare.log" 2>&1 &
BARE_PID=$!
for _ in $(seq 1 60); do
  if curl -sf -o /dev/null http://127.0.0.1:18180/assets/$S; then break; fi
  sleep 0.5
done

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
java -cp "$CP" org.hypergrid.bench.AssetBench run http://127.0.0.1:18103 http://127.0.0.1:18180 \
  "$SECONDS_PER_ROW" "$CONNECTIONS"
echo "errors in the node's log: $(grep -c ' ERROR ' "$OUT/node.log" || true)"
