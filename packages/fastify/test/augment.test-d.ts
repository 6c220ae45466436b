import type { AuthState, SignedInState } from '@sessiongate/core';
import Fastify, { type FastifyReply, type FastifyRequest, type HookHandlerDoneFunction } from 'fastify';
import { describe, expectTypeOf, it } from 'vitest';
import clerkDefault, { clerkPlugin, getAuth, requireSession, type ClerkPluginOptions } from '../src/index.js';

type Session = SignedInState['session'];

describe('FastifyRequest augmentation', () => {
  it('types request.session as Session | null', () => {
    expectTypeOf<FastifyRequest['session']>().toEqualTypeOf<Session | null>();
  });

  it('types getAuth() as the AuthState union', () => {
    expectTypeOf(getAuth).parameter(0).toEqualTypeOf<FastifyRequest>();
    expectTypeOf(getAuth).returns.toEqualTypeOf<AuthState>();
  });

  it('accepts the clerk route option', () => {
    const app = Fastify();
    app.get('/r', { config: { clerk: 'required' } }, async () => 'ok');
    // @ts-expect-error not a mode
    app.get('/x', { config: { clerk: 'sometimes' } }, async () => 'ok');
  });

  it('registers with and without options, and with the default export', () => {
    const app = Fastify();
    app.register(clerkPlugin);
    app.register(clerkDefault, { apiKey: 'test_x', apiUrl: 'http://127.0.0.1:1', hook: 'preHandler' });
    // @ts-expect-error not a hook the plugin supports
    app.register(clerkPlugin, { hook: 'onSend' });
    expectTypeOf<ClerkPluginOptions['hook']>().toEqualTypeOf<
      'onRequest' | 'preParsing' | 'preValidation' | 'preHandler' | undefined
    >();
  });

  it('uses requireSession per route (also with typed route generics) and per scope', () => {
    const app = Fastify();
    app.get<{ Querystring: { q: string } }>('/me', { preHandler: requireSession }, async (request) => {
      expectTypeOf(request.query.q).toEqualTypeOf<string>();
      return request.session?.userId;
    });
    app.get('/both', { preHandler: [requireSession] }, async () => 'ok');
    app.register(async (scope) => {
      scope.addHook('preHandler', requireSession);
    });
    expectTypeOf(requireSession).toExtend<(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void>();
    // the authorize option types in each place it is given: the factory form and the route option
    app.get('/admin', { preHandler: requireSession({ authorize: { role: 'org:admin' } }) }, async () => 'ok');
    app.get('/fn', { preHandler: requireSession({ authorize: async (s) => s.orgId !== null }) }, async () => 'ok');
    app.get('/cfg', { config: { clerk: { authorize: { permission: 'org:a:read' } } } }, async () => 'ok');
    // @ts-expect-error authorize is required in the object form
    app.get('/cfg2', { config: { clerk: {} } }, async () => 'ok');
  });
});
