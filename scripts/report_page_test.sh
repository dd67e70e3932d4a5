#!/usr/bin/env bash
# The report page in a real browser: renders the page of gradcheck-report's fixture reports
# (passing, failing, singular, with error-versus-step data, a training run, a hostile name,
# a truncated file) in headless Chromium, and checks that
#   - the screenshots are not blank (many distinct colours, a fair share of non-white pixels),
#   - the page logs no console error, asks for no address (Chromium's network log; the
#     network is mapped to nowhere, so nothing leaves the machine), and runs no script (a
#     report's `<script>` stays text),
#   - the DOM Chromium built has the sections and pictures the fixtures call for.
# A canary page with a script error and a remote image proves first that both are seen.
# Installs Debian's chromium when it is missing (needs root or sudo). Prints its run time.
# Usage: scripts/report_page_test.sh [OUT_DIR]   (default target/report-page; screenshots there)
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s%N)
out=${1:-target/report-page}
mkdir -p "$out"
out=$(cd "$out" && pwd)

if ! command -v chromium >/dev/null; then
  echo "installing chromium (Debian package)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  echo "installed in $(( ($(date +%s%N) - started) / 1000000000 )) s"
fi
chromium --version

# One headless Chromium run: render URL, then screenshot or DOM; stderr (the log) to $3.
browse() {
  local url=$1 what=$2 log=$3 size=${4:-1280,2000} profile
  profile=$(mktemp -d)
  timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-dev-shm-usage --user-data-dir="$profile" \
    --host-resolver-rules="MAP * ~NOTFOUND" \
    --enable-logging=stderr --v=0 "--window-size=${size#--window-size=}" \
    --log-net-log="${log%.log}.net.json" \
    "$what" "$url" 2>"$log"
  rm -rf "$profile"
}

# Console errors and failed loads, as Chromium logs them at --v=0.
errors_in() { grep -E 'CONSOLE|ERR_|Failed to load|Uncaught' "$1" || true; }

# Addresses the page asked for, from the network log: every URL but those of the browser's
# own services (update checks, clock, accounts), which it contacts whatever the page is.
fetches_in() {
  grep -o '"url":"[^"]*"' "${1%.log}.net.json" | sort -u |
    grep -vE '"url":"https?://([a-z0-9-]+\.)*(google\.com|googleapis\.com|gstatic\.com)[/:"]' || true
}

# The detector must see what it is meant to see: a canary page with both faults.
canary="$out/canary.html"
cat >"$canary" <<'EOF'
<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>
<body><p>canary</p><img src="https://example.invalid/x.png"><script>console.error("canary error")</script></body></html>
EOF
browse "file://$canary" --dump-dom "$out/canary.log" >/dev/null
if ! errors_in "$out/canary.log" | grep -q 'canary error'; then
  echo "FAIL: the console error of the canary page was not seen; Chromium's log:" >&2
  cat "$out/canary.log" >&2
  exit 1
fi
if ! fetches_in "$out/canary.log" | grep -q 'example.invalid'; then
  echo "FAIL: the canary's remote image is not in the network log; the log's addresses:" >&2
  grep -o '"url":"[^"]*"' "$out/canary.net.json" | sort -u >&2
  exit 1
fi

cargo run -q -p gradcheck-report -- gradcheck-report/tests/fixtures -o "$out/index.html"
page="file://$out/index.html"
browse "$page" --dump-dom "$out/dom.log" >"$out/dom.html"
browse "$page" --screenshot="$out/top.png" "$out/top.log" >/dev/null
# The whole page in one tall window (a screenshot scrolled to an anchor comes out blank in
# headless mode): 16000 pixels hold the fixtures' page (about 9000).
browse "$page" --screenshot="$out/full.png" "$out/full.log" --window-size=1280,16000 >/dev/null

