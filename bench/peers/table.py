"""The one table of bench/peers/run.sh: every tool's results beside ours, with the date, the
machine and every version (from meta.json, written by run.sh)."""

import json
import os

TOOLS = [  # (results file stem, key in it, name in the table, plain evaluation it is divided by)
    ("torch", None, "torch `gradcheck`", "numpy"),
    ("torch-fast", None, "torch `gradcheck(fast_mode=True)`", "numpy"),
    ("jax-jvp", None, "jax `check_grads` fwd+rev (`custom_jvp`)", "numpy"),
    ("jax-vjp", None, "jax `check_grads` rev (`custom_vjp`)", "numpy"),
    ("autograd", None, "autograd `check_grads` rev (`defvjp`)", "numpy"),
    ("numdifftools", None, "numdifftools `Gradient` + `np.allclose`", "numpy"),
    ("ours", "default", "**ours** (defaults)", "rust"),
    ("ours", "full", "**ours**, `mode = full`", "rust"),
]


def seconds(s):
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if s >= scale:
            return f"{s / scale:.3g} {unit}"
    return f"{s:.2g} s"


def ratio(r):
    return f"{r:,.0f}" if r >= 10 else f"{r:.1f}"


def verdict(v, correct, correct_failed=False):
    if v is None:
        return "–"
    if v == "pass":
        return "ok" if correct else "**missed**"
    if v.startswith("fail"):
        if correct:
            return "**false alarm**"
        return "fails (as on the correct one)" if correct_failed else "caught"
    return v.split(":")[0]  # error, aborted


def write_table(points, results_dir, out):
    from peers import read_points

    meta = json.load(open(os.path.join(results_dir, "meta.json")))
    loaded = {}
    for stem in {t[0] for t in TOOLS}:
        path = os.path.join(results_dir, f"{stem}.json")
        loaded[stem] = json.load(open(path)) if os.path.exists(path) else None
    numpy_eval = json.load(open(os.path.join(results_dir, "numpy.json")))["eval_s"]
    cases = [c for c in read_points(points) if c["group"] == "main"]
    large_n = next(c["n"] for c in read_points(points) if c["group"] == "large")

    lines = [
        f"Measured {meta['date']} on {meta['cpu']} (`nproc` = {meta['nproc']}, load average "
        f"{meta['load']} at the start), by `{meta['command']}` (commit {meta['commit']}). "
        f"Versions: {meta['versions']}.",
        "",
        "| function | n | tool | one plain eval | one check | check / eval | evals "
        "| correct gradient | wrong by 1e-4 | wrong by 1e-8 |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for case in cases:
        for stem, key, name, plain in TOOLS:
            res = loaded[stem]
            if res is None or case["id"] not in res:
                continue
            row = res[case["id"]]
            if key is not None:
                if key not in row:
                    continue
                cell, eval_s = row[key], row["eval_s"]
            else:
                cell, eval_s = row, numpy_eval[case["id"]]
            label = f"{seconds(eval_s)} ({'numpy' if plain == 'numpy' else 'Rust f64'})"
            head = f"| {case['function']} | {case['n']} | {name} | {label} |"
            if "skipped" in cell:
                lines.append(f"{head} skipped ({cell['skipped']}) | | | | | |")
                continue
            v = cell["verdicts"]
            alarm = v.get("correct", "").startswith("fail")
            lines.append(
                f"{head} {seconds(cell['check_s'])} | {ratio(cell['check_s'] / eval_s)} "
                f"| {cell['evaluations']:,} "
                f"| {verdict(v.get('correct'), True)} | {verdict(v.get('1e-4'), False, alarm)} "
                f"| {verdict(v.get('1e-8'), False, alarm)} |"
            )
    for stem, key, name, _ in TOOLS:
        res = loaded[stem]
        if res is None or (key is not None and key != "default"):
            continue
        large = res["large"]
        alarms = f"{large['false_alarms']}/{large['of']} false alarms"
        if large["errors"]:
            alarms += f", {large['errors']} errors"
        lines.append(
            f"| rosenbrock, \\|x\\| in [5e3, 1.5e4] | {large_n} | {name} | | | | | {alarms} | – | – |"
        )
    text = "\n".join(lines) + "\n"
    with open(out, "w") as f:
        f.write(text)
    print(text)
