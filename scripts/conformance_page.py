#!/usr/bin/env python3
"""The report page of a whole conformance run: every case of the contract's conformance
suites (passing, failing and singular functions alike), run with GRADCHECK_REPORT_DIR kept,
then `gradcheck-report` over the reports.

    python3 scripts/conformance_page.py [OUT]        # default target/conformance-page

Uses the suites' own crate layout (`../shared/conformance/run.py`'s `prepare`), so each case
runs exactly as the conformance run builds it; the expected failures are the point: they fill
the page's failing sections. Prints where `index.html` is.
"""
import importlib.util
import os
import shutil
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
runner = os.path.join(os.path.dirname(root), "shared", "conformance", "run.py")
spec = importlib.util.spec_from_file_location("conformance", runner)
conformance = importlib.util.module_from_spec(spec)
spec.loader.exec_module(conformance)

out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "target", "conformance-page"))
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
env = dict(os.environ, GRADCHECK_REPORT_DIR=out)
env.setdefault("CARGO_TARGET_DIR", os.path.join(root, "target", "conformance"))
for name in conformance.suite_names():
    work, _ = conformance.prepare(name, root)
    # Failing cases are expected: their reports are what the page shows.
    subprocess.run(["cargo", "test", "-q", "--tests", "--no-fail-fast"], cwd=work, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(work, ignore_errors=True)
    print(f"{name}: {len([f for f in os.listdir(out) if f.endswith('.json')])} reports so far")
subprocess.run(["cargo", "run", "-q", "-p", "gradcheck-report", "--", out], cwd=root, check=True)
print(os.path.join(out, "index.html"))
