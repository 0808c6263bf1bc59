#!/usr/bin/env bash
# Two instances of the packaged app against one PostgreSQL: contested bookings across both
# (exactly one winner), claims submitted through both while one is killed with -9 mid-dispatch
# (every claim still reaches the insurer; none is lost). Appends the figures to bench/RESULTS.md.
#
# Needs: wrk, PostgreSQL server binaries, openssl, a JDK, python3.
# Usage: bench/two-instances.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
DATA=$(realpath data)
export RECEPTION_CODING_IMPORT_DIRS="$DATA,$WORK"
export RECEPTION_CLAIMS_BILLING_NPI=1234567893
export RECEPTION_CLAIMS_DISPATCH_EVERY=1s RECEPTION_CLAIMS_DISPATCH_CLAIM_FOR=PT10S RECEPTION_CLAIMS_DISPATCH_BACKOFF=PT1S
export RECEPTION_CODING_REFRESH_EVERY=2s
INSURER_PORT=18092
SECOND_PORT=18081
start_postgres
start_app
A_PID=$APP_PID
echo "== starting a second instance on port $SECOND_PORT"
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$PGPORT/reception" \
QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=unused \
QUARKUS_HTTP_PORT=$SECOND_PORT QUARKUS_LOG_LEVEL=WARN \
MP_JWT_VERIFY_PUBLICKEY_LOCATION="$WORK/bench-public.pem" MP_JWT_VERIFY_ISSUER=https://bench.frontdesk.local \
RECEPTION_SECURITY_FHIR_RATE_LIMIT_ENABLED=false \
  java -Xmx1g -jar target/quarkus-app/quarkus-run.jar > "$OUT/app-b.log" 2>&1 &
B_PID=$!
trap 'kill -9 $B_PID 2>/dev/null || true; kill $FAKE 2>/dev/null || true; cleanup' EXIT
python3 bench/fake/insurer.py $INSURER_PORT 0 & FAKE=$!
B="http://localhost:$SECOND_PORT"
for _ in $(seq 1 120); do curl -sf "$B/q/health/ready" >/dev/null && break; sleep 0.5; done

ADMIN=$(token admin "" bench-admin)
export TOKEN=$(token front-desk "" bench-desk)
EHR=$(token ehr-system "system/*.cruds" bench-ehr)
api() { curl -sf -X "$1" "$BASE$2" -H "Authorization: Bearer $4" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" -d "$3"; }
id() { python3 -c "import json,sys; print(json.load(sys.stdin)['id'])"; }

export LOCATION=$(api POST /api/v1/locations '{"name":"Two","timeZone":"UTC"}' "$ADMIN" | id)
export PRACTITIONER=$(api POST /api/v1/practitioners '{"npi":"1234567893","family":"Both"}' "$ADMIN" | id)
export TYPE=$(api POST /api/v1/visit-types '{"code":"T5","name":"Five","durationMinutes":5}' "$ADMIN" | id)
for d in 1 2 3 4 5 6 7; do
  api POST "/api/v1/practitioners/$PRACTITIONER/availability" "{\"locationId\":\"$LOCATION\",\"dayOfWeek\":$d,\"startTime\":\"00:00\",\"endTime\":\"23:55\",\"validFrom\":\"2020-01-01\"}" "$ADMIN" >/dev/null
done
export PATIENT=$(api POST "/api/v1/patients?confirmedNotDuplicate=true" '{"names":[{"family":"Twice"}],"gender":"male","birthDate":"1970-02-02"}' "$TOKEN" | id)
export CONTESTED=$(date -u -d "tomorrow 10:00" +%Y-%m-%dT%H:%M:%SZ)

# A cold instance spends its first seconds compiling queries and JIT code: warm both with a few
# bookings of other slots first, so the contest measures the running app, not its start-up.
for target in "$BASE" "$B"; do
  for h in 1 2 3 4 5; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$target/api/v1/appointments" -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" \
      -d "{\"patientId\":\"$PATIENT\",\"practitionerId\":\"$PRACTITIONER\",\"locationId\":\"$LOCATION\",\"visitTypeId\":\"$TYPE\",\"start\":\"$(date -u -d "tomorrow 0$h:$([ "$target" = "$B" ] && echo 30 || echo 00)" +%Y-%m-%dT%H:%M:%SZ)\"}")
    echo "warm-up booking through $target: $code"
  done
