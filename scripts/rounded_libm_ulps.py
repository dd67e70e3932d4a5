#!/usr/bin/env python3
"""Measure the error of Rust's float functions (std → glibc libm, or std's own formula) on this
machine, against mpmath, in units of u·|exact| (u = ε/2), for f64 and f32. These figures back
the allowances in gradcheck-runtime/src/rounded/propagate.rs.

Usage: python3 scripts/rounded_libm_ulps.py [samples per function, default 20000]
Needs rustc and mpmath (pip install mpmath).
"""
import math, os, random, subprocess, sys, tempfile
import mpmath

mpmath.mp.prec = 160
N = int(sys.argv[1]) if len(sys.argv) > 1 else 20000

# name, rust expression in x (and y), mpmath function, input sampler
def lg(lo, hi):  # log-uniform magnitude, random sign
    return lambda r: r.choice([-1, 1]) * 10 ** r.uniform(lo, hi)
def pos(lo, hi):
    return lambda r: 10 ** r.uniform(lo, hi)
def near(c, lo, hi, sign=1):  # c + sign·10^[lo, hi]
    return lambda r: c + sign * 10 ** r.uniform(lo, hi)
M = mpmath
FUNS = [
    ("sin", "x.sin()", M.sin, lg(-8, 3)),
    ("cos", "x.cos()", M.cos, lg(-8, 3)),
    ("tan", "x.tan()", M.tan, lg(-8, 3)),
    ("asin", "x.asin()", M.asin, lg(-8, 0)),
    ("acos", "x.acos()", M.acos, lg(-8, 0)),
    ("atan", "x.atan()", M.atan, lg(-8, 8)),
    ("sinh", "x.sinh()", M.sinh, lg(-8, 1.8)),
    ("cosh", "x.cosh()", M.cosh, lg(-8, 1.8)),
    ("tanh", "x.tanh()", M.tanh, lg(-8, 1.3)),
    ("asinh", "x.asinh()", M.asinh, lg(-8, 8)),
    ("acosh", "x.acosh()", M.acosh, lambda r: 1 + 10 ** r.uniform(-7, 6)),
    ("atanh", "x.atanh()", M.atanh, lambda r: r.choice([-1, 1]) * (1 - 10 ** r.uniform(-7, 0))),
    ("exp", "x.exp()", M.exp, lg(-8, 1.8)),
    ("exp2", "x.exp2()", lambda x: M.power(2, x), lg(-8, 2)),
    ("exp_m1", "x.exp_m1()", M.expm1, lg(-8, 1.8)),
    ("ln", "x.ln()", M.log, pos(-30, 30)),
    ("ln_near1", "x.ln()", M.log, near(1, -7, -0.5)),
    ("log2", "x.log2()", lambda x: M.log(x, 2), pos(-30, 30)),
    ("log10", "x.log10()", M.log10, pos(-30, 30)),
    ("log3", "x.log(3.0)", lambda x: M.log(x) / M.log(3), pos(-30, 30)),
    ("ln_1p", "x.ln_1p()", M.log1p, lambda r: r.choice([10 ** r.uniform(-8, 8), -10 ** r.uniform(-8, -0.01)])),
    ("cbrt", "x.cbrt()", M.cbrt, lg(-30, 30)),
    ("sqrt", "x.sqrt()", M.sqrt, pos(-30, 30)),
    ("powf", "x.powf(1.7)", lambda x, p: M.power(x, M.mpf(p(1.7))), pos(-5, 5)),
    ("powf_neg", "x.powf(-2.3)", lambda x, p: M.power(x, M.mpf(p(-2.3))), pos(-5, 5)),
    ("hypot", "x.hypot(0.75)", lambda x: M.hypot(x, M.mpf(0.75)), lg(-5, 5)),
]

FUNS = [(n, e, f if n.startswith("powf") else (lambda g: lambda x, p: g(x))(f), smp) for n, e, f, smp in FUNS]

RUST = """
use std::io::{BufRead, Write};
fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let line = line.unwrap();
        let mut it = line.split(' ');
        let k: usize = it.next().unwrap().parse().unwrap();
        let x64: f64 = f64::from_bits(it.next().unwrap().parse().unwrap());
        let x32: f32 = f32::from_bits(it.next().unwrap().parse().unwrap());
        let (a, b) = (f(k, x64), g(k, x32));
        writeln!(out, "{} {}", a.to_bits(), b.to_bits()).unwrap();
    }
}
fn f(k: usize, x: f64) -> f64 { match k { %s _ => unreachable!() } }
fn g(k: usize, x: f32) -> f32 { match k { %s _ => unreachable!() } }
"""

def main():
    arms = " ".join(f"{i} => {expr}," for i, (_, expr, _, _) in enumerate(FUNS))
    src = RUST % (arms, arms.replace("1.7", "1.7f32").replace("-2.3", "-2.3f32").replace("0.75", "0.75f32").replace("3.0", "3.0f32"))
    d = tempfile.mkdtemp()
    open(os.path.join(d, "m.rs"), "w").write(src)
    subprocess.run(["rustc", "-O", "-o", os.path.join(d, "m"), os.path.join(d, "m.rs")], check=True)
    rng = random.Random(1)
    import struct
    lines, meta = [], []
    for i, (name, _, fn, samp) in enumerate(FUNS):
        for _ in range(N):
            x = samp(rng)
            x32 = struct.unpack("f", struct.pack("f", x))[0]
            lines.append(f"{i} {struct.unpack('<Q', struct.pack('<d', x))[0]} {struct.unpack('<I', struct.pack('<f', x32))[0]}")
            meta.append((i, x, x32))
    res = subprocess.run([os.path.join(d, "m")], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True).stdout.split("\n")
    worst = {}
    for (i, x, x32), r in zip(meta, res):
        a, b = r.split()
        v64 = struct.unpack("<d", struct.pack("<Q", int(a)))[0]
        v32 = struct.unpack("<f", struct.pack("<I", int(b)))[0]
        fn = FUNS[i][2]
        for prec, v, xin, u in (("f64", v64, x, 2.0 ** -53), ("f32", v32, x32, 2.0 ** -24)):
            # constants in the expression (1.7, -2.3) are rounded to the precision first
            with_prec = (lambda c: c) if prec == "f64" else (lambda c: struct.unpack("f", struct.pack("f", c))[0])
            t = fn(M.mpf(xin), with_prec)
            if isinstance(t, M.mpc) or not (math.isfinite(v) and M.isfinite(t)) or t == 0:
                continue
            rel = abs(M.mpf(v) - M.mpf(t)) / (u * abs(M.mpf(t)))
            absu = abs(M.mpf(v) - M.mpf(t)) / u
            key = (FUNS[i][0], prec)
            w = worst.setdefault(key, [0, 0, None])
            if rel > w[0]:
                w[0], w[2] = float(rel), xin
            w[1] = max(w[1], float(absu))
    print(f"{'function':10} {'prec':4} {'max |err|/(u|v|)':>17} {'max |err|/u':>12}  worst input")
    for (name, prec), (rel, absu, x) in sorted(worst.items()):
        print(f"{name:10} {prec:4} {rel:17.2f} {absu:12.3g}  {x!r}")

main()
