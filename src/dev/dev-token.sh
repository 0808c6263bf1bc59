#!/usr/bin/env bash
# Mints a bearer token for local development, signed with the dev key that dev mode trusts.
# Usage: src/dev/dev-token.sh ROLE [SCOPES] [SUBJECT]
#   ROLE: front-desk | billing | ehr-system | admin
#   SCOPES: SMART system scopes for ehr-system, e.g. "system/Patient.cruds" (default: system/*.cruds)
# Example: curl -H "Authorization: Bearer $(src/dev/dev-token.sh front-desk)" localhost:8080/api/v1/patients
# KEY and ISSUER may name another signing key and issuer (the benchmarks use their own).
set -euo pipefail
KEY=${KEY:-$(cd "$(dirname "$0")" && pwd)/keys/dev-private.pem}
ISSUER=${ISSUER:-https://dev.frontdesk.local}
ROLE=${1:?role: front-desk, billing, ehr-system or admin}
SCOPES=${2:-system/*.cruds}
SUBJECT=${3:-dev-$ROLE}
NOW=$(date +%s)
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
HEADER=$(printf '{"alg":"RS256","typ":"JWT","kid":"dev"}' | b64url)
PAYLOAD=$(printf '{"iss":"%s","aud":"frontdesk-api","sub":"%s","azp":"%s","groups":["%s"],"scope":"%s","iat":%d,"exp":%d}' \
  "$ISSUER" "$SUBJECT" "$SUBJECT" "$ROLE" "$SCOPES" "$NOW" "$((NOW + 8 * 3600))" | b64url)
SIGNATURE=$(printf '%s.%s' "$HEADER" "$PAYLOAD" | openssl dgst -sha256 -sign "$KEY" -binary | b64url)
printf '%s.%s.%s\n' "$HEADER" "$PAYLOAD" "$SIGNATURE"
