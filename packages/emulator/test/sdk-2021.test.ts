import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { hasSpec, loadSpecValidator } from './helpers/spec.js';

/**
 * The published 2021 SDK (@clerk/clerk-sdk-node@0.3.0), unchanged, against the emulator:
 * its own ClerkExpressMiddleware() in a real Express 4 app, over loopback. The SDK reads
 * CLERK_API_URL / CLERK_API_KEY at import time, so the env is set before a dynamic import.
 */
const loadSdk = () => import('@clerk/clerk-sdk-node');

describe('@clerk/clerk-sdk-node@0.3.0 against the emulator', () => {
  let emu: Emulator;
  let server: Server;
  let appUrl: string;
  let sdk: Awaited<ReturnType<typeof loadSdk>>;
  const specFailures: string[] = [];
  let specChecked = 0;
  const errors: unknown[] = [];

  beforeAll(async () => {
    emu = await startEmulator({
      users: [
        { id: 'user_alice', email: 'alice@example.com', firstName: 'Alice' },
        { id: 'user_bob', email: 'bob@example.com', firstName: 'Bob' },
      ],
    });
    process.env.CLERK_API_URL = emu.url;
    process.env.CLERK_API_KEY = emu.apiKey;
    sdk = await loadSdk();
    if (hasSpec) {
      const validator = loadSpecValidator();
      // got (the SDK's HTTP client) hands every response to this hook: each one is checked against the spec.
      sdk.setClerkHttpOptions({
        hooks: {
          afterResponse: [
            (response: { url: string; statusCode: number; body: unknown; request: { options: { method: string } } }) => {
              try {
                validator.check(response.request.options.method, new URL(response.url).pathname, response.statusCode, response.body);
                specChecked += 1;
              } catch (e) {
                specFailures.push(String(e));
              }
              return response;
            },
          ],
        },
        retry: 0,
      });
    }
    const app = express();
    app.use(sdk.ClerkExpressMiddleware({ onError: (e: unknown) => errors.push(e) }));
    app.get('/me', (req, res) => {
      const session = (req as unknown as { session?: { id: string; userId: string; status: string } }).session;
      res.json(session ? { sessionId: session.id, userId: session.userId, status: session.status } : { sessionId: null });
    });
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await emu?.close();
    delete process.env.CLERK_API_URL;
    delete process.env.CLERK_API_KEY;
  });

  const me = async (token: string | undefined, sessionId?: string) => {
    const url = sessionId ? `${appUrl}/me?_clerk_session_id=${sessionId}` : `${appUrl}/me`;
    const res = await fetch(url, { headers: token ? { cookie: `__session=${token}` } : {} });
    return (await res.json()) as { sessionId: string | null; userId?: string; status?: string };
  };

  it('authenticates with _clerk_session_id (one /v1 call: sessions verify)', async () => {
    const s = await emu.signIn({ userId: 'user_alice' });
    emu.clearRequests();
    expect(await me(s.clientToken, s.sessionId)).toEqual({ sessionId: s.sessionId, userId: 'user_alice', status: 'active' });
    expect(emu.requests.map((r) => `${r.method} ${r.route}`)).toEqual(['POST /v1/sessions/:id/verify']);
  });

  it('authenticates without it, through the client last active session (clients verify, then sessions verify)', async () => {
    const s = await emu.signIn({ userId: 'user_bob' });
    emu.clearRequests();
    expect(await me(s.clientToken)).toEqual({ sessionId: s.sessionId, userId: 'user_bob', status: 'active' });
    expect(emu.requests.map((r) => `${r.method} ${r.route}`)).toEqual(['POST /v1/clients/verify', 'POST /v1/sessions/:id/verify']);
  });

  it('signed out: no cookie, unknown token, ended and revoked sessions', async () => {
    expect((await me(undefined)).sessionId).toBeNull();
    expect((await me('dW5rbm93bi10b2tlbi11bmtub3duLXRva2Vu')).sessionId).toBeNull();
    const s = await emu.signIn({ userId: 'user_alice' });
    await emu.signOut(s.sessionId);
    expect((await me(s.clientToken, s.sessionId)).sessionId).toBeNull();
    expect((await me(s.clientToken)).sessionId).toBeNull();
    const r = await emu.signIn({ userId: 'user_alice' });
    await emu.revokeSession(r.sessionId);
    expect((await me(r.clientToken, r.sessionId)).sessionId).toBeNull();
  });

  it('two users on one client: explicit ids pick each, the last active one is the default', async () => {
    const a = await emu.signIn({ userId: 'user_alice' });
    const b = await emu.signIn({ userId: 'user_bob', clientToken: a.clientToken });
    expect((await me(a.clientToken, a.sessionId)).userId).toBe('user_alice');
    expect((await me(a.clientToken, b.sessionId)).userId).toBe('user_bob');
    expect((await me(a.clientToken)).userId).toBe('user_bob');
    await emu.setActiveSession(a.clientToken, a.sessionId);
    expect((await me(a.clientToken)).userId).toBe('user_alice');
    await emu.signOut(a.sessionId);
    expect((await me(a.clientToken)).userId).toBe('user_bob');
    expect((await me(a.clientToken, a.sessionId)).sessionId).toBeNull();
  });

  it('the SDK resource APIs read the emulator (users, sessions, clients, revoke)', async () => {
    const s = await emu.signIn({ userId: 'user_alice' });
    const user = await sdk.users.getUser('user_alice');
    expect(user.firstName).toBe('Alice');
    expect(user.emailAddresses[0]?.emailAddress).toBe('alice@example.com');
    expect((await sdk.users.getUserList({ limit: 1 })).length).toBe(1);
    const sessions = await sdk.sessions.getSessionList({ userId: 'user_alice' });
    expect(sessions.map((x) => x.id)).toContain(s.sessionId);
    const client = await sdk.clients.getClient(s.clientId);
    expect(client.sessionIds).toEqual([s.sessionId]);
    expect(client.lastActiveSessionId).toBe(s.sessionId);
    expect((await sdk.clients.getClientList()).length).toBeGreaterThan(0);
    const revoked = await sdk.sessions.revokeSession(s.sessionId);
    expect(revoked.status).toBe('revoked');
    await expect(sdk.sessions.getSession('sess_nope')).rejects.toMatchObject({ errors: [{ code: 'resource_not_found' }] });
  });

  // skip-reason: need ../shared beside the checkout (the 2021 API spec excerpt)
  it.skipIf(!hasSpec)('every response the SDK received matched the spec', () => {
    expect(specFailures).toEqual([]);
    expect(specChecked).toBeGreaterThan(10);
  });
});
