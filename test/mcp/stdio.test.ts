// MCP over stdio: the official SDK client spawns the real entry (mcp/stdio.ts, what `npm run mcp`
// runs) against a test database, and drives every tool, a resource and a prompt through it. Logs
// must reach stderr only: stdout is the protocol.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { hashApiKey } from '../../domain/api-key.ts';
import { seedDemo } from '../../prisma/seed.ts';
import { toolsFor } from '../../tools/registry.ts';
import { createTestDatabase, primaryBackend, type TestDatabase } from '../support/database.ts';
import { ok, resourceJson, runEveryTool, textOf, type Era } from './mcp-support.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ENTRY = 'mcp/stdio.ts';
const KEY = 'fxk_stdio_test_key_0000001';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(primaryBackend());
  await seedDemo(db.prisma, KEY);
});
afterAll(async () => db?.drop());

const childEnv = (key: string) => ({
  DATABASE_URL: db.url,
  FIXLINE_API_KEY: key,
  LOG_LEVEL: 'info',
  NODE_ENV: 'test',
});

describe.each<Era>(['legacy', 'auto'])('MCP over stdio (%s negotiation)', (era) => {
  let client: Client;
  let transport: StdioClientTransport;
  let stderr = '';
  beforeAll(async () => {
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [ENTRY],
      cwd: ROOT,
      env: childEnv(KEY),
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    client = new Client(
      { name: 'fixline-stdio-test', version: '1.0.0' },
      { versionNegotiation: { mode: era } },
    );
    await client.connect(transport);
  });
  afterAll(async () => client?.close());

  it('serves every manager tool of the API key’s tenant, and logs to stderr only', async () => {
    expect(client.getServerVersion()?.name).toBe('fixline');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      toolsFor('manager')
        .map((t) => t.name)
        .sort(),
    );
    expect(tools.find((t) => t.name === 'cancel_ticket')?.annotations?.destructiveHint).toBe(true);
    expect(tools.find((t) => t.name === 'get_ticket_status')?.annotations?.readOnlyHint).toBe(true);
    // The start-up line went to stderr as JSON; nothing but protocol went to stdout (or the
    // client would have failed to parse it).
    await vi.waitFor(() => expect(stderr).toContain('"msg":"Fixline MCP server on stdio"'));
    expect(stderr).toContain('"tenant_id":"t_demo"');
  });

  it('runs every tool, with structured results matching the database', async () => {
    const { tools } = await client.listTools();
    expect(await runEveryTool(client, db)).toEqual(tools.map((t) => t.name).sort());
  });

  it('reads a ticket resource and gets a prompt', async () => {
    const ticket = await ok(client, 'create_ticket', {
      building_id: 'b_annex',
      unit_id: 'u_a1',
      description: 'Smoke detector chirping',
      category: 'electrical',
      severity: 'emergency',
    });
    const read = await client.readResource({ uri: `ticket://${ticket.code}` });
    expect(resourceJson(read)).toMatchObject({
      id: ticket.id,
      building: { id: 'b_annex' },
      timeline: [{ action: 'ticket.created' }],
    });
    const prompt = await client.getPrompt({ name: 'triage_open_emergencies', arguments: {} });
    expect((prompt.messages[0]!.content as { text: string }).text).toContain(ticket.code);
  });

  it('answers bad arguments with a readable tool error', async () => {
    const result = await client.callTool({ name: 'get_ticket_status', arguments: { ticket: 'K7Q2 or 1=1' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^invalid_arguments: .*ticket/s);
  });
});

describe('a key revoked while the stdio server runs', () => {
  const REVOKED_KEY = 'fxk_stdio_revoked_key_0001';
  let client: Client;
  beforeAll(async () => {
    await db.prisma.apiKey.create({
      data: {
        id: 'key_stdio_revoked',
        tenantId: 't_demo',
        name: 'revoked later',
        prefix: REVOKED_KEY.slice(0, 8),
        hash: hashApiKey(REVOKED_KEY),
      },
    });
    client = new Client({ name: 'fixline-stdio-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [ENTRY],
        cwd: ROOT,
        env: childEnv(REVOKED_KEY),
      }),
    );
  });
  afterAll(async () => client?.close());

  it('stops working at the next call, for tools and resources alike', async () => {
    const ticket = await ok(client, 'create_ticket', {
      building_id: 'b_hq',
      unit_id: 'u_102',
      description: 'Hallway light out',
      category: 'electrical',
      severity: 'routine',
    });
    await db.prisma.apiKey.update({ where: { id: 'key_stdio_revoked' }, data: { revokedAt: new Date() } });
    const before = await db.prisma.ticket.count();

    const result = await client.callTool({
      name: 'create_ticket',
      arguments: {
        building_id: 'b_hq',
        description: 'Another one',
        category: 'general',
        severity: 'routine',
      },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^forbidden: FIXLINE_API_KEY has been revoked/);
    expect(await db.prisma.ticket.count()).toBe(before);
    await expect(client.readResource({ uri: `ticket://${ticket.code}` })).rejects.toThrow(/revoked/);
    await expect(client.listResources()).rejects.toThrow(/revoked/);
  });
});

describe('mcp/stdio.ts start-up', () => {
  const run = (env: Record<string, string>) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [ENTRY], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });

  it('refuses to start with an unknown key, saying why on stderr', async () => {
    const result = await run(childEnv('fxk_not_a_real_key_at_all'));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('FIXLINE_API_KEY is not a valid API key');
  });

  it('refuses to start without a key', async () => {
    const result = await run({ DATABASE_URL: db.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('set FIXLINE_API_KEY');
  });
});
