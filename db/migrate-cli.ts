// `npm run db:migrate`: migrate DATABASE_URL, or the embedded database under DATA_DIR.
import { loadConfig } from '../config/env.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { migrate } from './migrate.ts';

const config = loadConfig();
const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir);
try {
  const result = await migrate(config.databaseUrl ?? embedded!.url);
  const target = config.databaseUrl ? 'DATABASE_URL' : `embedded database in ${embedded!.location}`;
  console.log(
    `Migrated ${target}: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied.`,
  );
  for (const name of result.applied) console.log(`  applied ${name}`);
  for (const name of result.modified) console.warn(`  warning: ${name} was edited after it was applied`);
} finally {
  await embedded?.close();
}
