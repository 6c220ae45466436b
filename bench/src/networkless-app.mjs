// Child process for the networkless bench (issue 8): Express 5, GET /api/me behind
// ClerkExpressRequireSession in one variant. The key comes through the environment.
import { createServer } from 'node:http';
import express from 'express';
import { ClerkExpressRequireSession } from '@sessiongate/express';
import { closeServer, listen } from './apps/client-options.mjs';
import { serveAppProcess } from './child.mjs';

const [variant] = process.argv.slice(2);
const base = { apiUrl: process.env.BENCH_API_URL, apiKey: process.env.BENCH_API_KEY, logger: false, verification: 'networkless' };
const OPTIONS = {
  baseline: null,
  'networkless-cached': base,
  'networkless-uncached': { ...base, tokenCache: false },
};
if (!(variant in OPTIONS)) throw new TypeError(`@sessiongate/bench: unknown networkless variant ${JSON.stringify(variant)}`);
const options = OPTIONS[variant];

const app = express();
app.disable('x-powered-by');
if (options === null) app.get('/api/me', (_req, res) => res.json({ userId: null }));
else app.get('/api/me', ClerkExpressRequireSession(options), (req, res) => res.json({ userId: req.session.userId }));
const server = createServer(app);
const url = await listen(server);

serveAppProcess({ url }, () => closeServer(server));
