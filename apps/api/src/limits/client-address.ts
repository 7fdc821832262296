import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * Who a request comes from, for rate limiting. The socket's peer, unless that peer is a trusted
 * proxy (by default only loopback: the web app's server-side rendering and a reverse proxy on the
 * same host): then the right-most address in X-Forwarded-For that is not itself a trusted proxy.
 * A trusted proxy's own requests (no X-Forwarded-For) are `null`: not rate limited.
 * IPv6 clients are grouped by /64, the block one subscriber usually holds.
 */
export function parseTrustedProxies(spec: string): BlockList {
  const list = new BlockList();
  for (const raw of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (raw === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [address, prefix] = raw.split('/');
    const type = isIPv4(address!) ? 'ipv4' : isIPv6(address!) ? 'ipv6' : null;
    const bits = prefix === undefined ? null : Number(prefix);
    if (!type || (bits !== null && !(Number.isInteger(bits) && bits >= 0 && bits <= (type === 'ipv4' ? 32 : 128)))) {
      throw new Error(`"${raw}" is not an IP address, a CIDR block (10.0.0.0/8) or "loopback"`);
    }
    if (bits === null) list.addAddress(address!, type);
    else list.addSubnet(address!, bits, type);
  }
  return list;
}

function normalize(address: string): { address: string; type: 'ipv4' | 'ipv6' } | null {
  const trimmed = address.trim().replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  if (mapped) return { address: mapped[1]!, type: 'ipv4' };
  if (isIPv4(trimmed)) return { address: trimmed, type: 'ipv4' };
  if (isIPv6(trimmed)) return { address: trimmed, type: 'ipv6' };
  return null;
}

const isTrusted = (trusted: BlockList, a: { address: string; type: 'ipv4' | 'ipv6' }) =>
  trusted.check(a.address, a.type);

/** The rate-limit identity of an address: itself for IPv4, its /64 for IPv6. */
export function addressKey(a: { address: string; type: 'ipv4' | 'ipv6' }): string {
  if (a.type === 'ipv4') return a.address;
  const groups = expandIPv6(a.address);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head, tail] = address.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}

export function clientAddress(req: IncomingMessage, trusted: BlockList): string | null {
  const peer = normalize(req.socket.remoteAddress ?? '');
  if (!peer) return 'unknown';
  if (!isTrusted(trusted, peer)) return addressKey(peer);
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalize(hops[i]!);
    if (!hop) return 'unknown';
    if (!isTrusted(trusted, hop)) return addressKey(hop);
  }
  return null;
}
