#!/usr/bin/env bash
# A whole-page PNG of the report for reviewing changes, taken with headless Chromium:
#   scripts/report-screenshot.sh [REPORT] [PNG] [WIDTH]    (defaults: output/report.html report.png 1280)
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
# Measure the page first: a copy that writes its height into its title, read back from the dumped DOM.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed 's#</body>#<script>document.title="height:"+document.documentElement.scrollHeight</script></body>#' "$report" > "$tmp/measure.html"
height=$("$browser" "${flags[@]}" --window-size="$width,1000" --dump-dom "file://$tmp/measure.html" 2>/dev/null \
  | grep -o 'height:[0-9]*' | head -1 | cut -d: -f2)
"$browser" "${flags[@]}" --window-size="$width,${height:-6000}" --screenshot="$out" "$url" 2>/dev/null
echo "$out: ${width}x${height:-6000}"
