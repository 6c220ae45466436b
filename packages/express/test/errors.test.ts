import { startEmulator, type Emulator } from '@sessiongate/emulator';
import express from 'express';
import type { ErrorRequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClerkExpressMiddleware, ClerkExpressRequireSession } from '../src/index.js';
import { get, listen, type Listening } from './helpers.js';

// The env-bound default client reads CLERK_API_KEY at first use; this file runs without it.
describe('misconfiguration goes to the error handler, never to signed-in', () => {
  let emu: Emulator;
  let server: Listening;
  const savedKey = process.env.CLERK_API_KEY;
  const savedUrl = process.env.CLERK_API_URL;
  let handlerRuns = 0;
  let userId: string;

  beforeAll(async () => {
    delete process.env.CLERK_API_KEY;
    emu = await startEmulator({ users: [{ email: 'carol@example.test' }] });
    userId = (await emu.createUser({ email: 'dave@example.test' })).id;
    process.env.CLERK_API_URL = emu.url;
    const app = express();
    app.get('/with', ClerkExpressMiddleware(), (_req, res) => {
      handlerRuns++;
      res.end('handler');
    });
    app.get('/require', ClerkExpressRequireSession(), (_req, res) => {
      handlerRuns++;
      res.end('handler');
    });
    const onError: ErrorRequestHandler = (err, _req, res, _next) => {
      res.status(500).json({ code: (err as { code?: unknown }).code, message: String((err as Error).message) });
    };
    app.use(onError);
    server = await listen(app);
  });

  afterAll(async () => {
    await server?.close();
    await emu?.close();
    if (savedKey === undefined) delete process.env.CLERK_API_KEY;
    else process.env.CLERK_API_KEY = savedKey;
    if (savedUrl === undefined) delete process.env.CLERK_API_URL;
    else process.env.CLERK_API_URL = savedUrl;
  });

  it.each(['/with', '/require'])('%s: missing CLERK_API_KEY -> next(err) with ERR_MISSING_API_KEY, no backend call', async (path) => {
    const { clientToken } = await emu.signIn({ userId });
    const calls = emu.backendCalls();
    const res = await get(`${server.url}${path}`, clientToken);
    expect(res.status).toBe(500);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('ERR_MISSING_API_KEY');
    expect(body.message).not.toContain(clientToken);
    expect(handlerRuns).toBe(0);
    expect(emu.backendCalls()).toBe(calls);
  });

  it('an invalid option throws at construction with the option named', () => {
    expect(() => ClerkExpressMiddleware({ timeoutMs: -1 })).toThrowError(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }));
  });
});
