import { expect, it } from 'vitest';
import * as api from '../src/index.js';

it('public exports (an accidental API change fails here)', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "Clerk",
      "ClerkAPIError",
      "ClerkExpressMiddleware",
      "ClerkExpressRequireSession",
      "ClerkExpressWebhook",
      "ClerkExpressWithSession",
      "SessiongateError",
      "authenticateRequest",
      "clients",
      "createClerkClient",
      "createFetchTransport",
      "createLruCacheStore",
      "createUndiciTransport",
      "getAuth",
      "has",
      "invalidateSession",
      "invalidateUser",
      "keepRawBody",
      "requireFailure",
      "sessions",
      "users",
      "verifyWebhook",
    ]
  `);
});

it('re-exports the core', async () => {
  const core = await import('@sessiongate/core');
  for (const name of Object.keys(core)) expect(api).toHaveProperty(name, core[name as keyof typeof core]);
});
