#!/usr/bin/env python3
"""Summarises the hard corpus's sweep (written by sweep.sh) as Markdown.

    python3 scripts/hard_corpus/summary.py OUT            # OUT/seed-*/hard.*.json
    python3 scripts/hard_corpus/summary.py --sensitivity OUT/sensitivity.json

Sweep: per function, the error and warning findings per kind over every seed (every one is a
false alarm: the corpus's gradients are verified correct), the most common first words of
their messages, and per function and kind one concrete finding with its numbers (expected =
the dual derivative, actual = the hand-written value, fd = the finite difference, tolerance).

Sensitivity: per function, at how many points a mismatch names the mutated component for each
relative error r, and the smallest r caught at every point.
"""

import collections
import glob
import json
import os
import re
import sys

ERROR_KINDS = [
    "mismatch",
    "ad_mismatch",
    "kink",
    "discontinuity",
    "unbounded_derivative",
    "nonfinite_derivative",
    "nonfinite_value",
    "nondeterministic",
    "panic",
]
SHORT = {
    "mismatch": "mism",
    "ad_mismatch": "ad_m",
    "kink": "kink",
    "discontinuity": "disc",
    "unbounded_derivative": "unbd",
    "nonfinite_derivative": "nfd",
    "nonfinite_value": "nfv",
    "nondeterministic": "ndet",
    "panic": "panic",
}


NUMBER = re.compile(r"[-+]?\d[\d.]*(e[-+]?\d+)?")


def first_words(message, n=6):
    """The message's first words with numbers masked, so that findings group by wording."""
    return NUMBER.sub("#", " ".join(message.split()[:n]))


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def load(out):
    """(function -> list of (seed, report)) from every seed directory."""
    reports = collections.defaultdict(list)
    for path in sorted(glob.glob(os.path.join(out, "seed-*", "hard.*.json"))):
        seed = os.path.basename(os.path.dirname(path))[len("seed-"):]
        with open(path) as f:
            r = json.load(f)
        reports[r["function"].split("::")[-1]].append((seed, r))
    return reports


def sweep(out):
    reports = load(out)
    if not reports:
        sys.exit(f"no reports under {out}/seed-*/")
    seeds = sorted({s for runs in reports.values() for s, _ in runs})
    print(f"# Hard corpus sweep: {len(reports)} functions, seeds {', '.join(seeds)}\n")
    print("Every error below is a false alarm (the gradients are verified against 80-digit truth).\n")
    head = "| function | points | errors | " + " | ".join(SHORT[k] for k in ERROR_KINDS) + " | other | warnings |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    examples = {}
    words = collections.defaultdict(collections.Counter)
    totals = collections.Counter()
    clean = 0
    for name in sorted(reports):
        kinds = collections.Counter()
        warn = collections.Counter()
        points = 0
        for seed, r in reports[name]:
            points += r.get("points_checked", 0)
            for f in r["findings"]:
                if f["severity"] == "error":
                    kinds[f["kind"]] += 1
                    words[(name, f["kind"])][first_words(f["message"])] += 1
                    examples.setdefault((name, f["kind"]), (seed, f))
                else:
                    warn[f["kind"]] += 1
        errors = sum(kinds.values())
        totals.update(kinds)
        clean += errors == 0
        other = sum(v for k, v in kinds.items() if k not in ERROR_KINDS)
        cells = [str(kinds[k]) if kinds[k] else "" for k in ERROR_KINDS]
        w = ", ".join(f"{k} {v}" for k, v in sorted(warn.items())) or ""
        print(f"| {name} | {points} | {errors} | " + " | ".join(cells) + f" | {other or ''} | {w} |")
    print(f"\n{clean} of {len(reports)} functions without an error finding; errors by kind: "
          + ", ".join(f"{k} {v}" for k, v in totals.most_common()) + "\n")
    print("## Messages (first words) per function and kind\n")
    for (name, kind), c in sorted(words.items()):
        top = "; ".join(f"\"{w}…\" ×{n}" for w, n in c.most_common(3))
        print(f"- {name} / {kind}: {top}")
    print("\n## One finding per function and kind\n")
    print("For mismatch: expected = the dual derivative, actual = the hand-written one. For "
          "ad_mismatch: expected = the finite difference, actual = the dual derivative. For "
          "nondeterministic: expected = the f64 value, actual = the dual's value. fd = finite "
          "difference (± fd_error), tolerance = the allowed |actual − expected|, left/right = "
          "one-sided slopes.\n")
    for (name, kind), (seed, f) in sorted(examples.items()):
        pt = f["point"]
        pt = pt if len(pt) <= 6 else pt[:3] + ["…"]
        fields = ["component", "name", "expected", "actual", "fd", "fd_error", "tolerance", "left", "right", "rel_error"]
        nums = ", ".join(f"{k}={fmt(f.get(k))}" for k in fields if f.get(k) is not None)
        msg = f["message"][:160].replace("\n", " ")
        print(f"- **{name} / {kind}** (seed {seed}) at {pt}: {nums}. \"{msg}…\"")


def sensitivity(path):
    with open(path) as f:
        rows = json.load(f)
    sizes = [m["r"] for m in rows[0]["mutations"]]
    print("# Sensitivity: the largest hand-written component multiplied by 1 + r\n")
    print("Cells: points where a mismatch names that component / points checked. "
          "'smallest' is the smallest r caught at every point; 'baseline' counts mismatches "
          "on the unmutated gradient (false alarms, which make 'caught' meaningless there); 'erring' "
          "counts the points where the unmutated check already reports an error of any kind (a point "
          "the check gives up on cannot catch the mutation).\n")
    print("| function | class | points | baseline | erring | " + " | ".join(f"{r:.0e}" for r in sizes) + " | smallest |")
    print("|" + "---|" * (6 + len(sizes)))
    for r in rows:
        n = r["points"]
        cells = [f"{m['caught']}" for m in r["mutations"]]
        every = [m["r"] for m in r["mutations"] if m["caught"] == n]
        smallest = f"{min(every):.0e}" if every else "none"
        other = r.get("baseline_error_points", 0)
        print(f"| {r['name']} | {r['class']} | {n} | {r['baseline_mismatch'] or ''} | {other or ''} | "
              + " | ".join(cells) + f" | {smallest} |")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--sensitivity":
        sensitivity(sys.argv[2])
    elif len(sys.argv) == 2:
        sweep(sys.argv[1])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
