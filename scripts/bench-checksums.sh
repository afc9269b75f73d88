#!/usr/bin/env bash
# What the PostgreSQL store's checksums cost (issue 19 #3): a throwaway cluster with bench-postgres.sh's
# settings, a table of stg_registry_records' shape filled by \copy from `migstat generate registry --rows N`
# (plus row_version, delivery_id, source_line), and REPEAT times (default 3), alternated, each checksum a run
# computes per table before building on the store and after writing it:
#   sum:  SELECT count(*), sum(hashtextextended(t::text, 0)) FROM t        (what migstat uses: one scan, no sort)
#   md5:  SELECT md5(string_agg(t::text, E'\n' ORDER BY record_id)) FROM t (the ordered alternative)
# Prints each time in seconds and the table's size.
#
#   scripts/bench-checksums.sh                 # 1M and 5M rows
#   MIGSTAT=.build/release/migstat scripts/bench-checksums.sh 200000
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000000 5000000)
repeat=${REPEAT:-3}
migstat=${MIGSTAT:-}
for built in .build/release/migstat .build/debug/migstat; do [ -z "$migstat" ] && [ -x "$built" ] && migstat=$built; done
[ -n "$migstat" ] || { echo "bench-checksums: build migstat first (swift build -c release --product migstat)" >&2; exit 64; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "bench-checksums: PostgreSQL is missing (apt-get install postgresql)" >&2; exit 64; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
work=$(mktemp -d "${BENCH_DIR:-/tmp}/migstat-checksums.XXXXXX")
[ "$(id -u)" = 0 ] && chown postgres: "$work"
cleanup() { as_postgres "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
as_postgres "$bin/initdb" -D "$work/data" -U postgres --auth=trust --no-locale --encoding=UTF8 >/dev/null
# bench-postgres.sh's memory settings, given on the command line: the socket only, no TCP.
as_postgres "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-c listen_addresses='' -k $work -c shared_buffers=1GB -c work_mem=64MB -c max_wal_size=16GB" start >/dev/null
export PGOPTIONS="-c client_min_messages=warning"
pg() { psql "host=$work dbname=postgres user=postgres" -qAtX -v ON_ERROR_STOP=1 "$@"; }
# Seconds the server takes for a statement (psql's \timing, without the connection); a failure (md5's
# string_agg meets PostgreSQL's 1 GB limit of a value) is printed instead.
seconds() {
  local out
  out=$(pg -c '\timing on' -c "$1" 2>"$work/error") || { echo "failed ($(head -c 120 "$work/error" | tr '\n' ' '))"; return; }
  echo "$out" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1 | awk '{ printf "%.2f", $1 / 1000 }'
}
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); PostgreSQL $(pg -c 'SHOW server_version')"
for n in "${sizes[@]}"; do
  "$migstat" generate registry --rows "$n" --seed 1 --shuffle --bad-share 0 --out "$work/registry_20150101.csv" >/dev/null
  chmod a+r "$work/registry_20150101.csv"
  cols="record_id text, person_id text, citizenship text, sex text, birth_date text, origin_region text, host_region text, entry_date text,
        registration_date text, purpose text, permit text, employer_name text, status text, updated_at text"
  pg -c "DROP TABLE IF EXISTS staged, t; CREATE UNLOGGED TABLE staged ($cols)"
  pg -c "\\copy staged FROM '$work/registry_20150101.csv' WITH (FORMAT csv, HEADER true)"
  pg -c "CREATE TABLE t ($cols, row_version bigint NOT NULL, delivery_id bigint NOT NULL, source_line bigint NOT NULL, PRIMARY KEY (record_id));
         INSERT INTO t SELECT DISTINCT ON (record_id) *, 0, 1, 0 FROM staged ORDER BY record_id; DROP TABLE staged"
  pg -c "VACUUM ANALYZE t"
  echo "$n rows generated, $(pg -c 'SELECT count(*) FROM t') keys, table $(pg -c "SELECT pg_size_pretty(pg_table_size('t'))")"
  for i in $(seq "$repeat"); do
    echo "  sum $(seconds "SELECT count(*), sum(hashtextextended(t::text, 0)) FROM t") s   md5 $(seconds "SELECT md5(string_agg(t::text, E'\n' ORDER BY record_id)) FROM t") s"
  done
done
