import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { authorizationMount, describeAuthorization } from '../../../test-support/authorization.js';
import * as adapter from '../src/index.js';
import { requireSession } from '../src/index.js';

// The authorization routes (test-support/authorization.ts), mounted in Hono's idiom by the shared
// harness, over loopback and in process.
for (const [name, inProcess] of [
  ['Hono 4, @hono/node-server over loopback', false],
  ['Hono 4, app.request (fetch only)', true],
] as const) {
  describeAuthorization({
    name,
    guard: (options) => requireSession(options as never),
    mount: authorizationMount({ name: 'hono', adapter, framework: { Hono, createAdaptorServer }, inProcess }),
  });
}
