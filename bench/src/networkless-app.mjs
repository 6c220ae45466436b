// Child process for the networkless bench (issue 8): Express 5, GET /api/me behind
// ClerkExpressRequireSession, one app per variant (each with its own Express instance, server
// and port) in this one process, as app-process.mjs does for load.mjs: every variant of a round
// then runs with the same process's JIT and memory-layout luck. The key comes through the
// environment.
import { createServer } from 'node:http';
import express from 'express';
import { ClerkExpressRequireSession } from '@sessiongate/express';
import { listenOnLoopback } from '../../test-support/loopback.mjs';
import { serveAppsProcess } from './child.mjs';

const [variants] = process.argv.slice(2);
const base = { apiUrl: process.env.BENCH_API_URL, apiKey: process.env.BENCH_API_KEY, logger: false, verification: 'networkless' };
const OPTIONS = {
  baseline: null,
  'networkless-cached': base,
  'networkless-uncached': { ...base, tokenCache: false },
};

/** One variant's app: its own Express instance and server, on its own port. */
async function start(variant) {
  if (!(variant in OPTIONS)) throw new TypeError(`@sessiongate/bench: unknown networkless variant ${JSON.stringify(variant)}`);
  const options = OPTIONS[variant];
  const app = express();
  app.disable('x-powered-by');
  if (options === null) app.get('/api/me', (_req, res) => res.json({ userId: null }));
  else app.get('/api/me', ClerkExpressRequireSession(options), (req, res) => res.json({ userId: req.session.userId }));
  const server = createServer(app);
  const { url, close } = await listenOnLoopback(server);
  return { url, close };
}

await serveAppsProcess(variants.split(','), start);
