#!/usr/bin/env python3
"""Verifies the hard corpus's hand-written gradients against 80-digit truth.

Every function of `gradcheck-runtime/tests/hard` is re-implemented here in mpmath from its
mathematical definition (with the same f64 constants and data), and differentiated
independently of the Rust code: numerically at 80+ digits (`mpmath.diff`, central
differences at a step of 2^-280 in ~170-digit arithmetic) for inputs up to 40 components,
analytically for the large networks and the sums of 1e5 terms (each analytic gradient is
spot-checked against `mpmath.diff` at the first point).

Input: the JSON written by

    HARD_CORPUS_DUMP=points.json cargo test -p gradcheck-runtime --release --test hard dump

(points of the default check, and at each the f64 value, the hand-written gradient and the
dual gradient). Output: per function the largest relative error, over components and
points, of the value, of the hand-written gradient and of the dual gradient against the
truth. A relative error is |g − t| / max(|t|, 2^-1022): below the smallest normal number
f64 has only absolute precision, so a subnormal is judged by its absolute error.

    python3 scripts/hard_corpus/verify.py points.json [--only name,name] [--json out.json]

Exit status 1 when a hand-written gradient's error exceeds BAR (rounding level).
"""

import argparse
import json
import math
import multiprocessing
import sys
from fractions import Fraction

import mpmath as mp

DPS = 80
# A hand-written gradient must be this close to the truth (relative, per component): rounding
# of a few dozen operations. Functions whose rounding is intrinsically larger are listed in
# INTRINSIC with the bound their conditioning allows and the reason.
BAR = 1e-13
INTRINSIC = {
    "boltzmann_low_temperature": (
        1e-12,
        "the exponent E/kT ~ 700 is itself a rounded f64 (error ~700*eps), which exp turns "
        "into a relative error of ~1e-13; the value has the same (7.7e-14)",
    ),
}
# For a component that is a cancelling sum (backpropagation over samples), its own size is the
# wrong scale: such a gradient passes when its error is below this fraction of the gradient's
# largest component.
NORM_BAR = 1e-14
TINY = mp.mpf(2) ** -1022

F = {}
# Digits for functions whose derivative is far below the value's last digit at 80 digits:
# mpmath.diff differences values, so it must resolve tanh(1000) = 1 − 2e-869.
DIGITS = {"tanh_wide": 1000, "ce_margin_800": 500, "ce_margin_100": 150}


def case(name, grad=None):
    """Registers the value function of `name` (and optionally an analytic gradient)."""

    def register(f):
        F[name] = (f, grad)
        return f

    return register


def f64(x):
    """An f64 constant exactly as Rust holds it."""
    return mp.mpf(float(x))


# ---- class 1: the dual chain loses digits -------------------------------------------------


@case("t_minus_sin")
def _(x):
    return x[0] - mp.sin(x[0])


@case("sinc_taylor")
def _(x):
    return mp.sin(x[0]) / x[0]


@case("box_cox_small_lambda")
def _(x):
    lam, y = x
    return mp.expm1(lam * mp.log(y)) / lam


@case("log1p_over_x")
def _(x):
    return mp.log1p(x[0]) / x[0]


@case("one_minus_cos_over_t2")
def _(x):
    return (1 - mp.cos(x[0])) / x[0] ** 2


# ---- class 2: flat values ----------------------------------------------------------------


@case("rbf_near_diagonal")
def _(x):
    a, b, l = x
    return mp.exp(-((a - b) ** 2) / (2 * l * l))


C_LIGHT = f64(299792458.0)


@case("relativistic_kinetic_energy")
def _(x):
    m, v = x
    return m * C_LIGHT**2 * (1 / mp.sqrt(1 - v * v / C_LIGHT**2) - 1)


@case("log_cosh_small_residual")
def _(x):
    return mp.log(mp.cosh(x[0]))


# ---- class 3: cancellation ---------------------------------------------------------------


