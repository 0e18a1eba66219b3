#!/bin/bash
# Whether this checkout builds the same kg.ttl and kg.trig bytes as another one (a baseline
# worktree: `git worktree add --detach /tmp/base main`), for the seeds, every corpus under
# tests/data and any further folders given (a benchmarks/corpus.py corpus, say). The guard of a
# change meant to leave the output alone, such as a speed-up.
#   benchmarks/same_output.sh BASELINE_CHECKOUT [FOLDER ...]
set -euo pipefail
base=$(cd "$1" && pwd); shift
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d /tmp/kg-same-XXXXXX)
folders=("$here/seeds" "$here"/tests/data/*/ "$here/tests/data/metrics/holdout" "$@")
status=0
for folder in "${folders[@]}"; do
  name=$(echo "${folder%/}" | tr '/' '_')
  for side in base this; do
    checkout=$([ $side = base ] && echo "$base" || echo "$here")
    (cd "$checkout" && "$here/.venv/bin/python" -m kg build "$folder" -o "$out/$side$name" --no-cache --no-html -q)
  done
  for file in kg.ttl kg.trig; do
    if ! cmp -s "$out/base$name/$file" "$out/this$name/$file"; then
      echo "DIFFERENT: $folder $file"; status=1
    fi
  done
done
[ $status = 0 ] && echo "same bytes for all ${#folders[@]} folders"
rm -rf "$out"
exit $status
