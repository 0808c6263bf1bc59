#!/usr/bin/env bash
# Insurance card uploads at volume, with the app on a small heap: UPLOADS card images of SIZE_MB
# each (a JPEG header, then random bytes: incompressible, as photos are) PUT to coverages'
# card/front and card/back by CONCURRENCY clients at once; then as many downloads. Records
# uploads/s, MB/s, p50/p95, the app's heap used (jstat, every 250 ms) and RSS while it runs at
# -Xmx128m (so files are streamed, never held whole), checks that every row is there with its
# size, that a random download's SHA-256 is its file's, and that the spool directory is empty
# afterwards; pgbench's single-row INSERT rate on the same server is the ruler. Appends to
# bench/RESULTS.md.
#
# Needs: PostgreSQL server binaries (pgbench, psql), openssl, a JDK (jstat), python3, curl.
# Usage: bench/documents.sh [uploads] [concurrency] [size MB]   (defaults 200 8 2)
#        MAVEN_ARGS=-o bench/documents.sh   builds offline
set -euo pipefail
cd "$(dirname "$0")/.."
UPLOADS=${1:-200}
CONCURRENCY=${2:-8}
SIZE_MB=${3:-2}
JAVA_OPTS=${JAVA_OPTS:--Xmx128m}
source bench/lib.sh
export RECEPTION_DOCUMENTS_SPOOL_DIR="$WORK/spool"
mkdir -p "$RECEPTION_DOCUMENTS_SPOOL_DIR"
start_postgres
start_app
ADMIN=$(token admin "" bench-admin)
DESK=$(token front-desk "" bench-desk)
id() { python3 -c "import json,sys; print(json.load(sys.stdin)['id'])"; }

echo "== $((UPLOADS / 2)) patients, each with a coverage"
PAYER=$(api POST /api/v1/payers '{"payerCode":"BENCHDOC","name":"Bench payer","type":"commercial"}' "$ADMIN" | id)
: > "$WORK/targets"
for n in $(seq 1 $(( (UPLOADS + 1) / 2 ))); do
  born=$(date -u -d "1950-01-01 + $((RANDOM % 20000)) days" +%Y-%m-%d)
  patient=$(api POST "/api/v1/patients?confirmedNotDuplicate=true" "{\"names\":[{\"family\":\"Carder$n\",\"given\":[\"Bench\"]}],\"gender\":\"male\",\"birthDate\":\"$born\"}" "$DESK" | id)
  coverage=$(api POST "/api/v1/patients/$patient/coverages" "{\"payerId\":\"$PAYER\",\"memberId\":\"MB$n\",\"order\":\"primary\"}" "$DESK" | id)
  echo "$coverage front" >> "$WORK/targets"
  echo "$coverage back" >> "$WORK/targets"
done
head -n "$UPLOADS" "$WORK/targets" > "$WORK/uploads"

echo "== $UPLOADS card images of $SIZE_MB MB"
mkdir -p "$WORK/files"
while read -r coverage side; do
  f="$WORK/files/$coverage-$side.jpg"
  { printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00'; head -c $((SIZE_MB * 1024 * 1024 - 11)) /dev/urandom; } > "$f"
done < "$WORK/uploads"

# heap used (young + old, from jstat every 250 ms) and RSS of the app while a step runs
sample() { # FILE: writes "heap_kb rss_kb" lines until killed
  jstat -gc "$APP_PID" 250 | awk -v status="/proc/$APP_PID/status" 'NR > 1 {
      rss = 0; while ((getline line < status) > 0) if (line ~ /^VmRSS/) { split(line, f); rss = f[2] }; close(status)
      print int($3 + $4 + $6 + $8), rss; fflush() }' > "$1"
}
upload_one() { # COVERAGE SIDE
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -T "$WORK/files/$1-$2.jpg" \
    -H "Authorization: Bearer $DESK" -H 'Content-Type: image/jpeg' \
    -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" "$BASE/api/v1/coverages/$1/card/$2"
}
export -f upload_one
export WORK DESK BASE
sample "$WORK/heap-up" & SAMPLER=$!
T0=$(date +%s.%N)
xargs -P "$CONCURRENCY" -L 1 bash -c 'upload_one "$0" "$1"' < "$WORK/uploads" > "$WORK/up-times"
T1=$(date +%s.%N)
kill $SAMPLER; wait $SAMPLER 2>/dev/null || true
SPOOL_LEFT=$(find "$RECEPTION_DOCUMENTS_SPOOL_DIR" -type f | wc -l)

echo "== $UPLOADS downloads"
sql "select patient_id || ' ' || id || ' ' || sha256 from document" > "$WORK/docs"
download_one() { # PATIENT DOCUMENT
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $DESK" \
    "$BASE/api/v1/patients/$1/documents/$2/content"
}
export -f download_one
sample "$WORK/heap-down" & SAMPLER=$!
T2=$(date +%s.%N)
xargs -P "$CONCURRENCY" -L 1 bash -c 'download_one "$0" "$1"' < "$WORK/docs" > "$WORK/down-times"
T3=$(date +%s.%N)
kill $SAMPLER; wait $SAMPLER 2>/dev/null || true

