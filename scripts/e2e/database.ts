// Creates or drops a throwaway database on the Postgres server of DATABASE_URL, for end-to-end
// scripts that must not touch real data. Prints the new database's URL on `create`.
//   node scripts/e2e/database.ts create <name>   |   node scripts/e2e/database.ts drop <name>
import pg from 'pg';

const [command, name] = process.argv.slice(2);
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl || !name || !/^[a-z0-9_]+$/.test(name) || !['create', 'drop'].includes(command ?? '')) {
  console.error('usage: DATABASE_URL=… node scripts/e2e/database.ts create|drop <name>');
  process.exit(2);
}
const admin = new URL(serverUrl);
admin.pathname = '/postgres';
const client = new pg.Client({ connectionString: admin.toString() });
await client.connect();
try {
  if (command === 'create') {
    await client.query(`CREATE DATABASE "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    console.log(url.toString());
  } else {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
} finally {
  await client.end();
}
