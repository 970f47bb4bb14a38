#!/usr/bin/env bash
# The presence view with many agents online, in one process: heap per session after a full GC,
# time to record them, and the passes over every session that the operator page and a node's
# departure make. A first step of the million-agent measurement; no store, no HTTP, no friends.
# Usage: bench/presence-view.sh [sessions] [heap]
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${1:-1000000}
HEAP=${2:-2g}
OUT=bench/out
mkdir -p "$OUT"
mvn -q -B package -DskipTests
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), -Xmx$HEAP"
HG_LOG_LEVEL=WARN java -Xmx"$HEAP" -cp target/hypergrid-services.jar:target/test-classes \
  org.hypergrid.bench.PresenceViewBench "$SESSIONS" > "$OUT/presence-view.log" 2>&1
grep -vE ' (INFO|WARN|DEBUG) ' "$OUT/presence-view.log"
