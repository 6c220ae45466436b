import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextApiHandler, NextApiRequest, NextApiResponse } from 'next';
import type { NextRequest } from 'next/server.js';
import { describe, expectTypeOf, it } from 'vitest';
import {
  auth,
  getAuth,
  requireAuth,
  requireSession,
  sessionProxy,
  withAuth,
  withSession,
  type AuthState,
  type RequireSessionProp,
  type Session,
  type SignedInState,
  type WithSessionProp,
} from '@sessiongate/next';
import withSessionSnippet from './seed/with-session-ts.js';
import requireSessionSnippet from './seed/require-session-ts.js';

describe('Pages Router types', () => {
  it('WithSessionProp / RequireSessionProp add session to the request type', () => {
    expectTypeOf<WithSessionProp<NextApiRequest>['session']>().toEqualTypeOf<Session | null>();
    expectTypeOf<RequireSessionProp<NextApiRequest>['session']>().toEqualTypeOf<Session>();
    expectTypeOf<RequireSessionProp<NextApiRequest>['query']>().toEqualTypeOf<NextApiRequest['query']>();
    expectTypeOf<RequireSessionProp<NextApiRequest>['session']['userId']>().toEqualTypeOf<string>();
  });

  it("the seed's TypeScript snippets export Next API handlers", () => {
    expectTypeOf(withSessionSnippet).toExtend<NextApiHandler>();
    expectTypeOf(requireSessionSnippet).toExtend<NextApiHandler>();
  });

  it('handlers see the right session type; wrapping keeps the plain request type', () => {
    const optional = withSession((req, res: NextApiResponse) => {
      expectTypeOf(req.session).toEqualTypeOf<Session | null>();
      // @ts-expect-error possibly null
      void req.session.userId;
      res.end();
    });
    expectTypeOf(optional).parameter(0).toEqualTypeOf<NextApiRequest>();
    const required = requireSession((req) => {
      expectTypeOf(req.session.userId).toEqualTypeOf<string>();
    });
    expectTypeOf(required).toExtend<NextApiHandler>();
    const nodeOnly = withSession((req: WithSessionProp<IncomingMessage>, res: ServerResponse) => res.end());
    expectTypeOf(nodeOnly).parameter(0).toEqualTypeOf<IncomingMessage>();
    // @ts-expect-error a handler is required
    withSession();
    // @ts-expect-error unknown option types are rejected
    withSession(() => undefined, { proxySecret: 42 });
  });

  it('getAuth returns the full state', () => {
    expectTypeOf(getAuth).returns.toEqualTypeOf<AuthState>();
  });
});

describe('App Router and proxy types', () => {
  it('auth(request) takes a Request or NextRequest', () => {
    expectTypeOf(auth).parameter(0).toEqualTypeOf<Request>();
    expectTypeOf<NextRequest>().toExtend<Parameters<typeof auth>[0]>();
    expectTypeOf(auth).returns.resolves.toEqualTypeOf<AuthState>();
  });

  it('route wrappers pass the state and params, and fit a route export', () => {
    const GET = withAuth(async (request, ctx) => {
      expectTypeOf(request).toEqualTypeOf<NextRequest>();
      expectTypeOf(ctx.auth).toEqualTypeOf<AuthState>();
      expectTypeOf(ctx.session).toEqualTypeOf<Session | null>();
      expectTypeOf(ctx.params).resolves.toExtend<Record<string, string | string[] | undefined>>();
      return new Response();
    });
    expectTypeOf(GET).toExtend<(request: NextRequest, context: { params: Promise<{ id: string }> }) => Promise<Response>>();
    const POST = requireAuth((_request, { auth: state, session }) => {
      expectTypeOf(state).toEqualTypeOf<SignedInState>();
      expectTypeOf(session).toEqualTypeOf<Session>();
      return Response.json({ userId: session.userId });
    });
    expectTypeOf(POST).returns.resolves.toEqualTypeOf<Response>();
  });

  it('sessionProxy builds a proxy function', () => {
    const proxy = sessionProxy({ onAuth: (state) => (state.status === 'signed-in' ? undefined : new Response(null, { status: 401 })) });
    expectTypeOf(proxy).toEqualTypeOf<(request: NextRequest) => Promise<Response>>();
  });
});
