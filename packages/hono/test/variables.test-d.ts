import type { AuthState, Session } from '@sessiongate/core';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { describe, expectTypeOf, it } from 'vitest';
import { clerkMiddleware, getAuth, requireSession, type ClerkEnv, type ClerkHonoOptions, type ClerkVariables } from '../src/index.js';

describe("typed through Hono's Variables", () => {
  it('types c.get("session") in the handlers after either middleware', () => {
    const app = new Hono();
    app.get('/with', clerkMiddleware(), (c) => {
      expectTypeOf(c.get('session')).toEqualTypeOf<Session | null>();
      return c.json({ userId: c.get('session')?.userId ?? null });
    });
    app.get('/me', requireSession(), (c) => {
      expectTypeOf(c.get('session')).toEqualTypeOf<Session | null>();
      return c.text('ok');
    });
  });

  it('types an app declared with ClerkEnv', () => {
    const app = new Hono<ClerkEnv>();
    app.use(clerkMiddleware());
    app.get('/', (c) => {
      expectTypeOf(c.var.session).toEqualTypeOf<Session | null>();
      return c.text('ok');
    });
    expectTypeOf<ClerkVariables['session']>().toEqualTypeOf<Session | null>();
  });

  it('middlewares, getAuth and options have the expected types', () => {
    expectTypeOf(clerkMiddleware).returns.toEqualTypeOf<MiddlewareHandler<ClerkEnv>>();
    expectTypeOf(requireSession).returns.toEqualTypeOf<MiddlewareHandler<ClerkEnv>>();
    expectTypeOf(getAuth).parameter(0).toEqualTypeOf<Context>();
    expectTypeOf(getAuth).returns.toEqualTypeOf<AuthState>();
    expectTypeOf<ClerkHonoOptions>().toHaveProperty('apiKey');
    // @ts-expect-error an unknown option is a type error
    clerkMiddleware({ notAnOption: true });
  });
});
