// Shared by `npm start` and `npm test`: install what a fresh clone is missing, nothing more.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function log(message) {
  process.stderr.write(`[transferboard] ${message}\n`);
}

/** npm ci when node_modules is missing or older than the lockfile. */
export function ensureNodeModules() {
  const lock = join(ROOT, 'package-lock.json');
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing dependencies (npm ci)…');
  // onnxruntime-node's install script downloads CUDA libraries, which fails offline; the CPU
  // provider ships in the package, and GPU hosts follow docs/gpu.md.
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  });
  if (result.status !== 0) throw new Error('npm ci failed: see the output above');
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Installs Debian packages that provide missing commands (root only; otherwise explains). */
export function ensureAptPackages(needed) {
  const missing = needed.filter(({ check }) => !check());
  if (missing.length === 0) return;
  const packages = [...new Set(missing.flatMap((m) => m.packages))];
  if (!isRoot()) {
    throw new Error(
      `Missing system packages: ${packages.join(' ')}. Install them (sudo apt-get install ${packages.join(' ')}) and rerun.`,
    );
  }
  log(`installing system packages: ${packages.join(' ')}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', ...packages], { stdio: 'inherit', env });
}

export function postgresBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : null;
}

export const POSTGRES = { packages: ['postgresql'], check: () => postgresBinDir() !== null };
export const CHROMIUM = { packages: ['chromium', 'fonts-liberation'], check: () => existsSync('/usr/bin/chromium') };
