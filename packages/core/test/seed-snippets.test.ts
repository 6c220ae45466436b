// The 2021 getting-started page's "Manual authentication" snippets, run as written against the
// emulator through the env-bound defaults. Only the import path changed
// ('@clerk/clerk-sdk-node' -> the core), and the seed's `verifyClient(sessionToken)` typo reads
// `clientToken` (the variable the snippet defines).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '@sessiongate/emulator';
import Cookies from 'cookies';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clients, sessions } from '../src/index.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;
let app: ReturnType<typeof createServer>;
let appUrl: string;

// --- the snippets, verbatim apart from the handler wrapper ---------------------------------
async function authenticateParticularSession(req: IncomingMessage & { query: Record<string, string> }, res: ServerResponse) {
  // Retrieve the particular session ID from a
  // query string parameter
  const sessionId = req.query._clerk_session_id;
  // Note: Clerk stores the clientToken in a cookie
  // named "__session" for Firebase compatibility
  const cookies = new Cookies(req, res);
  const clientToken = cookies.get('__session');
  const session = await sessions.verifySession(sessionId as string, clientToken as string);
  return session;
}

async function authenticateLastActiveSession(req: IncomingMessage, res: ServerResponse) {
  // Note: Clerk stores the clientToken in a cookie
  // named "__session" for Firebase compatibility
  const cookies = new Cookies(req, res);
  const clientToken = cookies.get('__session');
  const client = await clients.verifyClient(clientToken as string);
  const sessionId = client.lastActiveSessionId;
  const session = await sessions.verifySession(sessionId as string, clientToken as string);
  return session;
}
// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  emulator = await startEmulator();
  // set AFTER the core was imported: the defaults read the environment on first use (dotenv-style)
  process.env.CLERK_API_KEY = emulator.apiKey;
  process.env.CLERK_API_URL = emulator.url;
  app = createServer((req, res) => {
    const query = Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams);
    const run = req.url?.startsWith('/last-active')
      ? authenticateLastActiveSession(req, res)
      : authenticateParticularSession(Object.assign(req, { query }), res);
    run.then(
      (session) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(session));
      },
      (err: { code?: string; status?: number }) => {
        res.writeHead(err.status === 404 || err.status === 400 ? 401 : 500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: err.code }));
      },
    );
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => app.close(() => r()));
  await emulator.close();
  delete process.env.CLERK_API_KEY;
  delete process.env.CLERK_API_URL;
});

it('"Authenticate a particular session": sessions.verifySession(sessionId, clientToken)', async () => {
  const user = await emulator.createUser({ email: 'seed@example.com', firstName: 'Seed' });
  const { clientToken, sessionId } = await emulator.signIn({ userId: user.id });
  const res = await fetch(`${appUrl}/api?_clerk_session_id=${sessionId}`, { headers: { cookie: `__session=${clientToken}` } });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ id: sessionId, userId: user.id, status: 'active' });

  const wrong = await fetch(`${appUrl}/api?_clerk_session_id=${sessionId}`, { headers: { cookie: '__session=notTheRightToken' } });
  expect(wrong.status).toBe(401);
});

it('"Authenticate the last active session": clients.verifyClient, lastActiveSessionId, verifySession', async () => {
  const user = await emulator.createUser({ email: 'multi@example.com' });
  const first = await emulator.signIn({ userId: user.id });
  const second = await emulator.signIn({ userId: user.id, clientToken: first.clientToken });
  const res = await fetch(`${appUrl}/last-active`, { headers: { cookie: `__session=${first.clientToken}` } });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ id: second.sessionId, userId: user.id, status: 'active' });
});
