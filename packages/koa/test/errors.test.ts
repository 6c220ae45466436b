import { startEmulator, type Emulator } from '@sessiongate/emulator';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clerkMiddleware, requireSession } from '../src/index.js';
import { get, listen, type Listening } from './helpers.js';

// The env-bound default client reads CLERK_API_KEY at first use; this file runs without it.
describe('misconfiguration is thrown into Koa, never turned into signed-in', () => {
  let emu: Emulator;
  const saved = { key: process.env.CLERK_API_KEY, url: process.env.CLERK_API_URL };
  const servers: Listening[] = [];
  const thrown: unknown[] = [];
  let downstream = 0;

  beforeAll(async () => {
    delete process.env.CLERK_API_KEY;
    emu = await startEmulator();
    process.env.CLERK_API_URL = emu.url;
  });

  afterAll(async () => {
    for (const s of servers) await s.close();
    await emu?.close();
    if (saved.key === undefined) delete process.env.CLERK_API_KEY;
    else process.env.CLERK_API_KEY = saved.key;
    if (saved.url === undefined) delete process.env.CLERK_API_URL;
    else process.env.CLERK_API_URL = saved.url;
  });

  it.each([
    ['clerkMiddleware', clerkMiddleware],
    ['requireSession', requireSession],
  ])('%s: missing CLERK_API_KEY -> Koa error path (500), no backend call', async (_name, factory) => {
    const app = new Koa();
    app.on('error', (err: unknown) => thrown.push(err));
    app.use(factory());
    app.use((ctx) => {
      downstream++;
      ctx.body = 'downstream';
    });
    const server = await listen(app);
    servers.push(server);
    const user = await emu.createUser({});
    const { clientToken } = await emu.signIn({ userId: user.id });
    const calls = emu.backendCalls();
    const before = thrown.length;

    const res = await get(server.url, clientToken);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain(clientToken);
    expect(downstream).toBe(0);
    expect(emu.backendCalls()).toBe(calls);
    expect(thrown.length).toBe(before + 1);
    expect(thrown.at(-1)).toMatchObject({ code: 'ERR_MISSING_API_KEY' });
  });

  it('an invalid option throws at construction', () => {
    expect(() => requireSession({ timeoutMs: -1 })).toThrowError(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }));
  });
});
