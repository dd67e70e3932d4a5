#!/usr/bin/env bash
# A function that never returns: its test hangs, and nextest's slow-timeout kills it
# (.config/nextest.toml, profile `hang`: 2 periods of 2 s). Succeeds when nextest reports the
# test as TIMEOUT within a minute; prints how long it took.
#
#   scripts/hang.sh
#
# Needs cargo-nextest (`cargo install cargo-nextest --locked`).
set -uo pipefail
cd "$(dirname "$0")/.."
command -v cargo-nextest >/dev/null || { echo "cargo-nextest is not installed" >&2; exit 2; }
cargo nextest run -p gradcheck-runtime --test hostile --no-run >/dev/null 2>&1 || exit 1
start=$(date +%s)
out=$(GRADCHECK_HANG=1 timeout 60 cargo nextest run --profile hang -p gradcheck-runtime \
  --test hostile -E 'test(a_function_that_never_returns_hangs_its_test)' 2>&1)
status=$?
took=$(( $(date +%s) - start ))
if [ $status -ne 0 ] && [ $status -ne 124 ] && grep -q "TIMEOUT" <<<"$out"; then
  echo "hang: the hanging test was killed by nextest's slow-timeout after ${took} s (TIMEOUT, exit $status)"
else
  echo "hang: expected nextest to report TIMEOUT (exit $status after ${took} s):" >&2
  echo "$out" | tail -20 >&2
  exit 1
fi
