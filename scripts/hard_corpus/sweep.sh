#!/usr/bin/env bash
# The hard corpus's false-alarm sweep and sensitivity run (release build).
#
#   scripts/hard_corpus/sweep.sh                 # 2000 points x 7 seeds, then 200-point sensitivity
#   SAMPLES=200 SEEDS="1 2" scripts/hard_corpus/sweep.sh
#   SENSITIVITY=0 scripts/hard_corpus/sweep.sh   # sweep only
#
# Every per-function test of `gradcheck-runtime/tests/hard` runs with GRADCHECK_SAMPLES,
# GRADCHECK_SEED and GRADCHECK_REPORT_DIR set, so each writes its JSON report into
# $OUT/seed-<seed>/ (the tests of functions with findings fail: that is expected, the reports
# are the output). summary.py then counts error and warning findings per function and kind.
# The sensitivity run multiplies the largest component of each hand-written gradient by
# 1 + r (r = 1e-2 ... 1e-10) and records at how many points a mismatch names it.
set -u
cd "$(dirname "$0")/../.."
SAMPLES=${SAMPLES:-2000}
SEEDS=${SEEDS:-"1 2 3 4 5 6 7"}
SENSITIVITY=${SENSITIVITY:-1}
SENS_SAMPLES=${SENS_SAMPLES:-200}
OUT=${OUT:-${CARGO_TARGET_DIR:-target}/hard_corpus}
mkdir -p "$OUT"

cargo build --release -p gradcheck-runtime --test hard || exit 1
for seed in $SEEDS; do
    dir="$OUT/seed-$seed"
    rm -rf "$dir"
    mkdir -p "$dir"
    start=$(date +%s)
    GRADCHECK_SAMPLES=$SAMPLES GRADCHECK_SEED=$seed GRADCHECK_REPORT_DIR="$dir" \
        cargo test -q --release -p gradcheck-runtime --test hard -- --skip tools:: \
        >"$OUT/seed-$seed.log" 2>&1
    echo "seed $seed: $(ls "$dir" | wc -l) reports in $(( $(date +%s) - start )) s; $(grep 'test result' "$OUT/seed-$seed.log")"
done
python3 scripts/hard_corpus/summary.py "$OUT" | tee "$OUT/summary.md"

if [ "$SENSITIVITY" = 1 ]; then
    start=$(date +%s)
    GRADCHECK_SAMPLES=$SENS_SAMPLES HARD_CORPUS_SENSITIVITY="$OUT/sensitivity.json" \
        cargo test -q --release -p gradcheck-runtime --test hard -- tools::sensitivity --nocapture \
        >"$OUT/sensitivity.log" 2>&1
    echo "sensitivity: $(( $(date +%s) - start )) s"
    python3 scripts/hard_corpus/summary.py --sensitivity "$OUT/sensitivity.json" | tee "$OUT/sensitivity.md"
fi
