#!/usr/bin/env bash
# Installs what migstat needs on Debian 12 to build, run and test — everything `swift test` uses, so that it
# skips nothing — and nothing that is already there (the lists: scripts/packages.sh). Swift itself is not a
# Debian package (README, "Installing Swift").
set -euo pipefail
. "$(dirname "$0")/packages.sh"
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"

missing() { for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done; }
full=($(missing "${build_packages[@]}" "${test_packages[@]}")); bare=($(missing "${lean_packages[@]}"))
if [ ${#full[@]} -gt 0 ] || [ ${#bare[@]} -gt 0 ]; then
  $sudo apt-get update -qq
  [ ${#full[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${full[@]}" >/dev/null
  [ ${#bare[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${bare[@]}" >/dev/null
fi

venv=${MIGSTAT_VENV:-/opt/migstat-venv}
[ -x "$venv/bin/python" ] || $sudo python3 -m venv "$venv"
"$venv/bin/python" -c 'import pyreadstat, pandas, openpyxl, frictionless, jsonschema' 2>/dev/null \
  || $sudo "$venv/bin/pip" install -q "${python_packages[@]}"
