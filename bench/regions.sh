#!/usr/bin/env bash
# Many regions: one node with 50,000 regions, then two clustered nodes (Hazelcast on loopback, in
# one JVM) with 25,000 each. Prints time to ready, heap after a full GC, heap per region, and
# status deliveries to randomly chosen regions. The node's store is an embedded PostgreSQL in
# bench/out/regions.
# Usage: bench/regions.sh [regions-on-one-node] [heap]
set -euo pipefail
cd "$(dirname "$0")/.."
REGIONS=${1:-50000}
HEAP=${2:-2g}
OUT=bench/out/regions
rm -rf "$OUT" && mkdir -p "$OUT"
mvn -q -B package -DskipTests
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
run() {
  HG_LOG_LEVEL=WARN java -Xmx"$HEAP" -Dhazelcast.logging.type=slf4j \
    -cp target/hypergrid-services.jar:target/test-classes org.hypergrid.bench.RegionsBench "$@" \
    > "$OUT/run-$3.log" 2>&1
  grep -E '^(regions|time to ready|heap after|per region|status delivery)' "$OUT/run-$3.log"
  echo "errors in the log: $(grep -c ' ERROR ' "$OUT/run-$3.log" || true)"
}
echo "== one node"
run "$OUT/one" "$REGIONS" 1
echo "== two clustered nodes"
run "$OUT/two" "$((REGIONS / 2))" 2
