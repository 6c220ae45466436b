import express from 'express';
import * as adapter from '@sessiongate/express';
import { startApiMe } from './api-me.mjs';
import { createMinimalHook } from './minimal-hit.mjs';

/**
 * GET /api/me: `{ userId }` behind `ClerkExpressRequireSession`, behind the `minimal` reference
 * hit, or `{ userId: null }` without auth.
 */
export function startExpress(variant, backend) {
  return startApiMe(variant, backend, {
    name: 'express',
    adapter,
    framework: express,
    setup: (app) => app.disable('x-powered-by'),
    minimalGuard: (options) =>
      createMinimalHook(options, (req) => req.originalUrl, (req, res, next, session) => {
        if (session === null) return void res.status(401).end();
        req.session = session;
        next();
      }),
  });
}
