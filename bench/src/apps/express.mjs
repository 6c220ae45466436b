import { createServer } from 'node:http';
import express from 'express';
import { ClerkExpressRequireSession } from '@sessiongate/express';
import { clientOptions, closeServer, listen } from './client-options.mjs';

/** GET /api/me: `{ userId }` behind `ClerkExpressRequireSession`, or `{ userId: null }` without auth. */
export async function startExpress(variant, backend) {
  const options = clientOptions(variant, backend);
  const app = express();
  app.disable('x-powered-by');
  if (options === null) {
    app.get('/api/me', (_req, res) => res.json({ userId: null }));
  } else {
    app.get('/api/me', ClerkExpressRequireSession(options), (req, res) => res.json({ userId: req.session.userId }));
  }
  const server = createServer(app);
  const url = await listen(server);
  return { url, close: () => closeServer(server) };
}
