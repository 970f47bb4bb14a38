#!/usr/bin/env bash
# The grid side under OpenSim's own calls (presence report, presence getagents with 18 friends)
# at a fixed offered load, against a bare Vert.x endpoint answering the same bytes; then friend
# statuses from a foreign grid handed to the fake simulators hosting the friends. One node in its
# own process (its CPU time from /proc) with its embedded PostgreSQL; simulators and load here.
# Usage: bench/opensim-grid.sh [reports/s] [getagents/s] [statuses/s] [seconds per row] [simulators] [users]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out/opensim-grid
rm -rf "$OUT" && mkdir -p "$OUT"
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" > /dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
java -Xmx1g -Dhazelcast.logging.type=slf4j -cp "target/test-classes:target/classes:$(cat "$OUT/classpath.txt")" \
  org.hypergrid.bench.OpenSimGridBench "${1:-500}" "${2:-1000}" "${3:-1000}" "${4:-20}" "${5:-100}" "${6:-2000}" \
  > "$OUT/run.log" 2>&1 || { tail -30 "$OUT/run.log"; exit 1; }
grep -E '^(setup|presence|bare|statuses|  )' "$OUT/run.log"
echo "errors in the node's log: $(grep -c ' ERROR ' target/nodes/opensim-bench.log || true)"
