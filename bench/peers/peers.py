#!/usr/bin/env python3
"""The peers' gradient checks beside ours, on the same functions, points and gradients.

Driven by bench/peers/run.sh, one step per process (each tool imports alone):

    peers.py points POINTS               write the seeded points (read by ours.rs too)
    peers.py numpy POINTS OUT.json       time one plain numpy evaluation per case
    peers.py tool NAME POINTS NUMPY.json OUT.json   run one tool's check on every case
    peers.py table POINTS RESULTS_DIR OUT.md        the one table, with machine and versions

Every check is given a hand-written gradient the way that tool's users give one (a custom
`torch.autograd.Function`, `jax.custom_jvp`/`custom_vjp`, autograd's `defvjp`, or a plain
function compared with `numdifftools.Gradient`): correct, and wrong in one component by a
relative 1e-4 and 1e-8.
"""

import json
import math
import os
import signal
import statistics
import sys
import time

import numpy as np

SEED = 20260518
ROSENBROCK_NS = [2, 10, 100, 1000, 10000]
DENSE_NS = [100, 1000, 10000]
CLASSES = 10
WRONG = [("1e-4", 1e-4), ("1e-8", 1e-8)]  # (key in the results, relative error)
LARGE_N, LARGE_COUNT, LARGE_LOW, LARGE_HIGH = 10, 100, 5e3, 1.5e4
CAP_S = 60.0  # skip a cell whose estimated time per check is above this
ABORT_S = 150.0  # a check still running after this is stopped (the estimate was wrong)
TIME_BUDGET_S = 3.0  # repeat a cheap check until this much time is spent (at most 11 runs)

# ----------------------------------------------------------------------------------------
# The functions and their hand-written gradients in numpy: the plain evaluation every Python
# tool's time is divided by, and the gradient autograd and numdifftools are given.


def rosenbrock_np(x):
    a, b = x[0::2], x[1::2]
    return np.sum(100.0 * (b - a * a) ** 2 + (1.0 - a) ** 2)


def rosenbrock_grad_np(x):
    a, b = x[0::2], x[1::2]
    r = b - a * a
    g = np.empty_like(x)
    g[0::2] = -400.0 * a * r - 2.0 * (1.0 - a)
    g[1::2] = 200.0 * r
    return g


def dense_np(w, inputs, label):
    z = w.reshape(CLASSES, -1) @ inputs
    m = z.max()
    return np.log(np.sum(np.exp(z - m))) + m - z[label]


def dense_grad_np(w, inputs, label):
    z = w.reshape(CLASSES, -1) @ inputs
    p = np.exp(z - z.max())
    p /= p.sum()
    p[label] -= 1.0
    return np.outer(p, inputs).reshape(-1)


def numpy_pair(case):
    """(f, grad) in numpy for a case."""
    if case["function"] == "rosenbrock":
        return rosenbrock_np, rosenbrock_grad_np
    inputs, label = np.array(case["inputs"]), case["label"]
    return (lambda w: dense_np(w, inputs, label)), (lambda w: dense_grad_np(w, inputs, label))


def spoil(grad, index, rel):
    """The hand-written gradient wrong in component `index` by the relative error `rel`."""
    if rel == 0.0:
        return grad

    def wrong(x):
        g = np.copy(grad(x))
        g[index] = g[index] * (1.0 + rel)
        return g

    return wrong


# ----------------------------------------------------------------------------------------
# Points: one text file both sides read (Python's repr and Rust's `parse::<f64>` round-trip
# every f64 exactly, which JSON parsers do not all promise).


