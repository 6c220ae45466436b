import { describe, expect, it } from 'vitest';
import { Clerk, createClerkClient, SessiongateError } from '../src/index.js';

function optionError(fn: () => unknown): SessiongateError {
  try {
    fn();
  } catch (e) {
    expect(SessiongateError.is(e)).toBe(true);
    return e as SessiongateError;
  }
  throw new Error('expected a throw');
}

describe('options are validated once, at construction', () => {
  it.each([
    ['apiKey', { apiKey: '' }],
    ['apiKey', { apiKey: 'has space' }],
    ['apiKey', { apiKey: 42 }],
    ['apiUrl', { apiUrl: 'not a url' }],
    ['apiUrl', { apiUrl: 'ftp://example.com' }],
    ['apiUrl', { apiUrl: 'https://user:pass@example.com' }],
    ['apiUrl', { apiUrl: 'https://example.com/?x=1' }],
    ['serverApiUrl', { serverApiUrl: 'javascript:alert(1)' }],
    ['apiVersion', { apiVersion: '../v1' }],
    ['timeoutMs', { timeoutMs: 0 }],
    ['timeoutMs', { timeoutMs: '5000' }],
    ['connections', { connections: 1.5 }],
    ['maxResponseBytes', { maxResponseBytes: -1 }],
    ['requireSessionIdForUnsafeMethods', { requireSessionIdForUnsafeMethods: 'yes' }],
    ['cache', { cache: true }],
    ['cache.ttlMs', { cache: { ttlMs: -5 } }],
    ['cache.refreshAhead', { cache: { refreshAhead: 'yes' } }],
    ['transport', { transport: {} }],
    ['logger', { logger: { warn: () => {} } }],
    ['apiKy', { apiKy: 'x' }],
  ])('%s', (name, options) => {
    const err = optionError(() => new Clerk(options as never));
    expect(err.code).toBe('ERR_INVALID_OPTION');
    expect(err.message).toContain('@sessiongate/core');
    expect(err.message).toContain(`"${name}"`);
  });

  it('never echoes a bad apiKey', () => {
    const err = optionError(() => new Clerk({ apiKey: 'sk_test secret value' }));
    expect(err.message).not.toContain('secret value');
  });

  it('refuses conflicting apiUrl and serverApiUrl', () => {
    expect(optionError(() => createClerkClient({ apiUrl: 'https://a.example', serverApiUrl: 'https://b.example' })).message).toContain('serverApiUrl');
  });

  it('accepts every documented option', () => {
    expect(
      new Clerk({
        apiKey: 'sk_test_x', serverApiUrl: 'http://127.0.0.1:1', apiVersion: 'v1', timeoutMs: 100, connections: 4,
        maxResponseBytes: 4096, requireSessionIdForUnsafeMethods: true, cache: { ttlMs: 1000, max: 10, refreshAhead: false },
        transport: async () => ({ status: 200, headers: {}, body: '{}' }), logger: false,
      }),
    ).toBeInstanceOf(Clerk);
    expect(new Clerk()).toBeInstanceOf(Clerk);
  });
});

describe('environment', () => {
  it('is read at first use, and a missing key sends nothing', async () => {
    const saved = { ...process.env };
    const calls: unknown[] = [];
    try {
      delete process.env.CLERK_API_KEY;
      const clerk = new Clerk({ transport: async (r) => (calls.push(r), { status: 200, headers: {}, body: '[]' }) });
      const err = await clerk.users.getUserList().catch((e: unknown) => e);
      expect((err as SessiongateError).code).toBe('ERR_MISSING_API_KEY');
      process.env.CLERK_API_KEY = '   ';
      expect(((await clerk.users.getUserList().catch((e: unknown) => e)) as SessiongateError).code).toBe('ERR_MISSING_API_KEY');
      expect(calls).toHaveLength(0);
      process.env.CLERK_API_KEY = 'sk_test_fromenv';
      process.env.CLERK_API_URL = 'http://127.0.0.1:9/base';
      process.env.CLERK_API_VERSION = 'v3';
      await clerk.users.getUserList();
      expect(calls).toMatchObject([{ url: 'http://127.0.0.1:9/base/v3/users', headers: { authorization: 'Bearer sk_test_fromenv' } }]);
    } finally {
      process.env = saved;
    }
  });

  it('a bad CLERK_API_URL is named at first use', async () => {
    const saved = { ...process.env };
    try {
      process.env.CLERK_API_KEY = 'sk_test_x';
      process.env.CLERK_API_URL = 'nope';
      const err = (await new Clerk({ transport: async () => ({ status: 200, headers: {}, body: '[]' }) }).users.getUserList().catch((e: unknown) => e)) as SessiongateError;
      expect(err.code).toBe('ERR_INVALID_OPTION');
      expect(err.message).toContain('CLERK_API_URL');
    } finally {
      process.env = saved;
    }
  });
});

describe('errors', () => {
  it('brand survives a second copy', () => {
    const foreign = Object.assign(new Error('x'), { code: 'ERR_BACKEND_TIMEOUT' });
    Object.defineProperty(foreign, Symbol.for('@sessiongate/core.error'), { value: true });
    expect(foreign instanceof SessiongateError).toBe(true);
    expect(SessiongateError.is(new Error('plain'))).toBe(false);
  });
});