@case("pseudo_huber_small_residual")
def _(x):
    return mp.sqrt(1 + x[0] ** 2) - 1


@case("expanded_poly7")
def _(x):
    return (x[0] - 1) ** 7


@case("one_minus_cos_small")
def _(x):
    return 1 - mp.cos(x[0])


@case("variance_naive")
def _(x):
    n = len(x)
    mu = mp.fsum(x) / n
    return mp.fsum((w - mu) ** 2 for w in x) / n


@case("quadratic_root_naive")
def _(x):
    b, c = x
    return (-b + mp.sqrt(b * b - 4 * c)) / 2


# ---- class 4: powi sums ------------------------------------------------------------------


@case("expanded_quartic_100")
def _(x):
    return (x[0] - 100) ** 4


@case("quartic_well_6")
def _(x):
    return mp.fsum((t - 100) ** 4 for t in x)


@case("expanded_cubic_10")
def _(x):
    return (x[0] - 10) ** 3


@case("fourth_moment_raw")
def _(x):
    n = len(x)
    mu = mp.fsum(x) / n
    return mp.fsum((w - mu) ** 4 for w in x) / n


# ---- class 5: saturation -----------------------------------------------------------------


@case("tanh_tails")
def _(x):
    return mp.tanh(x[0])


F["tanh_wide"] = F["tanh_tails"]


@case("sigmoid_via_tanh")
def _(x):
    return 1 / (1 + mp.exp(-x[0]))


GELU_K = f64(0.7978845608028654)
GELU_A = f64(0.044715)


@case("gelu_tanh")
def _(x):
    t = x[0]
    return t * (1 + mp.tanh(GELU_K * (t + GELU_A * t**3))) / 2


# ---- class 6: near a pole ----------------------------------------------------------------


@case("reciprocal_tiny")
def _(x):
    return 1 / x[0]


@case("log_tiny")
def _(x):
    return mp.log(x[0])


LJ_SIGMA = f64(3.4e-10)
LJ_EPS = f64(1.65e-21)


def lj(r):
    s6 = (LJ_SIGMA / r) ** 6
    return 4 * LJ_EPS * (s6 * s6 - s6)


@case("lennard_jones_si_r")
def _(x):
    return lj(x[0])


@case("lennard_jones_si_dimer")
def _(x):
    return lj(mp.sqrt(mp.fsum(d * d for d in x)))


KE2 = f64(8.9875517923e9 * 1.602176634e-19 * 1.602176634e-19)
BM_RHO = f64(3.21e-11)
BM_A = f64(2.07e-16)


@case("born_mayer_si")
def _(x):
    r = x[0]
    return -KE2 / r + BM_A * mp.exp(-r / BM_RHO)


# ---- class 7: defensive assertions -------------------------------------------------------


@case("sqrt_asserted")
def _(x):
    return mp.sqrt(x[0])


@case("ln_asserted")
def _(x):
    return mp.log(x[0])


@case("xlogx_asserted")
def _(x):
    return x[0] * mp.log(x[0])


# ---- class 8: fast mode ------------------------------------------------------------------

IN, HIDDEN = 20, 50
TARGETS = [0.25, -0.5, 0.75, -0.125]


def mlp_input(s, i):
    return f64(((7 * i + 3 * s) % 17) / 16.0 - 0.5)


def mlp_unpack(p):
    w1 = p[: HIDDEN * IN]
    b1 = p[HIDDEN * IN : HIDDEN * IN + HIDDEN]
    w2 = p[HIDDEN * IN + HIDDEN : HIDDEN * IN + 2 * HIDDEN]
    b2 = p[HIDDEN * IN + 2 * HIDDEN]
    return w1, b1, w2, b2