def write_points(path):
    rng = np.random.default_rng(SEED)
    lines = [f"# peers points, seed {SEED}: case <group> <id> <function> <n> <wrong index> <label>"]

    def emit(group, cid, function, n, point, index=0, label=0, inputs=None):
        lines.append(f"case {group} {cid} {function} {n} {index} {label}")
        if inputs is not None:
            lines.append("inputs " + " ".join(repr(float(v)) for v in inputs))
        lines.append("point " + " ".join(repr(float(v)) for v in point))

    def visible_index(g):
        # A random component among those at least a tenth of the largest, so that a relative
        # error in it is not hidden by the component being ~0.
        big = np.flatnonzero(np.abs(g) >= 0.1 * np.abs(g).max())
        return int(rng.choice(big))

    for n in ROSENBROCK_NS:
        x = rng.uniform(-2.0, 2.0, n)
        emit("main", f"rosenbrock-{n}", "rosenbrock", n, x, visible_index(rosenbrock_grad_np(x)))
    for n in DENSE_NS:
        d = n // CLASSES
        inputs = rng.standard_normal(d)
        w = rng.standard_normal(n) / math.sqrt(d)
        label = int(rng.integers(CLASSES))
        g = dense_grad_np(w, inputs, label)
        emit("main", f"dense-{n}", "dense", n, w, visible_index(g), label, inputs)
    for k in range(LARGE_COUNT):
        signs = rng.choice([-1.0, 1.0], LARGE_N)
        x = signs * rng.uniform(LARGE_LOW, LARGE_HIGH, LARGE_N)
        emit("large", f"large-{k}", "rosenbrock", LARGE_N, x)
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n")


def read_points(path):
    cases = []
    with open(path) as src:
        for line in src:
            key, _, rest = line.partition(" ")
            if key == "case":
                group, cid, function, n, index, label = rest.split()
                cases.append(dict(group=group, id=cid, function=function, n=int(n),
                                  wrong_index=int(index), label=int(label)))
            elif key in ("inputs", "point"):
                cases[-1][key] = [float(v) for v in rest.split()]
    return cases


# ----------------------------------------------------------------------------------------
# Timing


def per_call(f):
    """Median time of one call of `f` (batches of at least 20 ms, 7 of them)."""
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            f()
        if time.perf_counter() - start >= 0.02:
            break
        number *= 2
    batches = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(number):
            f()
        batches.append((time.perf_counter() - start) / number)
    return statistics.median(batches)


class Aborted(Exception):
    pass


def _alarm(_sig, _frame):
    raise Aborted()


def timed_runs(check, counter):
    """(time per check, first verdict, evaluations of the first run). The first run pays the
    tools' one-off costs (JAX compiles every primitive for a new shape: 3 s for the first check
    at n = 100, 40 ms after), so it is not timed: then runs until 3 s are spent (at least one,
    at most 10) and their median. A first run over CAP_S / 2 is the only one."""
    signal.signal(signal.SIGALRM, _alarm)
    runs, verdict, evaluations = [], None, None
    counter[0] = 0
    while True:
        signal.setitimer(signal.ITIMER_REAL, ABORT_S)
        start = time.perf_counter()
        try:
            v = check()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        runs.append(time.perf_counter() - start)
        verdict = verdict or v
        evaluations = evaluations if evaluations is not None else counter[0]
        if runs[0] > CAP_S / 2 or (len(runs) > 1 and sum(runs[1:]) >= TIME_BUDGET_S) \
                or len(runs) >= 11:
            break
    return statistics.median(runs[1:] or runs), verdict, evaluations


def verdict_of(check):
    """'pass', 'fail', 'aborted' or 'error: ...' for one run of `check`."""
    try:
        return check()
    except Aborted:
        return "aborted"


# ----------------------------------------------------------------------------------------
# The tools. Each `make(case, index, rel)` returns (check, counter, plain): `check()` runs the
# tool's gradient check with the hand-written gradient, wrong in component `index` by the
# relative error `rel` (0: correct), and returns 'pass'/'fail'; counter[0] counts the
# function's evaluations; `plain()` is one evaluation in the tool's own arrays.


def guarded(run, failures):
    def check():
        try:
            run()
            return "pass"
        except failures as e:
            return "fail: " + (str(e).strip().splitlines() or [type(e).__name__])[0][:100]
        except Aborted:
            raise
        except Exception as e:  # noqa: BLE001 - a crash is a verdict too
            return f"error: {type(e).__name__}: {str(e).splitlines()[0][:80] if str(e) else ''}"

    return check


