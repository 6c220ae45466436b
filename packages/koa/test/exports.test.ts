import { expect, it } from 'vitest';
import * as api from '../src/index.js';

it('public exports (an accidental API change fails here)', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "Clerk",
      "ClerkAPIError",
      "SessiongateError",
      "authenticateRequest",
      "clerkMiddleware",
      "clerkWebhook",
      "clients",
      "createClerkClient",
      "createFetchTransport",
      "createLruCacheStore",
      "createUndiciTransport",
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

it('re-exports the core', async () => {
  const core = await import('@sessiongate/core');
  for (const name of Object.keys(core)) expect(api).toHaveProperty(name, core[name as keyof typeof core]);
});
