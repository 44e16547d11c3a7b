// The simulator page in a real browser (Chromium from the system, driven by playwright-core) against
// the real service started embedded, as `npm start` runs it on a laptop: loopback, development, no
// API key typed (the loopback open tenant). A resident texts the line and gets the HELP reply, a
// vendor accepts a job offer with the page's quick reply, and the web-chat panel gets a reply over
// its event stream. In CI a missing Chromium fails the run instead of skipping it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.ts';
import { queueChatMessage } from '../../messaging/chat.ts';
import { startService, type Service } from '../../service/start.ts';
import { waitUntil } from '../support/deferred.ts';
import { testEnv } from '../support/env.ts';
import { testLogger } from '../support/logger.ts';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ALICE = '+15551230101';
const WAIT = { timeout: 20_000 };

// Outside CI a machine without Chromium skips this file; in CI it must run.
describe.skipIf(!fs.existsSync(CHROMIUM) && !testEnv.requireIntegration)('the simulator page', () => {
  let service: Service;
  let browser: BrowserContext;
  let page: Page;
  const dirs: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is required at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`,
      );
    }
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixline-simulator-'));
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'fixline-chromium-'));
    dirs.push(dataDir, profile);
    const config = loadConfig(
      {},
      { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'development', OFFER_TIMEOUT_MS: '60000' },
    );
    expect(config.localOpenTenant).toBe('t_demo');
    service = await startService(config, testLogger);
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(WAIT.timeout);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text());
    });
    await page.goto(`${service.address}/simulator`);
  });
  afterAll(async () => {
    await browser?.close();
    await service?.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  const phone = (name: string) => page.getByRole('region', { name });
  const send = async (name: string, text: string) => {
    const card = phone(name);
    await card.getByRole('textbox', { name: `Text from ${name}` }).fill(text);
    await card.getByRole('button', { name: 'Send', exact: true }).click();
  };
  const bubble = (name: string, text: string | RegExp) =>
    phone(name).getByRole('listitem').filter({ hasText: text });

  it('shows the phones, each with its own thread and its own send box', async () => {
    await page.getByText('Connected: Demo Property Management (t_demo), line +15550001000.').waitFor(WAIT);
    for (const name of ['Alice Moreno', 'FlowRight Plumbing', 'Pipe Pros', 'Lena Landlord']) {
      await phone(name).waitFor(WAIT);
      await phone(name)
        .getByRole('list', { name: `Messages with ${name}` })
        .waitFor(WAIT);
    }
    expect(await phone('Alice Moreno').getByText(`Resident · ${ALICE}`).count()).toBe(1);
  });

  it('sends a resident text that is stored, and shows the HELP reply when it arrives', async () => {
    await send('Alice Moreno', 'My kitchen sink is leaking');
    await bubble('Alice Moreno', 'My kitchen sink is leaking').waitFor(WAIT);
    const stored = await service.db.prisma.message.findFirst({
      where: { direction: 'inbound', fromAddress: ALICE, body: 'My kitchen sink is leaking' },
    });
    expect(stored).toMatchObject({ channel: 'sms', status: 'received', tenantId: 't_demo' });
    await expect(
      service.db.prisma.outboxEvent.count({
        where: { eventType: 'message.received', payload: { path: ['message_id'], equals: stored!.id } },
      }),
    ).resolves.toBe(1);

    await send('Alice Moreno', 'HELP');
    await bubble('Alice Moreno', /maintenance line \(Fixline\).*Reply STOP to opt out/).waitFor(WAIT);
    // Delivered through the SMS sender to the local transport, and the thread shows it as sent.
    await waitUntil(async () =>
      service.localSms!.sent.some((s) => s.to === ALICE && s.body.includes('Fixline')),
    );
    await bubble('Alice Moreno', /Reply STOP to opt out.*· sent$/).waitFor(WAIT);
  }, 60_000);

  it('a resident reports an emergency: safety advice, a ticket, and a plumber booked from the page', async () => {
    await send('Alice Moreno', 'water pouring from the ceiling in 101');
    // The agent answers before any model: safety first, then the emergency ticket's code.
    await bubble('Alice Moreno', /water|valve|outlet/i)
      .last()
      .waitFor(WAIT);
    let ticket = await waitForEmergencyTicket();
    await bubble('Alice Moreno', ticket.code).first().waitFor(WAIT);
    // Emergencies go to the 24/7 plumber first; accept on their phone.
    const yes = page.getByRole('button', { name: `YES ${ticket.code}` });
    await yes.waitFor(WAIT);
    await yes.click();
    await waitUntil(async () => {
      ticket = await service.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
      return ticket.status === 'scheduled';
    }, 30_000);
    expect(ticket).toMatchObject({ severity: 'emergency', category: 'plumbing', unitId: 'u_101' });
    expect(await service.db.prisma.appointment.count({ where: { ticketId: ticket.id } })).toBe(1);
  }, 60_000);

  async function waitForEmergencyTicket() {
    let found: Awaited<ReturnType<typeof service.db.prisma.ticket.findFirst>> = null;
    await waitUntil(async () => {
      found = await service.db.prisma.ticket.findFirst({
        where: { tenantId: 't_demo', severity: 'emergency' },
      });
      return found !== null;
    }, 20_000);
    return found!;
  }

  it('lets a vendor accept a job offer with the quick reply', async () => {
    const res = await fetch(`${service.address}/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        building_id: 'b_hq',
        unit_id: 'u_101',
        resident_phone: ALICE,
        message: 'Water under the sink',
        category: 'plumbing',
        severity: 'urgent',
      }),
    });
    expect(res.status).toBe(201);
    const ticket = (await res.json()) as { id: string; code: string };
    // The first plumber in turn gets the offer: FlowRight (always open) or Pipe Pros (weekdays).
    const yes = page.getByRole('button', { name: `YES ${ticket.code}` });
    await yes.waitFor(WAIT);
    await yes.click();
    await waitUntil(
      async () =>
        (await service.db.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status ===
        'scheduled',
      30_000,
    );
    await bubble('Lena Landlord', ticket.code).first().waitFor(WAIT);
    await bubble('Alice Moreno', ticket.code).first().waitFor(WAIT);
    expect(await yes.count()).toBe(0);
  }, 60_000);

  it('chats on the web-chat panel and gets a reply over the event stream', async () => {
    const panel = page.getByRole('region', { name: 'Web chat' });
    await panel.getByLabel('Chat as').selectOption('r_alice');
    await panel.getByRole('button', { name: 'Start chat' }).click();
    await panel.getByText('Live', { exact: true }).waitFor(WAIT);
    await panel.getByRole('textbox', { name: 'Chat message' }).fill('Is the plumber still coming?');
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    const thread = panel.getByRole('list', { name: 'Web chat messages' });
    await thread.getByRole('listitem').filter({ hasText: 'Is the plumber still coming?' }).waitFor(WAIT);
    // The agent answers the status question on the chat itself.
    await waitUntil(
      async () =>
        (await service.db.prisma.message.count({ where: { channel: 'chat', direction: 'outbound' } })) > 0,
    );
    const answer = await service.db.prisma.message.findFirstOrThrow({
      where: { channel: 'chat', direction: 'outbound' },
    });
    await thread
      .getByRole('listitem')
      .filter({ hasText: answer.body.slice(0, 30) })
      .waitFor(WAIT);

    const message = await service.db.prisma.message.findFirstOrThrow({
      where: { channel: 'chat', direction: 'inbound', body: 'Is the plumber still coming?' },
    });
    const conversation = await service.db.prisma.conversation.findUniqueOrThrow({
      where: { id: message.conversationId },
    });
    expect(conversation).toMatchObject({
      channel: 'chat',
      participantType: 'resident',
      participantId: 'r_alice',
    });
    await service.db.prisma.$transaction((tx) =>
      queueChatMessage(tx, {
        tenantId: 't_demo',
        conversationId: conversation.id,
        body: 'Yes, FlowRight is booked for tomorrow morning.',
        correlationId: 'browser-test',
        purpose: 'agent_reply',
      }),
    );
    await thread.getByRole('listitem').filter({ hasText: 'FlowRight is booked' }).waitFor(WAIT);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
