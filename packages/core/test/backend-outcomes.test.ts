import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Clerk, ClerkAPIError, createFetchTransport, SessiongateError, type Transport } from '../src/index.js';
import { ANSWERED_MS, NEVER_ANSWERED_MS } from '../../../test-support/deadlines.js';
import { clientWire, json, sessionWire, startTestBackend, userWire } from './helpers/test-backend.js';

const KEY = 'sk_test_outcomesKEY0123456789';
const TOKEN = 'outcomesTOKENabcdefghijklmnop';

let backend: Awaited<ReturnType<typeof startTestBackend>>;
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(() => backend.close());
afterEach(() => {
  backend.requests.length = 0;
});

async function codeOf(p: Promise<unknown>): Promise<SessiongateError> {
  const err = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(SessiongateError.is(err)).toBe(true);
  return err as SessiongateError;
}

const transports: [string, Transport | undefined][] = [
  ['undici (default)', undefined],
  ['fetch', createFetchTransport()],
];

describe.each(transports)('backend outcomes over %s', (_name, transport) => {
  const make = (extra: Record<string, unknown> = {}) =>
    new Clerk({ apiKey: KEY, apiUrl: backend.url, timeoutMs: ANSWERED_MS, maxResponseBytes: 4096, logger: false, ...(transport ? { transport } : {}), ...extra });

  it('sends bearer, user agent, JSON body to the templated path and parses the session', async () => {
    backend.handle((_req, res) => json(res, 200, sessionWire()));
    const session = await make().sessions.verifySession('sess_abc', TOKEN);
    expect(session).toEqual({
      id: 'sess_abc', clientId: 'client_abc', userId: 'user_abc', status: 'active',
      lastActiveAt: 1700000000000, expireAt: 1700600000000, abandonAt: 1702600000000,
      createdAt: 1700000000000, updatedAt: 1700000000000,
    });
    const [req] = backend.requests;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/v1/sessions/sess_abc/verify');
    expect(req?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req?.headers['user-agent']).toBe('@sessiongate/core/0.1.0');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req?.body ?? '')).toEqual({ token: TOKEN });
  });

  it.each([400, 401, 403, 404, 410, 422, 500, 503])('maps %i to ClerkAPIError with codes and trace id', async (status) => {
    backend.handle((_req, res) =>
      json(res, status, { errors: [{ message: 'm', long_message: 'long m', code: `code_${status}` }], clerk_trace_id: 'trace_1' }),
    );
    const err = await codeOf(make().sessions.getSession('sess_abc'));
    expect(err).toBeInstanceOf(ClerkAPIError);
    expect(err.code).toBe('ERR_BACKEND_STATUS');
    const apiErr = err as ClerkAPIError;
    expect(apiErr.status).toBe(status);
    expect(apiErr.errors).toEqual([{ code: `code_${status}`, message: 'm', longMessage: 'long m' }]);
    expect(apiErr.clerkTraceId).toBe('trace_1');
    expect(apiErr.message).toContain(`code_${status}`);
    expect(backend.requests).toHaveLength(1); // statuses are never retried
  });

  it('reads 429 Retry-After (seconds) and the x-clerk-trace-id header', async () => {
    backend.handle((_req, res) => json(res, 429, { errors: [{ message: 'slow down', long_message: 'x', code: 'too_many_requests' }] }, { 'retry-after': '7', 'x-clerk-trace-id': 'hdr_trace' }));
    const err = (await codeOf(make().clients.verifyClient(TOKEN))) as ClerkAPIError;
    expect(err.status).toBe(429);
    expect(err.retryAfter).toBe(7);
    expect(err.clerkTraceId).toBe('hdr_trace');
  });

  it('keeps the status of a non-JSON error body', async () => {
    backend.handle((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>bad gateway</html>');
    });
    const err = (await codeOf(make().users.getUser('user_abc'))) as ClerkAPIError;
    expect(err.status).toBe(502);
    expect(err.errors).toEqual([]);
  });

  it('times out on a hang', async () => {
    backend.handle(() => {});
    const err = await codeOf(make({ timeoutMs: NEVER_ANSWERED_MS }).sessions.getSession('sess_abc'));
    expect(err.code).toBe('ERR_BACKEND_TIMEOUT');
    expect(backend.requests).toHaveLength(1); // timeouts are never retried
  });

  it('times out on a slow-dripping body (the deadline covers the body)', async () => {
    backend.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":');
      const t = setInterval(() => (res.writableEnded || res.destroyed ? clearInterval(t) : res.write(' ')), 50);
      res.on('close', () => clearInterval(t));
    });
    const err = await codeOf(make({ timeoutMs: NEVER_ANSWERED_MS }).sessions.getSession('sess_abc'));
    expect(err.code).toBe('ERR_BACKEND_TIMEOUT');
  });

  it('maps a connection reset to ERR_BACKEND_UNREACHABLE after exactly one retry (idempotent call)', async () => {
    backend.handle((req, res) => req && res.socket?.destroy());
    const err = await codeOf(make().sessions.verifySession('sess_abc', TOKEN));
    expect(err.code).toBe('ERR_BACKEND_UNREACHABLE');
    expect(backend.requests).toHaveLength(2);
  });

  it('recovers when the retry succeeds', async () => {
    let n = 0;
    backend.handle((_req, res) => (n++ === 0 ? res.socket?.destroy() : json(res, 200, clientWire())));
    const client = await make().clients.verifyClient(TOKEN);
    expect(client.lastActiveSessionId).toBe('sess_abc');
    expect(backend.requests).toHaveLength(2);
  });

  it('never retries revokeSession', async () => {
    backend.handle((_req, res) => res.socket?.destroy());
    const err = await codeOf(make().sessions.revokeSession('sess_abc'));
    expect(err.code).toBe('ERR_BACKEND_UNREACHABLE');
    expect(backend.requests).toHaveLength(1);
  });

  it('maps connection refused to ERR_BACKEND_UNREACHABLE', async () => {
    const port = await freePort();
    const clerk = new Clerk({ apiKey: KEY, apiUrl: `http://127.0.0.1:${port}`, logger: false, ...(transport ? { transport } : {}) });
    const err = await codeOf(clerk.users.getUser('user_abc'));
    expect(err.code).toBe('ERR_BACKEND_UNREACHABLE');
  });

  it('rejects a non-JSON 2xx body', async () => {
    backend.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>hi</html>');
    });
    expect((await codeOf(make().sessions.getSession('sess_abc'))).code).toBe('ERR_BACKEND_RESPONSE_INVALID');
  });

  it('rejects an oversized body with content-length', async () => {
    backend.handle((_req, res) => json(res, 200, sessionWire({ padding: 'x'.repeat(10_000) })));
    expect((await codeOf(make().sessions.getSession('sess_abc'))).code).toBe('ERR_BACKEND_RESPONSE_INVALID');
  });

  it('rejects an oversized chunked body and stops reading', async () => {
    backend.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      let sent = 0;
      const t = setInterval(() => {
        if (res.destroyed || sent > 1_000_000) return clearInterval(t), res.end();
        sent += 1024;
        res.write('x'.repeat(1024));
      }, 1);
      res.on('close', () => clearInterval(t));
    });
    const err = await codeOf(make().sessions.getSession('sess_abc'));
    expect(err.code).toBe('ERR_BACKEND_RESPONSE_INVALID');
    expect(err.message).toContain('maxResponseBytes');
  });

  it.each([
    ['session without status', () => sessionWire({ status: undefined })],
    ['session as array', () => [sessionWire()]],
    ['null', () => null],
    ['string id as number', () => sessionWire({ id: 5 })],
  ])('rejects a wrong-shaped 2xx body: %s', async (_label, body) => {
    backend.handle((_req, res) => json(res, 200, body()));
    expect((await codeOf(make().sessions.getSession('sess_abc'))).code).toBe('ERR_BACKEND_RESPONSE_INVALID');
  });
});

