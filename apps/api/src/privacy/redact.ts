import { createHash } from 'node:crypto';

/**
 * What anonymous readers see of the runner's words (Job.lastError, Submission.failureReason,
 * status event reasons, Result.provenance): the reason, without the host it came from. Host
 * names (the runner's name, which defaults to `hostname-pid`), IP addresses, kernel versions,
 * user names and the directories of absolute paths are replaced; a path keeps its last part
 * (the file that was missing), so the reason stays useful; ONNX tensor names, which look like
 * paths, are kept. Runner and admin tokens see the original text.
 */

/** A stable stand-in for a runner name: the same runner reads the same everywhere, but not its host. */
export function runnerPseudonym(name: string): string {
  return `runner-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

/** The names to hide: each runner name and, for the default `hostname-pid`, the host name in it. */
export function hostNamesOf(runnerNames: Iterable<string | null | undefined>): string[] {
  const names = new Set<string>();
  for (const name of runnerNames) {
    // A name of one or two characters ("r1") names no host, and would blank out unrelated words.
    if (!name || name.length < 3) continue;
    names.add(name);
    const host = /^(.+)-\d+$/.exec(name)?.[1];
    if (host && host.length >= 3) names.add(host);
  }
  return [...names].sort((a, b) => b.length - a.length);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const PATH_CHARS = String.raw`[^\s'"\x60:,;()<>\[\]{}|]`;
/**
 * The top directories absolute paths start from on the hosts runners run on. A path must start
 * from one of them: ONNX tensor names look like paths too (`/avgpool/GlobalAveragePool_output_0`,
 * `/encoder/ln/LayerNormalization_output_0`), and they name the model, not the host.
 */
const ROOTS = [
  'home',
  'Users',
  'root',
  'tmp',
  'var',
  'srv',
  'mnt',
  'media',
  'opt',
  'data',
  'datasets',
  'usr',
  'etc',
  'run',
  'proc',
  'sys',
  'dev',
  'scratch',
  'work',
  'workspace',
  'workspaces',
  'nfs',
  'net',
  'lustre',
  'gpfs',
  'private',
  'Volumes',
  'storage',
  'shared',
  'app',
  'cache',
].join('|');
/** Absolute POSIX paths from a host directory (and ~/…), not inside a word or a URL. */
const POSIX_PATH = new RegExp(
  String.raw`(?<![\w.~/:>-])/(?:${ROOTS})(?:/${PATH_CHARS}+)+/?|(?<![\w.-])~/${PATH_CHARS}+(?:/${PATH_CHARS}+)*`,
  'g',
);
const WINDOWS_PATH = /\b[A-Za-z]:\\(?:[^\\\s'"`:;<>|]+\\?)+/g;
const URL = /\b([a-z][a-z0-9+.-]*):\/\/((?:<host>|[^\s/'"`<>])*)([^\s'"`<>]*)/gi;
const IPV4 = /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/g;
const IPV6 = new RegExp(
  [
    String.raw`(?<![\w:])(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}(?![\w:])`,
    String.raw`(?<![\w:])(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?(?![\w:])`,
    String.raw`(?<![\w:])::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})(?![\w:])`,
  ].join('|'),
  'gi',
);
/** Kernel releases (6.1.0-18-amd64, 5.15.0-91-generic, 4.18.0-513.el8.x86_64) and uname's build line. */
const KERNEL = new RegExp(
  [
    String.raw`\b\d+\.\d+\.\d+-\d[\w.+~-]*`,
    String.raw`\b\d+\.\d+\.\d+-(?:generic|amd64|arm64|rt|lowlatency|aws|azure|gcp)\b`,
    String.raw`#\d+ SMP(?: PREEMPT(?:_\w+)?)?[^\n;]*?\d{4}\)?`,
  ].join('|'),
  'g',
);
/** Host names that only an internal network resolves. */
const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const INTERNAL_HOST = new RegExp(
  String.raw`\b${LABEL}(?:\.${LABEL})*\.(?:local|lan|internal|intranet|corp|localdomain|home\.arpa)(?![\w-]|\.\w)`,
  'gi',
);
/** Names a resolver or a connection error put next to the host. */
const NAMED_HOST =
  /(\bENOTFOUND |\bEAI_AGAIN |\bgetaddrinfo \w+ |\bhost(?:name)?[=:]\s*|(?<=\w)@)([A-Za-z0-9][\w.-]*)/g;
const HOMES = /^(?:\/home\/[^/]+|\/Users\/[^/]+|\/root|~)$/;

function redactPath(path: string, separator: '/' | '\\'): string {
  const trimmed = path.endsWith(separator) ? path.slice(0, -1) : path;
  const parts = trimmed.split(separator);
  const last = parts.at(-1) ?? '';
  const dir = parts.slice(0, -1).join(separator);
  // "/home/alice" ends in a user name: nothing of it is kept.
  if (separator === '/' ? HOMES.test(trimmed) || dir === '' : /^[A-Za-z]:\\Users\\[^\\]+$/i.test(trimmed))
    return `<path>`;
  return `<path>${separator}${last}`;
}

/** The text with host details replaced; `hostNames` are names known to belong to the runner's host. */
export function redactText(text: string, hostNames: readonly string[] = []): string {
  let out = text.replace(KERNEL, '<kernel>');
  // A URL keeps its path (an API route, not a file of the host); a file URL is a path.
  out = out.replace(URL, (_m, scheme: string, _host: string, rest: string) =>
    scheme.toLowerCase() === 'file' ? `file://${redactPath(rest, '/')}` : `${scheme}://<host>${rest}`,
  );
  out = out.replace(POSIX_PATH, (p) => redactPath(p, '/'));
  out = out.replace(WINDOWS_PATH, (p) => redactPath(p, '\\'));
  for (const name of hostNames)
    out = out.replace(new RegExp(`(?<![\\w.-])${escapeRegExp(name)}(?![\\w-])`, 'g'), '<host>');
  out = out.replace(/runner "([^"]*)"/g, (_m, name: string) =>
    name === '<host>' || name.startsWith('runner-') ? `runner "${name}"` : `runner "${runnerPseudonym(name)}"`,
  );
  out = out.replace(IPV4, '<address>');
  out = out.replace(IPV6, '<address>');
  out = out.replace(INTERNAL_HOST, '<host>');
  out = out.replace(NAMED_HOST, (_m, label: string, _host: string) => `${label}<host>`);
  return out;
}

/** Keys whose values name the host or its user outright. */
const HOST_KEYS = /^(host|hostname|hostName|host_name|user|username|userName|uid|gid|cwd|home|homedir|pid|ppid)$/;

/**
 * Provenance as anonymous readers see it: every string redacted, host and user keys dropped to
 * "<redacted>", a runner name (the API stores it as `runner`) replaced by its pseudonym, and
 * `platform` ("linux 6.1.0-18-amd64") cut to its operating system.
 */
export function redactJson(value: unknown, hostNames: readonly string[] = [], key = ''): unknown {
  if (typeof value === 'string') {
    if (HOST_KEYS.test(key)) return '<redacted>';
    if (key === 'runner' || key === 'runnerName') return runnerPseudonym(value);
    if (key === 'platform') return value.split(/\s+/)[0] ?? '';
    return redactText(value, hostNames);
  }
  if (Array.isArray(value)) return value.map((v) => redactJson(v, hostNames));
  if (value !== null && typeof value === 'object') {
    const names = hostNames.length
      ? hostNames
      : hostNamesOf(
          ['runner', 'runnerName']
            .map((k) => (value as Record<string, unknown>)[k])
            .filter((v): v is string => typeof v === 'string'),
        );
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        HOST_KEYS.test(k) && v !== null ? '<redacted>' : redactJson(v, names, k),
      ]),
    );
  }
  return value;
}
