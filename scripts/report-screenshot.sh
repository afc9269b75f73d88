#!/usr/bin/env bash
# A whole-page PNG of the report for reviewing changes, taken with headless Chromium:
#   scripts/report-screenshot.sh [REPORT] [PNG] [WIDTH]    (defaults: output/report.html report.png 1280)
# e.g. scripts/report-screenshot.sh output/report.html phone.png 400; the tests leave both widths in
# .build/report-screenshots/ (ReportLayoutTests).
# Add --print as a fourth argument to render the print layout to PDF instead (PNG name ending in .pdf).
set -euo pipefail
report=${1:-output/report.html}
out=${2:-report.png}
width=${3:-1280}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "needs Chromium: apt-get install chromium" >&2; exit 1; }
[ -f "$report" ] || { echo "no $report: run scripts/setup-and-run.sh first" >&2; exit 1; }
url="file://$(realpath "$report")"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions)
if [ "${4:-}" = "--print" ]; then
  "$browser" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out" "$url" 2>/dev/null
  echo "$out"; exit 0
fi
# The page is laid out in a frame of WIDTH px inside the window: a headless window is never narrower than 500 px,
# so a phone's width would otherwise be laid out at 500 and cut. A narrower page stands left of a grey band.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$report" "$tmp/report.html"
window=$(( width > 500 ? width : 500 ))
frame() {  # frame PAGE HEIGHT [SCRIPT]: a page holding PAGE in a WIDTH x HEIGHT frame
  printf '<!DOCTYPE html><html><head><meta charset="utf-8">%s</head><body style="margin:0;background:#8a8f96"><iframe src="%s" style="display:block;border:0;width:%spx;height:%spx"></iframe></body></html>\n' "${3:-}" "$1" "$width" "$2"
}
# Measure the page first: a copy that sends its height to the page around it, which writes it into the DOM.
# (after a moment, once the scroll frames' hints are drawn)
sed 's#</body>#<script>window.addEventListener("load",function(){setTimeout(function(){window.parent.postMessage("height:"+document.documentElement.scrollHeight,"*")},300)})</script></body>#' \
  "$report" > "$tmp/measure.html"
frame measure.html 1000 '<script>window.addEventListener("message",function(e){document.title=e.data})</script>' > "$tmp/measure-frame.html"
height=$("$browser" "${flags[@]}" --user-data-dir="$tmp/profile" --window-size="$window,1000" --virtual-time-budget=5000 \
  --run-all-compositor-stages-before-draw --dump-dom "file://$tmp/measure-frame.html" 2>/dev/null | grep -o 'height:[0-9]*' | head -1 | cut -d: -f2)
height=${height:-6000}
frame report.html "$height" > "$tmp/frame.html"
"$browser" "${flags[@]}" --user-data-dir="$tmp/profile" --window-size="$window,$height" --screenshot="$(realpath -m "$out")" \
  "file://$tmp/frame.html" 2>/dev/null
echo "$out: ${width}x${height} (in a ${window} px window)"