describe('resource methods (loopback)', () => {
  const make = () => new Clerk({ apiKey: KEY, apiUrl: backend.url, logger: false });

  it('getClient, getClientList, verifyClient', async () => {
    backend.handle((req, res) => (req.url === '/v1/clients' ? json(res, 200, [clientWire(), clientWire({ id: 'client_b', sign_in_id: 'sia_x' })]) : json(res, 200, clientWire())));
    const clerk = make();
    expect((await clerk.clients.getClient('client_abc')).id).toBe('client_abc');
    const list = await clerk.clients.getClientList();
    expect(list.map((c) => [c.id, c.signInAttemptId])).toEqual([['client_abc', null], ['client_b', 'sia_x']]);
    expect((await clerk.clients.verifyClient(TOKEN)).sessions[0]?.status).toBe('active');
    expect(backend.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/clients/client_abc', 'GET /v1/clients', 'POST /v1/clients/verify']);
  });

  it('getSessionList query, revokeSession, getUserList query with arrays', async () => {
    backend.handle((req, res) =>
      req.url.startsWith('/v1/users') ? json(res, 200, [userWire()]) : req.url.endsWith('/revoke') ? json(res, 200, sessionWire({ status: 'revoked' })) : json(res, 200, [sessionWire()]),
    );
    const clerk = make();
    await clerk.sessions.getSessionList({ clientId: 'client_abc', userId: 'user_abc', status: 'active' });
    expect((await clerk.sessions.revokeSession('sess_abc')).status).toBe('revoked');
    const users = await clerk.users.getUserList({ limit: 5, offset: 10, emailAddress: ['a@x.io', 'b+c@x.io'] });
    expect(users[0]).toMatchObject({ id: 'user_abc', firstName: 'Ada', emailAddresses: [{ id: 'idn_1', emailAddress: 'ada@example.com' }], primaryEmailAddressId: 'idn_1' });
    expect(backend.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /v1/sessions?client_id=client_abc&user_id=user_abc&status=active',
      'POST /v1/sessions/sess_abc/revoke',
      'GET /v1/users?limit=5&offset=10&email_address=a%40x.io&email_address=b%2Bc%40x.io',
    ]);
    expect(backend.requests[1]?.headers['content-type']).toBeUndefined();
  });

  it('honours apiVersion and a base path in apiUrl', async () => {
    backend.handle((_req, res) => json(res, 200, userWire()));
    await new Clerk({ apiKey: KEY, apiUrl: `${backend.url}/proxy/`, apiVersion: 'v2', logger: false }).users.getUser('user_abc');
    expect(backend.requests[0]?.url).toBe('/proxy/v2/users/user_abc');
  });
});

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}