def mlp_forward(p, s):
    w1, b1, w2, b2 = mlp_unpack(p)
    h = [mp.tanh(b1[j] + mp.fsum(w1[j * IN + i] * mlp_input(s, i) for i in range(IN))) for j in range(HIDDEN)]
    return h, b2 + mp.fsum(w2[j] * h[j] for j in range(HIDDEN))


def mlp_loss(p):
    return mp.fsum((mlp_forward(p, s)[1] - y) ** 2 for s, y in enumerate(TARGETS)) / len(TARGETS)


def mlp_grad(p):
    w1, b1, w2, b2 = mlp_unpack(p)
    g = [mp.mpf(0)] * len(p)
    for s, y in enumerate(TARGETS):
        h, out = mlp_forward(p, s)
        dout = 2 * (out - y) / len(TARGETS)
        g[HIDDEN * IN + 2 * HIDDEN] += dout
        for j in range(HIDDEN):
            g[HIDDEN * IN + HIDDEN + j] += dout * h[j]
            delta = dout * w2[j] * (1 - h[j] ** 2)  # exact tanh' in 80 digits
            g[HIDDEN * IN + j] += delta
            for i in range(IN):
                g[j * IN + i] += delta * mlp_input(s, i)
    return g


case("tanh_mlp_1101", grad=mlp_grad)(mlp_loss)

case("quartic_sum_1001", grad=lambda x: [4 * t**3 for t in x])(lambda x: mp.fsum(t**4 for t in x))

LR_FEATURES, LR_SAMPLES = 1200, 8


def lr_feature(s, i):
    return f64(((11 * i + 5 * s) % 13) / 16.0 - 0.375)


def lr_label(s):
    return 1 if s % 2 == 0 else -1


def lr_margins(w):
    return [mp.fsum(w[i] * lr_feature(s, i) for i in range(len(w))) for s in range(LR_SAMPLES)]


def lr_loss(w):
    return mp.fsum(mp.log1p(mp.exp(-lr_label(s) * z)) for s, z in enumerate(lr_margins(w))) / LR_SAMPLES


def lr_grad(w):
    g = [mp.mpf(0)] * len(w)
    for s, z in enumerate(lr_margins(w)):
        y = lr_label(s)
        c = -y / (1 + mp.exp(y * z)) / LR_SAMPLES  # −y·σ(−yz)/S
        for i in range(len(w)):
            g[i] += c * lr_feature(s, i)
    return g


case("logistic_regression_1200", grad=lr_grad)(lr_loss)

SM_FEATURES, SM_CLASSES, SM_SAMPLES = 400, 3, 8


def sm_feature(s, i):
    return f64(((13 * i + 7 * s) % 19) / 32.0 - 0.25)


def sm_logits(x, s):
    w, b = x[: SM_CLASSES * SM_FEATURES], x[SM_CLASSES * SM_FEATURES :]
    return [b[c] + mp.fsum(w[c * SM_FEATURES + i] * sm_feature(s, i) for i in range(SM_FEATURES)) for c in range(SM_CLASSES)]


def sm_loss(x):
    total = []
    for s in range(SM_SAMPLES):
        z = sm_logits(x, s)
        total.append(mp.log(mp.fsum(mp.exp(v) for v in z)) - z[s % SM_CLASSES])
    return mp.fsum(total) / SM_SAMPLES


def sm_grad(x):
    g = [mp.mpf(0)] * len(x)
    for s in range(SM_SAMPLES):
        z = sm_logits(x, s)
        e = [mp.exp(v) for v in z]
        tot = mp.fsum(e)
        for c in range(SM_CLASSES):
            d = (e[c] / tot - (1 if c == s % SM_CLASSES else 0)) / SM_SAMPLES
            g[SM_CLASSES * SM_FEATURES + c] += d
            for i in range(SM_FEATURES):
                g[c * SM_FEATURES + i] += d * sm_feature(s, i)
    return g


case("softmax_regression_1203", grad=sm_grad)(sm_loss)

# ---- class 9: subnormals -----------------------------------------------------------------


