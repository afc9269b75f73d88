#!/bin/sh
# One scheduled `migstat run`, for cron (README, "Running on a schedule"):
#   30 2 * * *  migstat /srv/migstat/deploy/migstat-cron.sh
# - the log gets migstat's JSON lines only (one object per line, run_finished last), appended;
# - the run is bounded by `timeout` (SIGTERM, which migstat handles cleanly; SIGKILL 5 minutes later);
# - exit 75 (another run holds the lock) is quiet, unless the lock's holder started longer ago than
#   MIGSTAT_LOCK_MAX_AGE: then a run outlived the night, and that alerts;
# - any other failure alerts, naming the exit status and its meaning, and the log (which exists: its
#   directory is made if missing; one that cannot be made alerts and exits 73, EX_CANTCREAT).
# Installing it, the user and the directories: docs/deploying.md.
# Settings come from the environment (cron: set them in the crontab, or edit the defaults here).
MIGSTAT=${MIGSTAT:-/opt/migstat/migstat}                 # the built binary (swift build -c release)
MIGSTAT_DIR=${MIGSTAT_DIR:-/srv/migstat}                # pipeline.json, raw/ and study/ (read only)
MIGSTAT_OUT=${MIGSTAT_OUT:-/var/lib/migstat/output}     # outside the checkout; the lock is $MIGSTAT_OUT.lock
MIGSTAT_LOG=${MIGSTAT_LOG:-/var/log/migstat/migstat.jsonl}
MIGSTAT_TIMEOUT=${MIGSTAT_TIMEOUT:-4h}
MIGSTAT_LOCK_MAX_AGE=${MIGSTAT_LOCK_MAX_AGE:-43200}      # seconds (12 h): a lock held longer outlived a night
MIGSTAT_ALERT=${MIGSTAT_ALERT:-logger -t migstat -p user.err}   # gets the alert as its last argument

# What the run writes is this user's and group's only (the confidential files never have "other" bits anyway).
umask 027

alert() {
    $MIGSTAT_ALERT "$1"
}

if [ ! -x "$MIGSTAT" ]; then
    alert "migstat: $MIGSTAT is not an executable; nothing was run"
    exit 1
fi
cd "$MIGSTAT_DIR" || { alert "migstat: cannot enter $MIGSTAT_DIR"; exit 1; }

# The log's and the output's directories are made if missing (this user's and group's only), so that the log
# every alert names exists; one that cannot be made alerts, naming it, and nothing is run.
for dir in "$(dirname "$MIGSTAT_LOG")" "$(dirname "$MIGSTAT_OUT")"; do
    if ! mkdir -p -m 0750 "$dir" 2>/dev/null || [ ! -w "$dir" ]; then
        alert "migstat: cannot create or write the directory $dir (docs/deploying.md); nothing was run"
        exit 73
    fi
done

timeout --kill-after=5m "$MIGSTAT_TIMEOUT" "$MIGSTAT" run --log-format json --out "$MIGSTAT_OUT" "$@" >>"$MIGSTAT_LOG" 2>&1
status=$?

case $status in
    0) ;;
    75)
        # Locked. The lock file holds migstat's first line, then "PID START" while a run holds it.
        lock="$MIGSTAT_OUT.lock"
        holder=$(sed -n 2p "$lock" 2>/dev/null)
        started=${holder#* }
        since=$(date -d "$started" +%s 2>/dev/null) || since=
        if [ -n "$since" ] && [ $(( $(date +%s) - since )) -gt "$MIGSTAT_LOCK_MAX_AGE" ]; then
            alert "migstat: $lock is held by pid ${holder%% *} since $started: a run outlived the night (exit 75, nothing done)"
            exit 75
        fi
        status=0 ;;   # an ordinary overlap: the next run catches up
    124|137) alert "migstat: the run took longer than $MIGSTAT_TIMEOUT and was stopped (exit $status); the previous output is left" ;;
    3) alert "migstat: verification found published numbers that differ (exit 3; output written); see $MIGSTAT_LOG" ;;
    65) alert "migstat: a source lost more rows to the quarantine than its max_quarantined allows (exit 65; previous output left); see $MIGSTAT_LOG" ;;
    64) alert "migstat: configuration or usage error (exit 64); see $MIGSTAT_LOG" ;;
    *) alert "migstat: the run failed with exit $status; see $MIGSTAT_LOG" ;;
esac
exit $status
