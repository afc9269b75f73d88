#!/usr/bin/env bash
# Installs what migstat needs on Debian 12 to build, run and test — everything `swift test` uses, so that it
# skips nothing — and nothing that is already there. Swift itself is not a Debian package (README, "Installing
# Swift"). Used by scripts/setup-and-run.sh and by CI (.ci/run), so the two cannot drift apart.
set -euo pipefail
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"

# To build and run: libcsv (the CSV parser), SQLite (the store), libcrypto (SHA-256), Graphviz (diagrams), GLPK
# (the census disclosure control's integer programs), ReadStat (Stata/SPSS), libxlsxwriter, librsvg with cairo
# and DejaVu Sans (the figures' PDF and PNG), libpq (--store postgresql://…).
build=(libcsv-dev libsqlite3-dev libssl-dev libgraphviz-dev libglpk-dev libreadstat-dev libxlsxwriter-dev librsvg2-dev
       fonts-dejavu-core libpq-dev)
# For the tests: PostgreSQL (a throwaway cluster), Chromium (report.html at 400 and 1400 px), systemd-analyze and
# logrotate (deploy/), sqlite3 (the store from outside).
tests=(postgresql sqlite3 chromium systemd logrotate)
# For the tests, without their recommends: pdflatex (every .tex compiles), pdftoppm/pdffonts, R with survey, haven
# and foreign (export/*.R give estimates.csv's standard errors), Python for the readers' venv below.
lean=(poppler-utils python3-venv texlive-latex-recommended texlive-latex-extra texlive-lang-cyrillic
      r-base-core r-cran-survey r-cran-haven r-cran-foreign)

missing() { for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done; }
full=($(missing "${build[@]}" "${tests[@]}")); bare=($(missing "${lean[@]}"))
if [ ${#full[@]} -gt 0 ] || [ ${#bare[@]} -gt 0 ]; then
  $sudo apt-get update -qq
  [ ${#full[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${full[@]}" >/dev/null
  [ ${#bare[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${bare[@]}" >/dev/null
fi

# The Python readers of the tests (pyreadstat, openpyxl, frictionless, jsonschema) in a venv of their own.
venv=${MIGSTAT_VENV:-/opt/migstat-venv}
[ -x "$venv/bin/python" ] || $sudo python3 -m venv "$venv"
"$venv/bin/python" -c 'import pyreadstat, pandas, openpyxl, frictionless, jsonschema' 2>/dev/null \
  || $sudo "$venv/bin/pip" install -q pyreadstat pandas openpyxl frictionless jsonschema
