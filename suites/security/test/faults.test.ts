import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Clerk, SessiongateError } from '@sessiongate/core';
import { startEmulator, type Emulator, type Fault } from '@sessiongate/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTERS, startApp, type RunningApp } from './helpers/apps.js';
import { captureOutput, type OutputCapture } from './helpers/capture.js';
import { rawRequest } from './helpers/raw-http.js';
import { ANSWERED_MS, NEVER_ANSWERED_MS } from '../../../test-support/deadlines.js';

// Deadlines never depend on the machine's speed: a case whose backend answers gets a deadline
// no busy machine reaches, and a case whose deadline is under test (slow: true) meets a backend
// that never finishes answering, so any deadline passes it. That the app answers at all is
// checked by rawRequest, which fails the test when no answer comes.
const MAX_RESPONSE_BYTES = 64 * 1024;

let emu: Emulator;
let capture: OutputCapture;
let closedPortUrl: string;
const users: Record<'A' | 'B', { token: string; sessionId: string; userId: string; clientId: string }> = {} as never;
const json: { sessionA?: unknown; sessionB?: unknown; clientA?: unknown } = {};

async function backendGet(path: string): Promise<unknown> {
  const res = await fetch(`${emu.url}/v1${path}`, { headers: { authorization: `Bearer ${emu.apiKey}` } });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  return res.json();
}

/** A loopback port that nobody listens on (bound, then closed). */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  capture = captureOutput();
  emu = await startEmulator();
  for (const name of ['A', 'B'] as const) {
    const user = await emu.createUser({ email: `${name.toLowerCase()}@example.com` });
    const s = await emu.signIn({ userId: user.id });
    users[name] = { token: s.clientToken, sessionId: s.sessionId, userId: s.userId, clientId: s.clientId };
  }
  json.sessionA = await backendGet(`/sessions/${users.A.sessionId}`);
  json.sessionB = await backendGet(`/sessions/${users.B.sessionId}`);
  json.clientA = await backendGet(`/clients/${users.A.clientId}`);
  closedPortUrl = await closedPort();
});

afterAll(async () => {
  await emu?.close();
  capture?.restore();
  expect(capture.findSecrets([emu.apiKey, users.A.token, users.B.token])).toEqual([]);
});

afterEach(() => emu.clearFaults());

type Expected =
  | { status: 'unavailable'; reason: string; retryAfter?: string }
  | { status: 'signed-out'; reason: string }
  | { status: 'signed-in' };

interface FaultCase {
  name: string;
  /** Installed on every /v1 route ('*') before the request. */
  fault?: () => Fault;
  times?: number;
  /** Ask for A's session explicitly (sessions verify) instead of the last active one (clients verify). */
  withId?: boolean;
  /** Point the app at a closed port instead of the emulator. */
  refused?: boolean;
  expect: Expected;
  /** Exact emulator calls for the request (retries included). */
  calls: number;
  slow?: boolean;
}

