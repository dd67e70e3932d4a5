#!/usr/bin/env python3
"""What #[gradient_checked] adds to compile time. Usage: python3 scripts/compile_time.py [N ...]

Builds a throwaway crate (in target/compile-time/, its own target dir) whose integration test
holds N small functions, once annotated and once plain, and times `cargo test --no-run` after
touching the file: warm (incremental, the way a developer rebuilds) and from scratch for the
crate (CARGO_INCREMENTAL=0, dependencies already built). Before each timed build one
function's body changes (a constant in f0), as in an edit-compile cycle. The difference between
annotated and plain, divided by N, is the cost of one annotation. The checker alone is the
dependency (`default-features = false`: no training helpers). Prints a Markdown table (median
of 3) of CPU seconds (user + system of cargo and every rustc: on the shared 2-core machine the
wall clock of a one-second build moves by more than the effect), with the wall clock beside."""
import os, resource, shutil, statistics, subprocess, sys, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
work = os.path.join(root, "target", "compile-time")
counts = [int(n) for n in sys.argv[1:]] or [1, 20, 50]

FUNCTION = """
mod f{k} {{
    use super::*;
    fn grad(p: &[f64; 2]) -> [f64; 2] {{
        [2.0 * p[0] + p[1], p[0] + {k}.0]
    }}
    {attr}
    pub fn f<D: DualNum<Primitive = f64> + Copy>(p: &[D; 2]) -> D {{
        p[0] * p[0] + p[0] * p[1] + p[1] * {k}.0 + {salt}.0 * 0.0
    }}
}}
"""

state = {"salt": 0}

def write_crate(n, annotated):
    state["n"], state["annotated"] = n, annotated
    os.makedirs(os.path.join(work, "src"), exist_ok=True)
    os.makedirs(os.path.join(work, "tests"), exist_ok=True)
    open(os.path.join(work, "Cargo.toml"), "w").write(
        '[package]\nname = "compile-time"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n'
        f'[dependencies]\ngradient-checked = {{ path = "{root}", default-features = false }}\n\n'
        '[workspace]\n')
    open(os.path.join(work, "src", "lib.rs"), "w").write("")
    attr = "#[gradient_checked(samples = 4, grad = grad)]" if annotated else "#[allow(dead_code)]"
    body = "#![allow(dead_code)]\nuse gradient_checked::prelude::*;\n" + "".join(
        FUNCTION.format(k=k, attr=attr, salt=state["salt"] if k == 0 else 0) for k in range(n))
    open(os.path.join(work, "tests", "gen.rs"), "w").write(body)

def build(incremental):
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(work, "target"),
               CARGO_INCREMENTAL="1" if incremental else "0")
    state["salt"] += 1  # an edit: one function's body changes
    write_crate(state["n"], state["annotated"])
    cpu = lambda: (lambda r: r.ru_utime + r.ru_stime)(resource.getrusage(resource.RUSAGE_CHILDREN))
    start, start_cpu = time.monotonic(), cpu()
    subprocess.run(["cargo", "test", "--no-run", "--quiet"], cwd=work, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cpu() - start_cpu, time.monotonic() - start

def measure(n, annotated, incremental):
    write_crate(n, annotated)
    build(incremental)  # settle: first build after a change of source or mode
    runs = [build(incremental) for _ in range(3)]
    return (statistics.median(c for c, _ in runs), statistics.median(w for _, w in runs))

write_crate(1, True)
deps, deps_wall = build(True)
print(f"first build with dependencies: {deps:.1f} CPU s, {deps_wall:.1f} s wall (once; the engine "
      "and num-dual)\n")
print("| functions | build | plain CPU (s) | annotated CPU (s) | per annotation CPU (s) "
      "| per annotation wall (s) |")
print("| --- | --- | --- | --- | --- | --- |")
for n in counts:
    for incremental, label in ((True, "warm, incremental"), (False, "crate from scratch")):
        plain, plain_wall = measure(n, False, incremental)
        annotated, annotated_wall = measure(n, True, incremental)
        print(f"| {n} | {label} | {plain:.2f} | {annotated:.2f} | {(annotated - plain) / n:.3f} "
              f"| {(annotated_wall - plain_wall) / n:.3f} |", flush=True)
