#!/usr/bin/env bash
# The peers' gradient checks beside ours, in one run: PyTorch, JAX, autograd and numdifftools
# from PyPI in a virtual environment, and our runtime through the `peers` example, on the same
# functions, points and hand-written gradients (correct, and wrong in one component by a
# relative 1e-4 and 1e-8). Prints one markdown table (BENCHMARKS.md "Peers, measured in one
# run") and writes it to $PEERS_OUT/table.md.
#
#   bench/peers/run.sh
#
# PEERS_VENV  the virtual environment (default target/peers-venv; installed once, reused)
# PEERS_OUT   points, per-tool results and the table (default target/peers)
# PEERS_TOOLS the Python tools to run (default: all of them, in this order)
# PEERS_MAX_N only the Python tools' cases up to this n (a quick smoke run; default all)
#
# Heavy: about 3 GB of wheels the first time (PyPI's torch needs its CUDA libraries even to
# import on CPU), then a few minutes of checks, one tool at a time.
set -euo pipefail
cd "$(dirname "$0")/../.."

VENV=${PEERS_VENV:-target/peers-venv}
OUT=${PEERS_OUT:-target/peers}
TOOLS=${PEERS_TOOLS:-torch torch-fast jax-jvp jax-vjp autograd numdifftools}
# Pinned so that the table can be reproduced; raise them together and rerun.
TORCH=torch==2.15.0
OTHERS=("jax[cpu]==0.10.2" autograd==1.9.1 numdifftools==0.11.2 numpy==2.4.6 threadpoolctl)
mkdir -p "$OUT"

start=$(date +%s)
stamp="$VENV/.peers-installed"
wanted="$TORCH ${OTHERS[*]}"
if [[ ! -f $stamp || $(cat "$stamp") != "$wanted" ]]; then
    echo "== installing into $VENV: $wanted"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip
    # PyPI's Linux torch is a CUDA build: its libraries link libcudart, libcublas, libcudnn...,
    # so `import torch` fails without the nvidia-* wheels even on a CPU-only machine. Install
    # torch alone, then its declared dependencies except triton (the GPU compiler) and
    # cuda-bindings, which import does not need: ~2.2 GB of CUDA wheels instead of ~2.6 GB.
    "$VENV/bin/pip" install -q --no-deps "$TORCH"
    "$VENV/bin/python" - >"$OUT/torch-deps.txt" <<'EOF'
from importlib.metadata import requires
for r in requires("torch"):
    spec, _, marker = r.partition(";")
    if "extra ==" in marker or spec.split("[")[0].split("=")[0].split("<")[0].split(">")[0]\
            .split("~")[0].strip() in ("triton", "cuda-bindings"):
        continue
    print(spec.strip())
EOF
    "$VENV/bin/pip" install -q -r "$OUT/torch-deps.txt"
    "$VENV/bin/pip" install -q "${OTHERS[@]}"
    "$VENV/bin/python" -c 'import torch, jax, autograd, numdifftools'
    echo "$wanted" >"$stamp"
fi
installed=$(date +%s)

load=$(cut -d' ' -f1-3 /proc/loadavg)
# Our side first, built before anything is timed.
cargo build -q --release --example peers

# numpy's OpenBLAS kernel: these variables (set on some machines) force an old one.
PY=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE JAX_PLATFORMS=cpu "$VENV/bin/python" bench/peers/peers.py)
"${PY[@]}" points "$OUT/points.txt"
"${PY[@]}" numpy "$OUT/points.txt" "$OUT/numpy.json"
echo "== ours"
cargo run -q --release --example peers -- "$OUT/points.txt" >"$OUT/ours.json"
for tool in $TOOLS; do
    echo "== $tool"
    "${PY[@]}" tool "$tool" "$OUT/points.txt" "$OUT/numpy.json" "$OUT/$tool.json"
done
finished=$(date +%s)

commit=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- . ':!target' || commit="$commit + uncommitted changes"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$VENV/bin/python" - "$OUT/meta.json" "$commit" \
    "$(rustc --version | cut -d' ' -f2)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" \
    "$(nproc)" "$load" "$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)" <<'EOF'
import datetime, json, platform, sys
from importlib.metadata import version
import numpy, threadpoolctl, torch  # numpy first: threadpoolctl sees only the BLAS already loaded
out, commit, rustc, cpu, nproc, load, ours = sys.argv[1:]
blas = [f"{p['internal_api']} {p['version']} ({p.get('architecture')}, {p['num_threads']} threads)"
        for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]
versions = ", ".join([f"Python {platform.python_version()}", f"numpy {version('numpy')}"
                      + (f" ({blas[0]})" if blas else "")]
                     + [f"torch {torch.__version__}"]  # the local tag names the CUDA build
                     + [f"{p} {version(p)}" for p in ("jax", "jaxlib", "autograd",
                                                       "numdifftools", "scipy")]
                     + [f"rustc {rustc}", f"gradient-checked {ours}"])
json.dump(dict(date=datetime.date.today().isoformat(), cpu=cpu, nproc=nproc, load=load,
               commit=commit, versions=versions, command="bench/peers/run.sh"),
          open(out, "w"), indent=1)
EOF
"${PY[@]}" table "$OUT/points.txt" "$OUT" "$OUT/table.md"
echo "install $((installed - start)) s, checks $((finished - installed)) s; table in $OUT/table.md"
