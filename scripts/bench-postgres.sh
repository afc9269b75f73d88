#!/usr/bin/env bash
# PostgreSQL store at scale: starts a throwaway PostgreSQL cluster (Debian's postgresql package; as the
# postgres user when run as root; Unix socket only, initdb's default settings, fsync on), then for N rows
# (default 1 000 000):
#   - postgres-bench: PostgresDeliveryStore loading N generated rows as one delivery (COPY into the staging
#     table, the one DISTINCT ON + ON CONFLICT upsert by UpsertRule, commit), into an empty table and again
#     over it (every row then replaces the stored one);
#   - psql's \copy of the same rows, as CSV, into a table keyed by record_id (no cleaning, no upsert).
# Prints wall time and rows/s of each and the ratio. The cluster and the files are removed at the end.
#
#   scripts/bench-postgres.sh            # 1M rows
#   scripts/bench-postgres.sh 5000000
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "bench-postgres: PostgreSQL is missing (apt-get install postgresql libpq-dev)" >&2; exit 64; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

work=$(mktemp -d /tmp/migstat-pgbench.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres: "$work"
cleanup() { as_postgres "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

echo "building postgres-bench (release) ..." >&2
swift build -c release --product postgres-bench >/dev/null
as_postgres "$bin/initdb" -D "$work/data" -U postgres --auth=trust --no-locale --encoding=UTF8 >/dev/null
printf "listen_addresses = ''\nunix_socket_directories = '%s'\n" "$work" >>"$work/data/postgresql.conf"
as_postgres "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w start >/dev/null
conninfo="host=$work dbname=postgres user=postgres"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}'), $(psql "$conninfo" -Atc "SELECT 'shared_buffers=' || current_setting('shared_buffers') || ', work_mem=' || current_setting('work_mem') || ', fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', max_wal_size=' || current_setting('max_wal_size')")"

csv="$work/rows.csv"
.build/release/postgres-bench "$conninfo" "$rows" "$csv"

psql "$conninfo" -q -c "CREATE TABLE copy_baseline (record_id text PRIMARY KEY, person_id text, citizenship text, sex text, birth_date text,
  host_region text, arrival_date text, purpose text, status text, updated_at text)"
start=$(date +%s.%N)
psql "$conninfo" -q -c "\\copy copy_baseline FROM '$csv' WITH (FORMAT csv, HEADER true)"
end=$(date +%s.%N)
awk -v n="$rows" -v a="$start" -v b="$end" 'BEGIN { s = b - a; printf "psql \\copy into a table keyed by record_id: %d rows in %.2f s (%.0f rows/s)\n", n, s, n / s }'
