#!/usr/bin/env bash
# The billing office's X12 loop at volume: 10,000 ready claims (100 patients) taken into an 837P
# batch and the batch written (streamed); an 835 paying all 10,000 (made by the fake
# clearinghouse from that 837) posted, then posted again (a no-op); then the same loop end to end
# through the fake clearinghouse (bench/fake/clearinghouse.py): the batch sent to it, its 999,
# 277CA and 835 fetched and applied by the app's own poller, until every claim is paid. Records
# each time, the app's peak RSS and heap limit (-Xmx, default 256m here: the files are streamed,
# never held), and pgbench's single-row INSERT rate on the same server; appends to bench/RESULTS.md.
#
# Needs: PostgreSQL server binaries (pgbench, psql), openssl, a JDK, python3, curl.
# Usage: bench/x12.sh [claims] [end-to-end claims]   (defaults 10000 and 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
CLAIMS=${1:-10000}
E2E=${2:-2000}
JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
source bench/lib.sh
export RECEPTION_CLAIMS_BILLING_NPI=1234567893 RECEPTION_CLAIMS_BILLING_TAX_ID=123456789
export RECEPTION_CLAIMS_CLEARINGHOUSE_POLL_EVERY=1s RECEPTION_CLAIMS_MAX_BATCH_CLAIMS=20000
HOUSE_PORT=18093
start_postgres
start_app
python3 bench/fake/clearinghouse.py serve $HOUSE_PORT & HOUSE=$!
trap 'kill $HOUSE 2>/dev/null; cleanup' EXIT
ADMIN=$(token admin "" bench-admin)
DESK=$(token front-desk "" bench-desk)
BILLING=$(token billing "" bench-billing)
id() { python3 -c "import json,sys; print(json.load(sys.stdin)['id'])"; }

# peak RSS of the app while a step runs (sampled every 50 ms)
rss_kb() { awk '/VmRSS/{print $2}' /proc/$APP_PID/status 2>/dev/null || echo 0; }
sample() { local peak=0 r; while :; do r=$(rss_kb); (( r > peak )) && peak=$r; echo $peak > "$WORK/peak"; sleep 0.05; done; }
step() { # LABEL COMMAND...: runs it, prints "LABEL seconds peak_rss_mb"
  local label=$1; shift
  echo 0 > "$WORK/peak"; sample & local s=$!
  local t0=$(date +%s.%N); "$@"; local t1=$(date +%s.%N)
  kill $s; wait $s 2>/dev/null || true
  echo "$label $(python3 -c "print('%.2f' % ($t1 - $t0))") $(( $(cat "$WORK/peak") / 1024 ))" | tee -a "$OUT/x12-steps.txt"
}
: > "$OUT/x12-steps.txt"

