import { startEmulator, type Emulator } from '@sessiongate/emulator';
import express5 from 'express';
import express4 from 'express4';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClerkExpressRequireSession, ClerkExpressWithSession, createClerkClient, getAuth } from '../src/index.js';
import { get, listen, type Listening } from './helpers.js';

// Networkless-only cases that middleware.test.ts, which runs every behavioural case in
// both strategies, cannot express: the PEM key (no network at all), the verified claims, steady
// state with zero backend calls, forged tokens, and a client that meets the JWKS during an outage.
describe.each([
  ['Express 5', express5 as unknown as () => Express],
  ['Express 4', express4 as unknown as () => Express],
] as const)('%s, networkless', (_name, createApp) => {
  let emu: Emulator;
  let server: Listening;
  let down: Listening;
  let session: { sessionId: string; userId: string; sessionToken: string };

  beforeAll(async () => {
    emu = await startEmulator();
    const alice = await emu.createUser({ email: 'alice@example.test' });
    session = await emu.signIn({ userId: alice.id });
    const jwks = createClerkClient({ apiKey: emu.apiKey, apiUrl: emu.url, verification: 'networkless', logger: false });
    const app = createApp();
    app.get('/with', ClerkExpressWithSession({ client: jwks }), (req, res) => {
      const auth = getAuth(req);
      res.json({ userId: req.session?.userId ?? null, status: auth.status, sid: auth.status === 'signed-in' ? auth.claims?.sid : null });
    });
    app.get('/me', ClerkExpressRequireSession({ client: jwks }), (req, res) => res.json({ userId: req.session?.userId }));
    app.get('/pem', ClerkExpressRequireSession({ jwtKey: emu.jwtPublicKey(), logger: false }), (req, res) => res.json({ userId: req.session?.userId }));
    server = await listen(app);

    // A second app whose client first meets the JWKS during an outage.
    const other = createApp();
    other.get('/me', ClerkExpressRequireSession({ apiKey: emu.apiKey, apiUrl: emu.url, verification: 'networkless', logger: false }), (req, res) =>
      res.json({ userId: req.session?.userId }),
    );
    down = await listen(other);
  });
  afterAll(async () => {
    await server?.close();
    await down?.close();
    await emu?.close();
  });

  it('signs in with a session JWT, exposes the claims, and makes no backend call after the JWKS fetch', async () => {
    const first = await get(`${server.url}/with`, session.sessionToken);
    expect(await first.json()).toEqual({ userId: session.userId, status: 'signed-in', sid: session.sessionId });
    emu.clearRequests();
    for (let i = 0; i < 5; i++) expect((await get(`${server.url}/me`, session.sessionToken)).status).toBe(200);
    expect((await get(`${server.url}/pem`, session.sessionToken)).status).toBe(200);
    expect(emu.backendCalls()).toBe(0);
  });

  it('forged or expired tokens get 401 with no backend call', async () => {
    const expired = await emu.mintSessionToken({ sessionId: session.sessionId, issuedAt: emu.now() - 300_000 });
    const [h, p] = session.sessionToken.split('.');
    emu.clearRequests();
    expect((await get(`${server.url}/me`, expired)).status).toBe(401);
    expect((await get(`${server.url}/me`, `${h}.${p}.AAAA`)).status).toBe(401);
    expect(emu.backendCalls()).toBe(0);
  });

  it('a JWKS outage with no cached key is 503, never the handler', async () => {
    emu.fault('GET /v1/jwks', { type: 'status', status: 500 });
    try {
      expect((await get(`${down.url}/me`, session.sessionToken)).status).toBe(503);
    } finally {
      emu.clearFaults();
    }
  });
});
