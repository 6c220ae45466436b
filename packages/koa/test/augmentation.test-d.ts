import type { AuthState, Clerk, Session } from '@sessiongate/core';
import type { DefaultState, Middleware, ParameterizedContext } from 'koa';
import Koa from 'koa';
import { describe, expectTypeOf, it } from 'vitest';
import { clerkMiddleware, getAuth, requireSession, type ClerkKoaOptions, type KoaSession } from '../src/index.js';

describe("Koa DefaultState augmentation", () => {
  it('adds an optional, nullable session to ctx.state', () => {
    expectTypeOf<DefaultState['session']>().toEqualTypeOf<Session | null | undefined>();
    expectTypeOf<KoaSession>().toEqualTypeOf<Session>();
    expectTypeOf<ParameterizedContext['state']['session']>().toEqualTypeOf<Session | null | undefined>();
  });

  it('types downstream middleware of a default app', () => {
    const app = new Koa();
    app.use(clerkMiddleware());
    app.use((ctx) => {
      expectTypeOf(ctx.state.session).toEqualTypeOf<Session | null | undefined>();
      ctx.body = { userId: ctx.state.session?.userId ?? null };
    });
  });
});

describe('middleware factories', () => {
  it('return Koa middleware', () => {
    expectTypeOf(clerkMiddleware).returns.toEqualTypeOf<Middleware>();
    expectTypeOf(requireSession).returns.toEqualTypeOf<Middleware>();
  });

  it('accept every client option, or a client', () => {
    expectTypeOf<ClerkKoaOptions>().toHaveProperty('apiKey');
    expectTypeOf<ClerkKoaOptions>().toHaveProperty('apiUrl');
    expectTypeOf<ClerkKoaOptions['client']>().toEqualTypeOf<Clerk | undefined>();
    // @ts-expect-error unknown option
    requireSession({ apiKeyy: 'x' });
  });

  it('getAuth returns the full AuthState of any context', () => {
    expectTypeOf(getAuth).returns.toEqualTypeOf<AuthState>();
    expectTypeOf(getAuth).toBeCallableWith({} as ParameterizedContext<{ custom: 1 }>);
  });
});
