#!/usr/bin/env bash
# False-alarm soak (BENCHMARKS.md, "Hostile input: false-alarm soak"): the corpus sweep, the
# property tests and the hard corpus under many random seeds, release build. Every gradient
# there is correct, so every error finding is a false alarm. One line per seed in
# $OUT/soak.log, the totals at the end; exits 1 on any false alarm (printed in full in
# $OUT/seed-<seed>/).
#
#   scripts/soak.sh                          # 200 seeds
#   SEEDS=5 scripts/soak.sh                  # a quick one
#   CORPUS_SAMPLES=1000 HARD_SAMPLES=200 PROPTEST_CASES=500 scripts/soak.sh
#
# Seeds: the first SEEDS of a fixed random sequence (MASTER=2026), so a run is repeatable
# and its seeds are not the small numbers the earlier sweeps used. Per seed:
#   corpus      GRADCHECK_SEED=s GRADCHECK_SAMPLES=$CORPUS_SAMPLES  --test corpus sweep_smooth
#   properties  PROPTEST_RNG_SEED=s PROPTEST_CASES=$PROPTEST_CASES   --test properties
#               (the false-alarm properties and the one that plants errors: a failure of the
#               latter is a missed error, counted apart)
#   hard        GRADCHECK_SEED=s GRADCHECK_SAMPLES=$HARD_SAMPLES    --test hard (59 functions)
set -uo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-200}
MASTER=${MASTER:-2026}
CORPUS_SAMPLES=${CORPUS_SAMPLES:-500}
HARD_SAMPLES=${HARD_SAMPLES:-100}
PROPTEST_CASES=${PROPTEST_CASES:-200}
OUT=${OUT:-${CARGO_TARGET_DIR:-$PWD/target}/soak}
mkdir -p "$OUT"
unset GRADCHECK_SEED GRADCHECK_SAMPLES GRADCHECK_REPORT_DIR PROPTEST_RNG_SEED

# The test binaries, built once.
bins=$(cargo test --release -p gradcheck-runtime --test corpus --test properties --test hard \
  --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["kind"] == ["test"]:
        print(m["target"]["name"], m["executable"])')
bin() { awk -v n="$1" '$1 == n {print $2}' <<<"$bins"; }
corpus=$(bin corpus); properties=$(bin properties); hard=$(bin hard)
[ -x "$corpus" ] && [ -x "$properties" ] && [ -x "$hard" ] || { echo "build failed" >&2; exit 1; }
# The corpus tests read their data relative to the package, as cargo test runs them.
cd gradcheck-runtime

seeds=$(python3 -c "import random; r = random.Random($MASTER); print(' '.join(str(r.getrandbits(63)) for _ in range($SEEDS)))")
log="$OUT/soak.log"
: >"$log"
start=$(date +%s)
points=0; alarms=0; unstable=0; prop_fail=0; missed=0; hard_fail=0; hard_tests=0; i=0
for s in $seeds; do
  i=$((i + 1))
  dir="$OUT/seed-$s"
  mkdir -p "$dir"
  t0=$(date +%s)
  GRADCHECK_SEED=$s GRADCHECK_SAMPLES=$CORPUS_SAMPLES "$corpus" --nocapture sweep_smooth >"$dir/corpus.log" 2>&1
  line=$(grep '^sweep:' "$dir/corpus.log")
  read -r p a u <<<"$(sed -E 's/^sweep: ([0-9]+) points, ([0-9]+) false alarms, ([0-9]+) unstable.*/\1 \2 \3/' <<<"$line")"
  [ -n "$p" ] || { p=0; a=1; u=0; echo "seed $s: the corpus sweep did not finish" >>"$dir/corpus.log"; }
  points=$((points + p)); alarms=$((alarms + a)); unstable=$((unstable + u))
  PROPTEST_RNG_SEED=$s PROPTEST_CASES=$PROPTEST_CASES "$properties" >"$dir/properties.log" 2>&1
  pf=$(grep -c '^    correct_gradients_raise_no_false_alarm' "$dir/properties.log")
  pm=$(grep -c '^    every_single_component_error' "$dir/properties.log")
  prop_fail=$((prop_fail + pf)); missed=$((missed + pm))
  GRADCHECK_SEED=$s GRADCHECK_SAMPLES=$HARD_SAMPLES "$hard" --skip tools:: >"$dir/hard.log" 2>&1
  hr=$(grep '^test result' "$dir/hard.log")
  hp=$(sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\1/' <<<"$hr")
  hf=$(sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\2/' <<<"$hr")
  [ -n "$hf" ] || { hp=0; hf=1; }
  hard_fail=$((hard_fail + hf)); hard_tests=$((hard_tests + hp + hf))
  echo "seed $i/$SEEDS $s: corpus $p points $a false alarms $u unstable; properties $pf false alarms $pm missed; hard $hf of $((hp + hf)) failing ($(( $(date +%s) - t0 )) s)" | tee -a "$log"
  [ "$a" = 0 ] && [ "$pf" = 0 ] && [ "$pm" = 0 ] && [ "$hf" = 0 ] && rm -rf "$dir"
done
took=$(( $(date +%s) - start ))
hard_points=$((hard_tests * HARD_SAMPLES))
summary="soak: $SEEDS seeds in $took s; corpus sweep $points points, $alarms false alarms, $unstable unstable warnings; properties $((SEEDS * PROPTEST_CASES * 3)) false-alarm cases, $prop_fail failing, planted errors missed in $missed seeds; hard corpus $hard_tests function runs (about $hard_points random points), $hard_fail with an error finding"
echo "$summary" | tee -a "$log"
[ $alarms = 0 ] && [ $prop_fail = 0 ] && [ $hard_fail = 0 ] && [ $missed = 0 ]
