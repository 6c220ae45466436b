import Koa from 'koa';
import compose from 'koa-compose';
import { authorizationMount, describeAuthorization } from '../../../test-support/authorization.js';
import * as adapter from '../src/index.js';
import { requireSession } from '../src/index.js';

// The authorization routes (test-support/authorization.ts), mounted in Koa's idiom by the shared
// harness: each route's middleware composed, an error thrown downstream caught by the outermost.
describeAuthorization({
  name: 'Koa',
  guard: (options) => requireSession(options as never),
  mount: authorizationMount({ name: 'koa', adapter, framework: { Koa, compose } }),
});
