import { startEmulator, type Emulator } from '@sessiongate/emulator';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clerkMiddleware, createClerkClient, getAuth, requireSession } from '../src/index.js';
import { get, listen, type Listening } from './helpers.js';

// Networkless-only cases that middleware.test.ts, which runs every behavioural case in
// both strategies, cannot express: the verified claims, steady state with zero backend calls, and
// forged or expired tokens.
describe('Koa, networkless', () => {
  let emu: Emulator;
  let server: Listening;
  let session: { sessionId: string; userId: string; sessionToken: string };

  beforeAll(async () => {
    emu = await startEmulator();
    const alice = await emu.createUser({ email: 'alice@example.test' });
    session = await emu.signIn({ userId: alice.id });
    const app = new Koa();
    app.on('error', () => {});
    const client = createClerkClient({ apiKey: emu.apiKey, apiUrl: emu.url, verification: 'networkless', logger: false });
    const guard = requireSession({ client });
    app.use(clerkMiddleware({ client }));
    app.use(async (ctx, next) => {
      if (ctx.path === '/me') return guard(ctx, async () => {
        ctx.body = { userId: ctx.state.session?.userId };
      });
      const auth = getAuth(ctx);
      ctx.body = { status: auth.status, sub: auth.status === 'signed-in' ? auth.claims?.sub : null };
      return next();
    });
    server = await listen(app);
  });
  afterAll(async () => {
    await server?.close();
    await emu?.close();
  });

  it('signs in with a session JWT and makes no backend call after the JWKS fetch', async () => {
    expect(await (await get(`${server.url}/who`, session.sessionToken)).json()).toEqual({ status: 'signed-in', sub: session.userId });
    emu.clearRequests();
    const res = await get(`${server.url}/me`, session.sessionToken);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: session.userId });
    expect(emu.backendCalls()).toBe(0);
  });

  it('a tampered or expired token is 401 with no backend call', async () => {
    const expired = await emu.mintSessionToken({ sessionId: session.sessionId, issuedAt: emu.now() - 300_000 });
    const [h, p, s] = session.sessionToken.split('.');
    emu.clearRequests();
    expect((await get(`${server.url}/me`, expired)).status).toBe(401);
    expect((await get(`${server.url}/me`, `${h}.${p}x.${s}`)).status).toBe(401);
    expect(emu.backendCalls()).toBe(0);
  });
});
