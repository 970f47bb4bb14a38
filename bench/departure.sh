#!/usr/bin/env bash
# A node dies holding many agents: how long until every friend has been told they left. Two
# clustered nodes and three foreign grids, each in a JVM of its own, as bench/scale.sh starts them
# (bulk-loaded with COPY); every user is written into the session journal as the second node's,
# then the second node is killed with SIGKILL. The survivor fences it, takes its journal entries
# and tells their friends on the foreign grids (2 on each of 3 per agent). Prints the rate of the
# telling, when the last status was heard, and lost or duplicated statuses.
# Usage: bench/departure.sh [agents] [foreign users per grid]. Defaults: 500000 10000.
# NODE_JAVA_OPTS: our nodes' JVM (default: the README's settings for a million agents).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out/departure
AGENTS=${1:-500000}
rm -rf "$OUT" && mkdir -p "$OUT"
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" > /dev/null
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:--Xms2g -Xmx2g -XX:+UseTransparentHugePages -XX:+AlwaysPreTouch}
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
java -Xmx1g -Dhazelcast.logging.type=slf4j \
  -Dscale.nodeJavaOpts="$NODE_JAVA_OPTS -XX:StartFlightRecording=name=departure,settings=profile,maxage=90m" \
  -Dscale.gridJavaOpts="${GRID_JAVA_OPTS:--Xmx1g}" \
  -cp "target/test-classes:target/classes:$(cat "$OUT/classpath.txt")" \
  org.hypergrid.bench.ScaleBench "$OUT" "$AGENTS" "$((AGENTS / 20 < 2 ? 2 : AGENTS / 20))" "${2:-10000}" \
  "$((AGENTS / 14))" 0 0 2 departure 2>&1 | tee "$OUT/run.log" | grep -v '^[0-9][0-9]:[0-9][0-9]:' || true
grep -q '^departure: lost' "$OUT/run.log" || { echo "the bench did not finish: see $OUT/"; exit 1; }
for log in "$OUT"/node*.log "$OUT"/grid*.log; do
  echo "$(basename "$log"): $(grep -c ' ERROR ' "$log" || true) ERROR, $(grep -c ' WARN ' "$log" || true) WARN lines"
done
