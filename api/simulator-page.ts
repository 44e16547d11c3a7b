// The simulator page (api/simulator/): phones side by side, each with its SMS thread, texting the
// line through POST /simulator/sms; and a web-chat panel. Plain HTML/CSS/JS, no build step, served
// only while SMS go to the local transport. The page holds no data: its API calls carry the key the
// user types, or none (the loopback open tenant in local development).
// GET /simulator/threads gives the page both directions of each phone's SMS conversation.
import fs from 'node:fs';
import { z } from 'zod';
import { chatMessageDto } from '../messaging/chat-feed.ts';
import type { Database } from '../db/database.ts';
import type { App } from './app.ts';
import { principalOf, type ApiKeyAuth } from './auth.ts';

const PHONE = String.raw`\+[1-9]\d{7,14}`;
const MAX_PHONES = 10;

const ASSETS: Record<string, { file: string; type: string }> = {
  '/simulator': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/simulator/simulator.js': { file: 'simulator.js', type: 'text/javascript; charset=utf-8' },
  '/simulator/simulator.css': { file: 'simulator.css', type: 'text/css; charset=utf-8' },
};

// Everything comes from this origin; no inline script or style.
const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function registerSimulatorPage(app: App, db: Database, auth: ApiKeyAuth): void {
  for (const [url, asset] of Object.entries(ASSETS)) {
    const content = fs.readFileSync(new URL(`./simulator/${asset.file}`, import.meta.url));
    app.get(url, { schema: { hide: true } }, (_request, reply) =>
      reply
        .type(asset.type)
        .header('content-security-policy', CSP)
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .send(content),
    );
  }

  app.get(
    '/simulator/threads',
    {
      preHandler: auth,
      schema: {
        tags: ['simulator'],
        querystring: z.strictObject({
          phones: z
            .string()
            .regex(
              new RegExp(`^${PHONE}(,${PHONE}){0,${MAX_PHONES - 1}}$`),
              `must be 1-${MAX_PHONES} comma-separated E.164 phone numbers`,
            ),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    async (request) => {
      const tenantId = principalOf(request).tenantId;
      const phones = [...new Set(request.query.phones.split(','))];
      const where = { tenantId, phone: { in: phones } };
      const select = { id: true, name: true, phone: true };
      // One after the other: on the embedded database every query takes its turn anyway.
      const tenant = await db.prisma.tenant.findUniqueOrThrow({ where: { id: tenantId } });
      const residents = await db.prisma.resident.findMany({ where, select });
      const vendors = await db.prisma.vendor.findMany({ where, select });
      const contacts = await db.prisma.contact.findMany({ where, select });
      const optOuts = await db.prisma.optOut.findMany({ where, select: { phone: true } });
      const conversations = await db.prisma.conversation.findMany({
        where: { tenantId, channel: 'sms', address: { in: phones } },
      });
      const who = (phone: string) => {
        const r = residents.find((p) => p.phone === phone);
        if (r) return { type: 'resident', id: r.id, name: r.name };
        const v = vendors.find((p) => p.phone === phone);
        if (v) return { type: 'vendor', id: v.id, name: v.name };
        const c = contacts.find((p) => p.phone === phone);
        if (c) return { type: 'contact', id: c.id, name: c.name };
        return { type: 'unknown', id: null, name: null };
      };
      const threads = [];
      for (const phone of phones) {
        const conversation = conversations.find((c) => c.address === phone);
        const messages = conversation
          ? await db.prisma.message.findMany({
              where: { conversationId: conversation.id },
              orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
              take: request.query.limit,
            })
          : [];
        threads.push({
          phone,
          participant: who(phone),
          opted_out: optOuts.some((o) => o.phone === phone),
          messages: messages.reverse().map(chatMessageDto),
        });
      }
      return { tenant: { id: tenant.id, name: tenant.name, sms_number: tenant.smsNumber }, threads };
    },
  );
}
