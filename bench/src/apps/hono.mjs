import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import * as adapter from '@sessiongate/hono';
import { startApiMe } from './api-me.mjs';
import { createMinimalHit } from './minimal-hit.mjs';

/**
 * GET /api/me: `{ userId }` behind `requireSession()`, behind the `minimal` reference hit, or
 * `{ userId: null }` without auth, on @hono/node-server (node:http in, Web Request/Response inside).
 */
export function startHono(variant, backend) {
  return startApiMe(variant, backend, { name: 'hono', adapter, framework: { Hono, createAdaptorServer }, minimalGuard });
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
