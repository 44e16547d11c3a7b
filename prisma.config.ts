// Prisma CLI configuration. The app itself never reads DATABASE_URL from here: config/env.ts does.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/fixline' },
});
