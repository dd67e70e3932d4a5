#!/usr/bin/env bash
# The false-alarm sweep across seeds (BENCHMARKS.md, "Errors below the per-point tolerance"):
# the corpus's smooth functions at SAMPLES random points each (default 10 000: 200 000 points
# per seed) and the property tests of random smooth compositions, once per seed. Prints one
# line per seed and test binary; any false alarm fails the test and is printed in full.
#
#   scripts/false_alarms.sh            # seeds 1..7
#   SAMPLES=16 scripts/false_alarms.sh 1 2 3
set -uo pipefail
cd "$(dirname "$0")/.."
samples="${SAMPLES:-10000}"
seeds=("$@")
[ ${#seeds[@]} -eq 0 ] && seeds=(1 2 3 4 5 6 7)
cargo test -q -p gradcheck-runtime --release --test corpus --test properties --no-run 2>/dev/null
status=0
for seed in "${seeds[@]}"; do
  start=$(date +%s)
  out=$(GRADCHECK_SEED="$seed" GRADCHECK_SAMPLES="$samples" cargo test -q -p gradcheck-runtime \
    --release --test corpus -- --nocapture sweep_smooth 2>&1) || status=1
  echo "seed $seed corpus: $(grep '^sweep:' <<<"$out") ($(( $(date +%s) - start )) s)"
  start=$(date +%s)
  out=$(GRADCHECK_SEED="$seed" cargo test -q -p gradcheck-runtime --release --test properties 2>&1) \
    || { status=1; echo "$out"; }
  echo "seed $seed properties: $(grep '^test result' <<<"$out") ($(( $(date +%s) - start )) s)"
done
exit $status
