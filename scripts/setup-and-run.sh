#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks, builds migstat and runs the pipeline on raw/ into output/.
# (chromium is for the browser test of report.html and scripts/report-screenshot.sh, postgresql for the tests'
# throwaway cluster, R (survey, haven, foreign) for the tests of export/, not for the run; libpq-dev is needed to
# build: `--store postgresql://…` is in every build.)
# Extra arguments go to `migstat run` (e.g. --raw other/ --out /tmp/out --no-verify).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libcsv-dev libglpk-dev libsqlite3-dev libssl-dev libgraphviz-dev libreadstat-dev libxlsxwriter-dev librsvg2-dev fonts-dejavu-core
          libpq-dev postgresql chromium r-base-core r-cran-survey r-cran-haven r-cran-foreign)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

swift build -c release --product migstat
exec .build/release/migstat run "$@"
