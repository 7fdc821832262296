import { defineConfig } from 'drizzle-kit';

// Migrations are generated from src/schema.ts into the repository's top-level migrations/ folder
// and committed; `npm run generate -w @transferboard/db` after a schema change, never by hand.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema.ts',
  out: '../../migrations',
});