def torch_tool(fast):
    import torch

    def make(case, index, rel):
        counter = [0]
        grad = spoil(numpy_pair(case)[1], index, rel)
        if case["function"] == "rosenbrock":
            def f(x):
                a, b = x[0::2], x[1::2]
                return (100.0 * (b - a * a) ** 2 + (1.0 - a) ** 2).sum()
        else:
            inputs = torch.tensor(case["inputs"], dtype=torch.float64)
            label = case["label"]

            def f(w):
                z = w.view(CLASSES, -1) @ inputs
                return torch.logsumexp(z, 0) - z[label]

        class Checked(torch.autograd.Function):
            # How torch users check a hand-written backward: gradcheck on a custom Function.
            @staticmethod
            def forward(ctx, x):
                counter[0] += 1
                ctx.save_for_backward(x)
                return f(x)

            @staticmethod
            def backward(ctx, out):
                (x,) = ctx.saved_tensors
                return out * torch.from_numpy(grad(x.detach().numpy().copy()))

        x = torch.tensor(case["point"], dtype=torch.float64, requires_grad=True)
        run = lambda: torch.autograd.gradcheck(Checked.apply, (x,), fast_mode=fast)
        failure = sys.modules["torch.autograd.gradcheck"].GradcheckError  # the name is shadowed
        return guarded(run, (failure, AssertionError)), counter, lambda: f(x.detach())

    return make


def jax_tool(rule):
    import jax
    import jax.numpy as jnp
    from jax.test_util import check_grads

    jax.config.update("jax_enable_x64", True)

    def make(case, index, rel):
        counter = [0]
        if case["function"] == "rosenbrock":
            def f(x):
                a, b = x[0::2], x[1::2]
                return jnp.sum(100.0 * (b - a * a) ** 2 + (1.0 - a) ** 2)

            def hand(x):
                a, b = x[0::2], x[1::2]
                r = b - a * a
                return jnp.zeros_like(x).at[0::2].set(-400.0 * a * r - 2.0 * (1.0 - a)) \
                    .at[1::2].set(200.0 * r)
        else:
            inputs = jnp.array(case["inputs"])
            label = case["label"]

            def f(w):
                z = w.reshape(CLASSES, -1) @ inputs
                return jax.nn.logsumexp(z) - z[label]

            def hand(w):
                z = w.reshape(CLASSES, -1) @ inputs
                p = jax.nn.softmax(z).at[label].add(-1.0)
                return jnp.outer(p, inputs).reshape(-1)

        # The hand-written gradient in jnp: JAX traces the rules, numpy cannot run there.
        if rel:
            good = hand
            hand = lambda x: good(x).at[index].multiply(1.0 + rel)

        def counted(x):
            counter[0] += 1
            return f(x)

        if rule == "jvp":
            checked = jax.custom_jvp(counted)

            @checked.defjvp
            def _jvp(primals, tangents):
                (x,), (t,) = primals, tangents
                return checked(x), jnp.dot(hand(x), t)

            run = lambda: check_grads(checked, (x,), order=1)  # modes fwd and rev (default)
        else:
            checked = jax.custom_vjp(counted)
            checked.defvjp(lambda x: (checked(x), x), lambda x, g: (g * hand(x),))
            run = lambda: check_grads(checked, (x,), order=1, modes=("rev",))
        x = jnp.array(case["point"])
        plain = lambda: f(x).block_until_ready()
        return guarded(run, AssertionError), counter, plain

    return make


def autograd_tool():
    from autograd.extend import defvjp, primitive
    from autograd.test_util import check_grads

    def make(case, index, rel):
        counter = [0]
        f_np, grad = numpy_pair(case)
        grad = spoil(grad, index, rel)

        @primitive
        def checked(x):
            counter[0] += 1
            return f_np(x)

        defvjp(checked, lambda ans, x: lambda g: g * grad(x))
        x = np.array(case["point"])
        # order 1, reverse mode: the defaults (fwd and rev, order 2) need a JVP rule and a
        # differentiable VJP, which a hand-written numpy gradient is not.
        run = lambda: check_grads(checked, modes=["rev"], order=1)(x)
        return guarded(run, AssertionError), counter, lambda: f_np(x)

    return make


