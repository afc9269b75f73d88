#!/usr/bin/env bash
# PostgreSQL store at scale: starts a throwaway PostgreSQL cluster (Debian's postgresql package; as the
# postgres user when run as root; Unix socket only; settings for a bulk-loading server, below, fsync on), makes
# a raw directory as scripts/bench-registry.sh does (the study's own extracts + one generated registry delivery
# of N rows, `migstat generate registry --rows N --seed 1 [--shuffle]`), and for each N (default 1 000 000 and
# 5 000 000), REPEAT times (default 3), interleaved:
#   - psql's \copy of the same CSV file into a table of text columns indexed by record_id (the baseline: no
#     cleaning, no upsert). The delivery is generated with --bad-share 0: COPY stops at the first malformed
#     row (PostgreSQL 15 has no ON_ERROR). Its 8 % repeated keys stay (a version is not a duplicate), so the
#     index is not UNIQUE, as a PRIMARY KEY would refuse the file; with REPEATS=0 (--repeat-share 0) every key
#     is new and the baseline table has a PRIMARY KEY on record_id,
#   - `migstat run --store postgresql://… --store-schema bench` into an empty schema and a fresh output (the
#     whole run: study + registry load + exhibits by SQL in the server + every output file), under GNU time,
#   - the same run again with nothing new (must print "up to date" and write no row in the database),
#   - a run with a second, small delivery (SMALL rows, default 10 000; its repeats hit the first's records).
# Prints the median wall time of each (with the range over the runs), rows/s, migstat's peak RSS, the ratio of
# the whole run to the \copy, the run's registry load and exhibits (manifest timings) and, from `-v`, each
# delivery's log line. Statements over a second are logged by the server ($work/server.log, printed at the end).
#
#   scripts/bench-postgres.sh                     # 1M and 5M rows, keys in random order
#   scripts/bench-postgres.sh 200000              # other sizes
#   REPEAT=5 ORDERS="ascending random" SMALL=50000 scripts/bench-postgres.sh 1000000
#   REPEATS=0 scripts/bench-postgres.sh 1000000   # no repeated keys: \copy into a PRIMARY KEY table
#   FSYNC=off scripts/bench-postgres.sh 1000000   # fsync off: NOT durable, for comparison only (labelled)
#   STORE_ALONE=1 scripts/bench-postgres.sh       # also postgres-bench: PostgresDeliveryStore alone, rows from memory
#   EXHIBITS=1 scripts/bench-postgres.sh 1000000  # also the registry exhibits' statements (from the server's log of
#                                                 # one more run) timed under work_mem 4MB, 64MB, 256MB, with plans
#   BENCH_DIR=/big/disk scripts/bench-postgres.sh
#   DEFAULTS=1 SMALL=1000000 scripts/bench-postgres.sh 1000000   # the server's default configuration, and a
#                                                 # second delivery as large as the first (into a non-empty table)
#   MIGSTAT=/path/to/migstat scripts/bench-postgres.sh   # that binary, no build
#   BASELINE=/work/main/.build/release/migstat scripts/bench-postgres.sh   # also that binary, interleaved in each round
#                                                 # (its lines labelled "baseline"; which goes first alternates), into a
#                                                 # schema of its own; their outputs must be the same
#
# Needs GNU time (apt-get install time) and postgresql (initdb, pg_ctl, psql).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000000 5000000)
repeat=${REPEAT:-3}
read -r -a orders <<<"${ORDERS:-random}"
small=${SMALL:-10000}
repeats=${REPEATS:-0.08}
index="CREATE INDEX ON copy_baseline (record_id)"
awk -v r="$repeats" 'BEGIN { exit !(r == 0) }' && index="ALTER TABLE copy_baseline ADD PRIMARY KEY (record_id)"
fsync=${FSYNC:-on}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "bench-postgres: PostgreSQL is missing (apt-get install postgresql libpq-dev)" >&2; exit 64; }
[ -x /usr/bin/time ] || { echo "bench-postgres: GNU time is missing (apt-get install time)" >&2; exit 64; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

work=$(mktemp -d "${BENCH_DIR:-/tmp}/migstat-pgbench.XXXXXX")
[ "$(id -u)" = 0 ] && chown postgres: "$work"
cleanup() { as_postgres "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

if [ -n "${MIGSTAT:-}" ]; then migstat=$MIGSTAT; else   # MIGSTAT=<a built binary>: no build
  echo "building migstat (release) ..." >&2
  swift build -c release --product migstat >/dev/null
  migstat="$repo/.build/release/migstat"
fi

# A bulk-loading server: shared_buffers large enough for the table's hot index pages; max_wal_size and
# checkpoint_timeout raised so that no checkpoint (and its full-page writes) falls inside a load; fsync and
# synchronous_commit on (the honest figure: one commit per delivery, so synchronous_commit barely matters).
# migstat's session sets temp_buffers and the upsert's work_mem to 256MB itself (PostgresDeliveryStore).
as_postgres "$bin/initdb" -D "$work/data" -U postgres --auth=trust --no-locale --encoding=UTF8 >/dev/null
cat >>"$work/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$work'
log_min_duration_statement = 1000
EOF
# DEFAULTS=1: the server's default configuration (what a DBA has not tuned), fsync on.
[ -n "${DEFAULTS:-}" ] || cat >>"$work/data/postgresql.conf" <<EOF
shared_buffers = 1GB
work_mem = 64MB
maintenance_work_mem = 512MB
wal_buffers = 64MB
max_wal_size = 16GB
checkpoint_timeout = 30min
fsync = $fsync
synchronous_commit = on
EOF
as_postgres "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w start >/dev/null
conninfo="host=$work dbname=postgres user=postgres"
url="postgresql:///postgres?host=$work&user=postgres"
pg() { psql "$conninfo" -qAtX -v ON_ERROR_STOP=1 "$@"; }
settings="shared_buffers work_mem maintenance_work_mem temp_buffers wal_level wal_buffers wal_compression max_wal_size checkpoint_timeout fsync synchronous_commit full_page_writes"
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem/ {print $2}') GB, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}'): $(for s in $settings; do printf '%s=%s ' "$s" "$(pg -c "SHOW $s")"; done)"
[ "$fsync" = on ] || echo "*** fsync=$fsync: NOT durable, a comparison only ***"

if [ -n "${STORE_ALONE:-}" ]; then
  swift build -c release --product postgres-bench >/dev/null
  .build/release/postgres-bench "$conninfo" "${sizes[0]}" "$work/alone.csv" alone
  pg -c "DROP SCHEMA alone CASCADE"; rm -f "$work/alone.csv"
fi

# A raw directory with the study's own extracts and the generated delivery as its only registry file.
mkdir -p "$work/raw/registry"
for d in raw/*/; do
  name=$(basename "$d")
  [ "$name" = registry ] || cp -R "$repo/raw/$name" "$work/raw/$name"   # copied: migstat follows no link out of raw/
done

# Runs a command under GNU time; prints "seconds peak_kb cpu_seconds", keeps its stdout and stderr in $work.
measure() {
  /usr/bin/time -o "$work/time" -f "%e %M %U %S" "$@" >"$work/stdout" 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$work/time"
}
# The binary under test ($migstat, schema bench) or, with BASELINE, the other one (schema baseline).
binary=$migstat; schema=bench
run() { measure "$binary" run -v --no-verify --raw "$work/raw" --out "$work/out" --store "$url" --store-schema "$schema"; }
# Rows inserted, updated or deleted in the schema so far (the statistics of ended sessions).
written() { pg -c "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables WHERE schemaname = '$schema'"; }
timing() { python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['timings'].get(sys.argv[2], 0), 2))" "$work/out/manifest.json" "$1"; }

row() { printf "%-44s %9s %14s %10s %9s %9s\n" "$@"; }
rate() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b > 0 ? a / b : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
spread() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }
largest() { tr ' ' '\n' <<<"$1" | grep . | sort -g | tail -1; }

# The exhibits' statements as migstat sends them (logged by the server during one more full run), each run
# under several work_mem settings over the loaded table: total time, and what each plan did with its memory.
exhibits() {
  local from; from=$(stat -c %s "$work/server.log")
  pg -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
  rm -rf "$work"/out "$work"/out.*; run >/dev/null
  pg -c "ALTER SYSTEM RESET log_statement" -c "SELECT pg_reload_conf()" >/dev/null
  tail -c +"$((from + 1))" "$work/server.log" | grep -oP '(statement|execute <unnamed>): \K(SELECT|WITH) .*stg_registry_records.*' | grep -v 'NOT EXISTS' >"$work/exhibits.sql" || true
  echo "registry exhibits: $(wc -l <"$work/exhibits.sql") statements over bench.stg_registry_records ($(pg -c "SELECT count(*) FROM bench.stg_registry_records") rows)"
  for mem in 4MB 64MB 256MB; do
    { echo "SET search_path = bench; SET work_mem = '$mem'; \\timing on"; sed 's/$/;/' "$work/exhibits.sql"; } \
      | psql "$conninfo" -qAtX -o /dev/null 2>&1 | awk -v m="$mem" '/^Time:/ { t += $2; n++ } END { printf "  work_mem=%-6s %d statements in %.2f s\n", m, n, t / 1000 }'
  done
  for mem in 4MB 256MB; do
    echo "  plans at work_mem=$mem (aggregate and sort nodes; temporary files written):"
    while read -r sql; do
      psql "$conninfo" -qAtX -c "SET search_path = bench" -c "SET work_mem = '$mem'" -c "EXPLAIN (ANALYZE, BUFFERS) $sql" \
        | grep -E 'Aggregate|Sort|Batches|Seq Scan|Index|temp (read|written)|Execution Time' | sed 's/^ */    /' | cut -c1-150
      echo "    --"
    done <"$work/exhibits.sql"
  done
}

