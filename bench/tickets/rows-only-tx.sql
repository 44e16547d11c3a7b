-- pgbench script: the same rows as create-ticket-tx.sql (ticket, conversation, message, audit row,
-- two outbox events, pg_notify) with none of the reads: no building check, no re-read of the ticket
-- and its relations, no RETURNING. The floor for writing a ticket's rows; the gap to
-- create-ticket-tx.sql is what the transaction's extra statements cost. Reported for information.
\set a random(1, 9223372036854775806)
BEGIN;
INSERT INTO tickets (id, tenant_id, code, building_id, category, severity, status, description, source,
    correlation_id, version, created_at, updated_at)
  VALUES ('tkt_' || :a::text, 't_demo', to_hex(:a::bigint), 'b_hq', 'elevator', 'urgent', 'triaged',
    'Elevator stuck on 3rd floor', 'api', 'corr_' || :a::text, 0, now(), now());
INSERT INTO conversations (id, tenant_id, channel, address, participant_type, state, last_message_at, created_at)
  VALUES ('conv_' || :a::text, 't_demo', 'api', 'ticket:' || 'tkt_' || :a::text, 'unknown', '{}', now(), now());
INSERT INTO messages (id, tenant_id, conversation_id, ticket_id, direction, channel, from_address, to_address,
    body, media, status, attempts, correlation_id, created_at)
  VALUES ('msg_' || :a::text, 't_demo', 'conv_' || :a::text, 'tkt_' || :a::text, 'inbound', 'api',
    'api_key:' || 'key_demo', 'fixline', 'Elevator stuck on 3rd floor', '[]', 'received', 0, 'corr_' || :a::text, now());
INSERT INTO audit_logs (id, tenant_id, actor, action, entity_type, entity_id, ticket_id, after, correlation_id,
    created_at)
  VALUES ('aud_' || :a::text, 't_demo', 'api_key:' || 'key_demo', 'ticket.created', 'ticket', 'tkt_' || :a::text,
    'tkt_' || :a::text,
    jsonb_build_object('ticket_id', 'tkt_' || :a::text, 'code', to_hex(:a::bigint), 'tenant_id', 't_demo',
      'building_id', 'b_hq', 'unit_id', NULL, 'resident_id', NULL, 'category', 'elevator', 'severity', 'urgent',
      'status', 'triaged', 'description', 'Elevator stuck on 3rd floor', 'window_start', NULL,
      'window_end', NULL, 'access_notes', NULL, 'source', 'api'),
    'corr_' || :a::text, now());
INSERT INTO outbox_events (id, tenant_id, aggregate_type, aggregate_id, event_type, key, payload, headers,
    correlation_id, status, attempts, next_attempt_at, created_at)
  SELECT e.id, 't_demo', 'ticket', 'tkt_' || :a::text, e.type, 'tkt_' || :a::text,
    jsonb_build_object('ticket_id', 'tkt_' || :a::text, 'code', to_hex(:a::bigint), 'tenant_id', 't_demo',
      'building_id', 'b_hq', 'unit_id', NULL, 'resident_id', NULL, 'category', 'elevator', 'severity', 'urgent',
      'status', 'triaged', 'description', 'Elevator stuck on 3rd floor', 'window_start', NULL,
      'window_end', NULL, 'access_notes', NULL, 'source', 'api'),
    jsonb_build_object('content-type', 'application/json', 'schema-version', '1', 'event-id', e.id::text,
      'event-type', e.type, 'correlation-id', 'corr_' || :a::text, 'causation-id', '', 'tenant-id', 't_demo',
      'version', 0, 'occurred_at', now()::text, 'schema_version', 1),
    'corr_' || :a::text, 'pending', 0, now(), now()
  FROM (VALUES (gen_random_uuid(), 'ticket.created'), (gen_random_uuid(), 'intake.completed')) AS e (id, type);
SELECT pg_notify('fixline_outbox', '');
COMMIT;
