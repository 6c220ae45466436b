// Every resource method, and every backend outcome the emulator can inject, over loopback
// against the real emulator and the default (undici) transport.
import { startEmulator } from '@sessiongate/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Clerk, ClerkAPIError, SessiongateError } from '../src/index.js';
import { ANSWERED_MS, NEVER_ANSWERED_MS } from '../../../test-support/deadlines.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;
let clerk: Clerk;
/** For the hang and the endless drip only: any deadline is met (see test-support/deadlines.ts). */
let deadlined: Clerk;

beforeAll(async () => {
  emulator = await startEmulator();
  clerk = new Clerk({ apiKey: emulator.apiKey, apiUrl: emulator.url, timeoutMs: ANSWERED_MS, maxResponseBytes: 64 * 1024, logger: false });
  deadlined = new Clerk({ apiKey: emulator.apiKey, apiUrl: emulator.url, timeoutMs: NEVER_ANSWERED_MS, logger: false });
});
afterAll(() => emulator.close());
afterEach(() => emulator.clearFaults());

async function failure(p: Promise<unknown>): Promise<SessiongateError> {
  const err = await p.then(() => new Error('expected a rejection'), (e: unknown) => e);
  expect(SessiongateError.is(err)).toBe(true);
  return err as SessiongateError;
}

describe('resource methods against the emulator', () => {
  it('users.getUser and users.getUserList (limit, offset, emailAddress)', async () => {
    const ada = await emulator.createUser({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
    await emulator.createUser({ email: 'alan@example.com', firstName: 'Alan' });
    const user = await clerk.users.getUser(ada.id);
    expect(user).toMatchObject({ id: ada.id, firstName: 'Ada', lastName: 'Lovelace', primaryEmailAddressId: expect.any(String) });
    expect(user.emailAddresses.map((e) => e.emailAddress)).toEqual(['ada@example.com']);
    expect(user.emailAddresses[0]?.id).toBe(user.primaryEmailAddressId);
    const byEmail = await clerk.users.getUserList({ emailAddress: ['ada@example.com'] });
    expect(byEmail.map((u) => u.id)).toEqual([ada.id]);
    const page = await clerk.users.getUserList({ limit: 1, offset: 0 });
    expect(page).toHaveLength(1);
    expect(await failure(clerk.users.getUser('user_doesnotexist'))).toMatchObject({ code: 'ERR_BACKEND_STATUS', status: 404 });
  });

  it('clients.verifyClient, getClient, getClientList', async () => {
    const user = await emulator.createUser({ email: 'c@example.com' });
    const { clientToken, clientId, sessionId } = await emulator.signIn({ userId: user.id });
    const client = await clerk.clients.verifyClient(clientToken);
    expect(client).toMatchObject({ id: clientId, lastActiveSessionId: sessionId, sessionIds: expect.arrayContaining([sessionId]) });
    expect(client.sessions.find((s) => s.id === sessionId)).toMatchObject({ status: 'active', userId: user.id, clientId });
    expect((await clerk.clients.getClient(clientId)).id).toBe(clientId);
    expect((await clerk.clients.getClientList()).map((c) => c.id)).toContain(clientId);
    expect(await failure(clerk.clients.verifyClient('unknownTokenValue'))).toMatchObject({ status: 404 });
  });

  it('sessions.verifySession, getSession, getSessionList, revokeSession', async () => {
    const user = await emulator.createUser({ email: 's@example.com' });
    const { clientToken, clientId, sessionId } = await emulator.signIn({ userId: user.id });
    expect(await clerk.sessions.verifySession(sessionId, clientToken)).toMatchObject({ id: sessionId, status: 'active', userId: user.id, clientId });
    expect((await clerk.sessions.getSession(sessionId)).id).toBe(sessionId);
    expect((await clerk.sessions.getSessionList({ userId: user.id, status: 'active' })).map((s) => s.id)).toEqual([sessionId]);
    expect((await clerk.sessions.getSessionList({ clientId })).map((s) => s.id)).toEqual([sessionId]);
    expect((await clerk.sessions.revokeSession(sessionId)).status).toBe('revoked');
    const err = await failure(clerk.sessions.verifySession(sessionId, clientToken));
    expect(err).toBeInstanceOf(ClerkAPIError);
    expect((err as ClerkAPIError).status).toBe(400);
  });

  it('a wrong API key is a 401 ClerkAPIError', async () => {
    const bad = new Clerk({ apiKey: 'test_wrongkey', apiUrl: emulator.url, logger: false });
    const err = (await failure(bad.users.getUserList())) as ClerkAPIError;
    expect(err.status).toBe(401);
    expect(err.errors[0]?.code).toBeTruthy();
  });
});

describe('backend outcomes injected by the emulator', () => {
  const route = 'GET /v1/users/:id';
  let userId: string;
  beforeAll(async () => {
    userId = (await emulator.createUser({ email: 'faults@example.com' })).id;
  });

  it.each([400, 401, 403, 404, 422, 500, 503])('status %i', async (status) => {
    emulator.fault(route, { type: 'status', status });
    const err = (await failure(clerk.users.getUser(userId))) as ClerkAPIError;
    expect(err).toMatchObject({ code: 'ERR_BACKEND_STATUS', status });
  });

  it('410 gone', async () => {
    emulator.fault(route, { type: 'gone' });
    expect(await failure(clerk.users.getUser(userId))).toMatchObject({ status: 410 });
  });

  it('429 with Retry-After', async () => {
    emulator.fault(route, { type: 'rate-limit', retryAfter: 12 });
    expect(await failure(clerk.users.getUser(userId))).toMatchObject({ status: 429, retryAfter: 12 });
  });

  it('hang -> timeout', async () => {
    emulator.fault(route, { type: 'hang' });
    expect((await failure(deadlined.users.getUser(userId))).code).toBe('ERR_BACKEND_TIMEOUT');
  });

  it('slow body -> timeout', async () => {
    emulator.fault(route, { type: 'slow-body', intervalMs: 60_000 });
    expect((await failure(deadlined.users.getUser(userId))).code).toBe('ERR_BACKEND_TIMEOUT');
  });

  it('reset -> unreachable (retried once), then success when the fault clears', async () => {
    emulator.fault(route, { type: 'reset' });
    expect((await failure(clerk.users.getUser(userId))).code).toBe('ERR_BACKEND_UNREACHABLE');
    emulator.clearFaults();
    emulator.fault(route, { type: 'reset' }, { times: 1 });
    expect((await clerk.users.getUser(userId)).id).toBe(userId);
  });

  it('non-JSON, wrong-shaped and oversized 2xx bodies', async () => {
    emulator.fault(route, { type: 'raw', status: 200, body: '<html>hi</html>', contentType: 'text/html' });
    expect((await failure(clerk.users.getUser(userId))).code).toBe('ERR_BACKEND_RESPONSE_INVALID');
    emulator.clearFaults();
    emulator.fault(route, { type: 'raw', status: 200, body: JSON.stringify({ id: 1 }), contentType: 'application/json' });
    expect((await failure(clerk.users.getUser(userId))).code).toBe('ERR_BACKEND_RESPONSE_INVALID');
    emulator.clearFaults();
    emulator.fault(route, { type: 'raw', status: 200, body: JSON.stringify({ pad: 'x'.repeat(100_000) }), contentType: 'application/json' });
    expect((await failure(clerk.users.getUser(userId))).code).toBe('ERR_BACKEND_RESPONSE_INVALID');
  });
});
