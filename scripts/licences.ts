// `npm run lint`'s licence check: every package in the production dependency tree of every
// workspace (`npm ls --omit=dev --all`), optional ones for other platforms included (from the
// lockfile), must have a licence that allows a choice without GPL or AGPL. Prints each offending
// package, its licence and how a workspace reaches it; exits 1 if there is one.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DeclaredLicence, findCopyleft, type LsNode } from './lib/licences';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

type LockEntry = { version?: string; license?: DeclaredLicence };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};
// npm ls exits 1 on a problem in the tree (an extraneous or invalid package) but still prints it.
const ls = spawnSync('npm', ['ls', '--omit=dev', '--all', '--long', '--json'], {
  cwd: ROOT,
  encoding: 'utf8',
  maxBuffer: 256 << 20,
});
let tree: LsNode;
try {
  tree = JSON.parse(ls.stdout) as LsNode;
} catch {
  console.error(
    `licences: \`npm ls\` gave no dependency tree (${ls.stderr.trim() || `exit ${ls.status}`}). Run npm install, then again.`,
  );
  process.exit(2);
}
const workspaces = new Set(Object.keys(tree.dependencies ?? {}).filter((n) => n.startsWith('@transferboard/')));

function licenceOf(name: string, node: LsNode): { version: string; declared: DeclaredLicence } | undefined {
  if (node.path && existsSync(join(node.path, 'package.json'))) {
    const pkg = JSON.parse(readFileSync(join(node.path, 'package.json'), 'utf8'));
    return { version: pkg.version, declared: pkg.license ?? pkg.licenses };
  }
  // Not installed here: an optional dependency for another platform is still in the lockfile.
  const entry = lock.packages[`node_modules/${name}`];
  return entry ? { version: entry.version ?? '?', declared: entry.license } : undefined;
}

const { findings, judged } = findCopyleft(tree, licenceOf, (name) => workspaces.has(name));
for (const f of findings) {
  console.error(`${f.name}@${f.version}: licence ${f.expression} ${f.reason}\n  reached by ${f.chain.join(' > ')}`);
}
if (findings.length > 0) {
  console.error(
    `licences: ${findings.length} of ${judged} production packages fail (no GPL or AGPL; see docs "Linting").`,
  );
  process.exit(1);
}
console.log(`licences: ${judged} production packages, none GPL or AGPL`);
