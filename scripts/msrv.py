#!/usr/bin/env python3
"""The declared minimum Rust version (MSRV), checked with the one toolchain this machine has.

No older compiler can be fetched here, so the check is in two parts:
- our own code: clippy's `incompatible_msrv` lint (on by default, denied in CI by
  `-D warnings`) reads `rust-version` from Cargo.toml and flags every standard-library item
  stabilised after it;
- the dependencies: every package in the lock file, with every feature, must declare a
  `rust-version` no newer than ours (num-dual 0.15 and nalgebra 0.35 ask for 1.89, which is
  why our MSRV is 1.89).
Exits 1 and names the packages that need a newer compiler.
"""
import json
import subprocess
import sys


def version(text):
    return tuple(int(part) for part in text.split("."))[:3] + (0,) * (3 - len(text.split(".")))


meta = json.loads(
    subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--all-features", "--locked"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
)
used = {node["id"] for node in meta["resolve"]["nodes"]}
members = set(meta["workspace_members"])
ours = {p["rust_version"] for p in meta["packages"] if p["id"] in members}
if len(ours) != 1 or None in ours:
    sys.exit(f"every workspace crate should declare the same rust-version, found {sorted(map(str, ours))}")
msrv = ours.pop()
newer = [
    f"{p['name']} {p['version']} needs Rust {p['rust_version']}"
    for p in meta["packages"]
    if p["id"] in used and p.get("rust_version") and version(p["rust_version"]) > version(msrv)
]
if newer:
    sys.exit(f"MSRV {msrv} is broken by:\n  " + "\n  ".join(newer))
print(f"MSRV {msrv}: {len(used)} packages, none declares a newer rust-version")
