import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('API configuration', () => {
  it('defaults the request limits', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      maxQueryCost: 200_000,
      requestTimeoutMs: 10_000,
      maxResponseBytes: 8 * 1024 * 1024,
      rateLimit: { anonymousPerMinute: 300, tokenPerMinute: 1200, trustedProxies: 'loopback' },
    });
  });

  it('reads them from the environment, 0 turning a rate limit off', () => {
    const config = loadConfig({
      API_MAX_QUERY_COST: '5000',
      API_REQUEST_TIMEOUT_MS: '2500',
      API_MAX_RESPONSE_BYTES: '1048576',
      API_RATE_LIMIT_PER_MINUTE: '0',
      API_RATE_LIMIT_TOKEN_PER_MINUTE: '60',
      API_TRUSTED_PROXIES: '10.0.0.0/8',
    });
    expect(config).toMatchObject({
      maxQueryCost: 5000,
      requestTimeoutMs: 2500,
      maxResponseBytes: 1048576,
      rateLimit: { anonymousPerMinute: 0, tokenPerMinute: 60, trustedProxies: '10.0.0.0/8' },
    });
  });

  it('names every bad value', () => {
    let error: unknown;
    try {
      loadConfig({
        API_MAX_QUERY_COST: 'lots',
        API_REQUEST_TIMEOUT_MS: '5',
        API_RATE_LIMIT_PER_MINUTE: '-1',
        API_TRUSTED_PROXIES: 'proxy.lan',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/API_MAX_QUERY_COST="lots" must be a whole number/);
    expect(problems).toMatch(/API_REQUEST_TIMEOUT_MS="5" must be a whole number from 100/);
    expect(problems).toMatch(/API_RATE_LIMIT_PER_MINUTE="-1"/);
    expect(problems).toMatch(/API_TRUSTED_PROXIES="proxy.lan": "proxy.lan" is not an IP address/);
  });
});
