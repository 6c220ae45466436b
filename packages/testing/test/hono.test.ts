// Hono with app.request(): the signed-in value's headers go into its init, as with fetch.
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireSession, type ClerkEnv } from '@sessiongate/hono';
import { createTestAuth, type Strategy, type TestAuth } from '../src/index.js';

let auth: TestAuth;
beforeAll(async () => {
  auth = await createTestAuth({ users: [{ id: 'user_alice' }, { id: 'user_bob' }] });
});
afterAll(() => auth.close());

describe.each<Strategy>(['backend', 'networkless'])('Hono + app.request, %s strategy', (strategy) => {
  const app = () => {
    const hono = new Hono<ClerkEnv>();
    hono.use('/api/*', requireSession({ ...auth.clerkOptions(strategy), logger: false }));
    hono.get('/api/me', (c) => c.json({ userId: c.get('session')!.userId }));
    return hono;
  };

  it('signed in → 200; none → 401; a request object works too', async () => {
    const hono = app();
    const alice = await auth.signIn('user_alice', { strategy });
    const res = await hono.request('/api/me', { headers: alice.headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: 'user_alice' });
    expect((await hono.request(alice.request('http://localhost/api/me'))).status).toBe(200);
    expect((await hono.request('/api/me')).status).toBe(401);
  });

  it('the second session of a client, and an expiry', async () => {
    const hono = app();
    const alice = await auth.signIn('user_alice', { strategy });
    const bob = await auth.signIn('user_bob', { strategy, client: alice });
    expect(await (await hono.request(bob.withSessionId('/api/me'), { headers: bob.headers })).json()).toEqual({ userId: 'user_bob' });
    const expired = await auth.expire(bob);
    expect((await hono.request(expired.withSessionId('/api/me'), { headers: expired.headers })).status).toBe(401);
  });
});