@case("se_kernel_small_lengthscale")
def _(x):
    a, b, l = x
    return mp.exp(-((a - b) ** 2) / (2 * l * l))


INV_SQRT_2PI = f64(0.3989422804014327)


@case("gaussian_tail_far")
def _(x):
    return mp.exp(-x[0] ** 2 / 2) * INV_SQRT_2PI


K_B = f64(1.380649e-23)


@case("boltzmann_low_temperature")
def _(x):
    e, t = x
    return mp.exp(-e / (K_B * t))


@case("likelihood_product_32")
def _(x):
    return mp.fprod(x)


# ---- cross-entropy and the logistic family -----------------------------------------------


def ce(x):
    return mp.log(mp.fsum(mp.exp(v) for v in x)) - x[0]


for _m in ["0", "5", "20", "40", "100", "800"]:
    F["ce_margin_" + _m] = (ce, None)
F["ce_naive_margin_20"] = (ce, None)
F["ce_naive_margin_40"] = (ce, None)


@case("softplus_naive")
def _(x):
    return mp.log1p(mp.exp(x[0]))


F["softplus_stable"] = F["softplus_naive"]


@case("logistic_naive")
def _(x):
    return 1 / (1 + mp.exp(-x[0]))


F["logistic_stable"] = F["logistic_naive"]

# ---- Newton solves -----------------------------------------------------------------------


def newton(g, dg, x0, steps=200):
    """Newton's method to the working precision (quadratic: ~6 steps from an f64 start)."""
    x = mp.mpf(x0)
    for _ in range(steps):
        d = g(x) / dg(x)
        x -= d
        if abs(d) <= abs(x) * mp.eps * 4:
            break
    return x


@case("kepler_newton")
def _(x):
    m, e = x
    ea = newton(lambda E: E - e * mp.sin(E) - m, lambda E: 1 - e * mp.cos(E), mp.pi)
    return 1 - e * mp.cos(ea)


@case("lambert_w_newton")
def _(x):
    return mp.lambertw(x[0]).real


VDW_A, VDW_B, R = f64(0.3640), f64(4.267e-5), f64(8.314462618)


@case("van_der_waals_volume")
def _(x):
    p, t = x
    return newton(
        lambda v: (p + VDW_A / v**2) * (v - VDW_B) - R * t,
        lambda v: p - VDW_A / v**2 + 2 * VDW_A * VDW_B / v**3,
        R * t / p + VDW_B,
    )


# ---- sums of 1e5 terms -------------------------------------------------------------------

N_SUM = 100_000
T = [i / N_SUM for i in range(N_SUM)]  # the f64 quotients, as Rust computes them


def sums():
    """Exact sums over the least-squares data (products of two doubles are exact here)."""
    if not hasattr(sums, "cache"):
        ts = [Fraction(t) for t in T]
        ys = [Fraction(4.0 * t * (1.0 - t) - 0.3) for t in T]
        sums.cache = {
            "t": sum(ts),
            "tt": sum(t * t for t in ts),
            "y": sum(ys),
            "ty": sum(t * y for t, y in zip(ts, ys)),
            "yy": sum(y * y for y in ys),
        }
    return {k: mp.mpf(v.numerator) / v.denominator for k, v in sums.cache.items()}


def ls_value(x):
    a, b = x
    s = sums()
    n = N_SUM
    return (a * a * s["tt"] + 2 * a * b * s["t"] + b * b * n - 2 * a * s["ty"] - 2 * b * s["y"] + s["yy"]) / n


def ls_grad(x):
    a, b = x
    s = sums()
    return [2 * (a * s["tt"] + b * s["t"] - s["ty"]) / N_SUM, 2 * (a * s["t"] + b * N_SUM - s["y"]) / N_SUM]


case("least_squares_1e5", grad=ls_grad)(ls_value)


