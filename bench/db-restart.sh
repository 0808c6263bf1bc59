#!/usr/bin/env bash
# The database restarts under load: 16 clients register patients and book distinct slots while
# PostgreSQL is restarted (pg_ctl restart -m fast) mid-run. Counts every answer: a 503 with
# Retry-After is allowed while the database is away, a 500 is not. Afterwards it checks that
# the app recovered without a restart of its own, that every write it acknowledged is in the
# database, and that nothing was half-written. Appends to bench/RESULTS.md; never fails on speed.
#
# Needs: PostgreSQL server binaries, openssl, a JDK, python3.
# Usage: bench/db-restart.sh [seconds-before-restart] [seconds-after-restart]   (defaults 20 and 30)
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=${1:-20}
AFTER=${2:-30}
source bench/lib.sh
start_postgres
start_app
ADMIN=$(token admin "" bench-admin)
export TOKEN=$(token front-desk "" bench-desk)
export LOCATION=$(post /api/v1/locations '{"name":"Bench clinic","timeZone":"UTC"}' "$ADMIN")
export TYPE=$(post /api/v1/visit-types '{"code":"B5","name":"Five minutes","durationMinutes":5,"bufferBeforeMinutes":0,"bufferAfterMinutes":0}' "$ADMIN")
export PRACTITIONER=$(post /api/v1/practitioners '{"npi":"1234567893","family":"Bench"}' "$ADMIN")
for d in 1 2 3 4 5 6 7; do
  post "/api/v1/practitioners/$PRACTITIONER/availability" \
    "{\"locationId\":\"$LOCATION\",\"dayOfWeek\":$d,\"startTime\":\"00:00\",\"endTime\":\"23:55\",\"validFrom\":\"2020-01-01\"}" "$ADMIN" >/dev/null
done
export PATIENT=$(post /api/v1/patients '{"names":[{"family":"Booker","given":["Bench"]}],"gender":"female","birthDate":"1980-01-01"}' "$TOKEN")
export BASE BEFORE AFTER OUT

echo "== load for ${BEFORE}s, restart PostgreSQL, load for ${AFTER}s more"
( sleep "$BEFORE"; echo "== restarting PostgreSQL"; date +%s.%N > "$WORK/restart-began"
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -m fast -w restart \
    -o "-p $PGPORT -k $WORK -c max_connections=100 ${PG_OPTS:-}" -l "$WORK/pg.log" >/dev/null
  date +%s.%N > "$WORK/restart-ended" ) &
RESTARTER=$!
WORK=$WORK python3 - <<'PY'
import json, os, threading, time, urllib.request, urllib.error, uuid, datetime
base, token = os.environ["BASE"], os.environ["TOKEN"]
stop_at = time.time() + int(os.environ["BEFORE"]) + int(os.environ["AFTER"])
lock = threading.Lock()
answers = []        # (time, kind, status, retry_after)
created = []        # (kind, id) acknowledged with 2xx
slot = [0]
first_day = datetime.datetime.now(datetime.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
def call(path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST", headers={
        "Content-Type": "application/json", "Authorization": "Bearer " + token, "Idempotency-Key": str(uuid.uuid4())})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Retry-After"), json.load(r).get("id")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Retry-After"), None
    except Exception:
        return 0, None, None          # the connection itself failed: counted, never hidden
