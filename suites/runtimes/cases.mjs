// The runtime conformance cases (issue 25): one file, run unchanged on Node, Bun, Deno (run.mjs)
// and workerd (worker.mjs, bundled with the workerd condition), against an emulator on Node. Each
// runtime resolves @sessiongate/* through its own export condition, so each gets its own default
// transport. Returns plain JSON; test/runtimes.test.ts asserts it.
import { createClerkClient } from '@sessiongate/core';
import { getAuth, requireSession } from '@sessiongate/hono';
import { Hono } from 'hono';

const brief = (state) => ({ status: state.status, reason: state.reason, userId: state.userId });
const attempt = async (fn) => {
  try {
    return await fn();
  } catch (error) {
    return { threw: `${error?.name}: ${error?.message}` };
  }
};

/**
 * @param {{ apiUrl: string, apiKey: string, clientToken: string, sessionToken: string, jwtKey: string, deadUrl: string }} c
 *   deadUrl: a closed port on the emulator's host (refused at once: no deadline involved)
 * @param {Record<string, string>} [bindings] a Worker's env (workerd); elsewhere built from `c`
 */
export async function runCases(c, bindings) {
  const cookie = (token) => new Request('http://app.test/me', { headers: { cookie: `__session=${token}` } });
  const results = {};

  // backend mode, nothing but the key and URL: the runtime's default transport
  results.backend = await attempt(async () =>
    brief(await createClerkClient({ apiKey: c.apiKey, apiUrl: c.apiUrl, logger: false }).authenticateRequest(cookie(c.clientToken))),
  );

  // networkless: the emulator's PEM key, no backend call
  results.networkless = await attempt(async () =>
    brief(await createClerkClient({ jwtKey: c.jwtKey, apiUrl: c.deadUrl, logger: false }).authenticateRequest(cookie(c.sessionToken))),
  );

  // a malformed cookie is signed out without a backend call: the backend here is a closed port,
  // so any call would have answered unavailable instead
  results.malformed = await attempt(async () =>
    brief(await createClerkClient({ apiKey: c.apiKey, apiUrl: c.deadUrl, logger: false }).authenticateRequest(cookie('not a token;'))),
  );

  // a well-formed credential and a backend that refuses connections: unavailable
  results.unreachable = await attempt(async () =>
    brief(await createClerkClient({ apiKey: c.apiKey, apiUrl: c.deadUrl, logger: false }).authenticateRequest(cookie(c.clientToken))),
  );

  // the Hono adapter through app.request: signed in, signed out, backend down
  results.hono = await attempt(async () => {
    const app = new Hono();
    app.get('/me', requireSession({ apiKey: c.apiKey, apiUrl: c.apiUrl, logger: false }), (ctx) =>
      ctx.json({ userId: ctx.get('session').userId, status: getAuth(ctx).status }),
    );
    app.get('/down', requireSession({ apiKey: c.apiKey, apiUrl: c.deadUrl, logger: false }), (ctx) => ctx.text('unreachable'));
    const me = await app.request('/me', { headers: { cookie: `__session=${c.clientToken}` } });
    const anonymous = await app.request('/me');
    const down = await app.request('/down', { headers: { cookie: `__session=${c.clientToken}` } });
    return { me: me.status, body: await me.json(), anonymous: anonymous.status, down: down.status };
  });

  // configuration from the bindings (c.env), none in the options or process.env: what a Worker does
  results.honoBindings = await attempt(async () => {
    const app = new Hono();
    app.get('/me', requireSession(), (ctx) => ctx.json({ userId: ctx.get('session').userId }));
    const env = bindings ?? { CLERK_API_KEY: c.apiKey, CLERK_API_URL: c.apiUrl };
    const me = await app.request('/me', { headers: { cookie: `__session=${c.clientToken}` } }, env);
    return { me: me.status, body: await me.json() };
  });

  return results;
}
