import { Hono, type Context } from 'hono';
import { AUTHORIZE_ROUTES, describeAuthorization, type AuthorizationMountContext } from '../../../test-support/authorization.js';
import { clerkMiddleware, getAuth, has, requireSession, type Authorize, type ClerkEnv } from '../src/index.js';
import { inProcess, serveOnLoopback, type Mounted } from './helpers.js';

/** The authorization routes (test-support/authorization.ts), in Hono's idiom. */
function authorizationApp({ options, ran, errored }: AuthorizationMountContext): Hono<ClerkEnv> {
  const hono = new Hono<ClerkEnv>();
  hono.onError((err, c) => {
    errored(err);
    return c.body(null, 500);
  });
  const sessionStatus = (c: Context<ClerkEnv>) => {
    ran();
    const auth = getAuth(c);
    return c.json({ sessionStatus: auth.status === 'signed-in' ? auth.sessionStatus : null });
  };
  hono.get('/me', requireSession(options), sessionStatus);
  hono.get('/pending-ok', requireSession({ ...options, acceptPendingSessions: true }), sessionStatus);
  for (const [path, { authorize }] of Object.entries(AUTHORIZE_ROUTES)) {
    hono.get(path, requireSession({ ...options, authorize: authorize as Authorize }), sessionStatus);
  }
  hono.get('/has', clerkMiddleware(options), (c) => c.json({ read: has(getAuth(c), { permission: 'org:dashboard:read' }) }));
  return hono;
}

for (const [name, start] of [
  ['Hono 4, @hono/node-server over loopback', serveOnLoopback],
  ['Hono 4, app.request (fetch only)', async (app: Hono<ClerkEnv>) => inProcess(app)],
] as const) {
  describeAuthorization({
    name,
    guard: (options) => requireSession(options as never),
    mount: async (context) => {
      const mounted: Mounted = await start(authorizationApp(context));
      return { request: (path, init) => mounted.send(path, undefined, init), close: mounted.close };
    },
  });
}
