// The sessiongate demo: an embedded emulator (the Backend API and, through its control
// plane, the hosted sign-in service) plus an Express app protected by @sessiongate/express
// that serves a small page to sign in two users on one client, switch between their
// sessions, call a protected route with and without `_clerk_session_id`, and sign out or
// revoke. Everything binds 127.0.0.1; nothing leaves the machine.
//
// Two modes: `backend` (default, the 2021 flow: the `__session` cookie holds the client token
// and every request is verified by the Backend API) and `networkless` (today's hosted flow:
// `__session` holds a short-lived session JWT that the app verifies locally against the
// emulator's JWKS; the page refreshes it before it expires).
import { createServer } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import express from 'express';
import {
  ClerkExpressRequireSession,
  ClerkExpressWithSession,
  SessiongateError,
  createClerkClient,
  getAuth,
  ClerkExpressWebhook,
} from '@sessiongate/express';
import { startEmulator } from '@sessiongate/emulator';

/** The users the emulator starts with (stable ids, so the page and the docs can name them). */
export const SEED_USERS = [
  { id: 'user_alice', email: 'alice@example.test', firstName: 'Alice', lastName: 'Liddell' },
  { id: 'user_bob', email: 'bob@example.test', firstName: 'Bob', lastName: 'Builder' },
  { id: 'user_carol', email: 'carol@example.test', firstName: 'Carol', lastName: 'Danvers' },
];

import { EXPORT_PERMISSION, membershipsOf, seedOrganizations } from './organizations.mjs';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
/** Backend mode caches verifications this long; revocations still reach it at once, by webhook. */
const CACHE_TTL_MS = 60_000;
const TOKEN_ALPHABET = /^[A-Za-z0-9._~+/=-]{1,8192}$/;

/** The verification strategies the demo can run; see the header comment. */
export const MODES = ['backend', 'networkless'];

/**
 * Where the page keeps the client token. In backend mode it is the `__session` cookie itself;
 * in networkless mode `__session` holds the session JWT, and the client token (which the hosted
 * frontend keeps in its own `__client` cookie on its own domain) sits in `__client` here.
 */
const clientCookieOf = (mode) => (mode === 'networkless' ? '__client' : '__session');