const raw = (body: string, contentType = 'application/json'): Fault => ({ type: 'raw', status: 200, body, contentType });
const FAULT_CASES: FaultCase[] = [
  { name: 'healthy backend (control)', expect: { status: 'signed-in' }, calls: 1 },
  { name: '500', fault: () => ({ type: 'status', status: 500 }), expect: { status: 'unavailable', reason: 'backend-error' }, calls: 1 },
  { name: '502', fault: () => ({ type: 'status', status: 502 }), withId: true, expect: { status: 'unavailable', reason: 'backend-error' }, calls: 1 },
  { name: '503 with Retry-After', fault: () => ({ type: 'status', status: 503, headers: { 'retry-after': '3' } }), expect: { status: 'unavailable', reason: 'backend-error', retryAfter: '3' }, calls: 1 },
  { name: '504', fault: () => ({ type: 'status', status: 504 }), expect: { status: 'unavailable', reason: 'backend-error' }, calls: 1 },
  { name: '429 + Retry-After', fault: () => ({ type: 'rate-limit', retryAfter: 7 }), expect: { status: 'unavailable', reason: 'backend-rate-limited', retryAfter: '7' }, calls: 1 },
  { name: '429 + Retry-After (session verify)', fault: () => ({ type: 'rate-limit', retryAfter: 2 }), withId: true, expect: { status: 'unavailable', reason: 'backend-rate-limited', retryAfter: '2' }, calls: 1 },
  { name: '410', fault: () => ({ type: 'gone' }), expect: { status: 'unavailable', reason: 'backend-error' }, calls: 1 },
  { name: 'hang before headers', fault: () => ({ type: 'hang' }), expect: { status: 'unavailable', reason: 'backend-timeout' }, calls: 1, slow: true },
  { name: 'slow-dripping body', fault: () => ({ type: 'slow-body', intervalMs: 40 }), withId: true, expect: { status: 'unavailable', reason: 'backend-timeout' }, calls: 1, slow: true },
  { name: 'latency past the deadline', fault: () => ({ type: 'latency', ms: 600_000 }), expect: { status: 'unavailable', reason: 'backend-timeout' }, calls: 1, slow: true },
  { name: 'latency within the deadline (control)', fault: () => ({ type: 'latency', ms: 50 }), expect: { status: 'signed-in' }, calls: 1 },
  { name: 'connection reset (retried once, then unavailable)', fault: () => ({ type: 'reset' }), expect: { status: 'unavailable', reason: 'backend-unreachable' }, calls: 2 },
  { name: 'one connection reset (the one retry succeeds)', fault: () => ({ type: 'reset' }), times: 1, expect: { status: 'signed-in' }, calls: 2 },
  { name: 'refused connection (closed port)', refused: true, expect: { status: 'unavailable', reason: 'backend-unreachable' }, calls: 0 },
  { name: 'non-JSON 200', fault: () => raw('ok, you are in', 'text/plain'), expect: { status: 'unavailable', reason: 'backend-response-invalid' }, calls: 1 },
  { name: 'HTML 200', fault: () => raw('<!doctype html><html><body>Welcome back</body></html>', 'text/html'), withId: true, expect: { status: 'unavailable', reason: 'backend-response-invalid' }, calls: 1 },
  { name: 'oversized body', fault: () => raw(JSON.stringify({ padding: 'x'.repeat(MAX_RESPONSE_BYTES * 2) })), expect: { status: 'unavailable', reason: 'backend-response-invalid' }, calls: 1 },
  { name: '200 null', fault: () => raw('null'), expect: { status: 'unavailable', reason: 'backend-response-invalid' }, calls: 1 },
  { name: '200 []', fault: () => raw('[]'), withId: true, expect: { status: 'unavailable', reason: 'backend-response-invalid' }, calls: 1 },
  { name: '200 {}', fault: () => raw('{}'), expect: { status: 'unavailable', reason: 'backend-response-invalid' }, calls: 1 },
  { name: '200 {} (session verify)', fault: () => raw('{}'), withId: true, expect: { status: 'unavailable', reason: 'backend-response-invalid' }, calls: 1 },
  { name: 'a client where a session belongs', fault: () => raw(JSON.stringify(json.clientA)), withId: true, expect: { status: 'unavailable', reason: 'backend-response-invalid' }, calls: 1 },
  { name: 'a session where a client belongs', fault: () => raw(JSON.stringify(json.sessionA)), expect: { status: 'unavailable', reason: 'backend-response-invalid' }, calls: 1 },
  { name: "another user's session for A's id", fault: () => raw(JSON.stringify(json.sessionB)), withId: true, expect: { status: 'signed-out', reason: 'session-mismatch' }, calls: 1 },
  { name: "A's session, but revoked", fault: () => raw(JSON.stringify({ ...(json.sessionA as object), status: 'revoked' })), withId: true, expect: { status: 'signed-out', reason: 'session-inactive' }, calls: 1 },
  {
    name: "a client whose last active session is someone else's",
    fault: () => raw(JSON.stringify({ ...(json.clientA as object), last_active_session_id: (json.sessionB as { id: string }).id })),
    expect: { status: 'signed-out', reason: 'no-active-session' },
    calls: 1,
  },
  {
    name: "a client listing B's session (other client_id) as its last active one",
    fault: () => {
      const c = json.clientA as { sessions: unknown[] };
      return raw(JSON.stringify({ ...c, sessions: [json.sessionB], session_ids: [users.B.sessionId], last_active_session_id: users.B.sessionId }));
    },
    expect: { status: 'signed-out', reason: 'session-mismatch' },
    calls: 1,
  },
  { name: '401 naming our API key', fault: () => ({ type: 'status', status: 401, body: { errors: [{ code: 'authentication_invalid', message: 'bad key', long_message: 'bad key' }] } }), expect: { status: 'unavailable', reason: 'misconfigured' }, calls: 1 },
  { name: '401 about the token', fault: () => ({ type: 'status', status: 401, body: { errors: [{ code: 'client_token_invalid', message: 'bad', long_message: 'bad' }] } }), expect: { status: 'signed-out', reason: 'token-invalid' }, calls: 1 },
  { name: '404 (unknown session)', fault: () => ({ type: 'status', status: 404 }), withId: true, expect: { status: 'signed-out', reason: 'session-not-found' }, calls: 1 },
];

