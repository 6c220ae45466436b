import express5 from 'express';
import express4 from 'express4';
import type { Express } from 'express';
import { authorizationMount, describeAuthorization } from '../../../test-support/authorization.js';
import * as adapter from '../src/index.js';
import { ClerkExpressRequireSession } from '../src/index.js';

// The authorization routes (test-support/authorization.ts), mounted in Express's idiom by the shared harness.
for (const [name, createApp] of [
  ['Express 5', express5 as unknown as () => Express],
  ['Express 4', express4 as unknown as () => Express],
] as const) {
  describeAuthorization({
    name,
    mount: authorizationMount({ name: 'express', adapter, framework: createApp }),
    guard: (options) => ClerkExpressRequireSession(options as never),
  });
}