for rows in "${sizes[@]}"; do
for order in "${orders[@]}"; do
  delivery="$work/raw/registry/registry_20140101.csv"
  shuffle=""; [ "$order" = random ] && shuffle="--shuffle"
  "$migstat" generate registry --force --rows "$rows" --seed 1 $shuffle --bad-share 0 --repeat-share "$repeats" --out "$delivery" >/dev/null
  "$migstat" generate registry --force --rows "$small" --seed 2 --first-id $((rows + 1)) --out "$work/small.csv" >/dev/null
  columns=$(head -1 "$delivery" | tr -d '\r' | tr ',' '\n' | sed 's/^"//; s/"$//; s/.*/"&" text/' | paste -sd, -)
  sync; cat "$delivery" >/dev/null   # every tool starts from the page cache
  echo
  echo "== $rows rows ($repeats repeating an earlier key), keys in $order order, $(awk -v b="$(stat -c %s "$delivery")" 'BEGIN { printf "%.1f", b / 1e6 }') MB; a second delivery of $small rows =="
  row "" "wall s" "range" "rows/s" "peak MB" "vs \\copy"

  declare -A wall peak
  labels=(""); [ -n "${BASELINE:-}" ] && labels=(baseline "")
  keys="copy"; for l in "${labels[@]}"; do for k in run load exhibits again more moreload moreexhibits morestore moreplan morerender morecpu; do keys+=" $l$k"; done; done
  for k in $keys; do wall[$k]=""; peak[$k]=""; done
  for r in $(seq "$repeat"); do
    pg -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS copy_baseline" -c "CREATE TABLE copy_baseline ($columns)" -c "$index"
    read -r t _ < <(measure psql "$conninfo" -qX -v ON_ERROR_STOP=1 -c "\\copy copy_baseline FROM '$delivery' WITH (FORMAT csv, HEADER true)")
    wall[copy]+=" $t"
    pg -c "DROP TABLE copy_baseline"

    # Alternately first: each binary starts from an empty database and a checkpoint (none owed to the other's writes).
    order=("${labels[@]}"); [ $((r % 2)) = 0 ] && [ ${#labels[@]} = 2 ] && order=("${labels[1]}" "${labels[0]}")
    for l in "${order[@]}"; do
    if [ "$l" = baseline ]; then binary=$BASELINE; schema=baseline; else binary=$migstat; schema=bench; fi
    pg -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS bench CASCADE" -c "DROP SCHEMA IF EXISTS baseline CASCADE" -c "CHECKPOINT"
    rm -rf "$work"/out "$work"/out.*
    read -r t kb _ < <(run)
    wall[${l}run]+=" $t"; peak[${l}run]+=" $kb"
    wall[${l}load]+=" $(timing registry_load)"; wall[${l}exhibits]+=" $(timing registry_exhibits)"
    grep -h 'registry_20140101.csv: .*rows read' "$work/stderr" | sed 's/^/  '"${l:-run}"' '"$r"': /' >>"$work/loadlog"

    before=$(written)
    read -r t kb _ < <(run)
    grep -q "up to date" "$work/stdout" || { echo "bench-postgres: the second run was not up to date:" >&2; cat "$work/stdout" "$work/stderr" >&2; exit 1; }
    after=$(written)
    [ "$after" = "$before" ] || { echo "bench-postgres: the run with nothing new wrote $((after - before)) rows" >&2; exit 1; }
    wall[${l}again]+=" $t"; peak[${l}again]+=" $kb"

    cp "$work/small.csv" "$work/raw/registry/registry_20140201.csv"
    read -r t kb cpu < <(run)
    grep -h 'registry_20140201.csv: .*rows read' "$work/stderr" | sed 's/^/  '"${l:-run}"' '"$r"', second delivery: /' >>"$work/loadlog"
    rm "$work/raw/registry/registry_20140201.csv"
    wall[${l}more]+=" $t"; peak[${l}more]+=" $kb"; wall[${l}morecpu]+=" $cpu"
    for k in load:registry_load exhibits:registry_exhibits store:store plan:plan render:render; do wall[${l}more${k%%:*}]+=" $(timing "${k#*:}")"; done
    # The same deliveries: the same outputs, but for the manifest.
    if [ -d "$work/kept" ]; then
      diff -rq "$work/kept" "$work/out" | grep -v 'manifest.json\|migration.sqlite' && { echo "bench-postgres: outputs differ between the binaries" >&2; exit 1; }
      rm -rf "$work/kept"
    elif [ ${#labels[@]} = 2 ]; then cp -R "$work/out" "$work/kept"; fi
    done
    echo "  round $r done, load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$work/loadlog"
  done
  copy=$(median "${wall[copy]}")
  line() {   # label, key, rows
    local m; m=$(median "${wall[$2]}")
    local mb=""; [ -n "${peak[$2]}" ] && mb=$(( $(largest "${peak[$2]}") / 1024 ))
    row "$1" "$m" "($(spread "${wall[$2]}"))" "$(rate "$3" "$m")" "$mb" "$(ratio "$m" "$copy")"
  }
  line "psql \\copy, table indexed by record_id" copy "$rows"
  echo "  (baseline: $index)"
  for l in "${labels[@]}"; do
  [ -n "$l" ] && echo "-- $l: $BASELINE" || echo "-- $migstat"
  line "migstat run --store, whole (empty schema)" ${l}run "$rows"
  line "  of which the registry load" ${l}load "$rows"
  line "  of which the registry exhibits" ${l}exhibits "$rows"
  line "migstat run again, nothing new" ${l}again "$rows"
  line "migstat run, a second delivery" ${l}more "$small"
  line "  of which the registry load" ${l}moreload "$small"
  line "  of which the registry exhibits" ${l}moreexhibits "$small"
  line "  of which store (run tables, checksums)" ${l}morestore "$small"
  line "  of which plan (checksums checked)" ${l}moreplan "$small"
  line "  of which render" ${l}morerender "$small"
  line "  migstat's CPU (user + system)" ${l}morecpu "$small"
  done
  cat "$work/loadlog"; rm -f "$work/loadlog"
  unset wall peak
  [ -n "${EXHIBITS:-}" ] && exhibits
  pg -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS bench CASCADE" -c "DROP SCHEMA IF EXISTS baseline CASCADE"
  rm -rf "$work"/out "$work"/out.* "$delivery" "$work/small.csv"
done
done
echo
echo "statements over 1 s (server log):"
grep -oE 'duration: [0-9.]+ ms  (statement|execute [^:]*): .{0,100}' "$work/server.log" | grep -v 'copy_baseline\|DROP SCHEMA' | sed 's/^/  /' | tail -60 || true
