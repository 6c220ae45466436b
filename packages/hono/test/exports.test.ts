import * as core from '@sessiongate/core';
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

it('re-exports every export of the core, the same bindings', () => {
  for (const [name, value] of Object.entries(core)) {
    expect((api as Record<string, unknown>)[name], name).toBe(value);
  }
});