fail=0
for log in dom top full; do
  found=$(errors_in "$out/$log.log")
  if [ -n "$found" ]; then
    echo "FAIL: console errors or failed loads while rendering ($log):" >&2
    echo "$found" >&2
    fail=1
  fi
  found=$(fetches_in "$out/$log.log")
  if [ -n "$found" ]; then
    echo "FAIL: the page fetched something ($log):" >&2
    echo "$found" >&2
    fail=1
  fi
done

python3 - "$out" <<'EOF' || fail=1
"""Checks the DOM dump and that the screenshots are not blank (standard library only)."""
import re, struct, sys, zlib

out = sys.argv[1]
bad = []

def pixels(path):
    """Decodes an 8-bit RGB or RGBA, non-interlaced PNG: (width, height, rows of bytes, bpp)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, f"{path}: PNG type {ctype}/{depth}"
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, rows, bpp

w, h, rows, bpp = pixels(f"{out}/top.png")
colours, ink = set(), 0
for row in rows[::2]:
    for x in range(0, w * bpp, 2 * bpp):
        px = row[x:x + 3]
        colours.add(px)
        ink += px != b"\xff\xff\xff"
share = ink / ((h // 2) * (w // 2))
print(f"top.png: {w}x{h}, {len(colours)} distinct colours, {share:.1%} non-white")
# A blank or error page has a handful of colours; text and plots give hundreds.
if len(colours) < 64 or share < 0.02:
    bad.append(f"top.png looks blank ({len(colours)} colours, {share:.1%} non-white)")

# The tall screenshot, without decoding every pixel (3.6 s for 2000 rows in Python): a row
# of one colour filters to one repeated byte, whatever the filter; count the other rows.
data = open(f"{out}/full.png", "rb").read()
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IHDR":
        w, h = struct.unpack(">II", data[pos + 8:pos + 16])
        bpp = 3 if data[pos + 17] == 2 else 4
    elif kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * bpp + 1
busy = [y for y in range(h) if len(set(raw[y * stride + 1 + bpp:(y + 1) * stride])) > 1]
last = busy[-1] if busy else 0
print(f"full.png: {w}x{h}, content down to row {last}, {len(busy) / max(last, 1):.0%} of rows above it not uniform")
if last < 4000 or len(busy) < 0.3 * last:
    bad.append("full.png looks blank or short")
if last > h - 50:
    print("note: the page is longer than the tall screenshot", file=sys.stderr)
open(f"{out}/height", "w").write(str(last + 40))

dom = open(f"{out}/dom.html").read()
sections = len(re.findall(r'<section class="function ', dom))
plots = len(re.findall(r'<svg class="plot"', dom))
rows = len(re.findall(r'<tr class="(failed|warned|passed)"', dom))
print(f"DOM: {rows} summary rows, {sections} function sections, {plots} plots")
if "<script" in dom:
    bad.append("the DOM holds a <script> element: a report's text was not escaped")
if rows != 16 or sections < 12 or plots < 8:
    bad.append("the DOM lacks rows, sections or plots the fixtures call for")
if "truncated.json" not in dom or "Unreadable files" not in dom:
    bad.append("the truncated report is not listed as unreadable")
page = open(f"{out}/index.html").read()
if re.search(r'(src|href)\s*=\s*"(https?:)?//|url\(|@import|<link(?![^>]*href="data:)', page):
    bad.append("the page refers to something outside itself")
for b in bad:
    print("FAIL:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF

elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
elapsed=$(printf '%d.%d' $((elapsed / 1000)) $((elapsed % 1000 / 100)))
# Tiles of the tall screenshot for people to look at, when ImageMagick is there.
if convert -version 2>/dev/null | grep -q ImageMagick && [ -f "$out/height" ]; then
  convert "$out/full.png" -crop "1280x$(cat "$out/height")+0+0" +repage \
    -crop 1280x2000 +repage "$out/page-%d.png"
fi
printf 'screenshots: %s/top.png, %s/full.png (and page-N.png tiles)\n' "$out" "$out"
if [ "$fail" -ne 0 ]; then
  printf 'report page test FAILED in %s s\n' "$elapsed"
  exit 1
fi
printf 'report page test passed in %s s\n' "$elapsed"
