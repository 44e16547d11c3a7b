// Once per test run: check that required services are configured, and on real Postgres build a
// migrated template database that every test file clones (CREATE DATABASE ... TEMPLATE), so each
// file gets a fresh, isolated database in milliseconds.
import crypto from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../db/migrate.ts';
import { assertIntegrationServices, testEnv } from './env.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string | null;
  }
}

export default async function setup(project: TestProject) {
  assertIntegrationServices();
  if (!testEnv.databaseUrl) {
    project.provide('templateDatabase', null);
    return;
  }
  const template = `fixline_tpl_${crypto.randomBytes(4).toString('hex')}`;
  await adminQuery(testEnv.databaseUrl, `CREATE DATABASE "${template}"`);
  await migrate(withDatabase(testEnv.databaseUrl, template));
  project.provide('templateDatabase', template);
  return async () => {
    await adminQuery(testEnv.databaseUrl!, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  };
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
