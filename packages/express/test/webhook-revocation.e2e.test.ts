import { startEmulator, type Emulator } from '@sessiongate/emulator';
import express from 'express';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ANSWERED_MS } from '../../../test-support/deadlines.js';
import { ClerkExpressRequireSession, ClerkExpressWebhook, createClerkClient } from '../src/index.js';
import { listen, type Listening } from './helpers.js';

// End to end: a 60 s verification cache, a revocation through the emulator, its signed webhook
// to the app's route, and the next request of that session is a 401; other sessions stay cached.
// Waits for the delivery log entry, never for a time budget.

let emu: Emulator;
let app: Listening;
beforeAll(async () => {
  emu = await startEmulator({ users: [{ id: 'user_alice' }, { id: 'user_bob' }] });
  const clerk = createClerkClient({ apiKey: emu.apiKey, apiUrl: emu.url, timeoutMs: ANSWERED_MS, cache: { ttlMs: 60_000 } });
  const server = express();
  const endpoint = { secret: '' };
  server.post('/webhooks/clerk', (req, res, next) => ClerkExpressWebhook({ client: clerk, signingSecret: endpoint.secret })(req, res, next));
  server.use(express.json());
  server.get('/api/me', ClerkExpressRequireSession({ client: clerk }), (req, res) => res.json({ userId: req.session!.userId }));
  app = await listen(server);
  endpoint.secret = emu.webhooks.register({ url: `${app.url}/webhooks/clerk`, events: ['session.revoked', 'session.ended'] }).secret;
});
afterAll(async () => {
  await app?.close();
  await emu?.close();
});

const me = (s: { clientToken: string; sessionId: string }) =>
  fetch(`${app.url}/api/me?_clerk_session_id=${s.sessionId}`, { headers: { cookie: `__session=${s.clientToken}` } });

it('revoked through the emulator: 401 once the webhook has landed, while the other session stays cached', async () => {
  const alice = await emu.signIn({ userId: 'user_alice' });
  const bob = await emu.signIn({ userId: 'user_bob' });
  expect((await me(alice)).status).toBe(200);
  expect((await me(bob)).status).toBe(200);
  const verifications = emu.backendCalls();

  await emu.revokeSession(alice.sessionId);
  await emu.webhooks.idle();
  const delivery = emu.webhooks.deliveries.find((d) => d.type === 'session.revoked');
  expect(delivery).toMatchObject({ status: 'delivered', attempts: [{ status: 204 }] });

  expect((await me(alice)).status).toBe(401); // verified again: the cache entry was dropped
  expect((await me(bob)).status).toBe(200); // still from the cache
  expect(emu.backendCalls()).toBe(verifications + 1);
});
