import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clerkMiddleware, createClerkClient, getAuth, requireSession } from '../src/index.js';

// Workers bindings: configuration in c.env, not process.env. The third argument of
// app.request is the env a Worker's fetch(request, env) receives.
const NAMES = ['CLERK_API_KEY', 'CLERK_API_URL', 'CLERK_JWT_KEY'] as const;
let emu: Emulator;
let saved: Record<string, string | undefined>;

beforeAll(async () => {
  emu = await startEmulator({ sessionTokenLifetimeMs: 24 * 3_600_000 });
});
afterAll(() => emu?.close());
beforeEach(() => {
  saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));
  for (const n of NAMES) delete process.env[n];
});
afterEach(() => {
  for (const n of NAMES) if (saved[n] === undefined) delete process.env[n];
  else process.env[n] = saved[n];
});

function app(options?: Parameters<typeof requireSession>[0]): Hono {
  const hono = new Hono();
  hono.onError((err, c) => c.json({ code: (err as { code?: unknown }).code, message: err.message }, 500));
  hono.get('/me', requireSession(options), (c) => c.json({ userId: c.get('session')?.userId }));
  hono.get('/with', clerkMiddleware(options), (c) => c.json({ status: getAuth(c).status }));
  return hono;
}

async function signedIn() {
  const user = await emu.createUser({ email: `bind-${Math.random()}@example.test` });
  const { clientToken, sessionToken } = await emu.signIn({ userId: user.id });
  return { userId: user.id, clientToken, sessionToken };
}
const cookie = (token: string) => ({ headers: { cookie: `__session=${token}` } });

describe('Hono reads c.env', () => {
  it('CLERK_API_KEY and CLERK_API_URL bindings: backend mode, nothing in process.env', async () => {
    const { userId, clientToken } = await signedIn();
    const res = await app().request('/me', cookie(clientToken), { CLERK_API_KEY: emu.apiKey, CLERK_API_URL: emu.url });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId });
  });

  it('a CLERK_JWT_KEY binding: networkless, no backend call', async () => {
    const { userId, sessionToken } = await signedIn();
    const before = emu.backendCalls();
    const env = { CLERK_JWT_KEY: emu.jwtPublicKey(), CLERK_API_URL: emu.url };
    const res = await app().request('/me', cookie(sessionToken), env);
    expect(await res.json()).toEqual({ userId });
    expect(emu.backendCalls() - before).toBe(0);
  });

  it('the middleware options win over a binding', async () => {
    const { userId, clientToken } = await signedIn();
    const env = { CLERK_API_KEY: 'sk_test_wrong', CLERK_API_URL: 'http://127.0.0.1:9' };
    const res = await app({ apiKey: emu.apiKey, apiUrl: emu.url }).request('/me', cookie(clientToken), env);
    expect(await res.json()).toEqual({ userId });
  });

  it('a given client ignores the bindings', async () => {
    const hono = app({ client: createClerkClient({ apiKey: emu.apiKey, apiUrl: emu.url }) });
    const { clientToken } = await signedIn();
    const res = await hono.request('/with', cookie(clientToken), { CLERK_API_KEY: 'sk_test_wrong' });
    expect(await res.json()).toEqual({ status: 'signed-in' });
  });

  it.each([
    ['with bindings but no key', { CLERK_API_URL: 'http://127.0.0.1:9' }],
    ['with no env at all', undefined],
  ])('a missing key (%s) reaches onError, naming both c.env and process.env', async (_, env) => {
    const res = await app().request('/me', cookie('tok_abc'), env);
    expect(res.status).toBe(500);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('ERR_MISSING_API_KEY');
    expect(body.message).toMatch(/CLERK_API_KEY/);
    expect(body.message).toMatch(/process\.env/);
    expect(body.message).toMatch(/c\.env/);
    expect(body.message).toMatch(/"apiKey"/);
  });
});