done
echo "== 32 + 32 clients booking one slot through both instances"
KEY_PREFIX=a wrk -t1 -c32 -d5s -s bench/wrk/book-contested.lua "$BASE/api/v1/appointments" > "$OUT/two-a.txt" &
( sleep 2.5; "${PSQL[@]}" -d reception -c "select state, wait_event_type, wait_event, count(*), left(min(query), 70) as query
    from pg_stat_activity where datname = 'reception' group by 1, 2, 3 order by 4 desc" > "$OUT/two-activity.txt" ) &
KEY_PREFIX=b wrk -t1 -c32 -d5s -s bench/wrk/book-contested.lua "$B/api/v1/appointments" > "$OUT/two-b.txt"
wait %wrk 2>/dev/null || sleep 1
WINNERS=$("${PSQL[@]}" -d reception -tAc "select count(*) from appointment where starts_at = '$CONTESTED' and status = 'booked'")
ANSWERS_A=$(grep '^answers:' "$OUT/two-a.txt" | sed 's/^answers: //')
ANSWERS_B=$(grep '^answers:' "$OUT/two-b.txt" | sed 's/^answers: //')
cat "$OUT/two-a.txt" "$OUT/two-b.txt" "$OUT/two-activity.txt"
[ -n "${ONLY_BOOKINGS:-}" ] && exit 0

echo "== claims through both instances, one killed with -9 while dispatching"
api POST /api/v1/code-sets "{\"format\":\"icd10cm-order\",\"version\":\"FY2022\",\"path\":\"$DATA/icd10cm/icd10cm_order_2022_reconstructed.txt.gz\"}" "$ADMIN" >/dev/null
printf '99971\tInvented office visit\n' > "$WORK/cpt.txt"
api POST /api/v1/code-sets "{\"format\":\"cpt\",\"version\":\"CPT-TWO\",\"validFrom\":\"2022-01-01\",\"validTo\":\"2022-12-31\",\"path\":\"$WORK/cpt.txt\"}" "$ADMIN" >/dev/null
sleep 5 # instance B notices the new code sets within reception.coding.refresh-every (2 s here)
PAYER=$(api POST /api/v1/payers "{\"payerCode\":\"TWO$RANDOM\",\"name\":\"Fake\",\"type\":\"commercial\",\"baseUrl\":\"http://127.0.0.1:$INSURER_PORT\"}" "$ADMIN" | id)
COVERAGE=$(api POST "/api/v1/patients/$PATIENT/coverages" "{\"payerId\":\"$PAYER\",\"memberId\":\"M2\",\"order\":\"primary\"}" "$TOKEN" | id)
CLAIM="{\"resourceType\":\"Claim\",\"status\":\"active\",\"type\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/claim-type\",\"code\":\"professional\"}]},\"use\":\"claim\",\"patient\":{\"reference\":\"Patient/$PATIENT\"},\"created\":\"2022-06-15\",\"provider\":{\"display\":\"EHR\"},\"priority\":{\"coding\":[{\"code\":\"normal\"}]},\"insurance\":[{\"sequence\":1,\"focal\":true,\"coverage\":{\"reference\":\"Coverage/$COVERAGE\"}}],\"diagnosis\":[{\"sequence\":1,\"diagnosisCodeableConcept\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"E11.9\"}]}}],\"item\":[{\"sequence\":1,\"diagnosisSequence\":[1],\"productOrService\":{\"coding\":[{\"code\":\"99971\"}]},\"servicedDate\":\"2022-06-15\",\"quantity\":{\"value\":1},\"net\":{\"value\":100,\"currency\":\"USD\"}}]}"
SUBMITTED=0
for i in $(seq 1 150); do
  for target in "$BASE" "$B"; do
    if curl -sf -X POST "$target/fhir/Claim/\$submit" -H "Authorization: Bearer $EHR" -H 'Content-Type: application/fhir+json' -d "$CLAIM" >/dev/null; then
      SUBMITTED=$((SUBMITTED + 1))
    fi
  done
  if [ "$i" = 100 ]; then kill -9 $A_PID; echo "killed instance A after $SUBMITTED accepted submissions"; BASE=$B; fi
done
QUEUED=$("${PSQL[@]}" -d reception -tAc "select count(*) from claim where payer_id = '$PAYER' and status <> 'draft'")
for _ in $(seq 1 120); do
  PENDING=$("${PSQL[@]}" -d reception -tAc "select count(*) from claim_outbox o join claim c on c.id = o.claim_id where c.payer_id = '$PAYER' and o.state <> 'sent'")
  [ "$PENDING" = 0 ] && break
  sleep 1
done
STATS=$(curl -sf "http://127.0.0.1:$INSURER_PORT/stats")
KEYS=$(echo "$STATS" | python3 -c "import json,sys; print(json.load(sys.stdin)['keys'])")
REPEATED=$(echo "$STATS" | python3 -c "import json,sys; print(json.load(sys.stdin)['repeated_keys'])")

cat <<REPORT | tee -a bench/RESULTS.md

### Two instances, one PostgreSQL, $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, $(java -version 2>&1 | head -1), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'); two app instances, wrk and the fake insurer on the same host.
Command: \`bench/two-instances.sh\` (lease 10 s, dispatcher every 1 s).

| check | result | must be |
|---|---|---|
| one slot booked by 32 + 32 clients through both instances for 5 s: bookings stored | $WINNERS (answers A: $ANSWERS_A; B: $ANSWERS_B) | 1 |
| claims accepted by \`Claim/\$submit\` (instance A killed with -9 after 100 rounds) | $SUBMITTED accepted, $QUEUED queued in the database | equal |
| claims the insurer took (distinct idempotency keys) | $KEYS | = queued |
| keys the insurer got twice (resends after the kill; it keeps one) | $REPEATED | any |
| outbox rows not delivered at the end | $PENDING | 0 |
REPORT
