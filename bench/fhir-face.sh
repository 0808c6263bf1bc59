#!/usr/bin/env bash
# The FHIR face beyond Patient: a transaction Bundle (Patient + Coverage, urn:uuid linked,
# conditional create) and an Appointment read with _include (its patient and practitioner),
# with wrk against the packaged app and a local PostgreSQL. Reports requests/s, p99, the CPU
# per request of the app and of PostgreSQL (from /proc), and each rate's ratio to pgbench's
# single-row durable INSERT on the same server in the same run. Appends to bench/RESULTS.md.
# Not a test: it never fails on speed.
#
# Needs: wrk and PostgreSQL server binaries (Debian: apt-get install wrk postgresql), a JDK.
# Usage: bench/fhir-face.sh [duration-seconds] [warm-up-seconds]   (defaults 20 and 60)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
WARMUP=${2:-60}
source bench/lib.sh
start_postgres
"${PSQL[@]}" -c "create database baseline"
"${PSQL[@]}" -d baseline -c "create table row_insert (id uuid primary key, family text not null, birth_date date, created_at timestamptz not null default now())"
cat > "$WORK/insert.sql" <<'SQL'
insert into row_insert (id, family, birth_date) values (gen_random_uuid(), 'Bench' || random(), date '1970-01-01' + (random() * 20000)::int);
SQL
echo "== pgbench: single-row INSERT, 16 clients, ${DURATION}s"
"${AS_PG[@]}" "$PGBIN/pgbench" -h "$WORK" -p "$PGPORT" -U postgres -n -c 16 -j 2 -T "$DURATION" -f "$WORK/insert.sql" baseline | tee "$OUT/pgbench.txt"
PGBENCH_TPS=$(awk '/^tps = /{print $3; exit}' "$OUT/pgbench.txt")

export TOKEN=$(token ehr-system "system/*.cruds" bench-ehr)
ADMIN=$(token admin "" bench-admin)
start_app
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1"; }
post() { # path body [token]
  curl -sf -X POST -H 'Content-Type: application/fhir+json' -H "Authorization: Bearer ${3:-$TOKEN}" "$BASE$1" -d "$2"
}

