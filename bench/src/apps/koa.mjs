import { createServer } from 'node:http';
import Koa from 'koa';
import compose from 'koa-compose';
import { requireSession } from '@sessiongate/koa';
import { listenOnLoopback } from '../../../test-support/loopback.mjs';
import { clientOptions, isMinimal } from './client-options.mjs';
import { createMinimalHit } from './minimal-hit.mjs';

/**
 * GET /api/me: `{ userId }` behind `requireSession()`, behind the `minimal` reference hit, or
 * `{ userId: null }` without auth. The route's middleware is composed with koa-compose in every
 * variant, as @koa/router does for every route, so that the variants differ only by the guard.
 */
export async function startKoa(variant, backend) {
  const options = clientOptions(variant, backend);
  const app = new Koa();
  const handler = (ctx) => {
    ctx.body = { userId: ctx.state.session?.userId ?? null };
  };
  const route = compose(options === null ? [handler] : [isMinimal(variant) ? minimalGuard(options) : requireSession(options), handler]);
  app.use((ctx, next) => (ctx.method === 'GET' && ctx.path === '/api/me' ? route(ctx) : next()));
  const server = createServer(app.callback());
  // { url, close, server }: the smoke test counts the requests the server has taken in
  return listenOnLoopback(server);
}

function minimalGuard(options) {
  const hit = createMinimalHit(options);
  const admit = (ctx, next, session) => {
    if (session === null) {
      // no body, as requireSession() answers (Koa would otherwise send "Unauthorized")
      ctx.body = null;
      ctx.status = 401;
      return undefined;
    }
    ctx.state.session = session;
    return next();
  };
  return (ctx, next) => {
    const result = hit(ctx.originalUrl, ctx.req.headers);
    return result instanceof Promise ? result.then((session) => admit(ctx, next, session)) : admit(ctx, next, result);
  };
}
