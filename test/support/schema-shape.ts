// Two views of the same schema, reduced to comparable lines: what prisma/schema.prisma says
// (through Prisma's own DMMF) and what a migrated database actually has. Any difference in a
// table, column type, nullability, default, enum, index, unique or foreign key shows up as a
// line present on one side only.
import fs from 'node:fs';
import path from 'node:path';
import { getDMMF } from '@prisma/get-dmmf';
import type pg from 'pg';

export const SCHEMA_PATH = path.resolve(import.meta.dirname, '../../prisma/schema.prisma');

type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: string;
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  hasDefaultValue: boolean;
  isUpdatedAt?: boolean;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
};

type Dmmf = {
  datamodel: {
    models: { name: string; dbName: string | null; fields: DmmfField[] }[];
    enums: { name: string; dbName?: string | null; values: { name: string; dbName?: string | null }[] }[];
    indexes: {
      model: string;
      type: 'id' | 'unique' | 'normal' | 'fulltext';
      dbName?: string;
      fields: { name: string; sortOrder?: 'asc' | 'desc' }[];
    }[];
  };
};

const SCALAR_SQL: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  Json: 'jsonb',
  Float: 'double precision',
  Decimal: 'numeric',
};

export async function expectedShape(): Promise<string[]> {
  const dmmf = (await getDMMF({ datamodel: fs.readFileSync(SCHEMA_PATH, 'utf8') })) as unknown as Dmmf;
  const { models, enums, indexes } = dmmf.datamodel;
  const lines: string[] = [];
  const tableOf = new Map(models.map((m) => [m.name, m.dbName ?? m.name]));
  const enumDbName = new Map(enums.map((e) => [e.name, e.dbName ?? e.name]));
  for (const e of enums)
    lines.push(`enum ${e.dbName ?? e.name} (${e.values.map((v) => v.dbName ?? v.name).join(', ')})`);
  for (const model of models) {
    const table = tableOf.get(model.name)!;
    const fields = model.fields;
    const col = new Map(fields.map((f) => [f.name, f.dbName ?? f.name]));
    lines.push(`table ${table}`);
    for (const f of fields) {
      if (f.kind === 'object') continue;
      const base =
        f.kind === 'enum'
          ? enumDbName.get(f.type)!
          : f.nativeType?.[0] === 'Uuid'
            ? 'uuid'
            : f.type === 'DateTime'
              ? `timestamp${f.nativeType?.[0] === 'Timestamptz' ? 'tz' : ''}(${f.nativeType?.[1]?.[0] ?? 3})`
              : SCALAR_SQL[f.type]!;
      const type = f.isList ? `${base}[]` : base;
      // Prisma creates list columns without NOT NULL.
      const nullable = f.isList || !f.isRequired ? 'null' : 'not null';
      const dbDefault = f.hasDefaultValue && !f.isUpdatedAt ? 'default' : 'no default';
      lines.push(`column ${table}.${col.get(f.name)} ${type} ${nullable} ${dbDefault}`);
    }
    for (const f of fields) {
      if (f.kind !== 'object' || !f.relationFromFields?.length) continue;
      const from = f.relationFromFields.map((n) => col.get(n)!);
      const target = models.find((m) => m.name === f.type)!;
      const targetCols = new Map(target.fields.map((tf) => [tf.name, tf.dbName ?? tf.name]));
      const to = f.relationToFields!.map((n) => targetCols.get(n)!);
      const onDelete = (f.relationOnDelete ?? (f.isRequired ? 'Restrict' : 'SetNull'))
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toUpperCase();
      lines.push(
        `fk ${table}_${from.join('_')}_fkey ${table}(${from.join(', ')}) -> ${tableOf.get(f.type)}(${to.join(', ')}) on delete ${onDelete} on update CASCADE`,
      );
    }
    for (const idx of indexes.filter((i) => i.model === model.name)) {
      const cols = idx.fields.map((f) => `${col.get(f.name)}${f.sortOrder === 'desc' ? ' DESC' : ''}`);
      const plain = idx.fields.map((f) => col.get(f.name));
      const name =
        idx.dbName ??
        (idx.type === 'id'
          ? `${table}_pkey`
          : `${table}_${plain.join('_')}_${idx.type === 'unique' ? 'key' : 'idx'}`);
      const kind = idx.type === 'normal' ? 'index' : 'unique';
      lines.push(`${kind} ${name} on ${table} (${cols.join(', ')})`);
    }
  }
  return lines.sort();
}

