import { expect, it } from 'vitest';

it('public export names of @sessiongate/core', async () => {
  expect(Object.keys(await import('../src/index.js')).sort()).toMatchInlineSnapshot(`
    [
      "Clerk",
      "ClerkAPIError",
      "SessiongateError",
      "authenticateRequest",
      "clients",
      "createClerkClient",
      "createFetchTransport",
      "createLruCacheStore",
      "createUndiciTransport",
      "has",
      "invalidateSession",
      "invalidateUser",
      "requireFailure",
      "sessions",
      "users",
      "verifyWebhook",
    ]
  `);
});
