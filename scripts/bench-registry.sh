#!/usr/bin/env bash
# Registry at scale: generates a delivery of N rows (default 1 000 000 and 5 000 000) with its keys ascending
# and again in random order (`migstat generate registry --shuffle`: the same records, keys permuted), then,
# side by side,
#   - migstat run (its registry load: parse, decode, clean, upsert, quarantine; and the whole run),
#   - the C libcsv->SQLite baseline (bench/baseline.c: one transaction, one prepared statement),
#     journal off and in WAL with synchronous=NORMAL, and its parse alone,
#   - the sqlite3 shell's .import,
# and times the four registry exhibits in migstat against the sqlite3 shell's GROUP BY over the same loaded
# table. Prints wall time, rows/s, MB/s, peak RSS and ratios. Generated files are deleted at the end
# (5 000 000 rows is about 630 MB, and each loaded copy as much again).
#
# A shared virtual machine's speed drifts by tens of percent from one minute to the next, so the loads run
# REPEAT times (default 3), interleaved, and each line gives the median run (its wall time, with the range
# over the runs) and the ratio of medians; peak memory is the largest of the runs.
#
#   scripts/bench-registry.sh                 # 1M and 5M rows, ascending and random key order
#   scripts/bench-registry.sh 200000          # other sizes
#   ORDERS=random scripts/bench-registry.sh 5000000 20000000    # one key order only
#   BEFORE=/tmp/migstat-old scripts/bench-registry.sh   # also an earlier migstat binary, interleaved
#   QUICK=1 scripts/bench-registry.sh 20000000   # the loads only: no sqlite3 .import, no exhibits
#   REPEAT=5 BENCH_DIR=/big/disk scripts/bench-registry.sh
#   TARGETS=1 BEFORE=/tmp/migstat-old scripts/bench-registry.sh   # issue 14's targets, below
#
# TARGETS=1 runs issue 21's cases in interleaved rounds (REPEAT, default 3): 1 000 000 rows with unpadded
# numeric ids, 5 000 000 in random key order, 20 000 000 in random order, 5 000 000 ascending: migstat twice,
# `run --force` into an empty output (everything rebuilt, the study's 17 figures drawn) and the service's run
# (the delivery onto the output the study's run left before it came, no --force: what cron does, the study's
# figures kept), $BEFORE's --force run if given, and the C program with WAL on the same file, which of them
# goes first rotating from round to round. Per round it prints
# each case's wall time, peak RSS and migstat/C ratio, the 20 M/5 M ratio and the load average; then the
# medians and ranges. CASES="1M-numeric 5M-random" picks some. The 20 M case needs about 2.6 GB per copy of
# the file (the delivery, the store, the C program's database): set BENCH_DIR. STORE=postgresql then also
# runs scripts/bench-postgres.sh (its median of three against psql \copy).
#
# Needs GNU time (apt-get install time), sqlite3, a C compiler, libcsv-dev and libsqlite3-dev.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000000 5000000)
repeat=${REPEAT:-3}
read -r -a orders <<<"${ORDERS:-ascending random}"
before=${BEFORE:-}
quick=${QUICK:-}
for tool in /usr/bin/time sqlite3 cc; do
  command -v "$tool" >/dev/null || { echo "bench-registry: $tool is missing (apt-get install time sqlite3 gcc)" >&2; exit 64; }
done

