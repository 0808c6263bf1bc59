#!/usr/bin/env bash
# The speed targets of the FHIR face, measured with the team's ruler (bench/ruler, a copy of
# fhir-bench.sh and pgbench-insert.sh) against the packaged app and a local PostgreSQL:
#   - start to ready (ms), with the heap fixed;
#   - pgbench single-row durable INSERT on the same server (the ratio every figure is given with);
#   - Patient create / read / search with wrk -t2 -c16, CPU per request of the app and of PostgreSQL,
#     among SEED (default 100,000) patients loaded first;
#   - p99 at about half of each peak rate (wrk has no fixed-rate mode: each of the 16 connections
#     pauses 24,000/peak ms between requests; the rate reached is printed next to its p99);
#   - the app's RSS under load (highest VmRSS sampled every 0.5 s).
# Appends a table to bench/RESULTS.md. Never fails on speed.
#
# Needs: wrk, PostgreSQL server binaries (pgbench, psql), openssl, a JDK, python3.
# Usage: bench/speed.sh [LABEL]    environment: SEED [100000], DURATION [20s], WARMUP [30s], REPS [2],
#        JAVA_OPTS [-Xms256m -Xmx256m -XX:+UseSerialGC ...: the settings under test]
set -euo pipefail
cd "$(dirname "$0")/.."
LABEL=${1:-speed}
SEED=${SEED:-100000}
export DURATION=${DURATION:-20s} WARMUP=${WARMUP:-30s} REPS=${REPS:-2}
# the production settings (k8s/base/configmap.yaml JAVA_OPTS_APPEND and MALLOC_ARENA_MAX)
JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseSerialGC -Xms192m -Xmx192m -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=64m -Xss512k"}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
source bench/lib.sh
start_postgres
"${PSQL[@]}" -c "alter system set max_connections = 100" >/dev/null

echo "== start to ready, with the app's own migrations on an empty database"
launch() {
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$PGPORT/reception" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=unused \
  QUARKUS_HTTP_PORT=$APPPORT QUARKUS_LOG_LEVEL=WARN \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$WORK/bench-public.pem" MP_JWT_VERIFY_ISSUER=https://bench.frontdesk.local \
  RECEPTION_SECURITY_FHIR_RATE_LIMIT_ENABLED=false \
    java $JAVA_OPTS -jar target/quarkus-app/quarkus-run.jar > "$OUT/app.log" 2>&1 &
  APP_PID=$!
  local t0 t1
  t0=$(date +%s%N)
  for _ in $(seq 1 2000); do
    curl -sf "$BASE/q/health/ready" >/dev/null 2>&1 && break
    sleep 0.02
  done
  t1=$(date +%s%N)
  curl -sf "$BASE/q/health/ready" >/dev/null || { echo "app did not start"; tail -50 "$OUT/app.log"; exit 1; }
  LAUNCH_MS=$(( (t1 - t0) / 1000000 ))
}
launch
FIRST_START_MS=$LAUNCH_MS
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true

echo "== loading $SEED patients (SQL, straight into the tables the app reads)"
"${PSQL[@]}" -d reception <<SQL
insert into patient (id, mrn, gender, birth_date, sort_name, created_at, updated_at, created_by, updated_by)
select ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'S' || g,
       (array['female','male','other'])[1 + g % 3], date '1930-01-01' + (g * 7919) % 33000,
       'seed' || (g % 20011) || ' given' || g, now(), now(), 'seed', 'seed'
from generate_series(1, $SEED) g;
insert into patient_name (id, patient_id, position, use, family, given, family_norm, given_norm, words_norm)
select -g, ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 0, 'official', 'Seed' || (g % 20011),
       array['Given' || g], 'seed' || (g % 20011), 'given' || g, 'seed' || (g % 20011) || ' given' || g
from generate_series(1, $SEED) g;
analyze;
SQL
echo "   $("${PSQL[@]}" -d reception -tAc "select count(*) from patient") patients"

launch
START_MS=$LAUNCH_MS
echo "   start to ready: first ${FIRST_START_MS} ms (migrations), then ${START_MS} ms"

echo "== pgbench single-row INSERT (the ruler's pgbench-insert.sh) on the same server"
PGHOST=127.0.0.1 PGPORT=$PGPORT PGUSER=postgres PGPASSWORD=unused TMPDIR=$WORK \
  bench/ruler/pgbench-insert.sh 16 2 20 2 | tee "$OUT/pgbench-ruler.txt"
PGBENCH=$(awk '/^durable median tps/{print $5}' "$OUT/pgbench-ruler.txt")

