// The last check before a reply leaves: it may not carry another resident's data or our internal
// ids, whatever the model was talked into. Identity injection already keeps the tools from
// reaching other residents' rows; this catches what a model might still echo or invent.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { TurnContext } from './turn-context.ts';

export type ReplyViolation = 'internal_id' | 'foreign_phone' | 'foreign_ticket' | 'foreign_resident';

// Our ids are `<prefix>_<suffix>` (tkt_0mbx…, u_101, b_hq); residents never need one.
const INTERNAL_ID = /\b(?:tkt|cnv|msg|turn|dsp|off|apt|key|idem|opt|evt|r|u|b|t|v|c)_[a-z0-9]{2,}\b/i;
const PHONE = /\+?\d[\d\s().-]{8,}\d/g;
const CODE = /\b[A-Z0-9]{4}\b/g;

const digits = (s: string) => s.replace(/\D/g, '');

export async function checkReply(
  prisma: PrismaClient,
  ctx: TurnContext,
  reply: string,
): Promise<ReplyViolation | null> {
  if (INTERNAL_ID.test(reply)) return 'internal_id';

  const allowedPhones = new Set<string>();
  if (ctx.resident) allowedPhones.add(digits(ctx.resident.phone));
  if (ctx.tenant.smsNumber) allowedPhones.add(digits(ctx.tenant.smsNumber));
  const contacts = await prisma.contact.findMany({
    where: { tenantId: ctx.tenant.id },
    select: { phone: true },
  });
  for (const c of contacts) allowedPhones.add(digits(c.phone));
  for (const match of reply.match(PHONE) ?? []) {
    const d = digits(match);
    // 911 and short numbers are not phone numbers of people; compare on the last 10 digits.
    const known = [...allowedPhones].some((p) => p.endsWith(d.slice(-10)) || d.endsWith(p.slice(-10)));
    if (d.length >= 10 && !known) return 'foreign_phone';
  }

  const codes = [...new Set(reply.match(CODE) ?? [])];
  if (codes.length) {
    const tickets = await prisma.ticket.findMany({
      where: { tenantId: ctx.tenant.id, code: { in: codes } },
      select: { residentId: true },
    });
    if (tickets.some((t) => t.residentId !== (ctx.resident?.id ?? null))) return 'foreign_ticket';
  }

  const others = await prisma.resident.findMany({
    where: {
      tenantId: ctx.tenant.id,
      ...(ctx.resident && { id: { not: ctx.resident.id } }),
      ...(ctx.resident?.buildingId && { unit: { buildingId: ctx.resident.buildingId } }),
    },
    select: { name: true },
    take: 500,
  });
  const lower = reply.toLowerCase();
  const own = ctx.resident?.name.toLowerCase();
  for (const { name } of others) {
    const n = name.toLowerCase();
    if (n.length >= 3 && n !== own && new RegExp(`\\b${escape(n)}\\b`).test(lower)) return 'foreign_resident';
  }
  return null;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * True when the line asks the same question it asked in one of its last two replies: the
 * conversation is going in circles. Only questions count — the same status answer to the same
 * "any update?" is not a loop.
 */
export function repeatsItself(reply: string, recentReplies: string[]): boolean {
  if (!reply.includes('?')) return false;
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const r = norm(reply);
  return r.length > 0 && recentReplies.slice(0, 2).some((p) => norm(p) === r);
}
