# Shared by the benchmark scripts: a throw-away PostgreSQL, a signing key, the packaged app.
# Source it after setting nothing; it defines PGBIN, PGPORT, APPPORT, OUT, WORK, PSQL, BASE and
# the functions start_postgres, new_key, token, start_app. Everything is removed on exit.
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
PGPORT=${PGPORT:-55432}
APPPORT=${APPPORT:-18080}
JAVA_OPTS=${JAVA_OPTS:-}
OUT=bench/out
BASE="http://localhost:$APPPORT"
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/reception-bench.XXXXXX)
chmod 777 "$WORK"
AS_PG=()
if [ "$(id -u)" = 0 ]; then AS_PG=(runuser -u postgres --); fi
PSQL=("${AS_PG[@]}" "$PGBIN/psql" -h "$WORK" -p "$PGPORT" -U postgres -q)

cleanup() {
  [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start_postgres() {
  echo "== building the app"
  # always rebuild: a jar left from an older checkout would measure old code
  ./mvnw -q -B package -DskipTests
  echo "== starting PostgreSQL ($PGBIN) on port $PGPORT"
  "${AS_PG[@]}" "$PGBIN/initdb" -D "$WORK/data" -U postgres --auth=trust >/dev/null
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -o "-p $PGPORT -k $WORK -c max_connections=100 ${PG_OPTS:-}" \
    -l "$WORK/pg.log" -w start >/dev/null
  "${PSQL[@]}" -c "create database reception"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/bench-private.pem" 2>/dev/null
  openssl pkey -in "$WORK/bench-private.pem" -pubout -out "$WORK/bench-public.pem"
}

# token ROLE [SCOPES] [SUBJECT]: a bearer token the app of this run trusts
token() {
  KEY="$WORK/bench-private.pem" ISSUER=https://bench.frontdesk.local src/dev/dev-token.sh "$@"
}

start_app() {
  echo "== starting the app on port $APPPORT"
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$PGPORT/reception" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=unused \
  QUARKUS_HTTP_PORT=$APPPORT QUARKUS_LOG_LEVEL=WARN \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$WORK/bench-public.pem" MP_JWT_VERIFY_ISSUER=https://bench.frontdesk.local \
  RECEPTION_SECURITY_FHIR_RATE_LIMIT_ENABLED=false \
  RECEPTION_COVERAGE_INSURER_ALLOW_INSECURE_ENDPOINTS=true RECEPTION_NOTIFICATIONS_INSECURE_HOSTS=localhost \
    java -Xmx1g $JAVA_OPTS -jar target/quarkus-app/quarkus-run.jar > "$OUT/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "$BASE/q/health/ready" >/dev/null && break
    sleep 0.5
  done
  curl -sf "$BASE/q/health/ready" >/dev/null || { echo "app did not start"; tail -50 "$OUT/app.log"; exit 1; }
}

rps() { awk '/^Requests\/sec:/{print $2}' "$OUT/$1.txt"; }
p99() { awk '/ 99%/{print $2}' "$OUT/$1.txt"; }
p50() { awk '/ 50%/{print $2}' "$OUT/$1.txt"; }
non2xx() { awk '/Non-2xx/{print $5}' "$OUT/$1.txt"; }

# Calls on the app of this run, each with a fresh Idempotency-Key.
api() { # METHOD PATH JSON TOKEN: the answer's body; fails on a non-2xx
  curl -sf -X "$1" "$BASE$2" -H "Authorization: Bearer $4" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" -d "$3"
}
post() { # PATH JSON TOKEN: the id of what was created
  api POST "$1" "$2" "$3" | sed -E 's/^\{"id":"([0-9a-f-]{36})".*/\1/'
}
sql() { # SQL: its single value, from the app's database
  "${PSQL[@]}" -d reception -tAc "$1"
}

npi() { # BASE (9 digits): BASE and the check digit that makes a valid NPI (Luhn over the 80840 prefix)
  local base=$1 c n sum i p d
  for c in 0 1 2 3 4 5 6 7 8 9; do
    n="$base$c"; sum=24; i=0
    for ((p=${#n}-1; p>=0; p--)); do
      d=${n:p:1}; if (( i % 2 == 1 )); then d=$((d*2)); (( d > 9 )) && d=$((d-9)); fi
      sum=$((sum+d)); i=$((i+1))
    done
    (( sum % 10 == 0 )) && { echo "$n"; return; }
  done
}
open_every_day() { # PRACTITIONER LOCATION TOKEN: weekly hours 00:00-23:55 on all seven days
  local d
  for d in 1 2 3 4 5 6 7; do
    post "/api/v1/practitioners/$1/availability" \
      "{\"locationId\":\"$2\",\"dayOfWeek\":$d,\"startTime\":\"00:00\",\"endTime\":\"23:55\",\"validFrom\":\"2020-01-01\"}" "$3" >/dev/null
  done
}
