import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress, parseTrustedProxies } from './client-address';

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as IncomingMessage;

describe('the client a request is counted against', () => {
  const loopback = parseTrustedProxies('loopback');

  it('is the peer when the peer is not a trusted proxy, whatever X-Forwarded-For claims', () => {
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), loopback)).toBe('203.0.113.9');
    expect(clientAddress(request('::ffff:203.0.113.9'), loopback)).toBe('203.0.113.9');
  });

  it('is the right-most untrusted X-Forwarded-For hop behind a trusted proxy', () => {
    expect(clientAddress(request('127.0.0.1', '198.51.100.1, 203.0.113.5'), loopback)).toBe('203.0.113.5');
    const proxies = parseTrustedProxies('loopback, 10.0.0.0/8');
    expect(clientAddress(request('10.1.2.3', '198.51.100.1, 203.0.113.5, 10.0.0.7'), proxies)).toBe('203.0.113.5');
  });

  it("is nobody (not limited) for a trusted proxy's own request, and one shared bucket for garbage", () => {
    expect(clientAddress(request('127.0.0.1'), loopback)).toBeNull();
    expect(clientAddress(request('::1', '127.0.0.1'), loopback)).toBeNull();
    expect(clientAddress(request('127.0.0.1', 'not-an-address'), loopback)).toBe('unknown');
    expect(clientAddress(request('127.0.0.1', '198.51.100.1'), parseTrustedProxies(''))).toBe('127.0.0.1');
  });

  it('groups IPv6 clients by /64', () => {
    expect(addressKey({ address: '2001:db8:1:2:aaaa::1', type: 'ipv6' })).toBe('2001:db8:1:2::/64');
    expect(addressKey({ address: '2001:db8:1:2:bbbb:cccc:dddd:eeee', type: 'ipv6' })).toBe('2001:db8:1:2::/64');
    expect(clientAddress(request('2001:db8::7'), loopback)).toBe('2001:db8:0:0::/64');
  });

  it('refuses a trusted-proxy list it cannot read, naming the entry', () => {
    expect(() => parseTrustedProxies('loopback, example.com')).toThrow(/"example.com" is not an IP address/);
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/"10.0.0.0\/33"/);
  });
});
