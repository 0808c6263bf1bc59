#!/usr/bin/env bash
# Patient create / read / search on /fhir with wrk, against the packaged app and a local
# PostgreSQL, with a pgbench single-row INSERT baseline on the same server in the same run.
# Prints the figures and appends them to bench/RESULTS.md. Not a test: it never fails on speed.
#
# Needs: wrk and PostgreSQL server binaries (Debian: apt-get install wrk postgresql), a JDK.
# Usage: bench/patient-fhir.sh [duration-seconds] [warm-up-seconds]   (defaults 20 and 60)
# JAVA_OPTS is passed to the app's JVM (e.g. JAVA_OPTS=-XX:TieredStopAtLevel=1).
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

export TOKEN=$(token ehr-system "system/Patient.cruds" bench-ehr)
start_app

# On 2 cores the JIT's C2 compiler competes with the app for a long while after start:
# measure after it has settled, not the start-up.
echo "== warm-up ${WARMUP}s"
wrk -t2 -c16 -d"${WARMUP}s" -s bench/wrk/create-patient.lua "$BASE/fhir/Patient" >/dev/null
wrk -t2 -c16 -d"$((WARMUP / 4))s" -s bench/wrk/search-patient.lua "$BASE/fhir/Patient" >/dev/null
ID=$(curl -s -X POST -H 'Content-Type: application/fhir+json' -H "Authorization: Bearer $TOKEN" "$BASE/fhir/Patient" \
  -d '{"resourceType":"Patient","name":[{"family":"Readme","given":["Bench"]}],"gender":"female","birthDate":"1980-01-01"}' \
  | sed -E 's/.*"id":"([0-9a-f-]{36})".*/\1/')

run() { # name, then wrk args
  local name=$1; shift
  echo "== $name"
  wrk -t2 -c16 -d"${DURATION}s" --latency "$@" | tee "$OUT/$name.txt"
}
run create -s bench/wrk/create-patient.lua "$BASE/fhir/Patient"
run read -s bench/wrk/read-patient.lua "$BASE/fhir/Patient/$ID"
run search -s bench/wrk/search-patient.lua "$BASE/fhir/Patient"

CREATE=$(rps create); READ=$(rps read); SEARCH=$(rps search)
RATIO=$(awk -v a="$CREATE" -v b="$PGBENCH_TPS" 'BEGIN{printf "%.0f", 100*a/b}')
PATIENTS=$("${PSQL[@]}" -d reception -tAc "select count(*) from patient")

cat <<REPORT | tee -a bench/RESULTS.md

### Patient on /fhir vs pgbench INSERT, $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') (fsync on, default settings), app and load generator on the same host over loopback.
Command: \`JAVA_OPTS="$JAVA_OPTS" bench/patient-fhir.sh $DURATION $WARMUP\` (wrk -t2 -c16 -d${DURATION}s after ${WARMUP}s of warm-up; pgbench -c16 -j2 -T$DURATION).

| measurement | per second | p99 latency | non-2xx |
|---|---|---|---|
| pgbench single-row INSERT (baseline) | $PGBENCH_TPS | | |
| POST /fhir/Patient (create) | $CREATE | $(p99 create) | $(non2xx create) |
| GET /fhir/Patient/{id} (read) | $READ | $(p99 read) | $(non2xx read) |
| GET /fhir/Patient?family=&given= (search) | $SEARCH | $(p99 search) | $(non2xx search) |

Create throughput is **${RATIO} %** of the pgbench INSERT rate (target: at least 35 %). Patients in the database at the end: $PATIENTS.
REPORT
