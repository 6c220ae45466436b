import { SessiongateError } from '@sessiongate/core';
import { readAuthState } from '@sessiongate/core/adapter';
import Fastify, { type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLERK_HOOKS, clerkPlugin, getAuth, requireSession } from '../src/index.js';
import { cookie, seed, type Seeded } from './helpers.js';
import { strategies, type Strategy } from '../../../test-support/strategies.js';

// Registration and encapsulation do not depend on the verification strategy; the cases run in
// both to show it.
describe.each(strategies.map((strategy) => [strategy.name, strategy] as const))('%s verification', (_strategyName, strategy) => {
  let s: Seeded;
  let options: ReturnType<Strategy['options']>;
  let token: string;

  beforeAll(async () => {
    s = await seed();
    options = strategy.options(s.emu);
    token = strategy.credentialFor(await s.emu.signIn({ userId: s.ada.id }));
  });
  afterAll(async () => {
    await s?.emu.close();
  });
  beforeEach(() => {
    s.emu.clearFaults();
    s.emu.clearRequests();
  });

  function errorOf(fn: () => unknown): { name: string; code: unknown; message: string } {
    try {
      fn();
    } catch (error) {
      const e = error as SessiongateError;
      return { name: e.name, code: e.code, message: e.message };
    }
    throw new Error('expected a throw');
  }

  describe('a foreign request.session never authenticates', () => {
    it('ignores a session set by a later hook when the plugin said signed out', async () => {
      const app = Fastify();
      await app.register(clerkPlugin, options);
      app.addHook('preValidation', async (request) => {
        (request as { session: unknown }).session = { id: 'sess_evil', userId: s.ada.id, status: 'active' };
      });
      let ran = 0;
      app.get('/me', { preHandler: requireSession }, async () => ++ran);
      const res = await app.inject({ url: '/me' });
      expect(res.statusCode).toBe(401);
      expect(ran).toBe(0);
      await app.close();
    });

    it('fails loudly (500, ERR_NO_AUTH_STATE) when only a foreign plugin set request.session', async () => {
      const app = Fastify();
      // A @fastify/session-like plugin, but no clerkPlugin.
      await app.register(
        fp(async (instance) => {
          instance.decorateRequest('session', null);
          instance.addHook('onRequest', async (request) => {
            (request as { session: unknown }).session = { id: 'sess_evil', userId: 'user_evil' };
          });
        }),
      );
      let ran = 0;
      let logged: unknown;
      app.setErrorHandler((error, _request, reply) => {
        logged = error;
        return reply.code(500).send({ code: (error as SessiongateError).code });
      });
      app.get('/me', { preHandler: requireSession }, async () => ++ran);
      const res = await app.inject({ url: '/me', headers: cookie(token) });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ code: 'ERR_NO_AUTH_STATE' });
      expect(ran).toBe(0);
      expect(SessiongateError.is(logged)).toBe(true);
      expect((logged as Error).message).toMatch(/^requireSession found no auth state — register @sessiongate\/fastify first/);
      expect(s.emu.backendCalls()).toBe(0);
      await app.close();
    });

    it('refuses to register next to a plugin that already decorates request.session', async () => {
      const app = Fastify();
      app.register(
        fp(async (instance) => {
          instance.decorateRequest('session', null);
        }),
      );
      app.register(clerkPlugin, options);
      await expect(app.ready()).rejects.toThrow(/^@sessiongate\/fastify: request\.session is already decorated/);
    });
  });

  describe('getAuth misuse', () => {
    it('throws ERR_NO_AUTH_STATE with a helpful message when the plugin is not registered', async () => {
      const app = Fastify();
      app.get('/', async (request) => errorOf(() => getAuth(request)));
      const res = await app.inject({ url: '/' });
      expect(res.json()).toEqual({
        name: 'SessiongateError',
        code: 'ERR_NO_AUTH_STATE',
        message: expect.stringMatching(/^getAuth\(\) found no auth state — register @sessiongate\/fastify first/),
      });
      await app.close();
    });

    it('throws when called in a hook that runs before the plugin’s hook', async () => {
      const app = Fastify();
      await app.register(clerkPlugin, { ...options, hook: 'preHandler' });
      let early: unknown;
      app.addHook('onRequest', async (request) => {
        early = errorOf(() => getAuth(request)).code;
      });
      app.get('/', async (request) => getAuth(request).status);
      const res = await app.inject({ url: '/', headers: cookie(token) });
      expect(early).toBe('ERR_NO_AUTH_STATE');
      expect(res.body).toBe('signed-in');
      await app.close();
    });
  });

  describe('encapsulation and registration order', () => {
    it('scopes requireSession to the encapsulated context that adds it', async () => {
      const app = Fastify();
      await app.register(clerkPlugin, options);
      await app.register(async (privateScope) => {
        privateScope.addHook('preHandler', requireSession);
        privateScope.get('/private', async (request) => ({ userId: request.session?.userId }));
      });
      await app.register(async (publicScope) => {
        publicScope.get('/public', async (request) => ({ userId: request.session?.userId ?? null }));
      });

      expect((await app.inject({ url: '/private' })).statusCode).toBe(401);
      const pub = await app.inject({ url: '/public' });
      expect(pub.statusCode).toBe(200);
      expect(pub.json()).toEqual({ userId: null });

      const signedIn = await app.inject({ url: '/private', headers: cookie(token) });
      expect(signedIn.json()).toEqual({ userId: s.ada.id });
      await app.close();
    });

    it('applies a plugin registered in a child scope to that scope only', async () => {
      const app = Fastify();
      await app.register(async (child) => {
        await child.register(clerkPlugin, options);
        child.get('/child', async (request) => getAuth(request).status);
      });
      app.get('/sibling', async (request) => (readAuthState(request) === undefined ? 'not-run' : 'ran'));

      expect((await app.inject({ url: '/child', headers: cookie(token) })).body).toBe('signed-in');
      s.emu.clearRequests();
      expect((await app.inject({ url: '/sibling', headers: cookie(token) })).body).toBe('not-run');
      expect(s.emu.backendCalls()).toBe(0);
      await app.close();
    });

    it('covers routes declared in the same scope before the plugin was registered', async () => {
      const app = Fastify();
      app.get('/early', { preHandler: requireSession }, async (request) => ({ userId: request.session?.userId }));
      app.register(clerkPlugin, options);
      const res = await app.inject({ url: '/early', headers: cookie(token) });
      expect(res.json()).toEqual({ userId: s.ada.id });
      await app.close();
    });

    it('refuses a second registration in the same or a child scope', async () => {
      const app = Fastify();
      app.register(clerkPlugin, options);
      app.register(async (child) => child.register(clerkPlugin, options));
      await expect(app.ready()).rejects.toThrow(/^@sessiongate\/fastify: the plugin is already registered/);
    });
  });

  describe('the hook option', () => {
    it.each(CLERK_HOOKS)('%s: authenticates in that hook, not before', async (hook) => {
      const app = Fastify();
      await app.register(clerkPlugin, { ...options, hook });
      const seen: Record<string, boolean> = {};
      for (const h of CLERK_HOOKS) {
        app.addHook(h as 'onRequest', async (request: FastifyRequest) => {
          seen[h] = readAuthState(request) !== undefined;
        });
      }
      app.post('/', { preHandler: requireSession }, async (request) => ({ userId: request.session?.userId, body: request.body }));
      const res = await app.inject({ method: 'POST', url: '/', headers: cookie(token), payload: { x: 1 } });
      expect(res.json()).toEqual({ userId: s.ada.id, body: { x: 1 } });
      const index = CLERK_HOOKS.indexOf(hook);
      expect(seen).toEqual(Object.fromEntries(CLERK_HOOKS.map((h, i) => [h, i >= index])));
      expect((await app.inject({ method: 'POST', url: '/', payload: { x: 1 } })).statusCode).toBe(401);
      await app.close();
    });

    it('rejects an unknown hook at registration', async () => {
      const app = Fastify();
      app.register(clerkPlugin, { ...options, hook: 'onSend' as never });
      await expect(app.ready()).rejects.toThrow(
        "@sessiongate/fastify: option \"hook\" must be one of 'onRequest', 'preParsing', 'preValidation', 'preHandler'",
      );
    });
  });

  describe('options', () => {
    it('fails registration on a bad core option, naming this package', async () => {
      const app = Fastify();
      app.register(clerkPlugin, { ...options, timeoutMs: -1 });
      const error = await app.ready().then(
        () => null,
        (e: unknown) => e as SessiongateError,
      );
      expect(error?.code).toBe('ERR_INVALID_OPTION');
      expect(error?.message).toMatch(/^@sessiongate\/fastify: .*timeoutMs/);
      expect(error?.message).not.toContain(s.emu.apiKey);
    });

    it('passes core options through: requireSessionIdForUnsafeMethods', async () => {
      const signedIn = await s.emu.signIn({ userId: s.bob.id });
      const { sessionId } = signedIn;
      const credential = strategy.credentialFor(signedIn);
      const app = Fastify();
      await app.register(clerkPlugin, { ...options, requireSessionIdForUnsafeMethods: true });
      app.post('/act', { preHandler: requireSession }, async (request) => ({ userId: request.session?.userId }));
      s.emu.clearRequests();
      const implicit = await app.inject({ method: 'POST', url: '/act', headers: cookie(credential) });
      expect(implicit.statusCode).toBe(401);
      expect(s.emu.backendCalls()).toBe(0);
      const explicit = await app.inject({ method: 'POST', url: `/act?_clerk_session_id=${sessionId}`, headers: cookie(credential) });
      expect(explicit.json()).toEqual({ userId: s.bob.id });
      await app.close();
    });

    it('reuses an existing client', async () => {
      const { createClerkClient } = await import('../src/index.js');
      const client = createClerkClient(options);
      const app = Fastify();
      await app.register(clerkPlugin, { client });
      app.get('/', async (request) => getAuth(request).status);
      expect((await app.inject({ url: '/', headers: cookie(token) })).body).toBe('signed-in');
      await app.close();
    });

    it('ignores the keys Fastify itself gives meaning to (prefix)', async () => {
      const app = Fastify();
      await app.register(clerkPlugin, { ...options, prefix: '/ignored' } as never);
      app.get('/', async (request) => getAuth(request).status);
      expect((await app.inject({ url: '/', headers: cookie(token) })).body).toBe('signed-in');
      await app.close();
    });
  });
});
