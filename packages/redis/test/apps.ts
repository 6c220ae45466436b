import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Clerk, ClerkExpressRequireSession, getAuth } from '@sessiongate/express';
import { startEmulator, type Emulator, type SignInResult } from '@sessiongate/emulator';
import { createRedisCacheStore, type RedisCacheStore, type RedisCacheStoreOptions } from '../src/index.js';

export interface App {
  url: string;
  store: RedisCacheStore;
  clerk: Clerk;
  /** Lines the store and the core logged. */
  lines: string[];
  close(): Promise<void>;
}

/**
 * One instance as an app runs it: Express, @sessiongate/express, a Clerk with the Redis store as
 * its cache, against the emulator. `GET /api/me` answers the session's user; `POST /revoke/:id`
 * is what a webhook handler does (invalidateSession). Any error is a 500.
 */
export async function startApp(emu: Emulator, storeOptions: RedisCacheStoreOptions, ttlMs = 60_000): Promise<App> {
  const lines: string[] = [];
  const logger = { warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
  const store = createRedisCacheStore({ logger, ...storeOptions });
  await store.ready();
  const clerk = new Clerk({ apiKey: emu.apiKey, apiUrl: emu.url, cache: { ttlMs, store }, logger });
  const app = express();
  app.get('/api/me', ClerkExpressRequireSession({ client: clerk }), (req, res) => {
    const auth = getAuth(req);
    res.json(auth.status === 'signed-in' ? { userId: auth.userId, sessionId: auth.sessionId } : null);
  });
  app.post('/revoke/:id', async (req, res) => {
    await clerk.invalidateSession(req.params.id!);
    res.status(204).end();
  });
  app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).end();
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    clerk,
    lines,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await store.close();
    },
  };
}

/** An emulator with `count` users, each signed in once. */
export async function emulatorWithSessions(count: number): Promise<{ emu: Emulator; sessions: SignInResult[] }> {
  const emu = await startEmulator();
  const sessions: SignInResult[] = [];
  for (let i = 0; i < count; i++) {
    const user = await emu.createUser({ email: `user${i}@example.test`, firstName: `User${i}` });
    sessions.push(await emu.signIn({ userId: user.id }));
  }
  return { emu, sessions };
}

/** `GET /api/me` on `app` for session `s`: the status and the user it was answered for. */
export async function me(app: { url: string }, s: SignInResult): Promise<{ status: number; userId: string | null }> {
  const res = await fetch(`${app.url}/api/me?_clerk_session_id=${s.sessionId}`, { headers: { cookie: `__session=${s.clientToken}` } });
  const body = res.status === 200 ? ((await res.json()) as { userId: string }) : null;
  return { status: res.status, userId: body?.userId ?? null };
}
