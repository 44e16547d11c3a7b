#!/usr/bin/env bash
# e2e-tickets.sh — the week-1 exit check, end to end against real services:
#   1. creates a throwaway database on the Postgres server of DATABASE_URL, migrates and seeds it;
#   2. starts the service (`node main.ts`, every role) against it and the broker in KAFKA_BROKERS;
#   3. runs the seeds' curl verbatim (no API key: loopback requests act as t_demo here) and an
#      authenticated one with an X-Correlation-Id, checking 201, Location and the correlation id;
#   4. proves each ticket.created event reached the broker by reading it back with an independent
#      kafkajs consumer (scripts/e2e/read-event.ts), matched on correlation_id;
#   5. stops the service with SIGTERM (it must exit 0) and drops the database.
#
#   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres KAFKA_BROKERS=127.0.0.1:19092 \
#     bash scripts/e2e-tickets.sh
# Optional: E2E_PORT (default 3000, as in the seeds' curl), KAFKA_TOPIC_PREFIX, E2E_KEEP_DB=1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/node-bootstrap.sh

fail() { echo "e2e-tickets: FAIL: $*" >&2; exit 1; }
say() { echo "e2e-tickets: $*"; }
[ -n "${DATABASE_URL:-}" ] || fail "set DATABASE_URL (any database on the Postgres server to use)"
[ -n "${KAFKA_BROKERS:-}" ] || fail "set KAFKA_BROKERS (e.g. 127.0.0.1:19092; scripts/kafka-local.sh start)"
PORT="${E2E_PORT:-3000}"
KEY="fxk_e2e_$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
DB_NAME="fixline_e2e_$(date +%s)_$$"
WORK="$(mktemp -d /tmp/fixline-e2e.XXXXXX)"
SERVICE_PID=""

cleanup() {
  [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null || true
  [ "${E2E_KEEP_DB:-0}" = 1 ] || node scripts/e2e/database.ts drop "$DB_NAME" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
json() { node -e 'const v = JSON.parse(require("fs").readFileSync(0, "utf8"))[process.argv[1]]; if (v === undefined) process.exit(1); console.log(v)' "$1"; }

E2E_URL="$(node scripts/e2e/database.ts create "$DB_NAME")"
say "database $DB_NAME created; migrating and seeding"
FIXLINE_SKIP_GENERATE=1 DATABASE_URL="$E2E_URL" DEMO_API_KEY="$KEY" node prisma/seed-cli.ts >/dev/null

say "starting the service on port $PORT (broker $KAFKA_BROKERS)"
DATABASE_URL="$E2E_URL" PORT="$PORT" HOST=127.0.0.1 LOCAL_OPEN_TENANT=t_demo \
  node --disable-warning=TimeoutNegativeWarning main.ts >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$WORK/service.log" >&2; fail "the service exited during start-up"; }
  sleep 0.2
done
curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null || fail "the service did not become ready"

say "the seeds' curl, verbatim:"
curl -X POST http://localhost:$PORT/tickets \
  -H "Content-Type: application/json" \
  -d '{
    "tenant_id": "t_demo",
    "building_id": "b_hq",
    "message": "Elevator stuck on 3rd floor"
  }' | tee "$WORK/seed-ticket.json"
echo
SEED_CORRELATION="$(json correlation_id <"$WORK/seed-ticket.json")" || fail "the seeds' curl did not create a ticket"

say "an authenticated request with a correlation id:"
CORRELATION="e2e-$(date +%s)-$$"
code="$(curl -s -o "$WORK/ticket.json" -D "$WORK/headers.txt" -w '%{http_code}' -X POST "http://127.0.0.1:$PORT/tickets" \
  -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" -H "X-Correlation-Id: $CORRELATION" \
  -d '{"tenant_id":"t_demo","building_id":"b_hq","unit_id":"u_101","message":"Kitchen sink leaking","category":"plumbing","severity":"urgent"}')"
cat "$WORK/ticket.json"; echo
[ "$code" = 201 ] || fail "expected 201, got $code"
TICKET_ID="$(json id <"$WORK/ticket.json")"
grep -qi "^location: /tickets/$TICKET_ID" "$WORK/headers.txt" || fail "no Location header for $TICKET_ID"
grep -qi "^x-correlation-id: $CORRELATION" "$WORK/headers.txt" || fail "correlation id not echoed in the header"
[ "$(json correlation_id <"$WORK/ticket.json")" = "$CORRELATION" ] || fail "correlation id not in the body"
status="$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$PORT/tickets" -H "Authorization: Bearer wrong_key_0000000000" \
  -H "Content-Type: application/json" -d '{"building_id":"b_hq","message":"x"}')"
[ "$status" = 401 ] || fail "a wrong API key got $status, expected 401"

TOPIC="${KAFKA_TOPIC_PREFIX:-}ticket.created"
for corr in "$SEED_CORRELATION" "$CORRELATION"; do
  say "reading $TOPIC for correlation_id $corr with an independent consumer"
  node scripts/e2e/read-event.ts "$TOPIC" "$corr" 30000 >"$WORK/event.json" || fail "ticket.created ($corr) never reached the broker"
  grep -q "\"correlation-id\": \"$corr\"" "$WORK/event.json" || fail "the message lacks the correlation-id header"
done
cat "$WORK/event.json"
grep -q "\"aggregate_id\": \"$TICKET_ID\"" "$WORK/event.json" || fail "the event is not about ticket $TICKET_ID"

say "stopping the service"
kill -TERM "$SERVICE_PID"
wait "$SERVICE_PID" && rc=0 || rc=$?
SERVICE_PID=""
[ "$rc" = 0 ] || { cat "$WORK/service.log" >&2; fail "the service exited $rc on SIGTERM"; }
say "PASS: 201 with Location and correlation id, ticket.created on the broker for both tickets, clean shutdown"
