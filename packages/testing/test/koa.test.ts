// Koa with supertest. The backend case configures the app the way most apps are: through the
// environment (auth.env), with no option in code; the networkless case passes clerkOptions().
import Koa from 'koa';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clerkMiddleware, requireSession } from '@sessiongate/koa';
import { authed, createTestAuth, type Strategy, type TestAuth } from '../src/index.js';

let auth: TestAuth;
beforeAll(async () => {
  auth = await createTestAuth({ users: [{ id: 'user_alice' }, { id: 'user_bob' }] });
  Object.assign(process.env, auth.env); // what an app's test setup does: no change to the app
});
afterAll(() => auth.close());

function appFor(options?: object) {
  const app = new Koa();
  app.use(clerkMiddleware(options && { ...options, logger: false }));
  app.use(requireSession(options && { ...options, logger: false }));
  app.use((ctx) => {
    ctx.body = { userId: ctx.state.session!.userId };
  });
  return app.callback();
}

describe.each<Strategy>(['backend', 'networkless'])('Koa + supertest, %s strategy', (strategy) => {
  const app = () => (strategy === 'backend' ? appFor() : appFor(auth.clerkOptions('networkless')));

  it('signed in → 200, signed out → 401', async () => {
    const alice = await auth.signIn('user_alice', { strategy });
    const res = await authed(request(app()).get('/'), alice).expect(200);
    expect(res.body).toEqual({ userId: 'user_alice' });
    await request(app()).get('/').expect(401);
  });

  it('the second session of a client, by _clerk_session_id', async () => {
    const alice = await auth.signIn('user_alice', { strategy });
    const bob = await auth.signIn('user_bob', { strategy, client: alice });
    expect((await authed(request(app()).get(bob.withSessionId('/')), bob).expect(200)).body.userId).toBe('user_bob');
    expect((await authed(request(app()).get(alice.withSessionId('/')), alice).expect(200)).body.userId).toBe('user_alice');
  });

  it('an outage with Retry-After (backend) and an expired session', async () => {
    const alice = await auth.signIn('user_alice', { strategy });
    const restore = await auth.rateLimit(3, { times: 1 });
    const limited = await authed(request(app()).get('/'), alice);
    expect(limited.status).toBe(strategy === 'backend' ? 503 : 200);
    if (strategy === 'backend') expect(limited.headers['retry-after']).toBe('3');
    await restore();
    await authed(request(app()).get('/'), await auth.expire(alice)).expect(401);
  });
});
