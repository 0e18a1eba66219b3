#!/bin/bash
# `kg validate` before and after, on kg.trig builds, one command at a time: wall, CPU (user + system)
# and peak RSS from /usr/bin/time, the load average around each run, and whether the outputs match.
#   benchmarks/validate_bench.sh BEFORE_KG AFTER_KG BUILD_DIR [BUILD_DIR ...]
# A command past $LIMIT seconds (default 1200) is stopped and reported as such (rc 137).
set -u
before=$1 after=$2
shift 2
out=$(mktemp -d)
for build in "$@"; do
  for side in after before; do
    kg=$([ "$side" = before ] && echo "$before" || echo "$after")
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    /usr/bin/time -f "%e s wall, %U+%S s CPU, %M KB peak" timeout -s KILL "${LIMIT:-1200}" \
      "$kg" validate --graph "$build/kg.trig" > "$out/$side" 2> "$out/$side.err"
    echo "$build $side: rc=$? load=[$load] $(tail -1 "$out/$side.err")"
  done
  cmp -s "$out/before" "$out/after" && echo "$build: outputs identical" || echo "$build: outputs differ"
done
rm -rf "$out"
