// `npm run db -- backup FILE | restore FILE`: back up or restore the database (embedded PGlite,
// or PostgreSQL when DATABASE_URL is set). The logic is TypeScript in apps/api; tsx loads it.
import { register } from 'tsx/esm/api';

register();
const { runDbCli } = await import('@transferboard/api/db-cli');
process.exitCode = await runDbCli(process.argv.slice(2));