describe.each(ADAPTERS)('%s under a failing backend', (name) => {
  let app: RunningApp;
  let deadlineApp: RunningApp;
  let refusedApp: RunningApp;

  beforeAll(async () => {
    const common = { apiKey: emu.apiKey, timeoutMs: ANSWERED_MS, maxResponseBytes: MAX_RESPONSE_BYTES, logger: capture.logger };
    app = await startApp(name, { ...common, apiUrl: emu.url }, capture);
    deadlineApp = await startApp(name, { ...common, apiUrl: emu.url, timeoutMs: NEVER_ANSWERED_MS }, capture);
    refusedApp = await startApp(name, { ...common, apiUrl: closedPortUrl }, capture);
  });

  afterAll(async () => {
    await app?.close();
    await deadlineApp?.close();
    await refusedApp?.close();
    expect(app.errors).toEqual([]);
    expect(deadlineApp.errors).toEqual([]);
    expect(refusedApp.errors).toEqual([]);
  });

  it.each(FAULT_CASES.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    for (const route of ['/with', '/require']) {
      if (c.fault) emu.fault('*', c.fault(), c.times === undefined ? undefined : { times: c.times });
      const target = `${route}${c.withId ? `?_clerk_session_id=${users.A.sessionId}` : ''}`;
      const before = emu.backendCalls();
      const res = await rawRequest((c.refused ? refusedApp : c.slow ? deadlineApp : app).url, 'GET', target, [['Cookie', `__session=${users.A.token}`]]);
      const calls = emu.backendCalls() - before;
      emu.clearFaults();
      const where = `${name} ${route}: ${c.name}`;

      expect(calls, `${where}: backend calls (retries bounded)`).toBe(c.calls);
      const e = c.expect;
      if (e.status === 'signed-in') {
        expect(res.status, where).toBe(200);
        expect(res.headers['x-auth-user'], where).toBe(users.A.userId);
        continue;
      }
      expect(res.headers['x-auth-user'] ?? '', where).toBe('');
      if (route === '/with') {
        expect(res.status, where).toBe(200);
        expect([res.headers['x-auth-status'], res.headers['x-auth-reason']], where).toEqual([e.status, e.reason]);
      } else {
        expect(res.status, where).toBe(e.status === 'unavailable' ? 503 : 401);
        expect(res.body, where).toBe('');
        expect(res.headers['retry-after'], `${where}: Retry-After`).toBe(e.status === 'unavailable' ? e.retryAfter : undefined);
      }
    }
  });

  it('an inactive session on the real backend (revoked, ended) is 401', async () => {
    for (const end of ['revoke', 'signOut'] as const) {
      const user = await emu.createUser({ email: `${name}-${end}@example.com` });
      const s = await emu.signIn({ userId: user.id });
      await (end === 'revoke' ? emu.revokeSession(s.sessionId) : emu.signOut(s.sessionId));
      const res = await rawRequest(app.url, 'GET', `/require?_clerk_session_id=${s.sessionId}`, [['Cookie', `__session=${s.clientToken}`]]);
      expect(res.status, end).toBe(401);
      const opt = await rawRequest(app.url, 'GET', `/with?_clerk_session_id=${s.sessionId}`, [['Cookie', `__session=${s.clientToken}`]]);
      expect([opt.headers['x-auth-status'], opt.headers['x-auth-reason']], end).toEqual(['signed-out', 'session-inactive']);
    }
  });
});

describe('retries happen only where safe (core resources)', () => {
  it('an idempotent GET is retried once after a reset; a revoke (not idempotent) is never retried', async () => {
    const clerk = new Clerk({ apiKey: emu.apiKey, apiUrl: emu.url, timeoutMs: ANSWERED_MS, logger: capture.logger });
    const deadlined = new Clerk({ apiKey: emu.apiKey, apiUrl: emu.url, timeoutMs: NEVER_ANSWERED_MS, logger: capture.logger });
    emu.fault('*', { type: 'reset' });
    let before = emu.backendCalls();
    await expect(clerk.sessions.getSession(users.B.sessionId)).rejects.toMatchObject({ code: 'ERR_BACKEND_UNREACHABLE' });
    expect(emu.backendCalls() - before).toBe(2);

    before = emu.backendCalls();
    const err = await clerk.sessions.revokeSession(users.B.sessionId).catch((e: unknown) => e);
    expect(SessiongateError.is(err) && err.code).toBe('ERR_BACKEND_UNREACHABLE');
    expect(emu.backendCalls() - before).toBe(1);
    emu.clearFaults();

    for (const fault of [{ type: 'status', status: 500 }, { type: 'hang' }] as const) {
      emu.fault('*', fault);
      before = emu.backendCalls();
      await expect((fault.type === 'hang' ? deadlined : clerk).sessions.getSession(users.B.sessionId)).rejects.toBeInstanceOf(SessiongateError);
      expect(emu.backendCalls() - before, fault.type).toBe(1);
      emu.clearFaults();
    }
  });
});
