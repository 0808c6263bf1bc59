#!/usr/bin/env bash
# Claims queued (EHR Claim/$submit: create, scrub, outbox row, one transaction) and delivered
# (dispatcher to a local fake insurer) per second, without and with 30 % injected HTTP 500s.
# Checks that every claim reached the insurer and that none was taken twice. Appends the figures
# to bench/RESULTS.md; never fails on speed.
#
# Needs: wrk, PostgreSQL server binaries, openssl, a JDK, python3.
# Usage: bench/claims.sh [seconds of submitting] [warm-up seconds]   (defaults 10 and 30)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
WARMUP=${2:-30}
source bench/lib.sh
DATA=$(realpath data)
export RECEPTION_CODING_IMPORT_DIRS="$DATA,$WORK"
export RECEPTION_CLAIMS_BILLING_NPI=1234567893
export RECEPTION_CLAIMS_DISPATCH_EVERY=1s RECEPTION_CLAIMS_DISPATCH_BACKOFF=PT1S RECEPTION_CLAIMS_DISPATCH_MAX_ATTEMPTS=20
INSURER_PORT=18091
start_postgres
start_app
ADMIN=$(token admin "" bench-admin)
DESK=$(token front-desk "" bench-desk)
export TOKEN=$(token ehr-system "system/*.cruds" bench-ehr)
id() { python3 -c "import json,sys; print(json.load(sys.stdin)['id'])"; }

api POST /api/v1/code-sets "{\"format\":\"icd10cm-order\",\"version\":\"FY2022\",\"path\":\"$DATA/icd10cm/icd10cm_order_2022_reconstructed.txt.gz\"}" "$ADMIN" >/dev/null
printf '99971\tInvented office visit\n' > "$WORK/cpt.txt"
api POST /api/v1/code-sets "{\"format\":\"cpt\",\"version\":\"CPT-BENCH\",\"validFrom\":\"2022-01-01\",\"validTo\":\"2022-12-31\",\"path\":\"$WORK/cpt.txt\"}" "$ADMIN" >/dev/null

run() { # label failure-share seconds -> one result row
  local label=$1 fail=$2 seconds=$3
  python3 bench/fake/insurer.py $INSURER_PORT "$fail" & local fake=$!
  sleep 0.5
  local payer=$(api POST /api/v1/payers "{\"payerCode\":\"B$RANDOM$RANDOM\",\"name\":\"Bench insurer\",\"type\":\"commercial\",\"baseUrl\":\"http://127.0.0.1:$INSURER_PORT\"}" "$ADMIN" | id)
  local born=$(date -u -d "1950-01-01 + $((RANDOM % 20000)) days" +%Y-%m-%d)
  local patient=$(api POST "/api/v1/patients?confirmedNotDuplicate=true" "{\"names\":[{\"family\":\"Claimer\",\"given\":[\"Bench\"]}],\"gender\":\"female\",\"birthDate\":\"$born\"}" "$DESK" | id)
  local coverage=$(api POST "/api/v1/patients/$patient/coverages" "{\"payerId\":\"$payer\",\"memberId\":\"M1\",\"order\":\"primary\"}" "$DESK" | id)
  export CLAIM="{\"resourceType\":\"Claim\",\"status\":\"active\",\"type\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/claim-type\",\"code\":\"professional\"}]},\"use\":\"claim\",\"patient\":{\"reference\":\"Patient/$patient\"},\"created\":\"2022-06-15\",\"provider\":{\"display\":\"EHR\"},\"priority\":{\"coding\":[{\"code\":\"normal\"}]},\"insurance\":[{\"sequence\":1,\"focal\":true,\"coverage\":{\"reference\":\"Coverage/$coverage\"}}],\"diagnosis\":[{\"sequence\":1,\"diagnosisCodeableConcept\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"E11.9\"}]}}],\"item\":[{\"sequence\":1,\"diagnosisSequence\":[1],\"productOrService\":{\"coding\":[{\"code\":\"99971\"}]},\"servicedDate\":\"2022-06-15\",\"quantity\":{\"value\":1},\"net\":{\"value\":100,\"currency\":\"USD\"}}]}"
  local t0=$(date +%s.%N)
  wrk -t2 -c8 -d"${seconds}s" --latency -s bench/wrk/claim-submit.lua "$BASE/fhir/Claim/\$submit" > "$OUT/claims-$label.txt"
  local queued=$("${PSQL[@]}" -d reception -tAc "select count(*) from claim where payer_id = '$payer'")
  # wait until the dispatcher has delivered every claim of this payer
  for _ in $(seq 1 600); do
    local pending=$("${PSQL[@]}" -d reception -tAc "select count(*) from claim_outbox o join claim c on c.id = o.claim_id where c.payer_id = '$payer' and o.state <> 'sent'")
    [ "$pending" = 0 ] && break
    sleep 0.5
  done
  local t1=$(date +%s.%N)
  local stats=$(curl -sf "http://127.0.0.1:$INSURER_PORT/stats")
  kill $fake
  local keys=$(echo "$stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['keys'])")
  local repeated=$(echo "$stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['repeated_keys'])")
  local failed=$(echo "$stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['failed'])")
  local rate=$(python3 -c "print('%.0f' % ($queued / ($t1 - $t0)))")
  echo "| $label | $(rps claims-$label) | $(p99 claims-$label) | $(non2xx claims-$label) | $queued | $rate | $failed | $keys | $repeated | $pending |"
}

echo "== warm-up ${WARMUP}s"
run warm-up 0 "$WARMUP" >/dev/null
echo "== no failures"
ROW0=$(run no-failures 0 "$DURATION")
echo "== 30 % failures"
ROW30=$(run 30-percent-failures 0.3 "$DURATION")

cat <<REPORT | tee -a bench/RESULTS.md

### Claims, $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, $(java -version 2>&1 | head -1), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') (fsync on), app, database, wrk and the fake insurer (bench/fake/insurer.py) on the same host.
Command: \`bench/claims.sh $DURATION $WARMUP\` (after ${WARMUP} s of warm-up, wrk -t2 -c8 on \`/fhir/Claim/\$submit\` for ${DURATION} s; dispatcher every 1 s, batches of 20, backoff 1 s doubling with jitter). Delivered per second counts from the first submission to the last delivery, so it includes the submitting time and the retry waits.

| insurer | queued per s (wrk) | p99 submit | non-2xx | claims queued | delivered per s (first submit to last delivery) | 500s answered | keys the insurer took | keys taken twice | left undelivered |
|---|---|---|---|---|---|---|---|---|---|
$ROW0
$ROW30
REPORT
