// A minimal Hono app: GET /api/me needs a session, GET /api/whoami does not.
// `npm start` runs it on @hono/node-server against an embedded emulator with two seeded users,
// unless CLERK_API_URL (and CLERK_API_KEY) point at a Backend API.
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { clerkMiddleware, createClerkClient, requireSession, SessiongateError } from '@sessiongate/hono';
import { EmulatorError, startEmulator } from '@sessiongate/emulator';

export const SEED_USERS = [
  { email: 'alice@example.test', firstName: 'Alice', lastName: 'Liddell' },
  { email: 'bob@example.test', firstName: 'Bob', lastName: 'Builder' },
];

/**
 * Starts the app (and, without CLERK_API_URL, an embedded emulator).
 * @param {{ port?: number, host?: string }} [options]
 * @returns {Promise<{ url: string, emulator: import('@sessiongate/emulator').Emulator | undefined, close(): Promise<void> }>}
 */
export async function startApp({ port = Number(process.env.PORT ?? 3004), host = '127.0.0.1' } = {}) {
  const emulator = process.env.CLERK_API_URL ? undefined : await startEmulator({ users: SEED_USERS });
  // Embedded emulator: a dedicated client. Otherwise the env-bound default (CLERK_API_KEY, CLERK_API_URL).
  const options = emulator ? { client: createClerkClient({ apiKey: emulator.apiKey, apiUrl: emulator.url }) } : {};

  const app = new Hono();
  // A misconfiguration (such as no CLERK_API_KEY) is a 500, as the README documents, with one
  // line in the log that names what to set (never a key or a token).
  const logged = new Set();
  app.onError((err, c) => {
    if (!SessiongateError.is(err)) {
      console.error(err);
      return c.json({ error: 'internal error' }, 500);
    }
    if (!logged.has(err.code)) {
      logged.add(err.code);
      console.error(`${err.name} ${err.code}: ${err.message}`);
    }
    return c.json({ error: 'server misconfigured: see the server log' }, 500);
  });
  app.get('/api/me', requireSession(options), (c) => {
    const session = c.get('session');
    return c.json({ userId: session.userId, sessionId: session.id });
  });
  app.get('/api/whoami', clerkMiddleware(options), (c) => c.json({ userId: c.get('session')?.userId ?? null }));
  if (emulator) {
    // Development only: signs a seeded user in on the embedded emulator and sets the cookie.
    app.get('/dev/sign-in', async (c) => {
      const signedIn = await emulator.signIn({ email: c.req.query('email') ?? SEED_USERS[0].email }).catch((err) => {
        if (EmulatorError.is(err) && err.code === 'ERR_UNKNOWN_USER') return undefined;
        throw err;
      });
      if (signedIn === undefined) return c.json({ error: 'no such user on the emulator', users: SEED_USERS.map((u) => u.email) }, 404);
      const { clientToken } = signedIn;
      setCookie(c, '__session', clientToken, { httpOnly: true, sameSite: 'Lax', path: '/' });
      return c.redirect('/api/me');
    });
  }

  const server = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const url = `http://${host}:${server.address().port}`;
  return {
    url,
    emulator,
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
      await emulator?.close();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const app = await startApp();
  console.log(`Hono example listening on ${app.url}`);
  console.log(`Backend API: ${app.emulator ? `${app.emulator.url} (embedded emulator)` : process.env.CLERK_API_URL}`);
  if (app.emulator) {
    console.log(`Sign in (browser): ${app.url}/dev/sign-in?email=${SEED_USERS[0].email}  (or ${SEED_USERS[1].email})`);
    console.log(`Sign in (curl):    curl -L -c jar.txt -b jar.txt '${app.url}/dev/sign-in?email=${SEED_USERS[0].email}'`);
  }
  console.log(`Try: curl -i ${app.url}/api/me   and   curl ${app.url}/api/whoami`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void app.close().then(() => process.exit(0)));
}
