import { defineConfig } from 'drizzle-kit';

// `pnpm --filter @sluice/store exec drizzle-kit generate --config drizzle.pg.config.ts` writes the
// PostgreSQL migrations to migrations/pg; the store applies them at start-up when
// SLUICE_DATABASE_URL names a PostgreSQL database. Never edit a migration once committed.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/pg/schema.ts',
  out: '../migrations/pg',
});
