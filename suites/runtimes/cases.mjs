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

/** The header of a JWT, decoded with Web APIs only (atob), as every runtime has them. */
const jwtHeader = (token) => JSON.parse(atob(token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/')));

/** The emulator's control plane (no API key; reached over loopback from the runtime itself). */
async function control(c, path, body) {
  const res = await fetch(`${c.apiUrl}/__emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST /__emulator/${path}: ${res.status}`);
  return res.json();
}

/** The app every runtime serves, as the examples do: GET /api/me behind requireSession(), answering { userId }. */
export function createApp(options) {
  const app = new Hono();
  app.get('/api/me', requireSession(options), (ctx) => ctx.json({ userId: ctx.get('session').userId }));
  return app;
}

/**
 * @param {{ apiUrl: string, apiKey: string, clientToken: string, sessionToken: string, sessionId: string, jwtKey: string, deadUrl: string }} c
 *   deadUrl: a closed port on the emulator's host (refused at once: no deadline involved)
 * @param {Record<string, string>} [bindings] a Worker's env (workerd); elsewhere built from `c`
 * @param {(fetch: (request: Request) => Response | Promise<Response>) => Promise<{ url: string, close(): Promise<void> }>} [serve]
 *   the runtime's own HTTP server on 127.0.0.1 (Node http, Bun.serve, Deno.serve; on workerd, the
 *   Worker itself behind Miniflare's socket)
 */
export async function runCases(c, bindings, serve) {
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

  // networkless from the JWKS (no PEM given): the emulator rotates its signing key; a token signed
  // by the new key verifies (one JWKS refetch for the unknown kid), and one signed by the old key
  // still does while the old key is in the overlap. No backend call per request.
  results.keyRotation = await attempt(async () => {
    const clerk = createClerkClient({ apiKey: c.apiKey, apiUrl: c.apiUrl, verification: 'networkless', logger: false });
    const oldToken = (await control(c, 'session-token', { sessionId: c.sessionId, lifetimeMs: 86_400_000 })).sessionToken;
    const before = brief(await clerk.authenticateRequest(cookie(oldToken)));
    const { kid } = await control(c, 'rotate-keys', {});
    const newToken = (await control(c, 'session-token', { sessionId: c.sessionId, lifetimeMs: 86_400_000 })).sessionToken;
    return {
      before,
      signedByNewKey: jwtHeader(newToken).kid === kid && jwtHeader(oldToken).kid !== kid,
      after: brief(await clerk.authenticateRequest(cookie(newToken))),
      oldTokenInOverlap: brief(await clerk.authenticateRequest(cookie(oldToken))),
    };
  });

  // a real server on the runtime serving the Hono app, requested over loopback: signed in, no
  // cookie, a malformed cookie (no backend call), the backend unreachable
  results.server = serve
    ? await attempt(async () => {
        const app = createApp({ apiKey: c.apiKey, apiUrl: c.apiUrl, logger: false });
        const down = createApp({ apiKey: c.apiKey, apiUrl: c.deadUrl, logger: false });
        app.route('/down', down);
        const server = await serve((request) => app.fetch(request));
        try {
          const get = async (path, token) => {
            const res = await fetch(`${server.url}${path}`, { headers: token === undefined ? {} : { cookie: `__session=${token}` } });
            return { status: res.status, body: res.status === 200 ? await res.json() : await res.text() };
          };
          return {
            url: /^http:\/\/127\.0\.0\.1:\d+$/.test(server.url),
            me: await get('/api/me', c.clientToken),
            anonymous: await get('/api/me'),
            malformed: await get('/api/me', 'not a token;'),
            down: (await get('/down/api/me', c.clientToken)).status,
          };
        } finally {
          await server.close();
        }
      })
    : { threw: 'no server on this runtime' };

  return results;
}
