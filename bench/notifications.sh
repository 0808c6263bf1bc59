#!/usr/bin/env bash
# Commit-to-notification latency (issue 18): bookings at a constant rate (default 100/s) spread
# over 10 locations and 50 practitioners, with 50 FHIR subscriptions (every appointment change at
# one location each; half id-only, half full-resource) delivered to a local receiver, and 200 desk
# feed (SSE) connections open on the same locations. Reports p50/p99 from the change's timestamp
# to its arrival, for notifications and for desk events, gaps and duplicates in the event numbers,
# app and PostgreSQL CPU per booking, and pgbench's single-row INSERT rate on the same server (the
# ratio). Appends to bench/RESULTS.md; never fails on speed.
#
# Needs: PostgreSQL server binaries (pgbench, psql), openssl, a JDK, python3.
# Usage: bench/notifications.sh [rate] [seconds] [subscriptions] [sse] [warm-up seconds]
#        (defaults 100 60 50 200 30: the same load runs the warm-up first, measured after)
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-100}
SECONDS_RUN=${2:-60}
SUBS=${3:-50}
SSE=${4:-200}
WARMUP=${5:-30}
source bench/lib.sh
# reminders are not what is measured here: their planner re-reads every upcoming visit each run,
# and the bench books thousands for one patient
export RECEPTION_REMINDERS_ENABLED=false
start_postgres
start_app

ADMIN=$(token admin "" bench-admin)
DESK=$(token front-desk "" bench-desk)
EHR=$(token ehr-system "system/Subscription.cruds system/Appointment.rs" bench-ehr)
TYPE=$(post /api/v1/visit-types '{"code":"N5","name":"Five minutes","durationMinutes":5,"bufferBeforeMinutes":0,"bufferAfterMinutes":0}' "$ADMIN")
PATIENT=$(post /api/v1/patients '{"names":[{"family":"Notify","given":["Bench"]}],"gender":"female","birthDate":"1980-01-01"}' "$DESK")
LOCATIONS=()
for l in $(seq 1 10); do
  LOCATIONS+=("$(post /api/v1/locations "{\"name\":\"Bench clinic $l\",\"timeZone\":\"UTC\"}" "$ADMIN")")
done
# 50 practitioners with valid NPIs (Luhn over the 80840 prefix), 5 per location, open every day
PAIRS=()
n=0
for base in $(seq 123400000 123400049); do
  loc=${LOCATIONS[$((n % 10))]}
  id=$(post /api/v1/practitioners "{\"npi\":\"$(npi "$base")\",\"family\":\"Bench$n\"}" "$ADMIN")
  open_every_day "$id" "$loc" "$ADMIN"
  PAIRS+=("$loc:$id")
  n=$((n + 1))
done
FIRST_DAY=$(date -u -d "+2 days" +%F)

if [ -z "${SKIP_PGBENCH:-}" ]; then # set it for a quick look: the ratio is then not given
  echo "== pgbench single-row INSERT (the ruler's pgbench-insert.sh) on the same server"
  PGHOST=127.0.0.1 PGPORT=$PGPORT PGUSER=postgres PGPASSWORD=unused TMPDIR=$WORK \
    bench/ruler/pgbench-insert.sh 16 2 20 2 | tee "$OUT/pgbench-notifications.txt"
  PGBENCH=$(awk '/^durable median tps/{print $5}' "$OUT/pgbench-notifications.txt")
else
  PGBENCH=0
fi


echo "== $RATE bookings/s for ${WARMUP}s of warm-up then ${SECONDS_RUN}s measured, $SUBS subscriptions, $SSE desk feed connections"
TIMEFORMAT='%U %S'
{ time java bench/java/org/frontdesk/reception/notifications/NotifyBench.java base="$BASE" ehrToken="$EHR" deskToken="$DESK" \
  locations="$(IFS=,; echo "${LOCATIONS[*]}")" practitioners="$(IFS=,; echo "${PAIRS[*]}")" patient="$PATIENT" \
  type="$TYPE" firstDay="$FIRST_DAY" port=18099 subscriptions="$SUBS" sse="$SSE" rate="$RATE" seconds="$SECONDS_RUN" \
  content=mixed appPid="$APP_PID" warmup="$WARMUP" > "$OUT/notifications.txt"; } 2> "$OUT/notify-client-time.txt"
cat "$OUT/notifications.txt"
CLIENT_CPU_S=$(awk '{printf "%.0f", $1 + $2}' "$OUT/notify-client-time.txt")
echo "load generator and receivers (one JVM on the same box): ${CLIENT_CPU_S} s CPU" | tee -a "$OUT/notifications.txt"
RSS_MB=$(awk '/VmRSS/{printf "%.0f", $2 / 1024}' "/proc/$APP_PID/status")
UNPUBLISHED=$(sql "select count(*) from change_event where position is null")
UNDELIVERED=$(sql "select coalesce(sum(events_count - delivered_through), 0) from subscription")
ERRORS=$(sql "select count(*) from subscription where status <> 'active'")

python3 - "$OUT/notifications.txt" "$PGBENCH" "$RATE" "$SECONDS_RUN" "$SUBS" "$SSE" \
  "$RSS_MB" "$UNPUBLISHED" "$UNDELIVERED" "$ERRORS" <<'PY' | tee "$OUT/notifications-table.md"
import re, sys
text = open(sys.argv[1]).read()
pgb, rate, secs, subs, sse, rss, unpub, undeliv, errors = sys.argv[2:]
pgb = float(pgb) or float('nan')
def kv(prefix):
    line = [l for l in text.splitlines() if l.startswith(prefix)][0]
    return dict(re.findall(r'(\w+)=(-?\d+)', line))
b, n, d = kv('bookings'), kv('notifications'), kv('desk')
print('| load | of pgbench | notifications p50 / p99 / max (ms) | events delivered | gaps / duplicates | desk events | desk p50 / p99 / max (ms) | bookings ok / failed, p99 ms (measured part) | app CPU ms/booking | PostgreSQL CPU ms/booking | RSS MB | left unpublished / undelivered / subscriptions not active |')
print('|---|---|---|---|---|---|---|---|---|---|---|---|')
print('| %s bookings/s x %ss, %s subscriptions, %s SSE | %.2f %% | %s / %s / %s | %s | %s / %s | %s | %s / %s / %s | %s / %s, %s | %.1f | %.1f | %s | %s / %s / %s |' % (
    rate, secs, subs, sse, 100 * float(rate) / pgb, n['p50_ms'], n['p99_ms'], n['max_ms'], n['events'], n['gaps'],
    n['duplicates'], d['events'], d['p50_ms'], d['p99_ms'], d['max_ms'], b['ok'], b['failed'], b['booking_p99_ms'],
    int(b['app_cpu_us']) / 1000, int(b['pg_cpu_us']) / 1000, rss, unpub, undeliv, errors))
print()
print('pgbench single-row durable INSERT on the same server: %.0f/s' % pgb)
client = [l for l in text.splitlines() if l.startswith('load generator')]
if client:
    print(client[0])
PY

{
  echo
  echo "## Notifications: commit to notification ($(date -u +%F), bench/notifications.sh $RATE $SECONDS_RUN $SUBS $SSE)"
  echo
  cat "$OUT/notifications-table.md"
} >> "${RESULTS:-bench/RESULTS.md}"
echo "== appended to ${RESULTS:-bench/RESULTS.md}"
