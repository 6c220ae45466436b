import Koa from 'koa';
import compose from 'koa-compose';
import * as adapter from '@sessiongate/koa';
import { startApiMe } from './api-me.mjs';
import { createMinimalHit } from './minimal-hit.mjs';

/**
 * GET /api/me: `{ userId }` behind `requireSession()`, behind the `minimal` reference hit, or
 * `{ userId: null }` without auth. The route's middleware is composed with koa-compose in every
 * variant (the harness composes every Koa route so, as @koa/router does), so that the variants
 * differ only by the guard.
 */
export function startKoa(variant, backend) {
  return startApiMe(variant, backend, { name: 'koa', adapter, framework: { Koa, compose }, minimalGuard });
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
