/**
 * The licence policy of `npm run lint`: no GPL or AGPL (any version, "-only", "-or-later", "+" or
 * with an exception) in the production dependency tree of any workspace. LGPL is not GPL and is
 * allowed (sharp's prebuilt libvips is LGPL-3.0-or-later, linked dynamically).
 */
import parse, { type SpdxNode } from 'spdx-expression-parse';

/** A package.json's licence as npm has seen it written: an SPDX expression, or the legacy forms. */
export type DeclaredLicence = string | { type?: string } | { type?: string }[] | undefined;

/** A verdict on one package: `ok`, or why not. */
export type Verdict = { ok: true; expression: string } | { ok: false; expression: string; reason: string };

const COPYLEFT = /^A?GPL-/i;

/** One SPDX expression from the legacy `licenses: [{ type }]` (any of them) or `license: { type }`. */
export function toExpression(declared: DeclaredLicence): string | null {
  if (typeof declared === 'string') return declared.trim() || null;
  const list = Array.isArray(declared) ? declared : declared ? [declared] : [];
  const types = list.map((l) => l.type?.trim()).filter((t): t is string => Boolean(t));
  if (types.length === 0) return null;
  return types.length === 1 ? types[0]! : `(${types.join(' OR ')})`;
}

/** Whether some choice the expression allows (one side of each OR, both of each AND) avoids GPL and AGPL. */
function canAvoidCopyleft(node: SpdxNode): boolean {
  if ('license' in node) return !COPYLEFT.test(node.license);
  const left = canAvoidCopyleft(node.left);
  const right = canAvoidCopyleft(node.right);
  return node.conjunction === 'or' ? left || right : left && right;
}

export function judge(declared: DeclaredLicence): Verdict {
  const expression = toExpression(declared);
  if (expression === null)
    return { ok: false, expression: '(none)', reason: 'declares no licence: read its LICENSE file' };
  let tree: SpdxNode;
  try {
    tree = parse(expression);
  } catch {
    return { ok: false, expression, reason: 'is not an SPDX expression: read its LICENSE file' };
  }
  if (!canAvoidCopyleft(tree)) return { ok: false, expression, reason: 'is GPL or AGPL' };
  return { ok: true, expression };
}

/** A node of `npm ls --all --long --json`: installed ones carry their folder (`path`). */
export interface LsNode {
  version?: string;
  path?: string;
  dependencies?: Record<string, LsNode>;
}

export interface Finding {
  name: string;
  version: string;
  expression: string;
  reason: string;
  /** How a workspace reaches it: `@transferboard/runner > sharp > @img/sharp-libvips-linux-x64`. */
  chain: string[];
}

/**
 * Walks the production tree and judges every package once (by name@version), keeping the first
 * chain that reaches it. `licenceOf` answers for a package, installed or not (an optional
 * dependency for another platform is judged from the lockfile); `undefined` means it is not in
 * the tree at all (an optional peer nobody installed), and it is skipped.
 */
export function findCopyleft(
  root: LsNode,
  licenceOf: (name: string, node: LsNode) => { version: string; declared: DeclaredLicence } | undefined,
  isOwn: (name: string) => boolean,
): { findings: Finding[]; judged: number } {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  const walk = (node: LsNode, chain: string[]): void => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      const next = [...chain, name];
      if (!isOwn(name)) {
        const info = licenceOf(name, child);
        if (!info) continue;
        const key = `${name}@${info.version}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const verdict = judge(info.declared);
        if (!verdict.ok)
          findings.push({
            name,
            version: info.version,
            expression: verdict.expression,
            reason: verdict.reason,
            chain: next,
          });
      }
      walk(child, next);
    }
  };
  walk(root, []);
  return { findings, judged: seen.size };
}
