-- pgbench script: the transaction POST /tickets runs, statement for statement (captured from the
-- pg driver for the body in api-phase.ts: category + severity known, so status 'triaged' and two
-- outbox events). Same rows, same reads, same order, one round trip per statement; only the app's
-- work around them (HTTP, auth lookup, zod, Prisma, JSON) is missing. That makes its TPS the
-- database's limit for this transaction on this machine.
-- The issue calls it "the four-insert transaction"; the code writes five rows kinds: tickets,
-- conversations, messages, audit_logs, outbox_events (x2), plus pg_notify for the relay.
-- Ids come from one random bigint per transaction; the ticket code is its hex form (unique per
-- tenant like the app's 4-character codes, but never colliding, so pgbench never aborts).
\set a random(1, 9223372036854775806)
BEGIN;
SELECT id, tenant_id, name, address_line1, city, region, postal_code, timezone, created_at
  FROM buildings WHERE (id = 'b_hq' AND tenant_id = 't_demo') LIMIT 1 OFFSET 0;
INSERT INTO tickets (id, tenant_id, code, building_id, unit_id, resident_id, category, severity, status,
    description, window_start, window_end, access_notes, source, correlation_id, version, created_at, updated_at)
  VALUES ('tkt_' || :a::text, 't_demo', to_hex(:a::bigint), 'b_hq', NULL, NULL, 'elevator', 'urgent', 'triaged',
    'Elevator stuck on 3rd floor', NULL, NULL, NULL, 'api', 'corr_' || :a::text, 0, now(), now())
  RETURNING id;
-- Prisma's `include` on the created ticket: the row again, then building, unit, resident, appointments.
SELECT id, tenant_id, code, building_id, unit_id, resident_id, category, severity::text, status::text,
    description, window_start, window_end, access_notes, source, correlation_id, version, created_at,
    updated_at, scheduled_at, escalated_at, closed_at
  FROM tickets WHERE id = 'tkt_' || :a::text LIMIT 1 OFFSET 0;
SELECT id, tenant_id, name, address_line1, city, region, postal_code, timezone, created_at
  FROM buildings WHERE id = 'b_hq' OFFSET 0;
SELECT id, tenant_id, building_id, label, floor, created_at FROM units WHERE id = NULL OFFSET 0;
SELECT id, tenant_id, unit_id, name, phone, email, language, created_at FROM residents WHERE id = NULL OFFSET 0;
SELECT id, tenant_id, ticket_id, vendor_id, offer_id, status::text, starts_at, ends_at, confirmation_method,
    created_at, updated_at
  FROM appointments WHERE ticket_id = 'tkt_' || :a::text ORDER BY created_at ASC OFFSET 0;
INSERT INTO conversations (id, tenant_id, channel, address, participant_type, participant_id, state,
    last_message_at, created_at)
  VALUES ('conv_' || :a::text, 't_demo', 'api', 'ticket:' || 'tkt_' || :a::text, 'unknown', NULL, '{}', now(), now())
  RETURNING *;
INSERT INTO messages (id, tenant_id, conversation_id, ticket_id, direction, channel, from_address, to_address,
    body, media, status, attempts, correlation_id, created_at)
  VALUES ('msg_' || :a::text, 't_demo', 'conv_' || :a::text, 'tkt_' || :a::text, 'inbound', 'api',
    'api_key:' || 'key_demo', 'fixline', 'Elevator stuck on 3rd floor', '[]', 'received', 0, 'corr_' || :a::text, now())
  RETURNING *;
INSERT INTO audit_logs (id, tenant_id, actor, action, entity_type, entity_id, ticket_id, after, correlation_id,
    causation_id, created_at)
  VALUES ('aud_' || :a::text, 't_demo', 'api_key:' || 'key_demo', 'ticket.created', 'ticket', 'tkt_' || :a::text,
    'tkt_' || :a::text,
    jsonb_build_object('ticket_id', 'tkt_' || :a::text, 'code', to_hex(:a::bigint), 'tenant_id', 't_demo',
      'building_id', 'b_hq', 'unit_id', NULL, 'resident_id', NULL, 'category', 'elevator', 'severity', 'urgent',
      'status', 'triaged', 'description', 'Elevator stuck on 3rd floor', 'window_start', NULL,
      'window_end', NULL, 'access_notes', NULL, 'source', 'api'),
    'corr_' || :a::text, NULL, now())
  RETURNING *;
INSERT INTO outbox_events (id, tenant_id, aggregate_type, aggregate_id, event_type, key, payload, headers,
    correlation_id, causation_id, status, attempts, next_attempt_at, created_at)
  SELECT e.id, 't_demo', 'ticket', 'tkt_' || :a::text, e.type, 'tkt_' || :a::text,
    jsonb_build_object('ticket_id', 'tkt_' || :a::text, 'code', to_hex(:a::bigint), 'tenant_id', 't_demo',
      'building_id', 'b_hq', 'unit_id', NULL, 'resident_id', NULL, 'category', 'elevator', 'severity', 'urgent',
      'status', 'triaged', 'description', 'Elevator stuck on 3rd floor', 'window_start', NULL,
      'window_end', NULL, 'access_notes', NULL, 'source', 'api'),
    jsonb_build_object('content-type', 'application/json', 'schema-version', '1', 'event-id', e.id::text,
      'event-type', e.type, 'correlation-id', 'corr_' || :a::text, 'causation-id', '', 'tenant-id', 't_demo',
      'version', 0, 'occurred_at', now()::text, 'schema_version', 1),
    'corr_' || :a::text, NULL, 'pending', 0, now(), now()
  FROM (VALUES (gen_random_uuid(), 'ticket.created'), (gen_random_uuid(), 'intake.completed')) AS e (id, type);
SELECT pg_notify('fixline_outbox', '');
COMMIT;
