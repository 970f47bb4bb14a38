#!/usr/bin/env bash
# The operator page on a node with many regions, in a real headless Chromium (Debian's chromium,
# as .ci/run installs it): time to connect and to show the region count, the first page of
# regions, a filter and the next page; the page's DOM size and JS heap; and its round-trip
# latency while agents log in and out at a steady rate.
# Usage: bench/operator-page.sh [regions] [logins+logouts per second] [seconds] [agents online first]
set -euo pipefail
cd "$(dirname "$0")/.."
REGIONS=${1:-50000}
RATE=${2:-100}
SECONDS_OF_LOAD=${3:-20}
ONLINE=${4:-0}
OUT=bench/out
mkdir -p "$OUT"
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile="$OUT/page-classpath.txt" > /dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), $(/usr/bin/chromium --version 2>/dev/null)"
HG_LOG_LEVEL=WARN java -Xmx2g -cp "target/test-classes:target/classes:$(cat "$OUT/page-classpath.txt")" \
  org.hypergrid.bench.OperatorPageBench "$REGIONS" "$RATE" "$SECONDS_OF_LOAD" "$ONLINE" > "$OUT/operator-page.log" 2>&1
grep -vE ' (INFO|WARN|DEBUG) ' "$OUT/operator-page.log" | grep -vE '^\s*at |^$' | tail -20
