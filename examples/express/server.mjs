// A minimal Express app: GET /api/me needs a session, GET /api/whoami does not.
// `npm start` runs it against an embedded emulator with two seeded users, unless
// CLERK_API_URL (and CLERK_API_KEY) point at a Backend API.
import { pathToFileURL } from 'node:url';
import express from 'express';
import { ClerkExpressRequireSession, ClerkExpressWithSession, createClerkClient, SessiongateError } from '@sessiongate/express';
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
export async function startApp({ port = Number(process.env.PORT ?? 3000), host = '127.0.0.1' } = {}) {
  const emulator = process.env.CLERK_API_URL ? undefined : await startEmulator({ users: SEED_USERS });
  // Embedded emulator: a dedicated client. Otherwise the env-bound default (CLERK_API_KEY, CLERK_API_URL).
  const options = emulator ? { client: createClerkClient({ apiKey: emulator.apiKey, apiUrl: emulator.url }) } : {};

  const app = express();
  app.get('/api/me', ClerkExpressRequireSession(options), (req, res) => {
    res.json({ userId: req.session.userId, sessionId: req.session.id });
  });
  app.get('/api/whoami', ClerkExpressWithSession(options), (req, res) => {
    res.json({ userId: req.session?.userId ?? null });
  });
  if (emulator) {
    // Development only: signs a seeded user in on the embedded emulator and sets the cookie.
    app.get('/dev/sign-in', async (req, res, next) => {
      try {
        const email = typeof req.query.email === 'string' ? req.query.email : SEED_USERS[0].email;
        const { clientToken } = await emulator.signIn({ email });
        res.cookie('__session', clientToken, { httpOnly: true, sameSite: 'lax', path: '/' });
        res.redirect('/api/me');
      } catch (err) {
        if (EmulatorError.is(err) && err.code === 'ERR_UNKNOWN_USER') {
          res.status(404).json({ error: 'no such user on the emulator', users: SEED_USERS.map((u) => u.email) });
        } else next(err);
      }
    });
  }
  // A misconfiguration (such as no CLERK_API_KEY) reaches Express's error handling: 500, as the
  // README documents, and one line in the log that names what to set (never a key or a token).
  const logged = new Set();
  app.use((err, _req, res, next) => {
    if (!SessiongateError.is(err)) return next(err);
    if (!logged.has(err.code)) {
      logged.add(err.code);
      console.error(`${err.name} ${err.code}: ${err.message}`);
    }
    res.status(500).json({ error: 'server misconfigured: see the server log' });
  });

  const server = await new Promise((resolve, reject) => {
    const s = app.listen(port, host, (err) => (err ? reject(err) : resolve(s)));
  });
  const url = `http://${host}:${server.address().port}`;
  return {
    url,
    emulator,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await emulator?.close();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const app = await startApp();
  console.log(`Express example listening on ${app.url}`);
  console.log(`Backend API: ${app.emulator ? `${app.emulator.url} (embedded emulator)` : process.env.CLERK_API_URL}`);
  if (app.emulator) {
    console.log(`Sign in (browser): ${app.url}/dev/sign-in?email=${SEED_USERS[0].email}  (or ${SEED_USERS[1].email})`);
    console.log(`Sign in (curl):    curl -L -c jar.txt -b jar.txt '${app.url}/dev/sign-in?email=${SEED_USERS[0].email}'`);
  }
  console.log(`Try: curl -i ${app.url}/api/me   and   curl ${app.url}/api/whoami`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void app.close().then(() => process.exit(0)));
}
