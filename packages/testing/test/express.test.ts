// Express with supertest, the way an app's own suite would use this package: one TestAuth
// per file, a real app, signed-in requests through authed(), and every scenario in both
// strategies.
import express, { type Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClerkExpressRequireSession } from '@sessiongate/express';
import { authed, createTestAuth, type Strategy, type TestAuth } from '../src/index.js';

let auth: TestAuth;
beforeAll(async () => {
  auth = await createTestAuth({ users: [{ id: 'user_alice' }, { id: 'user_bob' }] });
});
afterAll(() => auth.close());

function appFor(options: object): Express {
  const app = express();
  app.get('/api/me', ClerkExpressRequireSession({ ...options, logger: false }), (req, res) => {
    res.json({ userId: req.session!.userId, sessionId: req.session!.id });
  });
  app.post('/api/items', ClerkExpressRequireSession({ ...options, logger: false, requireSessionIdForUnsafeMethods: true }), (req, res) => {
    res.status(201).json({ by: req.session!.userId });
  });
  return app;
}

describe.each<Strategy>(['backend', 'networkless'])('Express + supertest, %s strategy', (strategy) => {
  let app: Express;
  beforeAll(() => {
    app = appFor(auth.clerkOptions(strategy));
  });

  it('a signed-in request reaches the handler; none is a 401', async () => {
    const alice = await auth.signIn('user_alice', { strategy });
    const res = await authed(request(app).get('/api/me'), alice).expect(200);
    expect(res.body).toEqual({ userId: 'user_alice', sessionId: alice.sessionId });
    await authed(request(app).get('/api/me'), alice, { as: 'bearer' }).expect(200);
    await request(app).get('/api/me').expect(401);
  });

  it('two users on one client: withSessionId picks the session; setActive the default', async () => {
    const alice = await auth.signIn('user_alice', { strategy });
    const bob = await auth.signIn('user_bob', { strategy, client: alice });
    const named = await authed(request(app).get(alice.withSessionId('/api/me')), alice).expect(200);
    expect(named.body.userId).toBe('user_alice');
    const viaQuery = await authed(request(app).get('/api/me'), bob, { sessionId: true }).expect(200);
    expect(viaQuery.body.userId).toBe('user_bob');
    await authed(request(app).post('/api/items'), alice).expect(401); // an action must name its session
    const created = await authed(request(app).post('/api/items'), alice, { sessionId: true }).expect(201);
    expect(created.body).toEqual({ by: 'user_alice' });
    if (strategy === 'backend') {
      // Without an id the client's last active session decides: bob signed in last.
      expect((await authed(request(app).get('/api/me'), alice).expect(200)).body.userId).toBe('user_bob');
      await auth.setActive(alice);
      expect((await authed(request(app).get('/api/me'), bob).expect(200)).body.userId).toBe('user_alice');
    }
  });

  it('a session that expires mid-test: signed out from then on', async () => {
    const alice = await auth.signIn('user_alice', { strategy });
    await authed(request(app).get('/api/me'), alice).expect(200);
    const after = await auth.expire(alice);
    await authed(request(app).get('/api/me'), after).expect(401);
    await expect(after.refresh()).rejects.toMatchObject({ code: 'ERR_SESSION_INACTIVE' });
  });

  it('a revoked session', async () => {
    const alice = await auth.signIn('user_alice', { strategy });
    await auth.revoke(alice);
    if (strategy === 'backend') {
      await authed(request(app).get('/api/me'), alice).expect(401);
    } else {
      // Networkless: the JWT the browser holds stays valid until its exp, as with the hosted
      // service; no new one can be minted, so the next refresh is where it ends.
      await authed(request(app).get('/api/me'), alice).expect(200);
      await expect(alice.refresh()).rejects.toMatchObject({ code: 'ERR_SESSION_INACTIVE' });
    }
  });

  it('a backend outage and a 429: 503 (backend); no effect on local verification (networkless)', async () => {
    const alice = await auth.signIn('user_alice', { strategy });
    const restore = await auth.outage();
    try {
      await authed(request(app).get('/api/me'), alice).expect(strategy === 'backend' ? 503 : 200);
    } finally {
      await restore();
    }
    const restoreRate = await auth.rateLimit(7);
    try {
      const res = await authed(request(app).get('/api/me'), alice).expect(strategy === 'backend' ? 503 : 200);
      if (strategy === 'backend') expect(res.headers['retry-after']).toBe('7');
    } finally {
      await restoreRate();
    }
    await authed(request(app).get('/api/me'), alice).expect(200);
  });

  it('a reset connection is unavailable too (backend)', async () => {
    const alice = await auth.signIn('user_alice', { strategy });
    const restore = await auth.outage({ kind: 'reset' });
    try {
      await authed(request(app).get('/api/me'), alice).expect(strategy === 'backend' ? 503 : 200);
    } finally {
      await restore();
    }
  });
});

describe('key rotation (networkless)', () => {
  it('an app pinned to the old PEM refuses new tokens; an app on the JWKS accepts them', async () => {
    const own = await createTestAuth({ strategy: 'networkless', users: [{ id: 'user_alice' }] });
    try {
      const pinned = appFor(own.clerkOptions());
      const jwks = appFor({ apiKey: own.apiKey, apiUrl: own.apiUrl, verification: 'networkless' });
      const before = await own.signIn('user_alice');
      await authed(request(pinned).get('/api/me'), before).expect(200);
      await authed(request(jwks).get('/api/me'), before).expect(200);

      const oldKey = own.env.CLERK_JWT_KEY;
      const { kid, jwtKey } = await own.rotateKeys();
      expect(jwtKey).not.toBe(oldKey);
      expect(own.env.CLERK_JWT_KEY).toBe(jwtKey);
      const after = await before.refresh();
      expect(JSON.parse(Buffer.from(after.token.split('.')[0]!, 'base64url').toString()).kid).toBe(kid);

      await authed(request(pinned).get('/api/me'), after).expect(401);
      await authed(request(jwks).get('/api/me'), after).expect(200);
      await authed(request(appFor(own.clerkOptions())).get('/api/me'), after).expect(200); // restarted with the new env
    } finally {
      await own.close();
    }
  });
});
