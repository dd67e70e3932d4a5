#!/usr/bin/env bash
# The cold build of `gradient-checked` as a user sees it: a scratch crate outside the workspace
# that depends on it by path, a fresh target dir, `cargo build` (debug), once with the default
# features and once with `default-features = false` (no training helpers, no plotters).
# Extra arguments name further variants as `label:dependency-line`.
# Usage: scripts/cold_build.sh            (run nothing else on the machine meanwhile)
# Prints wall-clock and CPU seconds (user + sys of cargo and every rustc) and the crate count.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/cold-build"
variants=(
  "default:gradient-checked = { path = \"$root\" }"
  "no-default:gradient-checked = { path = \"$root\", default-features = false }"
  "$@"
)
for v in "${variants[@]}"; do
  label="${v%%:*}" dep="${v#*:}"
  dir="$work/$label"
  rm -rf "$dir"
  mkdir -p "$dir/src"
  printf '[package]\nname = "cold-build"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n%s\n\n[workspace]\n' \
    "$dep" >"$dir/Cargo.toml"
  echo 'pub use gradient_checked::Check;' >"$dir/src/lib.rs"
  cp "$root/Cargo.lock" "$dir/Cargo.lock" # the workspace's versions, not whatever is newest today
  (cd "$dir" && cargo fetch -q)
  start=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$dir/cpu" env CARGO_TARGET_DIR="$dir/target" CARGO_INCREMENTAL=0 \
    cargo build -q --manifest-path "$dir/Cargo.toml"
  end=$(date +%s.%N)
  crates=$(ls "$dir/target/debug/deps"/*.rlib "$dir/target/debug/deps"/*.so 2>/dev/null | sed 's/.*\/lib//; s/-[0-9a-f]*\.\(rlib\|so\)$//' | sort -u | wc -l)
  read -r user sys <"$dir/cpu"
  printf '%-12s wall %6.1f s   cpu %6.1f s   %3d crates\n' "$label" \
    "$(echo "$end - $start" | bc)" "$(echo "$user + $sys" | bc)" "$crates"
done
