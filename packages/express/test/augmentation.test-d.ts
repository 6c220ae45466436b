import type { AuthState, Clerk, Session } from '@sessiongate/core';
import type { Request, RequestHandler } from 'express';
import { describe, expectTypeOf, it } from 'vitest';
import {
  ClerkExpressMiddleware,
  ClerkExpressRequireSession,
  ClerkExpressWithSession,
  getAuth,
  type ClerkExpressOptions,
  type ExpressSession,
} from '../src/index.js';

describe('Express Request augmentation', () => {
  it('adds an optional, nullable session to every Request', () => {
    expectTypeOf<Request['session']>().toEqualTypeOf<Session | null | undefined>();
    expectTypeOf<ExpressSession>().toEqualTypeOf<Session>();
    expectTypeOf<Request<{ id: string }>['session']>().toEqualTypeOf<Session | null | undefined>();
  });

  it('types handlers that read req.session', () => {
    const handler: RequestHandler = (req, res) => {
      expectTypeOf(req.session).toEqualTypeOf<Session | null | undefined>();
      res.json({ userId: req.session?.userId ?? null });
    };
    expectTypeOf(handler).toBeFunction();
  });
});

describe('middleware factories', () => {
  it('return Express request handlers', () => {
    expectTypeOf(ClerkExpressMiddleware()).toEqualTypeOf<RequestHandler>();
    expectTypeOf(ClerkExpressWithSession).returns.toEqualTypeOf<RequestHandler>();
    expectTypeOf(ClerkExpressRequireSession).returns.toEqualTypeOf<RequestHandler>();
  });

  it('accept every client option, or a client', () => {
    expectTypeOf<ClerkExpressOptions>().toHaveProperty('apiKey');
    expectTypeOf<ClerkExpressOptions>().toHaveProperty('apiUrl');
    expectTypeOf<ClerkExpressOptions['client']>().toEqualTypeOf<Clerk | undefined>();
    // @ts-expect-error unknown option
    ClerkExpressMiddleware({ apiKeyy: 'x' });
  });

  it('getAuth returns the full AuthState for any request type', () => {
    expectTypeOf(getAuth).returns.toEqualTypeOf<AuthState>();
    expectTypeOf(getAuth).toBeCallableWith({} as Request<{ id: string }, unknown, { a: number }>);
  });
});