work=$(mktemp -d "${BENCH_DIR:-/tmp}/migstat-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "building migstat (release) and bench/baseline.c ..." >&2
swift build -c release --product migstat >/dev/null
migstat="$repo/.build/release/migstat"
cc -O2 -o "$work/baseline" bench/baseline.c -lcsv -lsqlite3

# A raw directory with the study's own extracts (copied: migstat refuses links that lead out of raw/) and
# the generated delivery as its only registry file.
raw_dir() {
  local d name
  mkdir -p "$1/registry"
  for d in raw/*/; do
    name=$(basename "$d")
    [ "$name" = registry ] || cp -R "$repo/raw/$name" "$1/$name"
  done
}
raw_dir "$work/raw"

# Runs a command under GNU time; prints "seconds peak_kb" and keeps the command's stderr in $work/stderr.
measure() {
  /usr/bin/time -o "$work/time" -f "%e %M" "$@" >"$work/stdout" 2>"$work/stderr"
  cat "$work/time"
}

row() { printf "%-38s %9s %12s %9s %10s %10s\n" "$@"; }
rate() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b > 0 ? a / b : 0) }'; }
mbs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / 1e6 / b : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
spread() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }
largest() { tr ' ' '\n' <<<"$1" | grep . | sort -g | tail -1; }

if [ -n "${TARGETS:-}" ]; then
  # name rows generator-flag: the cases of issue 21.
  all_cases=("1M-numeric 1000000 --unpadded-ids" "5M-random 5000000 --shuffle" "20M-random 20000000 --shuffle" "5M-ascending 5000000 -")
  cases=()
  for c in "${all_cases[@]}"; do
    read -r name _ <<<"$c"
    [[ " ${CASES:-1M-numeric 5M-random 20M-random 5M-ascending} " == *" $name "* ]] && cases+=("$c")
  done
  for c in "${cases[@]}"; do
    read -r name rows flag <<<"$c"
    raw_dir "$work/$name"
    # The service's output before this delivery came: the study's run over the same raw/ (same options), copied
    # before each "service" run, which then loads the delivery onto it as cron would (no --force).
    "$migstat" run --no-verify --raw "$work/$name" --out "$work/$name-before-delivery" >/dev/null 2>&1
    "$migstat" generate registry --rows "$rows" --seed 1 $([ "$flag" = - ] || echo "$flag") \
      --out "$work/$name/registry/registry_20140101.csv" >/dev/null
    # --unpadded-ids: record ids 1, 2, … 1000000 as a registry that does not zero-pad sends them ("10" < "9"
    # as text); --numeric-ids alone zero-pads them (00000001: ascending as text).
  done
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), sqlite $(sqlite3 --version | cut -d' ' -f1)"
  declare -A wall peak last last_kb
  for r in $(seq "$repeat"); do
    echo; echo "== round $r, load average at its start: $(cut -d' ' -f1-3 /proc/loadavg) =="
    for c in "${cases[@]}"; do
      read -r name _ <<<"$c"
      delivery="$work/$name/registry/registry_20140101.csv"
      sync; cat "$delivery" >/dev/null
      # Which program goes first rotates from round to round: the first run after the file is read into the
      # page cache measured 1-2 s slower at 5 M rows, whichever binary it was (the C program always last,
      # and migstat always first, flattered the one and penalised the other).
      tools=(run service); [ -n "$before" ] && tools+=(before)
      tools+=(c)
      for ((i = 0; i < (r - 1) % ${#tools[@]}; i++)); do tools=("${tools[@]:1}" "${tools[0]}"); done
      for tool in "${tools[@]}"; do
        if [ "$tool" = c ]; then
          read -r c_wal _ < <(measure "$work/baseline" "$delivery" "$work/c-wal.db" wal); rm -f "$work"/c-wal.db*
          wall[$name.c]+=" $c_wal"
          continue
        fi
        bin=$migstat; [ "$tool" = before ] && bin=$before
        if [ "$tool" = service ]; then
          cp -a "$work/$name-before-delivery" "$work/out"; sync
          read -r t kb < <(measure "$bin" run --no-verify --raw "$work/$name" --out "$work/out")
        else
          read -r t kb < <(measure "$bin" run --no-verify --force --raw "$work/$name" --out "$work/out")
        fi
        wall[$name.$tool]+=" $t"; peak[$name.$tool]+=" $kb"; last[$tool]="$t"; last_kb[$tool]="$kb"
        grep -h 'registry: .*rows read' "$work/stderr" | sed 's/^.*quarantined; /    '"$tool"': /'
        rm -rf "$work/out" "$work"/out.*
      done
      run=${last[run]}
      printf "  %-13s migstat run %8s s (%4d MB)  C WAL %8s s  ratio %s  service %s s (%d MB) ratio %s%s  (order: %s)\n" "$name" "$run" \
        "$((last_kb[run] / 1024))" "$c_wal" "$(ratio "$run" "$c_wal")" "${last[service]}" "$((last_kb[service] / 1024))" \
        "$(ratio "${last[service]}" "$c_wal")" "$([ -n "$before" ] && echo "  before: ${last[before]} s")" "${tools[*]}"
      [ "$name" = 20M-random ] && big=$run
      [ "$name" = 5M-random ] && small=$run
    done
    [ -n "${big:-}" ] && [ -n "${small:-}" ] && echo "  20M/5M random: $(ratio "$big" "$small")"
    echo "  load average at its end: $(cut -d' ' -f1-3 /proc/loadavg)"
  done
  echo; echo "== medians of $repeat rounds (range) =="
  for c in "${cases[@]}"; do
    read -r name _ <<<"$c"
    m=$(median "${wall[$name.run]}"); cm=$(median "${wall[$name.c]}")
    printf "  %-13s migstat run %s (%s), peak %d MB; C WAL %s (%s); ratio of medians %s\n" "$name" "$m" "$(spread "${wall[$name.run]}")" \
      "$(( $(largest "${peak[$name.run]}") / 1024 ))" "$cm" "$(spread "${wall[$name.c]}")" "$(ratio "$m" "$cm")"
    m=$(median "${wall[$name.service]}")
    printf "  %-13s service run (the delivery onto the previous output) %s (%s), peak %d MB; ratio of medians %s\n" "" "$m" \
      "$(spread "${wall[$name.service]}")" "$(( $(largest "${peak[$name.service]}") / 1024 ))" "$(ratio "$m" "$cm")"
    [ -n "${wall[$name.before]:-}" ] && printf "  %-13s before: %s (%s)\n" "" "$(median "${wall[$name.before]}")" "$(spread "${wall[$name.before]}")"
  done
  [ -n "${wall[20M-random.run]:-}" ] && [ -n "${wall[5M-random.run]:-}" ] &&
    echo "  20M/5M random, ratio of medians: $(ratio "$(median "${wall[20M-random.run]}")" "$(median "${wall[5M-random.run]}")")"
  echo "  load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "${STORE:-}" = postgresql ]; then scripts/bench-postgres.sh 1000000; fi
  exit 0
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg), sqlite $(sqlite3 --version | cut -d' ' -f1)"
for rows in "${sizes[@]}"; do
for order in "${orders[@]}"; do
  delivery="$work/raw/registry/registry_20140101.csv"
  shuffle=""; [ "$order" = random ] && shuffle="--shuffle"
  "$migstat" generate registry --force --rows "$rows" --seed 1 $shuffle --out "$delivery" >/dev/null
  bytes=$(stat -c %s "$delivery")
  sync; cat "$delivery" >/dev/null   # every tool starts from the page cache
  echo
  echo "== $rows rows, keys in $order order, $(mbs "$bytes" 1) MB =="
  row "" "wall s" "rows/s" "MB/s" "peak MB" "vs C off"

  declare -A wall peak
  for tool in load run before c_off c_wal imp; do wall[$tool]=""; peak[$tool]=""; done
  for r in $(seq "$repeat"); do
    read -r t kb < <(measure "$work/baseline" "$delivery" "$work/c-off.db" off); rm -f "$work"/c-off.db*
    wall[c_off]+=" $t"; peak[c_off]+=" $kb"
    read -r t kb < <(measure "$work/baseline" "$delivery" "$work/c-wal.db" wal); rm -f "$work"/c-wal.db*
    wall[c_wal]+=" $t"; peak[c_wal]+=" $kb"
    if [ -z "$quick" ]; then
      read -r t kb < <(measure sqlite3 "$work/import.db" ".mode csv" ".import $delivery registry"); rm -f "$work"/import.db*
      wall[imp]+=" $t"; peak[imp]+=" $kb"
    fi
    read -r t kb < <(measure "$migstat" run --no-verify --force --raw "$work/raw" --out "$work/out")
    wall[run]+=" $t"; peak[run]+=" $kb"
    wall[load]+=" $(python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['timings']['registry_load'], 2))" "$work/out/manifest.json")"
    grep -h 'registry: .*rows read' "$work/stderr" | sed 's/^migstat: /  run '"$r"': /' >> "$work/loadlog"
    if [ -n "$before" ]; then
      read -r t kb < <(measure "$before" run --no-verify --force --raw "$work/raw" --out "$work/out-before"); rm -rf "$work"/out-before*
      wall[before]+=" $t"; peak[before]+=" $kb"
    fi
  done
  read -r c_parse c_parse_kb < <(measure "$work/baseline" "$delivery" - parse)
  c_off=$(median "${wall[c_off]}")
  line() {   # label, tool
    local m; m=$(median "${wall[$2]}")
    local mb=""; [ -n "${peak[$2]}" ] && mb=$(( $(largest "${peak[$2]}") / 1024 ))
    row "$1" "$m" "$(rate "$rows" "$m")" "$(mbs "$bytes" "$m")" "$mb" "$(ratio "$m" "$c_off")"
    printf "%-38s %9s\n" "" "($(spread "${wall[$2]}"))"
  }
  line "migstat registry load (in the run)" load
  line "migstat run, whole (study + registry)" run
  [ -n "$before" ] && line "earlier migstat run, whole (\$BEFORE)" before
  line "C libcsv->SQLite, journal off" c_off
  line "C libcsv->SQLite, WAL + NORMAL" c_wal
  printf "%-38s %9s\n" "migstat run / C WAL" "$(ratio "$(median "${wall[run]}")" "$(median "${wall[c_wal]}")")"
  [ -z "$quick" ] && line "sqlite3 .import" imp
  row "C libcsv parse only (once)" "$c_parse" "$(rate "$rows" "$c_parse")" "$(mbs "$bytes" "$c_parse")" "$((c_parse_kb / 1024))" "$(ratio "$c_parse" "$c_off")"
  cat "$work/loadlog"; rm -f "$work/loadlog"
  unset wall peak

  # The exhibits over the loaded table: migstat's, each alone and all four in one pass, and the sqlite3 shell's.
  if [ -n "$quick" ]; then rm -rf "$work/out" "$work"/out.* "$delivery"; continue; fi
  db="$work/out/migration.sqlite"
  "$migstat" bench-exhibits --raw "$work/raw" --store "$db" > "$work/exhibits"
  t="stg_registry_records"
  declare -A shell
  read -r shell[registry_registrations] _ < <(measure sqlite3 "$db" "SELECT substr(registration_date, 1, 7) AS month, host_region, count(*) FROM $t GROUP BY month, host_region;")
  read -r shell[registry_persons_by_origin] _ < <(measure sqlite3 "$db" "SELECT origin_region, count(DISTINCT person_id) FROM $t GROUP BY origin_region;")
  read -r shell[registry_permit_by_host_region] _ < <(measure sqlite3 "$db" "SELECT host_region, count(DISTINCT person_id), count(DISTINCT CASE WHEN permit IN ('patent', 'work_permit') THEN person_id END) FROM $t GROUP BY host_region;")
  read -r shell[registry_registered] _ < <(measure sqlite3 "$db" "SELECT count(DISTINCT person_id), count(DISTINCT CASE WHEN status = 'registered' THEN person_id END) FROM $t;")
  echo
  printf "%-34s %11s %11s %9s\n" "exhibit over the loaded table" "migstat s" "sqlite3 s" "ratio"
  total=0
  while read -r exhibit seconds _; do
    if [ "$exhibit" = all ]; then
      total=$(awk -v a="${shell[registry_registrations]}" -v b="${shell[registry_persons_by_origin]}" -v c="${shell[registry_permit_by_host_region]}" -v d="${shell[registry_registered]}" 'BEGIN { print a + b + c + d }')
      printf "%-34s %11s %11s %9s\n" "all four (migstat: one pass)" "$seconds" "$total" "$(ratio "$seconds" "$total")"
    else
      printf "%-34s %11s %11s %9s\n" "$exhibit" "$seconds" "${shell[$exhibit]}" "$(ratio "$seconds" "${shell[$exhibit]}")"
    fi
  done < "$work/exhibits"
  unset shell
  rm -rf "$work/out" "$work"/out.* "$delivery"
done
done
if [ "${STORE:-}" = postgresql ]; then scripts/bench-postgres.sh "${sizes[@]}"; fi   # STORE=postgresql: also the PostgreSQL store (scripts/bench-postgres.sh)
