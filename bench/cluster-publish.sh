#!/usr/bin/env bash
# What a clustered publish to an event-bus address nobody listens on costs, against one kept on
# the node: two Vert.x nodes clustered with Hazelcast in one process. Usage: bench/cluster-publish.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" > /dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
java -Dhazelcast.logging.type=slf4j -cp "target/test-classes:target/classes:$(cat "$OUT/classpath.txt")" \
  org.hypergrid.bench.ClusterPublishBench 2>&1 | grep '^round'
