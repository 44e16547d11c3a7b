// An independent Kafka reader for end-to-end checks: a fresh consumer group reads a topic from the
// beginning until a message whose envelope has the wanted correlation_id arrives, prints it with its
// headers, and exits 0 — or exits 1 after the timeout. It shares no code with the service's bus.
//   node scripts/e2e/read-event.ts <topic> <correlation_id> [timeout_ms]
import crypto from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

const [topic, correlationId, timeoutArg] = process.argv.slice(2);
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
if (!topic || !correlationId || brokers.length === 0) {
  console.error(
    'usage: KAFKA_BROKERS=host:port node scripts/e2e/read-event.ts <topic> <correlation_id> [timeout_ms]',
  );
  process.exit(2);
}
const timeoutMs = Number(timeoutArg ?? 20_000);
const kafka = new Kafka({ clientId: 'fixline-e2e-reader', brokers, logLevel: logLevel.NOTHING });
const consumer = kafka.consumer({ groupId: `fixline-e2e-${crypto.randomBytes(6).toString('hex')}` });

const found = new Promise<void>((resolve) => {
  void (async () => {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        const envelope = JSON.parse(message.value?.toString() ?? '{}');
        if (envelope.correlation_id !== correlationId) return;
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString()]),
        );
        console.log(
          JSON.stringify({ topic, partition, key: message.key?.toString(), headers, envelope }, null, 2),
        );
        resolve();
      },
    });
  })();
});
const timedOut = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
const outcome = await Promise.race([found, timedOut]);
await consumer.disconnect().catch(() => {});
if (outcome === 'timeout') {
  console.error(`no message with correlation_id ${correlationId} on ${topic} within ${timeoutMs} ms`);
  process.exit(1);
}
