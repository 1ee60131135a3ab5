import { defineConfig } from 'drizzle-kit';

// `pnpm --filter @sluice/store exec drizzle-kit generate` writes SQL migrations to the workspace's
// migrations/ folder; openStore applies them at start-up. Never edit a migration once committed.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: '../migrations',
});
