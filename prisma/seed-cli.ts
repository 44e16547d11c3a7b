// `npm run db:seed`: migrate (so a fresh database works) and seed the demo data.
import { loadConfig } from '../config/env.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { seedDemo } from './seed.ts';

const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
try {
  await migrate(db.url);
  const { generatedApiKey } = await seedDemo(db.prisma, config.demoApiKey);
  console.log(`Seeded demo tenant t_demo into ${db.kind} (${db.location}).`);
  if (generatedApiKey) console.log(`Demo API key (shown once, keep it): ${generatedApiKey}`);
  else if (config.demoApiKey) console.log('Demo API key: the value of DEMO_API_KEY.');
} finally {
  await db.close();
}
