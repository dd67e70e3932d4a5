#!/usr/bin/env bash
# Byte-identical reports (BENCHMARKS.md, "Hostile input"): the facade's test binaries run once
# under `cargo test` (one process per binary, tests on 8 threads, RAYON_NUM_THREADS=8) and once
# under `cargo nextest run` (one process per test, RAYON_NUM_THREADS=1), each writing its JSON
# reports into a folder of its own; the two folders must be the same, file for file.
#
#   scripts/reproducible.sh                      # the facade's attribute tests
#   TESTS="--test reproducible" scripts/reproducible.sh
#
# Needs cargo-nextest (`cargo install cargo-nextest --locked`).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-nextest >/dev/null || { echo "cargo-nextest is not installed" >&2; exit 2; }
out="${OUT:-${CARGO_TARGET_DIR:-$PWD/target}/reproducible}"
read -r -a tests <<<"${TESTS:---test reproducible --test hard_attribute --test signatures --test forms --test structs --test params}"
unset GRADCHECK_SEED GRADCHECK_SAMPLES
rm -rf "$out/cargo-test" "$out/nextest"
mkdir -p "$out/cargo-test" "$out/nextest"
start=$(date +%s)
GRADCHECK_REPORT_DIR="$out/cargo-test" RAYON_NUM_THREADS=8 \
  cargo test -q -p gradient-checked "${tests[@]}" -- --test-threads=8 >"$out/cargo-test.log" 2>&1 \
  || { tail -30 "$out/cargo-test.log"; exit 1; }
GRADCHECK_REPORT_DIR="$out/nextest" RAYON_NUM_THREADS=1 \
  cargo nextest run -p gradient-checked "${tests[@]}" >"$out/nextest.log" 2>&1 \
  || { tail -30 "$out/nextest.log"; exit 1; }
files=$(ls "$out/cargo-test" | wc -l)
if diff -r "$out/cargo-test" "$out/nextest" >"$out/diff.txt"; then
  echo "reproducible: $files report files, byte-identical under cargo test and cargo nextest run ($(( $(date +%s) - start )) s)"
else
  echo "reproducible: the reports differ ($files files; $out/diff.txt):" >&2
  head -40 "$out/diff.txt" >&2
  exit 1
fi
