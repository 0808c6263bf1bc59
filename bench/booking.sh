#!/usr/bin/env bash
# Booking throughput on distinct slots (all with one practitioner, and spread over 16), and
# latency under 64-way contention for one slot, with
# wrk against the packaged app and a local PostgreSQL. Checks that each contested slot has
# exactly one winner. Appends the figures to bench/RESULTS.md; never fails on speed.
#
# Needs: wrk, PostgreSQL server binaries, openssl, a JDK.
# Usage: bench/booking.sh [duration-seconds] [warm-up-seconds]   (defaults 20 and 60)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
WARMUP=${2:-60}
source bench/lib.sh
start_postgres
start_app

ADMIN=$(token admin "" bench-admin)
export TOKEN=$(token front-desk "" bench-desk)
LOCATION=$(post /api/v1/locations '{"name":"Bench clinic","timeZone":"UTC"}' "$ADMIN")
TYPE=$(post /api/v1/visit-types '{"code":"B5","name":"Five minutes","durationMinutes":5,"bufferBeforeMinutes":0,"bufferAfterMinutes":0}' "$ADMIN")
# 16 practitioners with valid NPIs (Luhn over the 80840 prefix), open every day.
ALL=()
for base in 123456789 123456780 123456781 123456782 123456783 123456784 123456785 123456786 \
            123456787 123456788 223456789 223456780 223456781 223456782 223456783 223456784; do
  id=$(post /api/v1/practitioners "{\"npi\":\"$(npi "$base")\",\"family\":\"Bench\"}" "$ADMIN")
  open_every_day "$id" "$LOCATION" "$ADMIN"
  ALL+=("$id")
done
PRACTITIONER=${ALL[0]}
SIXTEEN=$(IFS=,; echo "${ALL[*]}")
PATIENT=$(post /api/v1/patients '{"names":[{"family":"Booker","given":["Bench"]}],"gender":"female","birthDate":"1980-01-01"}' "$TOKEN")
# Slots from tomorrow on, 287 five-minute slots a day.
export LOCATION PRACTITIONER TYPE PATIENT
export FIRST_DAY=$(date -u -d tomorrow +%Y-%m-%d)

echo "== warm-up ${WARMUP}s (distinct slots, far in the future)"
PRACTITIONERS=$SIXTEEN OFFSET=200000 wrk -t2 -c16 -d"${WARMUP}s" -s bench/wrk/book-distinct.lua "$BASE/api/v1/appointments" >/dev/null

echo "== distinct slots of one practitioner, 16 clients, ${DURATION}s"
PRACTITIONERS=$PRACTITIONER OFFSET=0 wrk -t2 -c16 -d"${DURATION}s" --latency -s bench/wrk/book-distinct.lua \
  "$BASE/api/v1/appointments" | tee "$OUT/book-distinct.txt"

echo "== distinct slots over 16 practitioners, 16 clients, ${DURATION}s"
PRACTITIONERS=$SIXTEEN OFFSET=100000 wrk -t2 -c16 -d"${DURATION}s" --latency -s bench/wrk/book-distinct.lua \
  "$BASE/api/v1/appointments" | tee "$OUT/book-distinct16.txt"

echo "== one slot, 64 clients, 10s"
export CONTESTED=$(date -u -d "$FIRST_DAY + 40 days 09:00" +%Y-%m-%dT%H:%M:%SZ)
wrk -t2 -c64 -d10s --latency -s bench/wrk/book-contested.lua "$BASE/api/v1/appointments" | tee "$OUT/book-contested.txt"
WINNERS=$("${PSQL[@]}" -d reception -tAc "select count(*) from appointment where starts_at = '$CONTESTED' and status = 'booked'")
OVERLAPS=$("${PSQL[@]}" -d reception -tAc "select count(*) from appointment a join appointment b on a.practitioner_id = b.practitioner_id and a.id < b.id and a.status = 'booked' and b.status = 'booked' and tstzrange(a.busy_start, a.busy_end) && tstzrange(b.busy_start, b.busy_end)")
BOOKED=$("${PSQL[@]}" -d reception -tAc "select count(*) from appointment where status = 'booked'")
CONTESTED_REQUESTS=$(awk '/requests in/{print $1}' "$OUT/book-contested.txt")
ANSWERS=$(grep '^answers:' "$OUT/book-contested.txt" | sed 's/^answers: //')

cat <<REPORT | tee -a bench/RESULTS.md

### Booking, $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, $(java -version 2>&1 | head -1), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') (fsync on), app, database and wrk on the same host. Authentication, audit trail and idempotency on.
Command: \`bench/booking.sh $DURATION $WARMUP\`.

| measurement | per second | p50 | p99 | non-2xx |
|---|---|---|---|---|
| POST /api/v1/appointments, distinct slots of one practitioner, 16 clients | $(rps book-distinct) | $(p50 book-distinct) | $(p99 book-distinct) | $(non2xx book-distinct) |
| POST /api/v1/appointments, distinct slots over 16 practitioners, 16 clients | $(rps book-distinct16) | $(p50 book-distinct16) | $(p99 book-distinct16) | $(non2xx book-distinct16) |
| POST /api/v1/appointments, one slot, 64 clients (all but one get 409) | $(rps book-contested) | $(p50 book-contested) | $(p99 book-contested) | $(non2xx book-contested) |

Contested slot: $CONTESTED_REQUESTS requests answered $ANSWERS, **$WINNERS booking(s)** stored for it (must be 1). Overlapping booked pairs in the whole database: **$OVERLAPS** (must be 0). Bookings stored: $BOOKED.
REPORT
