#!/usr/bin/env bash
# The f32 corpus's false-alarm sweep and sensitivity run (release build).
#
#   scripts/corpus32/sweep.sh                       # 10000 points x 7 seeds, with and without
#                                                   # the f64 shadow; 1000-point sensitivity
#   SAMPLES=500 SEEDS="1 2" scripts/corpus32/sweep.sh
#   SENSITIVITY=0 scripts/corpus32/sweep.sh         # sweep only
#
# Every per-function test of `gradcheck-runtime/tests/corpus32` runs with GRADCHECK_SAMPLES,
# GRADCHECK_SEED and GRADCHECK_REPORT_DIR set, so each writes its JSON report into
# $OUT/<mode>/seed-<seed>/ (a test with an error fails: that is a false alarm, the reports say
# what it was). summary.py counts errors and warnings per function and kind and the
# evaluations per component. The sensitivity run multiplies the largest component of each
# hand-written gradient by 1 + r (r = 1e-2 ... 1e-5) and records at how many points a
# mismatch names it. (`tools::points` writes the points and hand-written gradients for a
# comparison with other tools' default tolerances.)
set -u
cd "$(dirname "$0")/../.."
SAMPLES=${SAMPLES:-10000}
SEEDS=${SEEDS:-"1 2 3 4 5 6 7"}
MODES=${MODES:-"plain shadow"}
SENSITIVITY=${SENSITIVITY:-1}
SENS_SAMPLES=${SENS_SAMPLES:-1000}
OUT=${OUT:-${CARGO_TARGET_DIR:-target}/corpus32}
mkdir -p "$OUT"

cargo build --release -p gradcheck-runtime --test corpus32 || exit 1
for mode in $MODES; do
    shadow=0
    [ "$mode" = shadow ] && shadow=1
    for seed in $SEEDS; do
        dir="$OUT/$mode/seed-$seed"
        rm -rf "$dir"
        mkdir -p "$dir"
        start=$(date +%s)
        F32_CORPUS_SHADOW=$shadow GRADCHECK_SAMPLES=$SAMPLES GRADCHECK_SEED=$seed GRADCHECK_REPORT_DIR="$dir" \
            cargo test -q --release -p gradcheck-runtime --test corpus32 -- --skip tools:: \
            >"$OUT/$mode-seed-$seed.log" 2>&1
        echo "$mode seed $seed: $(ls "$dir" | wc -l) reports in $(( $(date +%s) - start )) s; $(grep 'test result' "$OUT/$mode-seed-$seed.log")"
    done
done
python3 scripts/corpus32/summary.py "$OUT" | tee "$OUT/summary.md"

if [ "$SENSITIVITY" = 1 ]; then
    for mode in $MODES; do
        shadow=0
        [ "$mode" = shadow ] && shadow=1
        start=$(date +%s)
        F32_CORPUS_SHADOW=$shadow GRADCHECK_SAMPLES=$SENS_SAMPLES F32_CORPUS_SENSITIVITY="$OUT/sensitivity-$mode.json" \
            cargo test -q --release -p gradcheck-runtime --test corpus32 -- tools::sensitivity --nocapture \
            >"$OUT/sensitivity-$mode.log" 2>&1
        echo "sensitivity ($mode): $(( $(date +%s) - start )) s"
        python3 scripts/corpus32/summary.py --sensitivity "$OUT/sensitivity-$mode.json" | tee "$OUT/sensitivity-$mode.md"
    done
fi