/** The first cookie called `name` in a Cookie header (for `__session`, the one the core reads too). */
function readCookie(header, name) {
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The Express app. `clerk` verifies against the emulator; `emulator` is only read for its URL. */
function createApp({ clerk, uncached, emulatorUrl, mode, tokenLifetimeMs, webhook, emulator }) {
  const app = express();
  app.disable('x-powered-by');
  // The emulator's signed webhooks: a revocation drops the session's cached verifications at
  // once (backend mode caches them for 60 s). Mounted before any body parser: it reads the raw body.
  app.post('/webhooks/clerk', ClerkExpressWebhook({ client: clerk, signingSecret: webhook.secret }));
  // One client for every route: one keep-alive pool to the Backend API.
  const options = { client: clerk };

  app.use((_req, res, next) => {
    // The page talks to its own origin and to the emulator's control plane, nothing else.
    res.setHeader(
      'content-security-policy',
      `default-src 'self'; connect-src 'self' ${emulatorUrl}; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    next();
  });

  // What the page needs to know: where the "hosted sign-in service" is, and who can sign in.
  app.get('/demo/config.json', (_req, res) => {
    res.json({ emulatorUrl, users: SEED_USERS, mode, tokenLifetimeMs, cacheTtlMs: mode === 'backend' ? CACHE_TTL_MS : 0 });
  });

  // The protected route: 401 (no body) when signed out, 503 when the Backend API cannot answer.
  // Backend mode caches a verification by token and session id. A request without an id asks for
  // the client's last active session, which a switch changes without any webhook: those are
  // verified uncached, so that "make active" shows at once too.
  const requireCached = ClerkExpressRequireSession(options);
  const requireFresh = ClerkExpressRequireSession({ client: uncached });
  const requireSession = (req, res, next) => (typeof req.query._clerk_session_id === 'string' ? requireCached : requireFresh)(req, res, next);
  app.get('/api/me', requireSession, (req, res) => {
    res.json({ userId: req.session.userId, sessionId: req.session.id });
  });

  // Why a request is (not) signed in: the optional middleware plus getAuth(req).
  const withCached = ClerkExpressWithSession(options);
  const withFresh = ClerkExpressWithSession({ client: uncached });
  const withSession = (req, res, next) => (typeof req.query._clerk_session_id === 'string' ? withCached : withFresh)(req, res, next);
  app.get('/api/auth-state', withSession, (req, res) => {
    const state = getAuth(req);
    res.json(
      state.status === 'signed-in'
        ? { status: state.status, userId: state.userId, sessionId: state.sessionId }
        : { status: state.status, reason: state.reason },
    );
  });

  // Organizations (networkless mode: the session JWT carries the active organization and the
  // role's permissions). The switcher lists the user's memberships; the export needs a permission
  // only admins hold: 403 with no body for a member. Backend mode has no such claims: always 403.
  app.get('/api/organizations', withFresh, async (req, res, next) => {
    const state = getAuth(req);
    if (state.status !== 'signed-in') return res.status(401).end();
    try {
      res.json({ active: state.orgId, role: state.orgRole, permissions: state.orgPermissions, memberships: await membershipsOf(emulator, state.userId) });
    } catch (error) {
      next(error);
    }
  });
  app.get('/api/reports/export', ClerkExpressRequireSession({ client: clerk, authorize: { permission: EXPORT_PERMISSION } }), (req, res) => {
    const state = getAuth(req);
    res.json({ exported: true, organization: state.status === 'signed-in' ? state.orgSlug : null });
  });

  // The browser's client and its sessions, through the SDK's resource API (the seed's
  // "manual authentication": clients.verifyClient(clientToken)).
  app.get('/api/client', async (req, res, next) => {
    const token = readCookie(req.headers.cookie, clientCookieOf(mode));
    if (token === undefined || !TOKEN_ALPHABET.test(token)) return res.status(401).json({ client: null });
    try {
      const client = await clerk.clients.verifyClient(token);
      res.json({
        client: {
          id: client.id,
          lastActiveSessionId: client.lastActiveSessionId,
          sessions: client.sessions.map((s) => ({ id: s.id, userId: s.userId, status: s.status })),
        },
      });
    } catch (error) {
      // An unknown token (for example a cookie from an earlier run of the demo): no client.
      if (SessiongateError.is(error) && (error.code === 'ERR_BACKEND_STATUS' || error.code === 'ERR_INVALID_ARGUMENT')) {
        return res.status(401).json({ client: null });
      }
      next(error);
    }
  });

  app.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: 0 }));

  app.use((err, _req, res, _next) => {
    // Messages of the SDK's errors never contain a key or a token.
    console.error(`demo: ${err?.code ?? 'error'}: ${err?.message ?? err}`);
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
  });
  return app;
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address().port);
    });
  });
}

/**
 * Starts the demo: the emulator (seeded with {@link SEED_USERS}, its control plane open to the
 * app's origin) and the Express app. Resolves once both listen.
 *
 * @param {{ port?: number, host?: string, emulatorPort?: number, mode?: 'backend' | 'networkless', tokenLifetimeMs?: number }} [options]
 *   `port` 0 picks a free port (tests); the CLI uses `PORT` or 3000. `mode` picks the
 *   verification strategy (default `backend`); `tokenLifetimeMs` is the session JWTs' lifetime
 *   in networkless mode (default 30 s: short, so that the page's refresh and a revocation's
 *   effect are visible).
 * @returns {Promise<{ url: string, mode: string, emulator: import('@sessiongate/emulator').Emulator, users: typeof SEED_USERS, close(): Promise<void> }>}
 * @example
 * const demo = await startDemo({ port: 0 });
 * console.log(demo.url); // http://127.0.0.1:PORT
 * await demo.close();
 */
export async function startDemo({ port = 3000, host = '127.0.0.1', emulatorPort = 0, mode = 'backend', tokenLifetimeMs = 30_000 } = {}) {
  if (!MODES.includes(mode)) throw new TypeError(`demo: mode must be one of ${MODES.join(', ')}`);
  // The app listens first: its origin must be known to open the emulator's CORS to it.
  let handler;
  const server = createServer((req, res) => {
    if (handler) return handler(req, res);
    res.writeHead(503, { 'retry-after': '1' }).end();
  });
  const appPort = await listen(server, port, host);
  const url = `http://${host}:${appPort}`;
  const origins = [url, `http://localhost:${appPort}`];

  let emulator;
  try {
    emulator = await startEmulator({ port: emulatorPort, host, users: SEED_USERS, corsOrigins: origins, sessionTokenLifetimeMs: tokenLifetimeMs });
  } catch (error) {
    await new Promise((resolve) => server.close(resolve));
    throw error;
  }
  const clerk = createClerkClient(
    mode === 'networkless'
      ? // The JWKS comes from the emulator; app and emulator share this machine's clock, so a
        // 1 s skew (instead of the default 5 s) lets an expired token fail promptly on the page.
        { apiKey: emulator.apiKey, apiUrl: emulator.url, verification: 'networkless', clockSkewMs: 1000 }
      : { apiKey: emulator.apiKey, apiUrl: emulator.url, cache: { ttlMs: CACHE_TTL_MS } },
  );
  const webhook = emulator.webhooks.register({ url: `${url}/webhooks/clerk` });
  const uncached = mode === 'networkless' ? clerk : createClerkClient({ apiKey: emulator.apiKey, apiUrl: emulator.url });
  await seedOrganizations(emulator);
  handler = createApp({ clerk, uncached, emulatorUrl: emulator.url, mode, tokenLifetimeMs, webhook, emulator });

  let closing;
  return {
    url,
    mode,
    emulator,
    users: SEED_USERS,
    close() {
      closing ??= (async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(() => resolve()));
        await emulator.close();
      })();
      return closing;
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = process.env.PORT === undefined ? 3000 : Number(process.env.PORT);
  const mode = process.argv.includes('--networkless') ? 'networkless' : (process.env.DEMO_MODE ?? 'backend');
  let demo;
  try {
    demo = await startDemo({ port, host: process.env.HOST ?? '127.0.0.1', mode });
  } catch (error) {
    if (error?.code === 'EADDRINUSE') {
      console.error(`demo: port ${port} is in use. Try: PORT=3100 npm run demo`);
      process.exit(1);
    }
    throw error;
  }
  console.log('');
  console.log(`  ${'sessiongate demo'.padEnd(24)}${demo.url}`);
  console.log(`  ${'emulator (Backend API)'.padEnd(24)}${demo.emulator.url}   (test key, in memory)`);
  console.log(
    `  ${'verification'.padEnd(24)}${
      demo.mode === 'networkless'
        ? 'networkless: 30 s session JWTs, verified locally against the emulator\'s JWKS'
        : 'backend: every request verified by the Backend API (2021 flow)'
    }`,
  );
  console.log('');
  console.log('  Seeded users:');
  for (const u of SEED_USERS) console.log(`    ${u.id.padEnd(12)} ${u.firstName} ${u.lastName} <${u.email}>`);
  console.log('');
  console.log('  Open the URL, sign in two users, switch, call /api/me, sign out. Ctrl-C stops everything.');
  console.log('');
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n  ${signal}: stopping the demo and the emulator…`);
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Under `npm run demo` a SIGTERM reaches npm and its shell, not us: when our parent goes
  // away we are orphaned, so stop too rather than keep the ports open.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop('parent exited');
  }, 1000).unref();
}
