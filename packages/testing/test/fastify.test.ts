// Fastify with inject(): the signed-in value's headers go straight into inject({ headers }).
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clerkPlugin, requireSession } from '@sessiongate/fastify';
import { createTestAuth, type Strategy, type TestAuth } from '../src/index.js';

let auth: TestAuth;
beforeAll(async () => {
  auth = await createTestAuth({ users: [{ id: 'user_alice' }, { id: 'user_bob' }] });
});
afterAll(() => auth.close());

describe.each<Strategy>(['backend', 'networkless'])('Fastify + inject, %s strategy', (strategy) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    await app.register(clerkPlugin, { ...auth.clerkOptions(strategy), logger: false });
    app.get('/api/me', { preHandler: requireSession }, async (request) => ({ userId: request.session!.userId }));
    await app.ready();
  });
  afterAll(() => app.close());

  it('signed in → 200 through headers; no cookie → 401', async () => {
    const alice = await auth.signIn('user_alice', { strategy });
    const res = await app.inject({ method: 'GET', url: '/api/me', headers: alice.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ userId: 'user_alice' });
    expect((await app.inject({ url: '/api/me', headers: alice.bearerHeaders })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/me' })).statusCode).toBe(401);
  });

  it('multi-session by withSessionId, and an outage', async () => {
    const alice = await auth.signIn('user_alice', { strategy });
    const bob = await auth.signIn('user_bob', { strategy, client: alice });
    expect((await app.inject({ url: bob.withSessionId('/api/me'), headers: bob.headers })).json()).toEqual({ userId: 'user_bob' });
    const restore = await auth.outage();
    try {
      expect((await app.inject({ url: alice.withSessionId('/api/me'), headers: alice.headers })).statusCode).toBe(strategy === 'backend' ? 503 : 200);
    } finally {
      await restore();
    }
  });

  it('a revoked session (backend: at once; networkless: no new token)', async () => {
    const alice = await auth.signIn('user_alice', { strategy });
    await auth.revoke(alice);
    const res = await app.inject({ url: '/api/me', headers: alice.headers });
    expect(res.statusCode).toBe(strategy === 'backend' ? 401 : 200);
    await expect(alice.refresh()).rejects.toMatchObject({ code: 'ERR_SESSION_INACTIVE' });
  });
});
