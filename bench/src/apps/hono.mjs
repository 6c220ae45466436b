import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { requireSession } from '@sessiongate/hono';
import { listenOnLoopback } from '../../../test-support/loopback.mjs';
import { clientOptions, isMinimal } from './client-options.mjs';
import { createMinimalHit } from './minimal-hit.mjs';

/**
 * GET /api/me: `{ userId }` behind `requireSession()`, behind the `minimal` reference hit, or
 * `{ userId: null }` without auth, on @hono/node-server (node:http in, Web Request/Response inside).
 */
export async function startHono(variant, backend) {
  const options = clientOptions(variant, backend);
  const app = new Hono();
  if (options === null) {
    app.get('/api/me', (c) => c.json({ userId: null }));
  } else {
    app.get('/api/me', isMinimal(variant) ? minimalGuard(options) : requireSession(options), (c) => c.json({ userId: c.get('session').userId }));
  }
  const server = createAdaptorServer({ fetch: app.fetch });
  // { url, close, server }: the smoke test counts the requests the server has taken in
  return listenOnLoopback(server);
}

function minimalGuard(options) {
  const hit = createMinimalHit(options);
  return async (c, next) => {
    const session = await hit(c.req.url, { cookie: c.req.header('cookie') });
    if (session === null) return c.body(null, 401);
    c.set('session', session);
    await next();
  };
}
