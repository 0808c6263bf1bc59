#!/usr/bin/env bash
# 1,000 claims through the outbox against a bad insurer: 30 % of calls answered 500, 10 % hung
# past the payer's read timeout (processed all the same, as a real insurer might), 10 % slow;
# the app is killed with -9 and restarted while it delivers. Checks that every claim reaches the
# insurer exactly once (the insurer sees each claim under one idempotency key and processes it
# once; retries of a claim it already took are replays) and states how long delivery took.
# Appends to bench/RESULTS.md; never fails on speed.
#
# Needs: PostgreSQL server binaries, openssl, a JDK, python3.
# Usage: bench/claims-faults.sh [claims]   (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
source bench/lib.sh
DATA=$(realpath data)
export RECEPTION_CODING_IMPORT_DIRS="$DATA,$WORK"
export RECEPTION_CLAIMS_BILLING_NPI=1234567893
export RECEPTION_CLAIMS_DISPATCH_EVERY=1s RECEPTION_CLAIMS_DISPATCH_BACKOFF=PT1S RECEPTION_CLAIMS_DISPATCH_MAX_ATTEMPTS=30
export RECEPTION_CLAIMS_DISPATCH_CLAIM_FOR=PT20S RECEPTION_CLAIMS_DISPATCH_PARALLELISM=8 RECEPTION_CLAIMS_DISPATCH_MAX_BACKOFF=PT30S
export RECEPTION_COVERAGE_INSURER_ALLOW_INSECURE_ENDPOINTS=true
INSURER_PORT=18092
start_postgres
start_app
ADMIN=$(token admin "" bench-admin)
DESK=$(token front-desk "" bench-desk)
export TOKEN=$(token ehr-system "system/*.cruds" bench-ehr)
id() { python3 -c "import json,sys; print(json.load(sys.stdin)['id'])"; }

api POST /api/v1/code-sets "{\"format\":\"icd10cm-order\",\"version\":\"FY2022\",\"path\":\"$DATA/icd10cm/icd10cm_order_2022_reconstructed.txt.gz\"}" "$ADMIN" >/dev/null
printf '99971\tInvented office visit\n' > "$WORK/cpt.txt"
api POST /api/v1/code-sets "{\"format\":\"cpt\",\"version\":\"CPT-BENCH\",\"validFrom\":\"2022-01-01\",\"validTo\":\"2022-12-31\",\"path\":\"$WORK/cpt.txt\"}" "$ADMIN" >/dev/null

python3 bench/fake/insurer.py $INSURER_PORT 0.30 0.10 0.10 3 & FAKE=$!
trap 'kill $FAKE 2>/dev/null || true; cleanup' EXIT
sleep 0.5
PAYER=$(api POST /api/v1/payers "{\"payerCode\":\"FLAKY\",\"name\":\"Flaky insurer\",\"type\":\"commercial\",\"baseUrl\":\"http://127.0.0.1:$INSURER_PORT\",\"readTimeoutMs\":1000,\"connectTimeoutMs\":500}" "$ADMIN" | id)
PATIENT=$(api POST "/api/v1/patients?confirmedNotDuplicate=true" '{"names":[{"family":"Claimer","given":["Faults"]}],"gender":"female","birthDate":"1961-04-04"}' "$DESK" | id)
COVERAGE=$(api POST "/api/v1/patients/$PATIENT/coverages" "{\"payerId\":\"$PAYER\",\"memberId\":\"M1\",\"order\":\"primary\"}" "$DESK" | id)

