// The core called directly from node:http: no framework, no adapter.
// GET /api/me needs a session, GET /api/whoami does not. `npm start` runs it against an
// embedded emulator with two seeded users, unless CLERK_API_URL (and CLERK_API_KEY) are set.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { authenticateRequest, createClerkClient, requireFailure, SessiongateError } from '@sessiongate/core';
import { EmulatorError, startEmulator } from '@sessiongate/emulator';

export const SEED_USERS = [
  { email: 'alice@example.test', firstName: 'Alice', lastName: 'Liddell' },
  { email: 'bob@example.test', firstName: 'Bob', lastName: 'Builder' },
];

function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Starts the server (and, without CLERK_API_URL, an embedded emulator).
 * @param {{ port?: number, host?: string }} [options]
 * @returns {Promise<{ url: string, emulator: import('@sessiongate/emulator').Emulator | undefined, close(): Promise<void> }>}
 */
export async function startApp({ port = Number(process.env.PORT ?? 3002), host = '127.0.0.1' } = {}) {
  const emulator = process.env.CLERK_API_URL ? undefined : await startEmulator({ users: SEED_USERS });
  // Embedded emulator: a dedicated client. Otherwise the env-bound default (CLERK_API_KEY, CLERK_API_URL).
  const authenticate = emulator
    ? createClerkClient({ apiKey: emulator.apiKey, apiUrl: emulator.url }).authenticateRequest
    : authenticateRequest;

  async function handle(req, res) {
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && pathname === '/api/me') {
      // req.url is the path with its query: exactly what the core expects.
      const state = await authenticate({ method: req.method, url: req.url, headers: req.headers });
      const failure = requireFailure(state);
      if (failure) {
        res.writeHead(failure.status, failure.headers);
        return res.end();
      }
      return sendJson(res, 200, { userId: state.userId, sessionId: state.sessionId });
    }
    if (req.method === 'GET' && pathname === '/api/whoami') {
      const state = await authenticate({ method: req.method, url: req.url, headers: req.headers });
      return sendJson(res, 200, { userId: state.status === 'signed-in' ? state.userId : null });
    }
    if (emulator && req.method === 'GET' && pathname === '/dev/sign-in') {
      // Development only: signs a seeded user in on the embedded emulator and sets the cookie.
      const email = searchParams.get('email') ?? SEED_USERS[0].email;
      const known = await emulator.signIn({ email }).catch((err) => {
        if (EmulatorError.is(err) && err.code === 'ERR_UNKNOWN_USER') return undefined;
        throw err;
      });
      if (known === undefined) return sendJson(res, 404, { error: 'no such user on the emulator', users: SEED_USERS.map((u) => u.email) });
      const { clientToken } = known;
      res.writeHead(302, { location: '/api/me', 'set-cookie': `__session=${clientToken}; Path=/; HttpOnly; SameSite=Lax` });
      return res.end();
    }
    sendJson(res, 404, { error: 'not found' });
  }

  const logged = new Set();
  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      // A misconfiguration (e.g. no CLERK_API_KEY) is logged once, by name, with what to set
      // (its message never contains a key or a token); anything else in full, each time.
      const misconfigured = SessiongateError.is(err);
      if (!misconfigured) console.error(err);
      else if (!logged.has(err.code)) {
        logged.add(err.code);
        console.error(`${err.name} ${err.code}: ${err.message}`);
      }
      if (!res.headersSent) sendJson(res, 500, { error: misconfigured ? 'server misconfigured: see the server log' : 'internal error' });
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
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
  console.log(`node:http example listening on ${app.url}`);
  console.log(`Backend API: ${app.emulator ? `${app.emulator.url} (embedded emulator)` : process.env.CLERK_API_URL}`);
  if (app.emulator) {
    console.log(`Sign in (browser): ${app.url}/dev/sign-in?email=${SEED_USERS[0].email}  (or ${SEED_USERS[1].email})`);
    console.log(`Sign in (curl):    curl -L -c jar.txt -b jar.txt '${app.url}/dev/sign-in?email=${SEED_USERS[0].email}'`);
  }
  console.log(`Try: curl -i ${app.url}/api/me   and   curl ${app.url}/api/whoami`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void app.close().then(() => process.exit(0)));
}