ROWS=$(sql "select count(*) || ' ' || coalesce(sum(size_bytes), 0) from document")
LOS=$(sql "select count(*) from stored_content where content_oid is not null")
LINKED=$(sql "select count(card_front_document_id) + count(card_back_document_id) from coverage")
read -r P D SHA < <(shuf -n 1 "$WORK/docs")
GOT=$(curl -s -H "Authorization: Bearer $DESK" "$BASE/api/v1/patients/$P/documents/$D/content" | sha256sum | cut -d' ' -f1)
SOURCE=$(sha256sum "$WORK"/files/*.jpg | awk -v s="$SHA" '$1 == s {print "matches " $2}' | head -1 | sed 's#.*/##')
VERIFY="download $D: sha256 $([ "$GOT" = "$SHA" ] && echo "as stored" || echo "DIFFERS ($GOT vs $SHA)"), source file ${SOURCE:-NOT FOUND}"
echo "$VERIFY"
HWM=$(awk '/VmHWM/{print int($2 / 1024)}' /proc/$APP_PID/status)

if [ -z "${SKIP_PGBENCH:-}" ]; then
  echo "== pgbench single-row INSERT (the ruler's pgbench-insert.sh) on the same server"
  PGHOST=127.0.0.1 PGPORT=$PGPORT PGUSER=postgres PGPASSWORD=unused TMPDIR=$WORK \
    bench/ruler/pgbench-insert.sh 16 2 20 2 | tee "$OUT/pgbench-documents.txt"
  PGBENCH=$(awk '/^durable median tps/{print $5}' "$OUT/pgbench-documents.txt")
else
  PGBENCH=0
fi

python3 - "$WORK" "$UPLOADS" "$CONCURRENCY" "$SIZE_MB" "$T0" "$T1" "$T2" "$T3" "$ROWS" "$LOS" "$LINKED" "$SPOOL_LEFT" \
  "$HWM" "$PGBENCH" "$JAVA_OPTS" "$VERIFY" <<'PY' | tee "$OUT/documents-table.md"
import sys, statistics
work, n, conc, mb, t0, t1, t2, t3, rows, los, linked, spool, hwm, pgb, jopts, verify = sys.argv[1:]
n, conc, mb = int(n), int(conc), int(mb)
pgb = float(pgb) or float('nan')
def times(name):
    lines = [l.split() for l in open(f'{work}/{name}') if l.strip()]
    return [l[0] for l in lines], sorted(float(l[1]) for l in lines)
def pct(s, p):
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]
def heap(name):
    pts = [l.split() for l in open(f'{work}/{name}') if l.strip()]
    h = [int(p[0]) / 1024 for p in pts]
    r = [int(p[1]) / 1024 for p in pts if len(p) > 1 and p[1].isdigit()]
    return (max(h) if h else float('nan'), statistics.median(h) if h else float('nan'), max(r) if r else float('nan'))
print('| step | files | concurrency | seconds | files/s | MB/s | p50 s | p95 s | statuses | heap used max / median MB | RSS max MB | of pgbench |')
print('|---|---|---|---|---|---|---|---|---|---|---|---|')
for label, name, a, b, hs in (('upload (PUT card image, %d MB)' % mb, 'up-times', t0, t1, 'heap-up'),
                              ('download (GET content)', 'down-times', t2, t3, 'heap-down')):
    codes, s = times(name)
    secs = float(b) - float(a)
    hmax, hmed, rss = heap(hs)
    status = ', '.join('%s x%d' % (c, codes.count(c)) for c in sorted(set(codes)))
    rate = len(s) / secs
    print('| %s | %d | %d | %.2f | %.1f | %.1f | %.3f | %.3f | %s | %.0f / %.0f | %.0f | %.2f %% |' % (
        label, len(s), conc, secs, rate, rate * mb, pct(s, 50), pct(s, 95), status, hmax, hmed, rss, 100 * rate / pgb))
count, total = rows.split()
print()
print('App: %s; peak RSS (VmHWM) %s MB over the whole run. Rows: %s documents, %.1f MB in all; %s kept as large objects; '
      '%s card images linked from coverages. %s. Spool directory after the uploads: %s files. pgbench single-row durable '
      'INSERT on the same server: %.0f/s.' % (jopts, hwm, count, int(total) / 1048576, los, linked, verify, spool, pgb))
PY
{
  echo
  echo "## Documents: insurance card uploads and downloads ($(date -u +%F), bench/documents.sh $UPLOADS $CONCURRENCY $SIZE_MB)"
  echo
  cat "$OUT/documents-table.md"
} >> "${RESULTS:-bench/RESULTS.md}"
echo "== appended to ${RESULTS:-bench/RESULTS.md}"
