#!/usr/bin/env bash
# The reproduce line under a report selects the test that printed it: runs an example with
# required features (logistic_ndarray, `--features ndarray`) and an integration test file
# (tests/forms.rs), takes every `reproduce:` line they print, and runs each line's command
# with `-- --list`: exactly one test binary must run, and it must list the function's
# `gradient` test.
#
#   scripts/reproduce_line.sh
set -euo pipefail
cd "$(dirname "$0")/.."
log="${CARGO_TARGET_DIR:-$PWD/target}/reproduce_line.log"
{
  cargo test -q --features ndarray --example logistic_ndarray -- --nocapture
  cargo test -q --test forms -- --nocapture --test-threads=1
} >"$log" 2>&1 || { tail -30 "$log"; exit 1; }
mapfile -t lines < <(grep -o 'reproduce: .*' "$log" | sed 's/^reproduce: //' | sort -u)
[ "${#lines[@]}" -gt 0 ] || { echo "no reproduce line printed ($log)" >&2; exit 1; }
checked=0
for line in "${lines[@]}"; do
  # GRADCHECK_SEED=<seed> cargo test <target arguments> <function>
  read -r -a words <<<"$line"
  [ "${words[1]}" = cargo ] && [ "${words[2]}" = test ] || { echo "not a cargo test line: $line" >&2; exit 1; }
  name="${words[-1]}"
  out=$(cargo test "${words[@]:3}" -- --list 2>&1) || { echo "$line: $out" >&2; exit 1; }
  binaries=$(grep -c '^ *Running ' <<<"$out" || true)
  if [ "$binaries" -ne 1 ] || ! grep -Eq "(^|::)$name::gradient: test" <<<"$out"; then
    echo "\`$line\` does not select its test ($binaries binaries run):" >&2
    echo "$out" | tail -20 >&2
    exit 1
  fi
  echo "one test binary, listing ${name}::gradient: $line"
  checked=$((checked + 1))
done
echo "reproduce_line: $checked lines, each selects its test"