echo "== set-up: a payer, a location, a practitioner, a schedule, a visit type, free time, a booked visit"
PAYER=$(curl -sf -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $ADMIN" \
  -H "Idempotency-Key: bench-payer-$$" "$BASE/api/v1/payers" \
  -d '{"payerCode":"BENCH1","name":"Bench Health","type":"commercial"}' | json 'd["id"]')
export PAYER
LOCATION=$(post /fhir/Location '{"resourceType":"Location","name":"Bench clinic","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/timezone","valueCode":"America/New_York"}]}' | json 'd["id"]')
PRACTITIONER=$(post /fhir/Practitioner '{"resourceType":"Practitioner","identifier":[{"system":"http://hl7.org/fhir/sid/us-npi","value":"1234567893"}],"name":[{"family":"Bench","given":["Ann"]}]}' | json 'd["id"]')
SCHEDULE=$(post /fhir/Schedule "{\"resourceType\":\"Schedule\",\"actor\":[{\"reference\":\"Practitioner/$PRACTITIONER\"},{\"reference\":\"Location/$LOCATION\"}]}" | json 'd["id"]')
curl -sf -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $ADMIN" -H "Idempotency-Key: bench-vt-$$" \
  "$BASE/api/v1/visit-types" -d '{"code":"BENCH30","name":"Bench visit","durationMinutes":30,"bufferBeforeMinutes":0,"bufferAfterMinutes":0}' >/dev/null
DAY=$(TZ=America/New_York date -d '+2 days' +%F)
START=$(TZ=America/New_York date -d "$DAY 09:00" -u +%FT%TZ); END=$(TZ=America/New_York date -d "$DAY 12:00" -u +%FT%TZ)
post /fhir/Slot "{\"resourceType\":\"Slot\",\"schedule\":{\"reference\":\"Schedule/$SCHEDULE\"},\"status\":\"free\",\"start\":\"$START\",\"end\":\"$END\"}" >/dev/null
PATIENT=$(post /fhir/Patient '{"resourceType":"Patient","name":[{"family":"Visit","given":["Bench"]}],"birthDate":"1975-04-04","gender":"male"}' | json 'd["id"]')
APPOINTMENT=$(post /fhir/Appointment "{\"resourceType\":\"Appointment\",\"status\":\"booked\",\"appointmentType\":{\"coding\":[{\"system\":\"urn:frontdesk:visit-type\",\"code\":\"BENCH30\"}]},\"start\":\"$START\",\"participant\":[{\"actor\":{\"reference\":\"Patient/$PATIENT\"},\"status\":\"accepted\"},{\"actor\":{\"reference\":\"Practitioner/$PRACTITIONER\"},\"status\":\"accepted\"},{\"actor\":{\"reference\":\"Location/$LOCATION\"},\"status\":\"accepted\"}]}" | json 'd["id"]')
INCLUDE_URL="$BASE/fhir/Appointment?_id=$APPOINTMENT&_include=Appointment:patient&_include=Appointment:practitioner"
curl -sf -H "Authorization: Bearer $TOKEN" "$INCLUDE_URL" | json 'len(d["entry"])' | grep -qx 3 || { echo "the include read did not answer 3 entries"; exit 1; }

echo "== warm-up ${WARMUP}s"
wrk -t2 -c16 -d"${WARMUP}s" -s bench/wrk/transaction-intake.lua "$BASE/fhir" >/dev/null
wrk -t2 -c16 -d"$((WARMUP / 2))s" -s bench/wrk/read-appointment-include.lua "$INCLUDE_URL" >/dev/null

pid_cpu() { awk '{sub(/^.*\) /,""); print $12+$13}' "/proc/$1/stat"; }
pg_cpu() {
  local t=0 f
  for f in /proc/[0-9]*/comm; do
    [ "$(cat "$f" 2>/dev/null)" = postgres ] || continue
    t=$(( t + $(awk '{sub(/^.*\) /,""); print $12+$13}' "${f%/comm}/stat" 2>/dev/null || echo 0) ))
  done; echo $t
}
TICK=$(getconf CLK_TCK)
run() { # name, then wrk args; also CPU ms per request of the app and of PostgreSQL
  local name=$1; shift
  echo "== $name"
  local a0 p0 a1 p1
  a0=$(pid_cpu "$APP_PID"); p0=$(pg_cpu)
  wrk -t2 -c16 -d"${DURATION}s" --latency "$@" | tee "$OUT/$name.txt"
  a1=$(pid_cpu "$APP_PID"); p1=$(pg_cpu)
  local n; n=$(awk '/requests in/{print $1}' "$OUT/$name.txt")
  echo "$(awk -v d=$((a1 - a0)) -v n="$n" -v t="$TICK" 'BEGIN{printf "%.2f", 1000*d/t/n}') $(awk -v d=$((p1 - p0)) -v n="$n" -v t="$TICK" 'BEGIN{printf "%.2f", 1000*d/t/n}')" > "$OUT/$name.cpu"
}
run transaction -s bench/wrk/transaction-intake.lua "$BASE/fhir"
run include -s bench/wrk/read-appointment-include.lua "$INCLUDE_URL"

ratio() { awk -v a="$1" -v b="$PGBENCH_TPS" 'BEGIN{printf "%.1f", 100*a/b}'; }
TX=$(rps transaction); INC=$(rps include)
COVERAGES=$("${PSQL[@]}" -d reception -tAc "select count(*) from coverage")
cat <<REPORT | tee -a bench/RESULTS.md

### FHIR face: transaction Bundle and _include vs pgbench INSERT, $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') (fsync on, default settings), app and load generator on the same host over loopback; tokens, audit and idempotency on.
Command: \`bench/fhir-face.sh $DURATION $WARMUP\` (wrk -t2 -c16 -d${DURATION}s after ${WARMUP}s of warm-up; pgbench -c16 -j2 -T$DURATION).

| measurement | per second | ratio to pgbench INSERT | p99 latency | app CPU ms/request | PostgreSQL CPU ms/request | non-2xx |
|---|---|---|---|---|---|---|
| pgbench single-row INSERT (baseline) | $PGBENCH_TPS | 100 % | | | | |
| POST /fhir transaction Bundle (Patient + Coverage) | $TX | $(ratio "$TX") % | $(p99 transaction) | $(cut -d' ' -f1 "$OUT/transaction.cpu") | $(cut -d' ' -f2 "$OUT/transaction.cpu") | $(non2xx transaction) |
| GET /fhir/Appointment?_id=&_include=patient&_include=practitioner | $INC | $(ratio "$INC") % | $(p99 include) | $(cut -d' ' -f1 "$OUT/include.cpu") | $(cut -d' ' -f2 "$OUT/include.cpu") | $(non2xx include) |

Coverages in the database at the end (one per committed transaction): $COVERAGES.
REPORT