def poisson_rates(a, b):
    """exp(a·tᵢ + b) for every i, remembered for the last (a, b) and precision: the value
    and the gradient at one point share them (1e5 exponentials take ~6 s)."""
    key = (a, b, mp.mp.prec)
    if getattr(poisson_rates, "key", None) != key:
        poisson_rates.key = key
        poisson_rates.rates = [mp.exp(a * t + b) for t in T]
    return poisson_rates.rates


def poisson_value(x):
    a, b = x
    rates = poisson_rates(a, b)
    return mp.fsum(e - (a * t + b) * (i % 7) for i, (t, e) in enumerate(zip(T, rates))) / N_SUM


def poisson_grad(x):
    a, b = x
    rates = poisson_rates(a, b)
    r = [e - (i % 7) for i, e in enumerate(rates)]
    return [mp.fsum(ri * t for ri, t in zip(r, T)) / N_SUM, mp.fsum(r) / N_SUM]


case("poisson_nll_1e5", grad=poisson_grad)(poisson_value)

FOURIER_TERMS = 20_000


def fourier_value(x):
    return mp.fsum(mp.sin(k * x[0]) / k for k in range(1, FOURIER_TERMS + 1))


def fourier_grad(x):
    n, t = FOURIER_TERMS, x[0]
    return [mp.sin(n * t / 2) * mp.cos((n + 1) * t / 2) / mp.sin(t / 2)]


case("fourier_sawtooth_2e4", grad=fourier_grad)(fourier_value)

# ---- SI physics and mixed scales ---------------------------------------------------------

GMM = f64(6.67430e-11 * 1.98892e30 * 5.9722e24)


@case("gravitation_si")
def _(x):
    return -GMM / mp.sqrt(mp.fsum(c * c for c in x))


@case("arrhenius_mixed")
def _(x):
    a, ea, t = x
    return a * mp.exp(-ea / (R * t))


@case("mixed_scales")
def _(x):
    a, b = x
    return mp.sin(a * b) + a * b * b + mp.log(a) * b


H, C_PL = 6.62607015e-34, 299792458.0
HC = f64(H * C_PL)
TWO_HCC = f64(2.0 * H * C_PL * C_PL)


@case("planck_radiance")
def _(x):
    l, t = x
    u = HC / (l * t * K_B)
    return TWO_HCC / (l**5 * (mp.exp(u) - 1))


# ---- comparison --------------------------------------------------------------------------

DIFF_MAX_N = 40


def partial(f, x, i):
    """∂f/∂x_i by mpmath.diff (central difference at 80+ digits)."""

    def along(t):
        y = list(x)
        y[i] = t
        return f(y)

    return mp.diff(along, x[i])


def num(v):
    if isinstance(v, str):
        return mp.mpf(v.replace("NaN", "nan"))
    return mp.mpf(v)


def rel(approx, truth):
    if not mp.isfinite(approx):
        return mp.inf
    return abs(approx - truth) / max(abs(truth), TINY)


