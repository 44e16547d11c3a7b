// The hand-written SQL migrations and prisma/schema.prisma must describe the same database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../db/migrate.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { actualShape, expectedShape } from '../support/schema-shape.ts';

describe.each(backends())('migrations on %s', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend, { empty: true });
  });
  afterAll(async () => db?.drop());

  it('apply from empty, then find nothing left to apply', async () => {
    const first = await migrate(db.url);
    expect(first.applied).toEqual(readMigrations().map((m) => m.name));
    const second = await migrate(db.url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);
    expect(second.modified).toEqual([]);
  });

  it('record each migration in _prisma_migrations as prisma migrate deploy does', async () => {
    const { rows } = await db.pool.query(
      `SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(
      readMigrations().map((m) => [m.name, m.checksum]),
    );
    for (const r of rows) {
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.rolled_back_at).toBeNull();
      expect(r.applied_steps_count).toBe(1);
    }
  });

  it('produce exactly the tables, columns, enums, indexes and foreign keys of schema.prisma', async () => {
    const expected = await expectedShape();
    const actual = await actualShape(db.pool);
    expect({
      missingFromDatabase: expected.filter((l) => !actual.includes(l)),
      notInSchema: actual.filter((l) => !expected.includes(l)),
    }).toEqual({ missingFromDatabase: [], notInSchema: [] });
    // Guard against a comparison that sees nothing: the schema has many of each kind.
    expect(expected.filter((l) => l.startsWith('table ')).length).toBeGreaterThanOrEqual(20);
    expect(expected.filter((l) => l.startsWith('index ')).length).toBeGreaterThanOrEqual(25);
  });
});
