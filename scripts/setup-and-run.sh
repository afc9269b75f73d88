#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks (scripts/setup.sh: what the build, the run and the tests use), builds
# migstat and runs the pipeline on raw/ into output/.
# Extra arguments go to `migstat run` (e.g. --raw other/ --out /tmp/out --no-verify).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

swift build -c release --product migstat
exec .build/release/migstat run "$@"
