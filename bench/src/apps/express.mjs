import { createServer } from 'node:http';
import express from 'express';
import { ClerkExpressRequireSession } from '@sessiongate/express';
import { listenOnLoopback } from '../../../test-support/loopback.mjs';
import { clientOptions, isMinimal } from './client-options.mjs';
import { createMinimalHook } from './minimal-hit.mjs';

/**
 * GET /api/me: `{ userId }` behind `ClerkExpressRequireSession`, behind the `minimal` reference
 * hit, or `{ userId: null }` without auth.
 */
export async function startExpress(variant, backend) {
  const options = clientOptions(variant, backend);
  const app = express();
  app.disable('x-powered-by');
  if (options === null) {
    app.get('/api/me', (_req, res) => res.json({ userId: null }));
  } else if (isMinimal(variant)) {
    const guard = createMinimalHook(options, (req) => req.originalUrl, (req, res, next, session) => {
      if (session === null) return void res.status(401).end();
      req.session = session;
      next();
    });
    app.get('/api/me', guard, (req, res) => res.json({ userId: req.session.userId }));
  } else {
    app.get('/api/me', ClerkExpressRequireSession(options), (req, res) => res.json({ userId: req.session.userId }));
  }
  const server = createServer(app);
  // { url, close, server }: the smoke test counts the requests the server has taken in
  return listenOnLoopback(server);
}