setup_claims() { # PAYER_CODE COUNT CHANNEL_URL -> payer id; COUNT ready claims to it, 2 lines each
  local code=$1 count=$2 url=$3
  local payer=$(api POST /api/v1/payers "{\"payerCode\":\"$code\",\"name\":\"Bench payer $code\",\"type\":\"commercial\",\"channel\":\"x12-clearinghouse\",\"baseUrl\":\"$url\"}" "$ADMIN" | id)
  for n in $(seq 1 100); do
    local born=$(date -u -d "1950-01-01 + $((RANDOM % 20000)) days" +%Y-%m-%d)
    local patient=$(api POST "/api/v1/patients?confirmedNotDuplicate=true" "{\"names\":[{\"family\":\"Biller$n\",\"given\":[\"Bench\"]}],\"gender\":\"female\",\"birthDate\":\"$born\",\"addresses\":[{\"use\":\"home\",\"line\":[\"$n Main St\"],\"city\":\"Springfield\",\"state\":\"IL\",\"postalCode\":\"62701\"}]}" "$DESK" | id)
    api POST "/api/v1/patients/$patient/coverages" "{\"payerId\":\"$payer\",\"memberId\":\"M$code$n\",\"order\":\"primary\",\"groupNumber\":\"G1\"}" "$DESK" >/dev/null
  done
  sql "insert into claim (id, patient_id, coverage_id, payer_id, billing_npi, place_of_service, date_of_service, status,
         total_charge, created_at, updated_at, created_by, updated_by)
       select gen_random_uuid(), c.patient_id, c.id, c.payer_id, '1234567893', '11', date '2026-11-02' - (g % 60),
              'ready', 145.50, now(), now(), 'bench', 'bench'
       from generate_series(0, $count - 1) g
       join (select row_number() over (order by id) - 1 as n, id, patient_id, payer_id from coverage where payer_id = '$payer') c
         on c.n = g % 100" >/dev/null
  sql "insert into claim_diagnosis (claim_id, position, code) select id, p, case p when 1 then 'I10' else 'E119' end
       from claim, generate_series(1, 2) p where payer_id = '$payer'" >/dev/null
  sql "insert into claim_line (claim_id, position, code, modifiers, units, charge, pointers, service_date)
       select id, 1, '99213', '{25}'::varchar(2)[], 1, 100.00, '{1,2}'::int[], date_of_service from claim where payer_id = '$payer'
       union all
       select id, 2, '97110', '{}'::varchar(2)[], 3, 45.50, '{2}'::int[], date_of_service from claim where payer_id = '$payer'" >/dev/null
  echo "$payer"
}

