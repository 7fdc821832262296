// `npm start`: install what is missing, refuse if Transferboard already runs on this data
// directory or these ports, build the web app, then serve GraphQL on :4000 (which migrates the
// database and seeds the paper's results on start) and the web app on :3000 under a supervisor
// (scripts/serve.mjs: a crashed process restarts with backoff, SIGTERM stops both within 10 s).
import { spawnSync } from 'node:child_process';
import { ensureNodeModules, log, ROOT } from './lib/ensure.mjs';

ensureNodeModules();
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NEXT_TELEMETRY_DISABLED: '1' };
// Imported only now: serve.mjs needs the installed dependencies.
const { preflight, serve } = await import('./serve.mjs');
const problems = await preflight(env);
if (problems.length) {
  log(`not starting: ${problems.join('; ')}`);
  process.exit(2);
}
log('building…');
const build = spawnSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
  cwd: ROOT,
  stdio: 'inherit',
  env,
});
if (build.status !== 0) process.exit(build.status ?? 1);
await serve(env);
