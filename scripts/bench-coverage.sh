#!/usr/bin/env bash
# Coverage simulation: draws SAMPLES (default 2000) stratified two-stage samples (enumeration areas, then
# households, every member interviewed) from a synthetic population built like the ILO household survey, and
# counts how often each method's "95%" interval for the share of people living in a migrant household covers
# the population's true share: migstat's design-based logit interval, Wilson on Kish's effective sample size
# (migstat's interval before design-based estimation), and Wilson on n.
#   scripts/bench-coverage.sh            # 2000 samples, seed 1
#   scripts/bench-coverage.sh 5000 7     # samples, seed
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product migstat >/dev/null
.build/release/migstat bench-coverage --samples "${1:-2000}" --seed "${2:-1}"