echo "== submitting $N claims"
T0=$(date +%s.%N)
BASE=$BASE PATIENT=$PATIENT COVERAGE=$COVERAGE N=$N python3 - <<'PY'
import json, os, urllib.request, concurrent.futures, uuid
base, token, n = os.environ["BASE"], os.environ["TOKEN"], int(os.environ["N"])
def claim(i):
    body = {"resourceType": "Claim", "status": "active", "identifier": [{"system": "urn:bench:claim", "value": f"F-{i}"}],
            "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "professional"}]},
            "use": "claim", "patient": {"reference": "Patient/" + os.environ["PATIENT"]}, "created": "2022-06-15",
            "provider": {"display": "EHR"}, "priority": {"coding": [{"code": "normal"}]},
            "insurance": [{"sequence": 1, "focal": True, "coverage": {"reference": "Coverage/" + os.environ["COVERAGE"]}}],
            "diagnosis": [{"sequence": 1, "diagnosisCodeableConcept": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "E11.9"}]}}],
            "item": [{"sequence": 1, "diagnosisSequence": [1], "productOrService": {"coding": [{"code": "99971"}]},
                      "servicedDate": "2022-06-15", "quantity": {"value": 1}, "net": {"value": 100, "currency": "USD"}}]}
    for attempt in range(5):  # a submit in flight when the app is killed is retried by the EHR, same identifier
        try:
            req = urllib.request.Request(base + "/fhir/Claim/$submit", data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/fhir+json", "Authorization": "Bearer " + token})
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status
        except Exception:
            import time; time.sleep(2)
    return 0
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    codes = list(pool.map(claim, range(n)))
print("submitted:", {c: codes.count(c) for c in set(codes)})
PY
stats() { curl -sf "http://127.0.0.1:$INSURER_PORT/stats"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

echo "== waiting for a third to be delivered, then kill -9 and restart"
for _ in $(seq 1 600); do
  [ "$(stats | field keys)" -ge $((N / 3)) ] && break
  sleep 0.5
done
KILLED_AT=$(stats | field keys)
kill -9 "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
start_app
echo "killed with $KILLED_AT claims processed by the insurer; restarted"

LIMIT=900
for _ in $(seq 1 $((LIMIT * 2))); do
  PENDING=$(sql "select count(*) from claim_outbox where state <> 'sent'")
  [ "$PENDING" = 0 ] && break
  sleep 0.5
done
T1=$(date +%s.%N)
S=$(stats)
QUEUED=$(sql "select count(*) from claim where payer_id = '$PAYER'")
ROWS=$(sql "select count(*) from claim_outbox")
SENT=$(sql "select count(*) from claim_outbox where state = 'sent'")
ATTENTION=$(sql "select count(*) from claim where status = 'needs-attention'")
ATTEMPTS=$(sql "select coalesce(max(attempts), 0) from claim_outbox")
ELAPSED=$(python3 -c "print('%.0f' % ($T1 - $T0))")
cat <<REPORT | tee -a bench/RESULTS.md

### Claims against a bad insurer, one instance killed, $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, $(java -version 2>&1 | head -1), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') (fsync on); app, database and the fake insurer (bench/fake/insurer.py) on the same host.
Command: \`bench/claims-faults.sh $N\`. The insurer answers 30 % of calls 500, hangs 10 % for 3 s past the payer's 1 s read timeout (having processed them), slows 10 % by 0.3 s, and honours Idempotency-Key. The app was killed with -9 when the insurer had processed $KILLED_AT claims, and restarted. Dispatcher every 1 s, 8 sends at a time, backoff 1 s doubling with jitter up to 30 s, at most 30 attempts, lease 20 s.

| measure | value | must be |
|---|---|---|
| claims submitted and queued | $QUEUED ($ROWS outbox rows) | $N |
| outbox rows sent | $SENT | $N |
| claims the insurer processed (distinct keys) | $(echo "$S" | field keys) | $N |
| claims it processed twice | $(echo "$S" | field repeated_keys) | 0 |
| resends of a claim it already had (answered as replays) | $(echo "$S" | field replays) | any |
| calls answered 500 / hung / slow | $(echo "$S" | field failed) / $(echo "$S" | field hung) / $(echo "$S" | field slow) | |
| claims needing a person | $ATTENTION | 0 |
| most attempts one claim needed | $ATTEMPTS | < 30 |
| first submission to last delivery | ${ELAPSED} s | bounded |
REPORT
