// `npm start`: install what is missing, build the web app, then serve GraphQL on :4000 (which
// migrates the database and seeds the paper's results on start) and the web app on :3000.
import { spawn, spawnSync } from 'node:child_process';
import { ensureNodeModules, log, ROOT } from './lib/ensure.mjs';

ensureNodeModules();
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NEXT_TELEMETRY_DISABLED: '1' };
log('building…');
const build = spawnSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: ROOT, stdio: 'inherit', env });
if (build.status !== 0) process.exit(build.status ?? 1);

log(`serving web on http://localhost:${env.PORT ?? 3000} and GraphQL on http://localhost:${env.API_PORT ?? 4000}/graphql`);
const child = spawn('npx', ['turbo', 'run', 'start', '--filter=@transferboard/api', '--filter=@transferboard/web', '--only'], {
  cwd: ROOT,
  stdio: 'inherit',
  env,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