echo "== the ruler: create / read / search"
RSS_LOG="$WORK/rss.txt"
( while kill -0 "$APP_PID" 2>/dev/null; do awk '/VmRSS/{print $2}' "/proc/$APP_PID/status" 2>/dev/null >> "$RSS_LOG"; sleep 0.5; done ) &
SAMPLER=$!
export BEARER=$(token ehr-system "system/Patient.cruds" bench-ehr)
SERVER_PID=$APP_PID OUT=$WORK/ruler bench/ruler/fhir-bench.sh "$BASE/fhir" "$LABEL" | tee "$OUT/ruler.txt"
RDIR=$(ls -d "$WORK"/ruler/"$LABEL"-* | tail -1)

echo "== latency at about half of each peak rate (16 connections, each pausing 24,000/peak ms between requests)"
SEARCH_URL=$(awk -F= '/^search_url=/{print substr($0, index($0, "=") + 1)}' "$RDIR/params.txt")
READ_PATHS=$(awk -F= '/^read_paths=/{print $2}' "$RDIR/params.txt")
export READ_PATHS
half() { # name url script
  local peak
  peak=$(awk -F, -v ep="$1" '$1 == ep && $2 == "median" {print $3}' "$RDIR/summary.csv")
  RULER_SCRIPT=$3 DELAY_MS=$(python3 -c "print(int(24000 / max(1.0, float('$peak'))))") \
    wrk -t2 -c16 -d"$DURATION" --latency -s bench/wrk/paced.lua "$2" > "$OUT/half-$1.txt" 2>&1 || true
}
half create "$BASE/fhir/Patient" bench/ruler/wrk/post_patient.lua
half read "$BASE/fhir/Patient/x" bench/ruler/wrk/get.lua
half search "$SEARCH_URL" bench/ruler/wrk/get.lua
kill "$SAMPLER" 2>/dev/null || true
RSS_MB=$(sort -n "$RSS_LOG" | tail -1 | awk '{printf "%.0f", $1 / 1024}')
PATIENTS=$("${PSQL[@]}" -d reception -tAc "select count(*) from patient")

python3 - "$RDIR" "$PGBENCH" "$OUT" <<'PY' > "$OUT/speed-table.md"
import csv, re, sys
rdir, pgbench, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
rows = {r['endpoint']: r for r in csv.DictReader(open(rdir + '/summary.csv')) if r['run'] == 'median'}
targets = {'create': (1500, 0.6, 0.6), 'read': (4000, 0.3, 0.1), 'search': (2000, 0.6, 0.3)}
def half(name):
    t = open('%s/half-%s.txt' % (out, name)).read()
    rps = re.search(r'Requests/sec:\s+([\d.]+)', t)
    p99 = re.search(r'\s99%\s+([\d.]+)(us|ms|s)', t)
    if not (rps and p99): return '-', '-'
    v = float(p99.group(1)) * {'us': 0.001, 'ms': 1, 's': 1000}[p99.group(2)]
    return '%.0f' % float(rps.group(1)), '%.1f' % v
print('| work | requests/s | of pgbench | target | p99 at peak (ms) | app CPU ms/req (target) | PostgreSQL CPU ms/req (target) | at about half: requests/s, p99 ms (target 25) | non-2xx |')
print('|---|---|---|---|---|---|---|---|---|')
for ep in ('create', 'read', 'search'):
    r = rows.get(ep)
    if not r: continue
    rps = float(r['rps']); pg = float(r['pg_cores']) * 1000 / rps if rps else 0
    t = targets[ep]; hr, hp = half(ep)
    print('| %s | %.0f | %.1f %% | %d | %.1f | %.2f (%.1f) | %.2f (%.1f) | %s, %s | %s |' % (
        ep, rps, 100 * rps / pgbench, t[0], float(r['p99']), float(r['srv_cpu_ms_per_req'] or 0), t[1], pg, t[2], hr, hp, r['non2xx']))
PY
cat <<REPORT | tee -a bench/RESULTS.md

### Speed of the FHIR face with the team's ruler ($LABEL), $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, $(java -version 2>&1 | head -1), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') (fsync on, default settings); app, database and wrk on the same host.
Command: \`bench/speed.sh $LABEL\` (bench/ruler/fhir-bench.sh: wrk -t2 -c16, ${DURATION} runs × ${REPS} after ${WARMUP} warm-up per endpoint, medians; tokens, audit and idempotency on). JVM: \`$JAVA_OPTS\`, MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX.
pgbench single-row durable INSERT (bench/ruler/pgbench-insert.sh, 16 clients, median of 2): **${PGBENCH}/s**. Patients in the database: $PATIENTS (of them $SEED loaded before the run; search finds a family with 5 matches).

$(cat "$OUT/speed-table.md")

Start to ready: ${START_MS} ms (${FIRST_START_MS} ms on the first start, which runs the migrations). Highest RSS under load: ${RSS_MB} MB.
REPORT
