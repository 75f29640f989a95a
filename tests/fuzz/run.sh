#!/usr/bin/env bash
# Runs every libFuzzer target of build/fuzz for SECONDS each (default 30), starting from
# the seed corpus in tests/fuzz/corpus/<target>/. New inputs go to a temporary folder, not
# into the repository. Exits non-zero after a crash, leak or sanitizer report; the
# input that caused it is kept in build/fuzz/findings/ (make it a regression seed).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-30}
work=$(mktemp -d)
findings="$root/build/fuzz/findings"
mkdir -p "$findings"
trap 'rm -rf "$work"' EXIT
# The targets run side by side (the test command's time is budgeted; each still gets its
# share of the cores for the whole run), then each one's outcome is read in turn.
targets=()
pids=()
for seeds in "$root"/tests/fuzz/corpus/*/; do
  target=$(basename "$seeds")
  mkdir -p "$work/$target"
  echo "fuzz: $target for ${seconds} s"
  "$root/build/fuzz/tests/fuzz/${target}_fuzz" -max_total_time="$seconds" -timeout=10 \
    -artifact_prefix="$findings/" -print_final_stats=1 "$work/$target" "$seeds" \
    2>"$work/$target.log" &
  targets+=("$target")
  pids+=($!)
done
status=0
for i in "${!targets[@]}"; do
  target=${targets[$i]}
  if wait "${pids[$i]}"; then
    grep -E "stat::number_of_executed_units|stat::average_exec_per_sec" "$work/$target.log" |
      sed "s/^/fuzz: $target /"
  else
    echo "fuzz: $target failed"
    tail -n 60 "$work/$target.log"
    status=1
  fi
done
exit "$status"
