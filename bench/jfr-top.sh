#!/usr/bin/env bash
# Where the time goes in a flight recording: the methods most often on top of a sampled stack,
# and the project's own methods most often anywhere on it.
# Usage: bench/jfr-top.sh recording.jfr [rows]
set -euo pipefail
JFR_FILE=$1
ROWS=${2:-15}
jfr print --events jdk.ExecutionSample "$JFR_FILE" | python3 -c '
import re, sys, collections
rows = int(sys.argv[1])
top, ours, samples = collections.Counter(), collections.Counter(), 0
frames = None
for line in sys.stdin:
    if line.startswith("jdk.ExecutionSample"):
        frames = []
        samples += 1
    elif frames is not None:
        m = re.match(r"\s+([\w.$<>]+)\(", line)
        if m:
            frames.append(m.group(1))
        elif line.strip() == "]":
            if frames:
                top[frames[0]] += 1
                for f in set(frames):
                    if f.startswith("org.hypergrid"):
                        ours[f] += 1
            frames = None
print("samples: %d" % samples)
print("-- top of stack")
for f, n in top.most_common(rows):
    print("%5.1f%%  %s" % (100.0 * n / samples, f))
print("-- project methods on the stack")
for f, n in ours.most_common(rows):
    print("%5.1f%%  %s" % (100.0 * n / samples, f))
' "$ROWS"
