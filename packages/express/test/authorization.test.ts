import express5 from 'express';
import express4 from 'express4';
import type { ErrorRequestHandler, Express } from 'express';
import { AUTHORIZE_ROUTES, describeAuthorization, type AuthorizationMountContext } from '../../../test-support/authorization.js';
import { ClerkExpressRequireSession, ClerkExpressMiddleware, getAuth, has, type Authorize } from '../src/index.js';
import { listen } from './helpers.js';

/** The authorization routes (test-support/authorization.ts), in Express's idiom. */
function mountExpress(createApp: () => Express) {
  return async ({ options, ran, errored }: AuthorizationMountContext) => {
    const app = createApp();
    const ok = (_req: unknown, res: { json: (v: unknown) => void }) => {
      ran();
      res.json({ ok: true });
    };
    const sessionStatus = (req: Parameters<typeof getAuth>[0], res: { json: (v: unknown) => void }) => {
      ran();
      const auth = getAuth(req);
      res.json({ sessionStatus: auth.status === 'signed-in' ? auth.sessionStatus : null });
    };
    app.get('/me', ClerkExpressRequireSession(options), sessionStatus);
    app.get('/pending-ok', ClerkExpressRequireSession({ ...options, acceptPendingSessions: true }), sessionStatus);
    for (const [path, { authorize }] of Object.entries(AUTHORIZE_ROUTES)) {
      app.get(path, ClerkExpressRequireSession({ ...options, authorize: authorize as Authorize }), ok);
    }
    app.get('/has', ClerkExpressMiddleware(options), (req, res) => res.json({ read: has(getAuth(req), { permission: 'org:dashboard:read' }) }));
    app.use(((err, _req, res, _next) => {
      errored(err);
      res.status(500).end();
    }) as ErrorRequestHandler);
    return listen(app);
  };
}

for (const [name, createApp] of [
  ['Express 5', express5 as unknown as () => Express],
  ['Express 4', express4 as unknown as () => Express],
] as const) {
  describeAuthorization({ name, mount: mountExpress(createApp), guard: (options) => ClerkExpressRequireSession(options as never) });
}
