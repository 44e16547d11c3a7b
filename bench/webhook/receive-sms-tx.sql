-- pgbench script: the transaction POST /webhooks/twilio/sms runs (messaging/inbound.ts receiveSms)
-- for a plain text from a known resident, statement for statement as captured from the pg driver
-- under Prisma: BEGIN, tenant by number, resident by phone, conversation lookup, conversation upsert,
-- message insert (skip duplicates), outbox insert, pg_notify, COMMIT — nine round trips. Only the
-- app's work around them (HTTP, signature, Prisma, JSON) is missing, so its latency at the same
-- arrival rate is what Postgres alone costs. :p picks one of the five demo residents, as the HTTP
-- load does; :a makes the ids and the MessageSid unique.
\set a random(1, 9223372036854775806)
\set p random(0, 4)
BEGIN;
SELECT id, name, timezone, sms_number, created_at, updated_at
  FROM tenants WHERE (sms_number = '+15550001000' AND 1=1) LIMIT 1 OFFSET 0;
SELECT id FROM residents
  WHERE (tenant_id = 't_demo'
    AND phone = (ARRAY['+15551230101','+15551230102','+15551230201','+15551230301','+15551239001'])[:p + 1])
  LIMIT 1 OFFSET 0;
SELECT id FROM conversations
  WHERE ((tenant_id = 't_demo' AND channel = 'sms'
    AND address = (ARRAY['+15551230101','+15551230102','+15551230201','+15551230301','+15551239001'])[:p + 1])
    AND 1=1) LIMIT 1 OFFSET 0;
INSERT INTO conversations (id, tenant_id, channel, address, participant_type, participant_id, state,
    last_message_at, created_at)
  VALUES ('cnv_' || :a::text, 't_demo', 'sms',
    (ARRAY['+15551230101','+15551230102','+15551230201','+15551230301','+15551239001'])[:p + 1],
    'resident', 'r_bench', '{}', now(), now())
  ON CONFLICT (tenant_id, channel, address) DO UPDATE
    SET last_message_at = now(), participant_type = 'resident', participant_id = 'r_bench'
  RETURNING id, tenant_id, channel, address, participant_type, participant_id, state, last_message_at,
    created_at;
INSERT INTO messages (id, tenant_id, conversation_id, direction, channel, from_address, to_address, body,
    media, provider_sid, status, attempts, correlation_id, created_at)
  SELECT 'msg_' || :a::text, 't_demo', c.id, 'inbound', 'sms', c.address, '+15550001000',
    'The kitchen sink is leaking under the cabinet', '[]', 'SM' || :a::text, 'received', 0,
    'SM' || :a::text, now()
  FROM conversations c
  WHERE c.tenant_id = 't_demo' AND c.channel = 'sms'
    AND c.address = (ARRAY['+15551230101','+15551230102','+15551230201','+15551230301','+15551239001'])[:p + 1]
  ON CONFLICT DO NOTHING;
INSERT INTO outbox_events (id, tenant_id, aggregate_type, aggregate_id, event_type, key, payload, headers,
    correlation_id, causation_id, status, attempts, next_attempt_at, created_at)
  VALUES (gen_random_uuid(), 't_demo', 'conversation', 'cnv_bench', 'message.received', 'cnv_bench',
    '{"message_id": "msg_bench", "conversation_id": "cnv_bench", "channel": "sms", "participant_type": "resident", "participant_id": "r_alice", "from": "+15551230101", "body": "The kitchen sink is leaking under the cabinet", "num_media": 0, "keyword": null}',
    '{"version": 0, "occurred_at": "2026-01-01T00:00:00.000Z", "schema_version": 1}',
    'SM' || :a::text, NULL, 'pending', 0, now(), now());
SELECT pg_notify('fixline_outbox', '');
COMMIT;
