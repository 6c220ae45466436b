// One instance of the app: Express + @sessiongate/express, its verification cache in the shared
// Redis (REDIS_URL), the Backend API at CLERK_API_URL. GET /api/me needs a session; POST
// /revoke/:sessionId is what a revocation webhook handler does. GET /stats: the store's counters.
import express from 'express';
import { ClerkExpressRequireSession, createClerkClient } from '@sessiongate/express';
import { createRedisCacheStore } from '@sessiongate/redis';

const store = createRedisCacheStore({
  url: process.env.REDIS_URL,
  opTimeoutMs: Number(process.env.REDIS_OP_TIMEOUT_MS ?? 50),
  coalesce: { waitMs: Number(process.env.COALESCE_WAIT_MS ?? 1_000) },
});
const clerk = createClerkClient({ cache: { ttlMs: Number(process.env.CACHE_TTL_MS ?? 10_000), store } });

const app = express();
app.get('/api/me', ClerkExpressRequireSession({ client: clerk }), (req, res) => {
  res.json({ instance: process.env.INSTANCE, userId: req.session.userId, sessionId: req.session.id });
});
app.post('/revoke/:sessionId', async (req, res) => {
  await clerk.invalidateSession(req.params.sessionId);
  res.status(204).end();
});
app.get('/stats', (_req, res) => res.json(store.stats()));

await store.ready();
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  // the parent reads the port from this line
  console.log(`listening ${server.address().port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    void store.close().then(() => process.exit(0));
  });
}
