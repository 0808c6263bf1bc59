#!/usr/bin/env bash
# Coding: time to load a full ICD-10-CM fiscal year (and the next by its addenda, and HCPCS)
# through the running app into a local PostgreSQL; heap held by the in-memory index; and scrub
# latency of a 12-line claim with JMH. Appends the figures to bench/RESULTS.md; never fails on speed.
#
# Needs: PostgreSQL server binaries, openssl, a JDK, python3.
# Usage: bench/coding.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
DATA=$(realpath data)
export RECEPTION_CODING_IMPORT_DIRS="$DATA,$WORK"
start_postgres
./mvnw -q -B -Pbench test-compile
./mvnw -q -B -Pbench dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=test
start_app
ADMIN=$(token admin "" bench-admin)

load() { # format version path [basedOn] -> prints "server-ms wall-s rows"
  local body="{\"format\":\"$1\",\"version\":\"$2\",\"path\":\"$3\"${4:+,\"basedOn\":\"$4\"}}"
  local t0=$(date +%s.%N)
  local answer=$(curl -sf -X POST "$BASE/api/v1/code-sets" -H "Authorization: Bearer $ADMIN" \
    -H 'Content-Type: application/json' -d "$body")
  local t1=$(date +%s.%N)
  echo "$answer" | python3 -c "import json,sys; r=json.load(sys.stdin); print(r['millis'], '%.2f' % ($t1-$t0), r['rows'], r['billable'])"
}


echo "== loading"
read FY22_MS FY22_WALL FY22_ROWS FY22_BILLABLE < <(load icd10cm-order FY2022 "$DATA/icd10cm/icd10cm_order_2022_reconstructed.txt.gz")
read FY23_MS FY23_WALL FY23_ROWS FY23_BILLABLE < <(load icd10cm-addenda FY2023 "$DATA/icd10cm/icd10cm-order-addenda-2023.txt" FY2022)
read HC_MS HC_WALL HC_ROWS HC_BILLABLE < <(load hcpcs 2020 "$DATA/hcpcs/HCPC2020_ANWEB_w_disclaimer.txt.gz")
echo "FY2022 $FY22_MS ms ($FY22_ROWS rows), FY2023 $FY23_MS ms, HCPCS $HC_MS ms"

CP="target/test-classes:target/classes:$(cat "$OUT/cp.txt")"
echo "== index footprint"
java -Xmx1g -cp "$CP" org.frontdesk.reception.coding.IndexFootprint \
  "$DATA/icd10cm/icd10cm_order_2022_reconstructed.txt.gz" "$DATA/icd10cm/icd10cm-order-addenda-2023.txt" | tee "$OUT/footprint.txt"
HEAP1=$(awk '/one-year/{print $2}' "$OUT/footprint.txt")
HEAP2=$(awk '/two-years/{print $2}' "$OUT/footprint.txt")

echo "== scrub (JMH)"
java -Xmx1g -cp "$CP" org.openjdk.jmh.Main ScrubBenchmark -rf json -rff "$OUT/scrub.json" | tail -15
read P50 P99 P999 < <(python3 -c "
import json; r=json.load(open('$OUT/scrub.json'))[0]['primaryMetric']['scorePercentiles']
print('%.1f %.1f %.1f' % (r['50.0'], r['99.0'], r['99.9']))")

cat <<REPORT | tee -a bench/RESULTS.md

### Coding, $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, $(java -version 2>&1 | head -1), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') (fsync on), app and database on the same host.
Command: \`bench/coding.sh\`.

| measurement | result | target |
|---|---|---|
| load ICD-10-CM FY2022 order file ($FY22_ROWS rows, $FY22_BILLABLE billable): server time until it answers lookups / wall time of the HTTP call | $FY22_MS ms / $FY22_WALL s | ≤ 3 s |
| load FY2023 from the FY2022 version + official addenda ($FY23_ROWS rows) | $FY23_MS ms / $FY23_WALL s | |
| load HCPCS 2020 ($HC_ROWS codes) | $HC_MS ms / $HC_WALL s | |
| heap held by the index: one ICD-10-CM year / two years sharing unchanged codes | $HEAP1 MB / $HEAP2 MB | |
| scrub a 12-line, 12-diagnosis claim (JMH sample time, 1 fork, 5×2 s), p50 / p99 / p99.9 | $P50 µs / $P99 µs / $P999 µs | p99 ≤ 1,000 µs |

Server times cover parsing, COPY into PostgreSQL in one transaction, commit and indexing the new version; the wall time adds the HTTP call to a freshly started (cold) app.
REPORT
