#!/usr/bin/env bash
# The manager's desk report over a busy location: a year of 20 practitioners seeing 16 visits a
# day (116,800 visits, with their status history, desk charges, payments, eligibility checks and
# claims) is written straight into PostgreSQL, then GET /api/v1/reports/desk is timed for a day, a
# month and the year, JSON and CSV. Appends the figures to bench/RESULTS.md.
#
# Needs: PostgreSQL server binaries, openssl, a JDK, curl, python3.
# Usage: bench/reports.sh [RUNS]   (timed requests per range, default 7; the median is reported)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
RUNS=${1:-7}
start_postgres
start_app

ADMIN=$(token admin "" bench-admin)
api() { curl -sf -X "$1" "$BASE$2" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" -d "$3"; }
id() { python3 -c "import json,sys; print(json.load(sys.stdin)['id'])"; }
LOCATION=$(api POST /api/v1/locations '{"name":"Busy","timeZone":"America/New_York"}' | id)
TYPE=$(api POST /api/v1/visit-types '{"code":"R20","name":"Twenty","durationMinutes":20}' | id)
PAYER=$(api POST /api/v1/payers '{"payerCode":"RPT","name":"Report Payer","type":"commercial"}' | id)
FIRST=$(date -u -d "-365 days" +%Y-%m-%d)
LAST=$(date -u -d "-1 day" +%Y-%m-%d)

echo "== seeding a year of visits ($FIRST to $LAST)"
SEED_START=$(date +%s.%N)
"${PSQL[@]}" -d reception -v ON_ERROR_STOP=1 <<SQL
insert into practitioner (id, npi, family, created_at)
select gen_random_uuid(), '90000' || lpad(i::text, 5, '0'), 'Bench ' || i, now() from generate_series(1, 20) i;
create temporary table bench_patient (n int primary key, id uuid not null);
insert into bench_patient select i, gen_random_uuid() from generate_series(1, 3000) i;
insert into patient (id, mrn, created_at, updated_at, created_by, updated_by)
select id, 'BENCH' || n, now(), now(), 'bench', 'bench' from bench_patient;
insert into coverage (id, patient_id, payer_id, member_id, priority, status, relationship, created_at, updated_at,
                      created_by, updated_by)
select gen_random_uuid(), id, '$PAYER', 'M' || n, 1, 'active', 'self', now(), now(), 'bench', 'bench'
from bench_patient where n % 10 <> 0;

create temporary table seed as
select gen_random_uuid() as id, p.id as practitioner_id,
       (select id from bench_patient where n = 1 + ((d * 7919 + s * 104729 + pr.i * 31) % 3000)) as patient_id,
       ((date '$FIRST' + d) + time '08:00' + s * interval '30 minutes') at time zone 'America/New_York' as starts_at,
       (d * 16 + s + pr.i) % 50 as h
from generate_series(0, 364) d, generate_series(0, 15) s,
     (select id, row_number() over (order by npi) as i from practitioner where family like 'Bench %') pr
     join practitioner p on p.id = pr.id;

insert into appointment (id, patient_id, practitioner_id, location_id, visit_type_id, status, starts_at, ends_at,
                         busy_start, busy_end, cancellation_reason, created_at, updated_at, created_by, updated_by)
select id, patient_id, practitioner_id, '$LOCATION', '$TYPE',
       case when h < 4 then 'noshow' when h < 9 then 'cancelled' else 'fulfilled' end,
       starts_at, starts_at + interval '20 minutes', starts_at, starts_at + interval '20 minutes',
       case when h < 9 then 'bench' end, starts_at - interval '7 days', starts_at, 'bench', 'bench'
from seed;

insert into appointment_status_change (appointment_id, from_status, to_status, changed_at, changed_by)
select id, null, 'booked', starts_at - interval '7 days', 'bench' from seed
union all select id, 'booked', 'noshow', starts_at + interval '30 minutes', 'bench' from seed where h < 4
union all select id, 'booked', 'cancelled', starts_at - (h % 3) * interval '1 day' - interval '2 hours', 'bench' from seed where h between 4 and 8
union all select id, 'booked', 'arrived', starts_at - interval '10 minutes', 'bench' from seed where h >= 9
union all select id, 'arrived', 'checked-in', starts_at + (h % 20) * interval '1 minute', 'bench' from seed where h >= 9
union all select id, 'checked-in', 'fulfilled', starts_at + interval '40 minutes', 'bench' from seed where h >= 9;

insert into visit_charge (appointment_id, patient_id, kind, amount, currency, source, posted_at)
select id, patient_id, 'copay', 25.00, 'USD', 'bench', starts_at - interval '10 minutes' from seed where h >= 9;
insert into payment (id, kind, patient_id, appointment_id, location_id, business_date, drawer, method, amount, currency,
                     card_last4, processor_reference, taken_at, taken_by)
select gen_random_uuid(), 'payment', patient_id, id, '$LOCATION', (starts_at at time zone 'America/New_York')::date,
       'desk-' || (h % 3), case when h % 2 = 0 then 'cash' else 'card' end, 25.00, 'USD',
       case when h % 2 = 1 then '4242' end, case when h % 2 = 1 then 'ch_bench' end, starts_at, 'desk-' || (h % 3)
from seed where h >= 9 and h % 10 <> 3;

insert into eligibility_check (id, coverage_id, benefit_category, service_date, state, result, attempts, requested_at,
                               completed_at, requested_by, request_json)
select gen_random_uuid(), c.id, '98', (s.starts_at at time zone 'America/New_York')::date, 'complete', 'active', 1,
       s.starts_at - interval '1 day', s.starts_at - interval '1 day', 'bench', '{}'
from seed s join coverage c on c.patient_id = s.patient_id where s.h % 5 <> 0;

create temporary table seed_claim as
select gen_random_uuid() as id, s.id as appointment_id, s.patient_id, c.id as coverage_id, s.starts_at, s.h
from seed s join coverage c on c.patient_id = s.patient_id where s.h >= 9;
insert into claim (id, appointment_id, patient_id, coverage_id, payer_id, billing_npi, place_of_service, date_of_service,
                   status, submission, created_at, updated_at, created_by, updated_by)
select id, appointment_id, patient_id, coverage_id, '$PAYER', '1234567893', '11',
       (starts_at at time zone 'America/New_York')::date, case when h % 7 = 0 then 'rejected' else 'paid' end, 1,
       starts_at, starts_at, 'bench', 'bench' from seed_claim;
insert into claim_status_change (claim_id, from_status, to_status, changed_at, changed_by)
select id, 'ready', 'queued', starts_at + (1 + h % 5) * interval '1 day', 'bench' from seed_claim
union all select id, 'queued', 'rejected', starts_at + (2 + h % 5) * interval '1 day', 'bench' from seed_claim where h % 7 = 0;
insert into claim_response (id, claim_id, received_at, source, outcome, payload)
select gen_random_uuid(), id, starts_at + (1 + h % 5) * interval '1 day', 'sync',
       case when h % 7 = 0 then 'error' else 'complete' end, '{}' from seed_claim;
analyze;
SQL
SEED_SECONDS=$(python3 -c "import time; print(round(time.time() - $SEED_START))")
COUNTS=$("${PSQL[@]}" -d reception -tAc "select (select count(*) from appointment) || ' visits, ' ||
  (select count(*) from appointment_status_change) || ' status changes, ' || (select count(*) from payment) || ' payments, ' ||
  (select count(*) from claim) || ' claims, ' || (select count(*) from eligibility_check) || ' eligibility checks'")
echo "$COUNTS (seeded in ${SEED_SECONDS}s)"

# median of RUNS timed requests (after one untimed warm-up)
timed() {
  local url="$1" accept="$2"
  curl -sf -o /dev/null -H "Authorization: Bearer $ADMIN" -H "Accept: $accept" "$url"
  for _ in $(seq 1 "$RUNS"); do
    curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $ADMIN" -H "Accept: $accept" "$url"
  done | sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)] * 1000}'
}
REPORT="$BASE/api/v1/reports/desk?locationId=$LOCATION"
DAY_MS=$(timed "$REPORT&from=$LAST&to=$LAST" application/json)
MONTH_MS=$(timed "$REPORT&from=$(date -u -d "-30 days" +%Y-%m-%d)&to=$LAST" application/json)
YEAR_MS=$(timed "$REPORT&from=$FIRST&to=$LAST" application/json)
YEAR_CSV_MS=$(timed "$REPORT&from=$FIRST&to=$LAST" text/csv)
curl -sf -H "Authorization: Bearer $ADMIN" "$REPORT&from=$FIRST&to=$LAST" > "$OUT/report-year.json"
echo "day ${DAY_MS} ms, month ${MONTH_MS} ms, year ${YEAR_MS} ms (csv ${YEAR_CSV_MS} ms)"
python3 -m json.tool "$OUT/report-year.json" | head -60

cat <<REPORT | tee -a bench/RESULTS.md

### Desk report over a year of a busy location, $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, $(java -version 2>&1 | head -1), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'); app and database on the same host.
Command: \`bench/reports.sh $RUNS\` (median of $RUNS requests after a warm-up, \`curl\` time_total).
Data: $COUNTS, at one location, 20 practitioners, 3,000 patients (seeded in ${SEED_SECONDS} s).

| range | JSON | CSV |
|---|---|---|
| one day | ${DAY_MS} ms | |
| 30 days | ${MONTH_MS} ms | |
| 365 days | ${YEAR_MS} ms | ${YEAR_CSV_MS} ms |
REPORT