def verify(c):
    mp.mp.dps = DIGITS.get(c["name"], DPS)
    name = c["name"]
    if name not in F:
        return {"name": name, "missing": True}
    f, grad = F[name]
    out = {"name": name, "class": c["class"], "n": c["n"], "value": 0.0, "hand": 0.0, "dual": 0.0,
           "hand_norm": 0.0, "dual_norm": 0.0, "hand_at": None, "dual_at": None, "spot": None}
    for k, p in enumerate(c["points"]):
        x = [mp.mpf(v) for v in p]
        if grad is not None:
            truth = grad(x)
            if k == 0:  # the analytic gradient itself checked against mpmath.diff
                idx = sorted({0, len(x) // 2, len(x) - 1})
                out["spot"] = float(max(rel(truth[i], partial(f, x, i)) for i in idx))
        else:
            truth = [partial(f, x, i) for i in range(len(x))]
        v = f(x)
        out["value"] = max(out["value"], float(rel(num(c["values"][k]), v)))
        if "dual_values" in c and c["dual_values"][k] != c["values"][k]:
            out["re_differs"] = out.get("re_differs", 0) + 1
        for key in ("hand", "dual"):
            g = [num(v) for v in c[key][k]]
            errs = [rel(gi, ti) for gi, ti in zip(g, truth)]
            scale = max(max(abs(t) for t in truth), TINY)
            normwise = max(abs(gi - ti) if mp.isfinite(gi) else mp.inf for gi, ti in zip(g, truth)) / scale
            out[key + "_norm"] = max(out[key + "_norm"], float(normwise))
            worst = max(range(len(errs)), key=lambda i: errs[i])
            e = float(errs[worst])
            if e >= out[key]:
                out[key] = e
                out[key + "_at"] = {"point": k, "component": worst, "x": p[worst],
                                    "got": float(g[worst]), "truth": mp.nstr(truth[worst], 17)}
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dump")
    ap.add_argument("--only", default="")
    ap.add_argument("--json", default="")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    cases = json.load(open(args.dump))
    only = [s for s in args.only.split(",") if s]
    if only:
        cases = [c for c in cases if c["name"] in only]
    missing = [c["name"] for c in cases if c["name"] not in F]
    # the slowest first, so that the pool stays busy
    cases.sort(key=lambda c: ("1e5" not in c["name"] and "2e4" not in c["name"], -c["n"]))
    with multiprocessing.Pool(args.jobs) as pool:
        rows = pool.map(verify, cases, chunksize=1)
    rows = [r for r in rows if not r.get("missing")]
    order = {c["name"]: i for i, c in enumerate(json.load(open(args.dump)))}
    rows.sort(key=lambda r: order[r["name"]])
    print(f"{'function':<28} {'class':<15} {'n':>5} {'value':>8} {'re!=f64':>7} {'hand':>8} {'hand/g':>8} {'dual':>8} {'dual/g':>8} {'spot':>8}  verdict")
    failed = []
    notes = []
    for r in rows:
        bar, why = INTRINSIC.get(r["name"], (BAR, ""))
        if r["hand"] <= bar:
            verdict = "ok" + (" (intrinsic)" if why else "")
            if why:
                notes.append(f"{r['name']}: bound {bar:.0e}: {why}")
        elif r["hand_norm"] <= NORM_BAR:
            verdict = "ok (normwise)"
        else:
            verdict = "HAND-WRITTEN NOT AT ROUNDING LEVEL"
            failed.append(r["name"])
        spot = f"{r['spot']:8.0e}" if r["spot"] is not None else f"{'-':>8}"
        print(f"{r['name']:<28} {r['class']:<15} {r['n']:>5} {r['value']:8.1e} {r.get('re_differs', 0):>7} {r['hand']:8.1e} {r['hand_norm']:8.1e} "
              f"{r['dual']:8.1e} {r['dual_norm']:8.1e} {spot}  {verdict}")
    print("\nvalue: relative error of the f64 value; re!=f64: points where the dual's value differs from"
          " the f64 value in some bit (fast mode calls that nondeterministic); hand, dual: largest relative error of one component;"
          " hand/g, dual/g: largest error relative to the gradient's largest component; spot: the"
          " analytic 80-digit gradient against mpmath.diff at the first point.")
    print("ok (normwise): a component that is a cancelling sum misses the per-component bar, but the"
          f" error is below {NORM_BAR:.0e} of the gradient (rounding of the terms).")
    for n in notes:
        print("intrinsic:", n)
    if missing:
        print("no mpmath implementation for:", ", ".join(missing))
    if args.json:
        json.dump(rows, open(args.json, "w"), indent=1)
    print(f"{len(rows)} functions; hand-written gradients at rounding level (<= {BAR:.0e}): {len(rows) - len(failed)}")
    if failed or missing:
        sys.exit(1)


if __name__ == "__main__":
    main()