export async function actualShape(pool: pg.Pool): Promise<string[]> {
  const lines: string[] = [];
  const enums = await pool.query<{ name: string; labels: string[] }>(`
    SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' GROUP BY t.typname`);
  for (const e of enums.rows) lines.push(`enum ${e.name} (${e.labels.join(', ')})`);
  const tables = await pool.query<{ table_name: string }>(`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`);
  for (const t of tables.rows) lines.push(`table ${t.table_name}`);
  const columns = await pool.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    udt_name: string;
    is_nullable: string;
    column_default: string | null;
    datetime_precision: number | null;
  }>(`
    SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, datetime_precision
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`);
  for (const c of columns.rows) {
    const array = c.data_type === 'ARRAY';
    const udt = array ? c.udt_name.slice(1) : c.udt_name;
    const base =
      c.data_type === 'USER-DEFINED' || (array && !(udt in PG_UDT))
        ? udt
        : udt === 'timestamptz' || udt === 'timestamp'
          ? `${udt}(${c.datetime_precision})`
          : (PG_UDT[udt] ?? udt);
    const nullable = c.is_nullable === 'YES' ? 'null' : 'not null';
    lines.push(
      `column ${c.table_name}.${c.column_name} ${base}${array ? '[]' : ''} ${nullable} ${c.column_default === null ? 'no default' : 'default'}`,
    );
  }
  const indexes = await pool.query<{ indexname: string; tablename: string; indexdef: string }>(`
    SELECT indexname, tablename, indexdef FROM pg_indexes
    WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`);
  for (const i of indexes.rows) {
    const cols = i.indexdef.slice(i.indexdef.lastIndexOf('(') + 1, i.indexdef.lastIndexOf(')'));
    const kind = i.indexdef.includes('UNIQUE INDEX') ? 'unique' : 'index';
    lines.push(`${kind} ${i.indexname} on ${i.tablename} (${cols.replaceAll('"', '')})`);
  }
  const fks = await pool.query<{ name: string; table: string; def: string }>(`
    SELECT c.conname AS name, cl.relname AS table, pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
    WHERE c.contype = 'f' AND n.nspname = 'public'`);
  for (const fk of fks.rows) {
    const m = /FOREIGN KEY \((.+?)\) REFERENCES (\S+?)\((.+?)\)(.*)/.exec(fk.def.replaceAll('"', ''));
    if (!m) throw new Error(`unparsed foreign key ${fk.name}: ${fk.def}`);
    const onDelete =
      /ON DELETE (SET NULL|CASCADE|RESTRICT|NO ACTION|SET DEFAULT)/.exec(m[4]!)?.[1] ?? 'NO ACTION';
    const onUpdate =
      /ON UPDATE (SET NULL|CASCADE|RESTRICT|NO ACTION|SET DEFAULT)/.exec(m[4]!)?.[1] ?? 'NO ACTION';
    lines.push(
      `fk ${fk.name} ${fk.table}(${m[1]}) -> ${m[2]}(${m[3]}) on delete ${onDelete} on update ${onUpdate}`,
    );
  }
  return lines.sort();
}

const PG_UDT: Record<string, string> = {
  text: 'text',
  int4: 'integer',
  int8: 'bigint',
  bool: 'boolean',
  jsonb: 'jsonb',
  float8: 'double precision',
  numeric: 'numeric',
  uuid: 'uuid',
};
