import { createServer } from 'node:http';
import Koa from 'koa';
import { requireSession } from '@sessiongate/koa';
import { clientOptions, closeServer, listen } from './client-options.mjs';

/** GET /api/me: `{ userId }` behind `requireSession()`, or `{ userId: null }` without auth. */
export async function startKoa(variant, backend) {
  const options = clientOptions(variant, backend);
  const app = new Koa();
  const guard = options === null ? null : requireSession(options);
  const handler = (ctx) => {
    ctx.body = { userId: ctx.state.session?.userId ?? null };
  };
  app.use(async (ctx, next) => {
    if (ctx.method !== 'GET' || ctx.path !== '/api/me') return next();
    if (guard === null) return handler(ctx);
    return guard(ctx, async () => handler(ctx));
  });
  const server = createServer(app.callback());
  const url = await listen(server);
  return { url, close: () => closeServer(server) };
}
