#!/usr/bin/env python3
"""Summarises the f32 corpus's sweep (written by sweep.sh) as Markdown.

    python3 scripts/corpus32/summary.py OUT            # OUT/<mode>/seed-*/corpus32.*.json
    python3 scripts/corpus32/summary.py --sensitivity OUT/sensitivity-<mode>.json

Sweep: per mode (`plain`: the f32 check alone, as `DualNum<Primitive = f32>` gets it;
`shadow`: with the f64 evaluation, as `precision = f32` gets it) and function, the points
checked, the error findings (every one a false alarm: the corpus's gradients are correct) and
the warnings per kind, over every seed; the evaluations per point and per component; and one
example of each error kind.

Sensitivity: per function, at how many points a mismatch names the component that carries a
planted relative error r (caught/planted: a change below the f32 spacing of the entry, as in a
subnormal one, plants nothing), and the smallest r caught at every point where it was planted.
"""

import collections
import glob
import json
import os
import sys


# The number of inputs of each function (tests/corpus32): reports do not carry it.
INPUTS = {"softmax_xent": 10, "log_sum_exp": 8, "lstm_cell": 40, "mse_1e4": 2, "norm_1e3": 4,
          "rational_1e3": 4, "exp_high": 2, "exp_low": 2, "ln_tiny": 2, "log1p_small": 2, "wave_1e3": 2}


def load(path):
    with open(path) as f:
        return json.load(f)


def sweep(out):
    modes = sorted(d for d in os.listdir(out) if os.path.isdir(os.path.join(out, d)))
    for mode in modes:
        files = sorted(glob.glob(os.path.join(out, mode, "seed-*", "corpus32.*.json")))
        if not files:
            continue
        seeds = sorted({os.path.basename(os.path.dirname(f)) for f in files})
        rows = collections.OrderedDict()
        examples = {}
        for path in files:
            report = load(path)
            name = report["function"].split("::")[-1]
            row = rows.setdefault(name, {"points": 0, "evals": 0, "n": INPUTS.get(name),
                                         "errors": collections.Counter(), "warnings": collections.Counter(),
                                         "error_points": 0, "digits": []})
            row["points"] += report["points_checked"]
            row["evals"] += report["evaluations"]
            erring = set()
            for f in report["findings"]:
                if f["severity"] == "error":
                    row["errors"][f["kind"]] += 1
                    erring.add(tuple(f["point"]))
                    examples.setdefault((name, f["kind"]), f)
                else:
                    row["warnings"][f["kind"]] += 1
                if f.get("digits_lost") is not None:
                    row["digits"].append(f["digits_lost"])
            row["error_points"] += len(erring)
        print(f"### `{mode}` ({len(seeds)} seeds: {', '.join(s[5:] for s in seeds)})\n")
        print("| function | points | error points | errors by kind | warnings by kind | max digits lost | evaluations / point | / component |")
        print("| --- | ---: | ---: | --- | --- | ---: | ---: | ---: |")
        total_points = total_err = 0
        for name, row in rows.items():
            n = row["n"] or 1
            per_point = row["evals"] / max(row["points"], 1)
            errs = ", ".join(f"{k} {v}" for k, v in sorted(row["errors"].items())) or "0"
            warns = ", ".join(f"{k} {v}" for k, v in sorted(row["warnings"].items())) or "0"
            digits = f"{max(row['digits']):.1f}" if row["digits"] else "-"
            print(f"| {name} | {row['points']} | {row['error_points']} | {errs} | {warns} | {digits} | {per_point:.1f} | {per_point / n:.2f} |")
            total_points += row["points"]
            total_err += row["error_points"]
        print(f"\n{total_err} points with an error finding (false alarms) out of {total_points} checked.\n")
        for (name, kind), f in sorted(examples.items()):
            keys = ("point", "component", "expected", "actual", "fd", "fd_error", "tolerance", "origin")
            shown = {k: f.get(k) for k in keys if f.get(k) is not None}
            print(f"- {name} / {kind}: {json.dumps(shown)}: {f['message'][:300]}")
        if examples:
            print()


def sensitivity(path):
    rows = load(path)
    sizes = [m["r"] for m in rows[0]["mutations"]] if rows else []
    print("| function | points | errors unmutated | " + " | ".join(f"r = {r:g}" for r in sizes) + " | smallest caught at every point |")
    print("| --- | ---: | ---: | " + " | ".join("---:" for _ in sizes) + " | ---: |")
    for row in rows:
        every = [m["r"] for m in row["mutations"] if m["caught"] == m["planted"] > 0]
        smallest = f"{min(every):g}" if every else "none"
        cells = " | ".join(f"{m['caught']}/{m['planted']}" + (f" (+{m['warned']} w)" if m.get("warned") else "")
                           for m in row["mutations"])
        print(f"| {row['name']} | {row['points']} | {row['errors_unmutated']} | {cells} | {smallest} |")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--sensitivity":
        sensitivity(sys.argv[2])
    elif len(sys.argv) == 2:
        sweep(sys.argv[1])
    else:
        sys.exit(__doc__)
