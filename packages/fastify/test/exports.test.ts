import { describe, expect, it } from 'vitest';
import * as core from '@sessiongate/core';
import * as api from '../src/index.js';

describe('public exports', () => {
  it('has a stable set of names', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "CLERK_HOOKS",
        "Clerk",
        "ClerkAPIError",
        "SessiongateError",
        "authenticateRequest",
        "clerkPlugin",
        "clerkWebhooks",
        "clients",
        "createClerkClient",
        "createFetchTransport",
        "createLruCacheStore",
        "createUndiciTransport",
        "default",
        "getAuth",
        "has",
        "invalidateSession",
        "invalidateUser",
        "requireFailure",
        "requireSession",
        "sessions",
        "users",
        "verifyWebhook",
      ]
    `);
  });

  it('re-exports every export of the core, unchanged', () => {
    for (const [name, value] of Object.entries(core)) {
      expect(api[name as keyof typeof api], name).toBe(value);
    }
  });

  it('exposes the plugin as the default export, named for fastify-plugin', () => {
    expect(api.default).toBe(api.clerkPlugin);
    const meta = (api.clerkPlugin as unknown as Record<symbol, { name: string; fastify: string }>)[
      Symbol.for('plugin-meta')
    ];
    expect(meta).toMatchObject({ name: '@sessiongate/fastify', fastify: '5.x' });
    expect((api.clerkPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')]).toBe(true);
  });
});