echo "== $CLAIMS ready claims"
PAYER=$(setup_claims BENCHX12 "$CLAIMS" "http://127.0.0.1:$HOUSE_PORT")
make_batch() {
  curl -sf -X POST "$BASE/api/v1/x12/837-batches" -H "Authorization: Bearer $BILLING" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" -d "{\"payerId\":\"$1\"}" > "$WORK/batch.json"
}
write_837() { curl -sf "$BASE/api/v1/x12/837-batches/$(id < "$WORK/batch.json")/837" -H "Authorization: Bearer $BILLING" -o "$WORK/batch.837"; }
step batch make_batch "$PAYER"
step write-837 write_837
SIZE_837=$(stat -c %s "$WORK/batch.837")
CLM=$(grep -c '^CLM\*' "$WORK/batch.837")
echo "837P: $SIZE_837 bytes, $CLM claims"
python3 bench/fake/clearinghouse.py remit "$WORK/batch.837" BENCHX12 > "$WORK/remit.835"
SIZE_835=$(stat -c %s "$WORK/remit.835")
post_835() {
  curl -s -X POST "$BASE/api/v1/remittances" -H "Authorization: Bearer $BILLING" -H 'Content-Type: application/edi-x12' \
    --data-binary @"$WORK/remit.835" -o "$WORK/posted.json" -w '%{http_code}\n' > "$WORK/code"
}
step post-835 post_835
echo "835 answered $(cat "$WORK/code"): $(head -c 300 "$WORK/posted.json")"
PAID=$(sql "select count(*) from claim where payer_id = '$PAYER' and status = 'paid' and paid_amount = 116.40 and patient_responsibility = 14.55")
step post-835-again post_835
echo "again: $(cat "$WORK/code") $(head -c 200 "$WORK/posted.json")"
PAYMENTS=$(sql "select count(*) from claim_payment p join claim c on c.id = p.claim_id where c.payer_id = '$PAYER'")

if [ "$E2E" = 0 ]; then echo "end-to-end 0 0" >> "$OUT/x12-steps.txt"; fi
echo "== end to end: $E2E claims through the fake clearinghouse"
[ "$E2E" = 0 ] || PAYER2=$(setup_claims BENCHE2E "$E2E" "http://127.0.0.1:$HOUSE_PORT")
e2e() {
  make_batch "$PAYER2"
  write_837
  curl -sf -X POST "http://127.0.0.1:$HOUSE_PORT/claims" -H 'Content-Type: application/edi-x12' \
    -H "Idempotency-Key: $(id < "$WORK/batch.json")" --data-binary @"$WORK/batch.837" >/dev/null
  for _ in $(seq 1 1200); do
    local left=$(sql "select count(*) from claim where payer_id = '$PAYER2' and status <> 'paid'")
    [ "$left" = 0 ] && break
    sleep 0.25
  done
}
[ "$E2E" = 0 ] || step end-to-end e2e
E2E_PAID=$(sql "select count(*) from claim where payer_id = '${PAYER2:-00000000-0000-0000-0000-000000000000}' and status = 'paid'")
HOUSE_STATS=$(curl -sf "http://127.0.0.1:$HOUSE_PORT/stats")
E2E_ANSWERS=$(sql "select count(*) from claim_response r join claim c on c.id = r.claim_id where c.payer_id = '${PAYER2:-00000000-0000-0000-0000-000000000000}'")

if [ -z "${SKIP_PGBENCH:-}" ]; then
  echo "== pgbench single-row INSERT (the ruler's pgbench-insert.sh) on the same server"
  PGHOST=127.0.0.1 PGPORT=$PGPORT PGUSER=postgres PGPASSWORD=unused TMPDIR=$WORK \
    bench/ruler/pgbench-insert.sh 16 2 20 2 | tee "$OUT/pgbench-x12.txt"
  PGBENCH=$(awk '/^durable median tps/{print $5}' "$OUT/pgbench-x12.txt")
else
  PGBENCH=0
fi

python3 - "$OUT/x12-steps.txt" "$CLAIMS" "$E2E" "$PGBENCH" "$SIZE_837" "$CLM" "$SIZE_835" "$PAID" "$PAYMENTS" \
  "$E2E_PAID" "$E2E_ANSWERS" "$HOUSE_STATS" "$JAVA_OPTS" <<'PY' | tee "$OUT/x12-table.md"
import json, sys
steps = {l.split()[0]: (float(l.split()[1]), int(l.split()[2])) for l in open(sys.argv[1]) if l.strip()}
claims, e2e, pgb, s837, clm, s835, paid, payments, e2e_paid, e2e_answers, house, jopts = sys.argv[2:]
pgb = float(pgb) or float('nan')
n = int(claims)
print('| step | claims | seconds | claims/s | of pgbench | app peak RSS MB | file |')
print('|---|---|---|---|---|---|---|')
def row(label, count, name, note=''):
    secs, rss = steps[name]
    rate = count / secs if secs else float('nan')
    print('| %s | %d | %.2f | %.0f | %.1f %% | %d | %s |' % (label, count, secs, rate, 100 * rate / pgb, rss, note))
row('837P batch: take the ready claims', n, 'batch')
row('837P batch: write the file (streamed)', n, 'write-837', '%.1f MB, %s CLM' % (int(s837) / 1e6, clm))
row('835: post (check, then post; one transaction)', n, 'post-835', '%.1f MB' % (int(s835) / 1e6))
row('835: the same file again (no-op)', n, 'post-835-again')
row('end to end: batch, 837 to the clearinghouse, its 999 + 277CA + 835 polled and applied', int(e2e), 'end-to-end')
print()
print('Claims paid by the 835 with the hand-worked amounts (116.40 paid, 14.55 patient): %s of %s; claim payments '
      'recorded after posting twice: %s. End to end: %s of %s paid, %s acknowledgments kept; clearinghouse: %s. '
      'App heap: %s. pgbench single-row durable INSERT on the same server: %.0f/s.' % (
          paid, claims, payments, e2e_paid, e2e, e2e_answers, house, jopts, pgb))
PY
{
  echo
  echo "## X12 loop: 837P batch, 835 posting, end to end ($(date -u +%F), bench/x12.sh $CLAIMS $E2E)"
  echo
  cat "$OUT/x12-table.md"
} >> "${RESULTS:-bench/RESULTS.md}"
echo "== appended to ${RESULTS:-bench/RESULTS.md}"
