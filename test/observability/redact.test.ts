// Phone numbers are masked in every log line (fields, messages, errors, bindings), and ordinary
// values that merely contain digits are left alone.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../observability/logger.ts';
import { maskPhone, maskPhonesInText } from '../../observability/redact.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('phone redaction', () => {
  it('masks E.164 and North American formats', () => {
    expect(maskPhone('+15551230101')).toBe('+1555*****01');
    expect(maskPhonesInText('call (555) 123-0101 or 555-123-0101')).not.toMatch(/123-0101/);
  });

  it('leaves dates, ids and counters alone', () => {
    const text = '2026-11-23T14:00:00.000Z tkt_0mbx3k2a1c9f4r7w2q offset 1234567890123';
    expect(maskPhonesInText(text)).toBe(text);
  });

  it('masks phones in fields, nested objects, messages, errors and child bindings', () => {
    const { lines, logger } = capture();
    const child = logger.child({ from: '+15551230101' });
    child.info({ to: { phone: '+15552000001' } }, 'texting +15553000001');
    child.error({ err: new Error('Key (phone)=(+15551230201) already exists') }, 'insert failed');
    const out = lines.join('');
    for (const phone of ['+15551230101', '+15552000001', '+15553000001', '+15551230201']) {
      expect(out).not.toContain(phone);
    }
    expect(out).toContain('+1555*****01');
    expect(lines).toHaveLength(2);
  });
});