def worker(n):
    i = 0
    while time.time() < stop_at:
        i += 1
        if (i + n) % 2:
            kind = "patient"
            status, retry, rid = call("/api/v1/patients?confirmedNotDuplicate=true", {
                "names": [{"family": "Restart%d" % n, "given": ["G%d" % i]}], "gender": "other", "birthDate": "1970-01-01"})
        else:
            kind = "appointment"
            with lock:
                k = slot[0]; slot[0] += 1
            start = first_day + datetime.timedelta(days=k // 287, minutes=5 * (k % 287))  # 00:00 to 23:50: the last visit ends at 23:55
            status, retry, rid = call("/api/v1/appointments", {
                "patientId": os.environ["PATIENT"], "practitionerId": os.environ["PRACTITIONER"],
                "locationId": os.environ["LOCATION"], "visitTypeId": os.environ["TYPE"],
                "start": start.strftime("%Y-%m-%dT%H:%M:00Z")})
        with lock:
            answers.append((time.time(), kind, status, retry))
            if 200 <= status < 300 and rid:
                created.append((kind, rid))
threads = [threading.Thread(target=worker, args=(n,)) for n in range(16)]
for t in threads: t.start()
for t in threads: t.join()
began = float(open(os.environ["WORK"] + "/restart-began").read())
ended = float(open(os.environ["WORK"] + "/restart-ended").read())
by = {}
for _, _, s, _ in answers: by[s] = by.get(s, 0) + 1
unavailable = [a for a in answers if a[2] == 503]
last_bad = max([a[0] for a in answers if a[2] >= 500 or a[2] == 0], default=began)
ok_after = [a for a in answers if a[0] > last_bad and 200 <= a[2] < 300]
summary = {
    "answers": len(answers), "statuses": {str(k): v for k, v in sorted(by.items())},
    "http500": sum(1 for a in answers if a[2] >= 500 and a[2] != 503),
    "connection_failures": by.get(0, 0),
    "503_without_retry_after": sum(1 for a in unavailable if not a[3]),
    "restart_seconds": round(ended - began, 2),
    "recovered_seconds_after_restart": round(max(0.0, last_bad - ended), 2),
    "ok_after_recovery": len(ok_after),
    "patients_acknowledged": sum(1 for k, _ in created if k == "patient"),
    "appointments_acknowledged": sum(1 for k, _ in created if k == "appointment"),
}
json.dump(summary, open(os.environ["OUT"] + "/db-restart.json", "w"))
with open(os.environ["OUT"] + "/db-restart-created.txt", "w") as f:
    for k, i in created: f.write("%s %s\n" % (k, i))
print(json.dumps(summary, indent=1))
PY
wait "$RESTARTER"
S=$(cat "$OUT/db-restart.json")
f() { python3 -c "import json,sys; v=json.load(sys.stdin)['$1']; print(v if not isinstance(v, dict) else ', '.join('%s=%s' % kv for kv in v.items()))" <<<"$S"; }

# Every acknowledged write is in the database; nothing is half-written.
LOST=$({ echo "create temp table acked (kind text, id uuid);"; echo "copy acked from stdin with (delimiter ' ');"
  cat "$OUT/db-restart-created.txt"; echo '\.'
  echo "select count(*) from acked a where (a.kind = 'patient' and not exists (select 1 from patient p where p.id = a.id))"
  echo "  or (a.kind = 'appointment' and not exists (select 1 from appointment x where x.id = a.id));"
} | "${PSQL[@]}" -d reception -tA)
NAMELESS=$(sql "select count(*) from patient p where not exists (select 1 from patient_name n where n.patient_id = p.id)")
NO_HISTORY=$(sql "select count(*) from patient p where not exists (select 1 from resource_version v where v.resource_type = 'Patient' and v.resource_id = p.id::text)")
NO_STATUS_ROW=$(sql "select count(*) from appointment a where not exists (select 1 from appointment_status_change c where c.appointment_id = a.id)")
HALF_KEYS=$(sql "select count(*) from idempotency_record where status_code is null")
DOUBLE_BOOKED=$(sql "select count(*) from (select practitioner_id, starts_at from appointment where status not in ('cancelled', 'noshow', 'entered-in-error') group by 1, 2 having count(*) > 1) d")
APP_ALIVE=$(kill -0 "$APP_PID" 2>/dev/null && echo "no, the same process throughout" || echo "it died")
cat <<REPORT | tee -a bench/RESULTS.md

### The database restarted under load, $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, $(java -version 2>&1 | head -1), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') (fsync on); app and database on the same host.
Command: \`bench/db-restart.sh $BEFORE $AFTER\`. 16 clients alternate patient registrations and bookings of distinct slots; after ${BEFORE} s PostgreSQL is restarted with \`pg_ctl restart -m fast\` (took $(f restart_seconds) s); the load goes on for ${AFTER} s more.

| measure | value | must be |
|---|---|---|
| answers, by status | $(f statuses) | 2xx or 503 |
| 500s (or other 5xx but 503) | $(f http500) | 0 |
| connections refused or cut | $(f connection_failures) | 0 |
| 503s without Retry-After | $(f 503_without_retry_after) | 0 |
| seconds from the database back to the last 503 | $(f recovered_seconds_after_restart) | bounded |
| 2xx answers after the last 503 | $(f ok_after_recovery) | > 0 |
| the app restarted? | $APP_ALIVE | no |
| acknowledged writes (patients / appointments) | $(f patients_acknowledged) / $(f appointments_acknowledged) | |
| acknowledged writes missing from the database | $LOST | 0 |
| patients without a name / without a history version | $NAMELESS / $NO_HISTORY | 0 / 0 |
| appointments without their status row | $NO_STATUS_ROW | 0 |
| idempotency keys left half-written | $HALF_KEYS | 0 |
| slots booked twice | $DOUBLE_BOOKED | 0 |
REPORT
