#!/usr/bin/env python3
"""What #[derive(Differentiable)] adds to compile time. Usage: python3 scripts/derive_compile_time.py [--use | --attr] [N ...]

Builds a throwaway crate (in target/derive-compile-time/, its own target dir) whose integration
test holds N structs `Kernel{k}<D> { length_scale: D, amplitude: D }` deriving `Clone, Debug`,
once with `Differentiable` and once without, and times `cargo test --no-run` after an edit (a
constant in one function changes): warm (incremental, the way a developer rebuilds) and from
scratch for the crate (CARGO_INCREMENTAL=0, dependencies already built). With `--use`, each
struct is also flattened, rebuilt at `Dual64` and named in a test, as the attribute's generated
code will do. With `--attr`, each struct is the parameter of a `#[gradient_checked(grad = ..)]`
function (its gradient a struct too), against the same function over two scalar parameters
with a tuple gradient: what a derived struct costs through the attribute. The difference
divided by N is the cost of one derive. Prints a Markdown table
(median of 7, CPU seconds of cargo and rustc). Both versions hold one `#[gradient_checked]` function, so both load the
proc-macro library (what a crate that derives also pays for the attribute anyway): the
difference is the derive's own work."""
import os, resource, statistics, subprocess, sys, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
work = os.path.join(root, "target", "derive-compile-time")
args = [a for a in sys.argv[1:] if not a.startswith("--")]
use = "--use" in sys.argv
attr = "--attr" in sys.argv
counts = [int(n) for n in args] or [1, 20]

STRUCT = """
{derive}
struct Kernel{k}<D> {{
    length_scale: D,
    amplitude: D,
}}
fn sum{k}<D: DualNum<Primitive = f64> + Copy>(k: &Kernel{k}<D>) -> D {{
    k.length_scale * k.amplitude + {salt}.0 * 0.0
}}
"""

USE = """
#[test]
fn use{k}() {{
    let k = Kernel{k} {{ length_scale: 1.0, amplitude: 2.0 }};
    let flat: Vec<Dual64> = flatten(&k).into_iter().map(Dual64::from).collect();
    let d: Kernel{k}<Dual64> = rebuild(&k, &flat);
    let mut name = String::from("k");
    k.name(1, &mut name);
    assert_eq!((sum{k}(&d).re, name.as_str()), (2.0, "k.amplitude"));
}}
"""

ATTR_DERIVED = """
fn grad{k}(k: &Kernel{k}<f64>) -> Kernel{k}<f64> {{
    Kernel{k} {{ length_scale: k.amplitude, amplitude: k.length_scale }}
}}
#[gradient_checked(samples = 4, grad = grad{k})]
fn loss{k}<D: DualNum<Primitive = f64> + Copy>(k: &Kernel{k}<D>) -> D {{
    sum{k}(k)
}}
"""

ATTR_PLAIN = """
fn grad{k}(length_scale: f64, amplitude: f64) -> (f64, f64) {{
    (amplitude, length_scale)
}}
#[gradient_checked(samples = 4, grad = grad{k})]
fn loss{k}<D: DualNum<Primitive = f64> + Copy>(length_scale: D, amplitude: D) -> D {{
    length_scale * amplitude
}}
"""

BASELINE = """
#[gradient_checked(samples = 4)]
fn baseline<D: DualNum<Primitive = f64> + Copy>(x: D) -> D {
    x * x
}
"""

state = {"salt": 0}


def write_crate(n, derived):
    state["n"], state["derived"] = n, derived
    os.makedirs(os.path.join(work, "src"), exist_ok=True)
    os.makedirs(os.path.join(work, "tests"), exist_ok=True)
    open(os.path.join(work, "Cargo.toml"), "w").write(
        '[package]\nname = "derive-compile-time"\nversion = "0.0.0"\nedition = "2021"\n'
        f'publish = false\n\n[dependencies]\ngradient-checked = {{ path = "{root}" }}\n\n'
        '[workspace]\n')
    open(os.path.join(work, "src", "lib.rs"), "w").write("")
    derive = "#[derive(Clone, Debug, Differentiable)]" if derived else "#[derive(Clone, Debug)]"
    body = "#![allow(dead_code)]\nuse gradient_checked::prelude::*;\n" + BASELINE
    if use and derived:
        body += "use gradient_checked::params::{flatten, rebuild, Shape};\n"
    for k in range(n):
        body += STRUCT.format(k=k, derive=derive, salt=state["salt"] if k == 0 else 0)
        if use and derived:
            body += USE.format(k=k)
        if attr:
            body += (ATTR_DERIVED if derived else ATTR_PLAIN).format(k=k)
    open(os.path.join(work, "tests", "gen.rs"), "w").write(body)


def build(incremental):
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(work, "target"),
               CARGO_INCREMENTAL="1" if incremental else "0")
    state["salt"] += 1  # an edit: one function's body changes
    write_crate(state["n"], state["derived"])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(["cargo", "test", "--no-run", "--quiet"], cwd=work, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time (user + system) of cargo and rustc, not the wall clock: on a machine shared with
    # other builds the wall clock of a one-second build varies by ±0.2 s, the CPU time by far less.
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(n, derived, incremental):
    write_crate(n, derived)
    build(incremental)  # settle: first build after a change of source or mode
    return statistics.median(build(incremental) for _ in range(7))


write_crate(1, True)
start = time.monotonic()
build(True)
print(f"first build with dependencies: {time.monotonic() - start:.1f} s wall clock (once)\n")
what = "derived and used (flatten, rebuild at Dual64, name)" if use else "derived"
if attr:
    what = "a derived struct through the attribute"
plain_what = "the same over two scalars" if attr else "plain"
print(f"| structs | build | {plain_what} (CPU s) | {what} (CPU s) | per struct (CPU s) |")
print("| --- | --- | --- | --- | --- |")
for n in counts:
    for incremental, label in ((True, "warm, incremental"), (False, "crate from scratch")):
        plain = measure(n, False, incremental)
        derived = measure(n, True, incremental)
        print(f"| {n} | {label} | {plain:.2f} | {derived:.2f} | {(derived - plain) / n:.3f} |",
              flush=True)
