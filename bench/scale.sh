#!/usr/bin/env bash
# A million agents online on one node, and a storm of logins and logouts through OpenSim's calls.
# Our grid (one node, or two clustered nodes of half the regions each) and three foreign grids each
# run in a JVM of their own with their own embedded PostgreSQL, bulk-loaded with COPY; the load
# generator runs in this JVM. Prints the time to bring every agent online, the heap after a full
# GC, latencies from a login's call to its friends' events here and on the foreign grids, lost or
# duplicated notifications, processor time per login, statusnotification replies idle and during
# the storm, and GC pauses. The storm is flight-recorded (bench/out/scale/storm.jfr, and
# storm-node1.jfr for a second node; "where the time goes": bench/jfr-top.sh bench/out/scale/storm.jfr).
# Usage: bench/scale.sh [users] [regions] [foreign users per grid] [logins/s] [seconds] [probes/s] [nodes]
# Defaults: 1000000 50000 10000 1000 60 200 1. NODE_JAVA_OPTS: our node(s)' JVM (default: the
# README's settings for a million agents).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out/scale
rm -rf "$OUT" && mkdir -p "$OUT"
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" > /dev/null
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:--Xms2g -Xmx2g -XX:+UseTransparentHugePages -XX:+AlwaysPreTouch}
GRID_JAVA_OPTS=${GRID_JAVA_OPTS:--Xmx1g}
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "our node(s): $NODE_JAVA_OPTS; foreign grids: $GRID_JAVA_OPTS"
java -Xmx2g -Dhazelcast.logging.type=slf4j \
  -Dscale.nodeJavaOpts="$NODE_JAVA_OPTS -Xlog:gc:file=$OUT/{name}-gc.log -XX:StartFlightRecording=name=scale,settings=profile,maxage=15m" -Dscale.gridJavaOpts="$GRID_JAVA_OPTS" \
  -cp "target/test-classes:target/classes:$(cat "$OUT/classpath.txt")" \
  org.hypergrid.bench.ScaleBench "$OUT" "${1:-1000000}" "${2:-50000}" "${3:-10000}" "${4:-1000}" "${5:-60}" \
  "${6:-200}" "${7:-1}" 2>&1 | tee "$OUT/run.log" | grep -v '^[0-9][0-9]:[0-9][0-9]:' || true
grep -q '^online at the end' "$OUT/run.log" || { echo "the bench did not finish: see $OUT/"; exit 1; }
for log in "$OUT"/node*.log "$OUT"/grid*.log; do
  echo "$(basename "$log"): $(grep -c ' ERROR ' "$log" || true) ERROR, $(grep -c ' WARN ' "$log" || true) WARN lines"
done
