// A minimal Koa app: GET /api/me needs a session, GET /api/whoami does not.
// `npm start` runs it against an embedded emulator with two seeded users, unless
// CLERK_API_URL (and CLERK_API_KEY) point at a Backend API.
import { pathToFileURL } from 'node:url';
import Koa from 'koa';
import compose from 'koa-compose';
import { clerkMiddleware, createClerkClient, requireSession, SessiongateError } from '@sessiongate/koa';
import { EmulatorError, startEmulator } from '@sessiongate/emulator';

export const SEED_USERS = [
  { email: 'alice@example.test', firstName: 'Alice', lastName: 'Liddell' },
  { email: 'bob@example.test', firstName: 'Bob', lastName: 'Builder' },
];

/** `GET path` runs `chain`; anything else goes on. (A router, in five lines.) */
function get(path, ...chain) {
  const run = compose(chain);
  return (ctx, next) => (ctx.method === 'GET' && ctx.path === path ? run(ctx) : next());
}

/**
 * Starts the app (and, without CLERK_API_URL, an embedded emulator).
 * @param {{ port?: number, host?: string }} [options]
 * @returns {Promise<{ url: string, emulator: import('@sessiongate/emulator').Emulator | undefined, close(): Promise<void> }>}
 */
export async function startApp({ port = Number(process.env.PORT ?? 3001), host = '127.0.0.1' } = {}) {
  const emulator = process.env.CLERK_API_URL ? undefined : await startEmulator({ users: SEED_USERS });
  // Embedded emulator: a dedicated client. Otherwise the env-bound default (CLERK_API_KEY, CLERK_API_URL).
  const options = emulator ? { client: createClerkClient({ apiKey: emulator.apiKey, apiUrl: emulator.url }) } : {};

  const app = new Koa();
  // A misconfiguration (such as no CLERK_API_KEY) is a 500, as the README documents, with one
  // line in the log that names what to set (never a key or a token). Other errors go to Koa.
  const logged = new Set();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (!SessiongateError.is(err)) throw err;
      if (!logged.has(err.code)) {
        logged.add(err.code);
        console.error(`${err.name} ${err.code}: ${err.message}`);
      }
      ctx.status = 500;
      ctx.body = { error: 'server misconfigured: see the server log' };
    }
  });
  app.use(
    get('/api/me', requireSession(options), (ctx) => {
      ctx.body = { userId: ctx.state.session.userId, sessionId: ctx.state.session.id };
    }),
  );
  app.use(
    get('/api/whoami', clerkMiddleware(options), (ctx) => {
      ctx.body = { userId: ctx.state.session?.userId ?? null };
    }),
  );
  if (emulator) {
    // Development only: signs a seeded user in on the embedded emulator and sets the cookie.
    app.use(
      get('/dev/sign-in', async (ctx) => {
        const email = typeof ctx.query.email === 'string' ? ctx.query.email : SEED_USERS[0].email;
        let clientToken;
        try {
          ({ clientToken } = await emulator.signIn({ email }));
        } catch (err) {
          if (!(EmulatorError.is(err) && err.code === 'ERR_UNKNOWN_USER')) throw err;
          ctx.status = 404;
          ctx.body = { error: 'no such user on the emulator', users: SEED_USERS.map((u) => u.email) };
          return;
        }
        ctx.cookies.set('__session', clientToken, { httpOnly: true, sameSite: 'lax', path: '/' });
        ctx.redirect('/api/me');
      }),
    );
  }

  const server = await new Promise((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.once('error', reject);
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
  console.log(`Koa example listening on ${app.url}`);
  console.log(`Backend API: ${app.emulator ? `${app.emulator.url} (embedded emulator)` : process.env.CLERK_API_URL}`);
  if (app.emulator) {
    console.log(`Sign in (browser): ${app.url}/dev/sign-in?email=${SEED_USERS[0].email}  (or ${SEED_USERS[1].email})`);
    console.log(`Sign in (curl):    curl -L -c jar.txt -b jar.txt '${app.url}/dev/sign-in?email=${SEED_USERS[0].email}'`);
  }
  console.log(`Try: curl -i ${app.url}/api/me   and   curl ${app.url}/api/whoami`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void app.close().then(() => process.exit(0)));
}
