// A Next App Router route handler called directly with the Request signedIn.request() builds,
// as an app's unit tests call their route.ts exports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireAuth, withAuth } from '@sessiongate/next';
import { createTestAuth, type Strategy, type TestAuth } from '../src/index.js';

let auth: TestAuth;
beforeAll(async () => {
  auth = await createTestAuth({ users: [{ id: 'user_alice' }, { id: 'user_bob' }] });
});
afterAll(() => auth.close());

describe.each<Strategy>(['backend', 'networkless'])('Next route handlers, %s strategy', (strategy) => {
  // app/api/me/route.ts
  const routes = () => {
    const options = { ...auth.clerkOptions(strategy), logger: false as const };
    return {
      GET: requireAuth<Request>(async (_request, { session }) => Response.json({ userId: session.userId }), options),
      POST: withAuth<Request>(async (_request, { session }) => Response.json({ userId: session?.userId ?? null }), options),
    };
  };
  const url = 'http://localhost:3000/api/me';

  it('signed in → 200; none → 401', async () => {
    const { GET, POST } = routes();
    const alice = await auth.signIn('user_alice', { strategy });
    const res = await GET(alice.request(url), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: 'user_alice' });
    expect((await GET(new Request(url), { params: Promise.resolve({}) })).status).toBe(401);
    const posted = await POST(alice.request(url, { method: 'POST', body: '{}' }), { params: Promise.resolve({}) });
    expect(await posted.json()).toEqual({ userId: 'user_alice' });
  });

  it('the second session by id, and an outage', async () => {
    const { GET } = routes();
    const alice = await auth.signIn('user_alice', { strategy });
    const bob = await auth.signIn('user_bob', { strategy, client: alice });
    expect(await (await GET(bob.request(bob.withSessionId(url)), { params: Promise.resolve({}) })).json()).toEqual({ userId: 'user_bob' });
    const restore = await auth.outage();
    try {
      expect((await GET(alice.request(url), { params: Promise.resolve({}) })).status).toBe(strategy === 'backend' ? 503 : 200);
    } finally {
      await restore();
    }
  });
});