def numdifftools_tool():
    import numdifftools as nd

    def make(case, index, rel):
        counter = [0]
        f_np, grad = numpy_pair(case)
        grad = spoil(grad, index, rel)

        def counted(x):
            counter[0] += 1
            return f_np(x)

        x = np.array(case["point"])

        def run():
            # The practice numdifftools documents (Gradient's docstring examples):
            # np.allclose(nd.Gradient(f)(x), expected), numpy's defaults rtol 1e-5, atol 1e-8.
            if not np.allclose(nd.Gradient(counted)(x), grad(x)):
                raise AssertionError("not allclose")

        return guarded(run, AssertionError), counter, lambda: f_np(x)

    return make


# name: (factory, cost grows with n in evaluations: used to estimate the next cell's time)
TOOLS = {
    "torch": (lambda: torch_tool(fast=False), True),
    "torch-fast": (lambda: torch_tool(fast=True), False),
    "jax-jvp": (lambda: jax_tool("jvp"), False),
    "jax-vjp": (lambda: jax_tool("vjp"), False),
    "autograd": (autograd_tool, False),
    "numdifftools": (numdifftools_tool, True),
}


def run_tool(name, points, numpy_json, out):
    np.random.seed(0)  # autograd draws its directions from numpy's global generator
    factory, per_component = TOOLS[name]
    make = factory()
    plain_np = json.load(open(numpy_json))["eval_s"]
    cases = read_points(points)
    results, last = {}, {}
    max_n = int(os.environ.get("PEERS_MAX_N", "0")) or math.inf  # a quick smoke run
    for case in (c for c in cases if c["group"] == "main" and c["n"] <= max_n):
        check, counter, plain = make(case, 0, 0.0)
        tool_eval = per_call(plain)
        row = dict(numpy_eval_s=plain_np[case["id"]], tool_eval_s=tool_eval)
        prev = last.get(case["function"])
        if prev is not None:
            growth = case["n"] / prev["n"] if per_component else 1.0
            row["estimate_s"] = prev["check_s"] * growth * max(1.0, tool_eval / prev["tool_eval_s"])
        if row.get("estimate_s", 0.0) > CAP_S:
            row.update(skipped=f"> {CAP_S:.0f} s", verdicts={})
            print(f"{name} {case['id']}: skipped (estimated {row['estimate_s']:.0f} s)", flush=True)
            results[case["id"]] = row
            continue
        try:
            check_s, verdict, evaluations = timed_runs(check, counter)
        except Aborted:
            row.update(skipped=f"> {ABORT_S:.0f} s (aborted)", verdicts={})
            results[case["id"]] = row
            continue
        row.update(check_s=check_s, evaluations=evaluations, verdicts={"correct": verdict})
        for key, rel in WRONG:
            wrong_check, _, _ = make(case, case["wrong_index"], rel)
            row["verdicts"][key] = verdict_of(wrong_check)
        last[case["function"]] = dict(n=case["n"], check_s=check_s, tool_eval_s=tool_eval)
        results[case["id"]] = row
        print(f"{name} {case['id']}: {check_s / row['numpy_eval_s']:.0f}x numpy eval, "
              f"{evaluations} evals, {row['verdicts']}", flush=True)
    # False alarms on correct gradients at inputs ~1e4.
    large = [c for c in cases if c["group"] == "large"]
    alarms, errors, start = 0, 0, time.perf_counter()
    for case in large:
        check, _, _ = make(case, 0, 0.0)
        v = verdict_of(check)
        alarms += v.startswith("fail")
        errors += v.startswith("error") or v == "aborted"
    results["large"] = dict(false_alarms=alarms, errors=errors, of=len(large),
                            seconds=time.perf_counter() - start)
    print(f"{name} large inputs: {alarms}/{len(large)} false alarms, {errors} errors", flush=True)
    json.dump(results, open(out, "w"), indent=1)


def run_numpy(points, out):
    times = {}
    for case in read_points(points):
        if case["group"] != "main":
            continue
        f, _ = numpy_pair(case)
        x = np.array(case["point"])
        times[case["id"]] = per_call(lambda: f(x))
    json.dump(dict(eval_s=times), open(out, "w"), indent=1)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "points":
        write_points(*args)
    elif cmd == "numpy":
        run_numpy(*args)
    elif cmd == "tool":
        run_tool(*args)
    elif cmd == "table":
        from table import write_table

        write_table(*args)
    else:
        sys.exit(f"unknown step {cmd!r}")
