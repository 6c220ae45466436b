import Koa, { type Middleware } from 'koa';
import { AUTHORIZE_ROUTES, describeAuthorization } from '../../../test-support/authorization.js';
import { clerkMiddleware, getAuth, has, requireSession, type Authorize } from '../src/index.js';
import { listen } from './helpers.js';

// The authorization routes (test-support/authorization.ts), in Koa's idiom: one router middleware
// over a table of guards; an error thrown downstream reaches the outermost middleware.
describeAuthorization({
  name: 'Koa',
  guard: (options) => requireSession(options as never),
  mount: async ({ options, ran, errored }) => {
    const routes: Record<string, Middleware> = {
      '/me': requireSession(options),
      '/pending-ok': requireSession({ ...options, acceptPendingSessions: true }),
    };
    for (const [path, { authorize }] of Object.entries(AUTHORIZE_ROUTES)) routes[path] = requireSession({ ...options, authorize: authorize as Authorize });
    const optional = clerkMiddleware(options);
    const app = new Koa();
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        errored(error);
        ctx.status = 500;
        ctx.body = '';
      }
    });
    app.use(async (ctx, next) => {
      if (ctx.path === '/has') {
        return optional(ctx, async () => {
          ctx.body = { read: has(getAuth(ctx), { permission: 'org:dashboard:read' }) };
        });
      }
      const route = routes[ctx.path];
      if (route === undefined) return next();
      return route(ctx, async () => {
        ran();
        const auth = getAuth(ctx);
        ctx.body = { sessionStatus: auth.status === 'signed-in' ? auth.sessionStatus : null };
      });
    });
    return listen(app);
  },
});
