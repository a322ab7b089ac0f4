import { defineConfig } from 'drizzle-kit';

/** `npm run db:generate -w @repo/docs` writes a migration for schema changes into migrations/. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './migrations',
});
