import { Clerk, type AuthState } from '@sessiongate/core';
import { startEmulator, type Emulator, type EmulatorState, type Fault } from '@sessiongate/emulator';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureOutput, type OutputCapture } from './helpers/capture.js';
import { ANSWERED_MS } from '../../../test-support/deadlines.js';

/**
 * Over thousands of generated requests and backend behaviours, the core is signed in only when
 * the emulator holds an active session for exactly that token and that id (and, on a healthy
 * backend, always then). Runs against the real emulator over loopback; seeds are printed by
 * fast-check on failure (FC_SEED=… to replay).
 */
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 3000);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const SESSION_ID = /^sess_[A-Za-z0-9_]{1,128}$/;
const TOKEN = /^[A-Za-z0-9._~+/=-]{1,8192}$/;

let emu: Emulator;
let clerk: Clerk;
let capture: OutputCapture;
const tokens: string[] = [];
const sessionIds: string[] = [];
const sessionJson = new Map<string, unknown>();

beforeAll(async () => {
  capture = captureOutput();
  emu = await startEmulator();
  clerk = new Clerk({ apiKey: emu.apiKey, apiUrl: emu.url, timeoutMs: ANSWERED_MS, logger: capture.logger });
  // 4 users; each has one client with 1..3 sessions (multi-session), plus a second device for two of them.
  for (let u = 0; u < 4; u++) {
    const user = await emu.createUser({ email: `prop${u}@example.com` });
    let token: string | undefined;
    for (let s = 0; s <= u % 3; s++) {
      const r = await emu.signIn(token === undefined ? { userId: user.id } : { userId: user.id, clientToken: token });
      token = r.clientToken;
      sessionIds.push(r.sessionId);
    }
    tokens.push(token!);
    if (u % 2 === 0) {
      const other = await emu.signIn({ userId: user.id });
      tokens.push(other.clientToken);
      sessionIds.push(other.sessionId);
    }
  }
  for (const id of sessionIds) {
    const res = await fetch(`${emu.url}/v1/sessions/${id}`, { headers: { authorization: `Bearer ${emu.apiKey}` } });
    sessionJson.set(id, await res.json());
  }
});

afterAll(async () => {
  await emu?.close();
  capture?.restore();
  expect(capture.findSecrets([emu.apiKey, ...tokens])).toEqual([]);
});

type TokenChoice = { kind: 'known'; i: number } | { kind: 'unknown'; value: string } | { kind: 'malformed'; value: string } | { kind: 'none' };
type IdChoice = { kind: 'none' } | { kind: 'known' | 'own'; i: number } | { kind: 'unknown'; value: string } | { kind: 'raw'; value: string };
type Mutation = { kind: 'none' } | { kind: 'revoke' | 'signOut' | 'activate'; i: number } | { kind: 'signIn'; t: number };
type Behaviour = { kind: 'healthy' } | { kind: 'fault'; fault: FaultSpec; times?: number };
type FaultSpec =
  | { type: 'status'; status: number }
  | { type: 'reset' }
  | { type: 'raw'; body: 'null' | '[]' | '{}' | 'text' | 'html' | 'other-session' | 'client-elsewhere' | 'inactive-self' }
  | { type: 'rate-limit'; retryAfter: number };

const tokenArb: fc.Arbitrary<TokenChoice> = fc.oneof(
  { weight: 6, arbitrary: fc.nat().map((i) => ({ kind: 'known' as const, i })) },
  { weight: 1, arbitrary: fc.base64String({ minLength: 4, maxLength: 64 }).filter((s) => TOKEN.test(s)).map((value) => ({ kind: 'unknown' as const, value })) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme-ascii' }).filter((s) => s.trim() === s && !TOKEN.test(s) && !/[;\r\n"\\]/.test(s)).map((value) => ({ kind: 'malformed' as const, value })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
);
const hostileIds = ['', '..%2Fusers', 'sess_a%2Frevoke', 'sess_a%252F', 'sess_a%00', 'sess_a+', 'sess_a%20', '%D1%95ess_a', 'sess_' + 'a'.repeat(200)];
const idArb: fc.Arbitrary<IdChoice> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 5, arbitrary: fc.nat().map((i) => ({ kind: 'own' as const, i })) },
  { weight: 2, arbitrary: fc.nat().map((i) => ({ kind: 'known' as const, i })) },
  { weight: 1, arbitrary: fc.stringMatching(/^sess_[A-Za-z0-9]{8,27}$/).map((value) => ({ kind: 'unknown' as const, value })) },
  { weight: 1, arbitrary: fc.constantFrom(...hostileIds).map((value) => ({ kind: 'raw' as const, value })) },
);
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 16, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('revoke' as const, 'signOut' as const, 'activate' as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('signIn' as const), t: fc.nat() }) },
);
const faultArb: fc.Arbitrary<FaultSpec> = fc.oneof(
  fc.constantFrom(400, 401, 403, 404, 410, 422, 500, 502, 503).map((status) => ({ type: 'status' as const, status })),
  fc.constant({ type: 'reset' as const }),
  fc.constantFrom('null', '[]', '{}', 'text', 'html', 'other-session', 'client-elsewhere', 'inactive-self').map((body) => ({ type: 'raw' as const, body })),
  fc.nat({ max: 120 }).map((retryAfter) => ({ type: 'rate-limit' as const, retryAfter })),
);
const behaviourArb: fc.Arbitrary<Behaviour> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'healthy' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fault' as const), fault: faultArb, times: fc.option(fc.constant(1), { nil: undefined }) }) },
);

async function mutate(m: Mutation): Promise<void> {
  if (m.kind === 'none') return;
  if (m.kind === 'signIn') {
    // another session of the same user on the same client (it becomes the last active one)
    const clientToken = tokens[m.t % tokens.length]!;
    const state = emu.exportState();
    const client = state.clients.find((c) => c.token === clientToken);
    const userId = state.sessions.find((x) => x.clientId === client?.id)?.userId;
    if (userId === undefined) throw new Error('property setup: a client without a user');
    const r = await emu.signIn({ clientToken, userId });
    sessionIds.push(r.sessionId);
    const res = await fetch(`${emu.url}/v1/sessions/${r.sessionId}`, { headers: { authorization: `Bearer ${emu.apiKey}` } });
    sessionJson.set(r.sessionId, await res.json());
    return;
  }
  const id = sessionIds[m.i % sessionIds.length]!;
  if (m.kind === 'revoke') await emu.revokeSession(id).catch(() => undefined);
  else if (m.kind === 'signOut') await emu.signOut(id).catch(() => undefined);
  else {
    const state = emu.exportState();
    const session = state.sessions.find((s) => s.id === id);
    const client = state.clients.find((c) => c.id === session?.clientId);
    if (client) await emu.setActiveSession(client.token, id).catch(() => undefined);
  }
}

function toFault(spec: FaultSpec, askedId: string | null): Fault {
  if (spec.type !== 'raw') return spec.type === 'status' ? { type: 'status', status: spec.status } : spec;
  const ids = sessionIds.filter((id) => id !== askedId);
  const other = sessionJson.get(ids[0]!) as Record<string, unknown>;
  const bodies: Record<typeof spec.body, string> = {
    null: 'null',
    '[]': '[]',
    '{}': '{}',
    text: 'signed in',
    html: '<html><body>ok</body></html>',
    'other-session': JSON.stringify(other),
    'client-elsewhere': JSON.stringify({ object: 'client', id: 'client_x', session_ids: [], sessions: [], last_active_session_id: 'sess_nowhere', sign_in_attempt_id: null, sign_up_attempt_id: null, created_at: 1, updated_at: 1 }),
    'inactive-self': JSON.stringify({ ...((askedId && (sessionJson.get(askedId) as object)) || other), status: 'revoked' }),
  };
  return { type: 'raw', status: 200, body: bodies[spec.body], contentType: spec.body === 'html' ? 'text/html' : 'application/json' };
}

/** One of the sessions of the client that `token` belongs to (any status), else any known session. */
function ownSession(token: string | undefined, i: number): string {
  const state = emu.exportState();
  const client = state.clients.find((c) => c.token === token);
  const ids = client?.sessionIds.length ? client.sessionIds : sessionIds;
  return ids[i % ids.length]!;
}

/** What the emulator's state says: the session that is signed in for (token, id), if any. */
function oracle(state: EmulatorState, token: string | undefined, id: string | null | 'malformed'): { sessionId: string; userId: string } | null {
  if (token === undefined || !TOKEN.test(token) || id === 'malformed') return null;
  const client = state.clients.find((c) => c.token === token);
  if (!client) return null;
  const sid = id ?? client.lastActiveSessionId;
  if (!sid) return null;
  const session = state.sessions.find((s) => s.id === sid);
  if (!session || session.clientId !== client.id || session.status !== 'active') return null;
  return { sessionId: session.id, userId: session.userId };
}

describe('property: signed in only for an active session of exactly that token and id', () => {
  it(`holds over ${NUM_RUNS} generated requests and backend behaviours`, async () => {
    let signedIn = 0;
    await fc.assert(
      fc.asyncProperty(tokenArb, idArb, mutationArb, behaviourArb, fc.boolean(), fc.constantFrom('GET', 'POST', 'HEAD'), async (tc, ic, m, b, viaBearer, method) => {
        await mutate(m);
        const token = tc.kind === 'known' ? tokens[tc.i % tokens.length] : tc.kind === 'none' ? undefined : tc.value;
        const rawId = ic.kind === 'none' ? null : ic.kind === 'known' ? sessionIds[ic.i % sessionIds.length]! : ic.kind === 'own' ? ownSession(token, ic.i) : (ic as { value: string }).value;
        const idForOracle = rawId === null ? null : SESSION_ID.test(rawId) ? rawId : 'malformed';
        const headers: Record<string, string> = {};
        if (token !== undefined) {
          if (viaBearer) headers.authorization = `Bearer ${token}`;
          else headers.cookie = `theme=dark; __session=${token}`;
        }
        const url = `/api/thing${rawId === null ? '' : `?_clerk_session_id=${rawId}`}`;
        const expected = oracle(emu.exportState(), token, idForOracle);
        if (b.kind === 'fault') emu.fault('*', toFault(b.fault, idForOracle === 'malformed' ? null : idForOracle), b.times === undefined ? undefined : { times: b.times });
        const before = emu.backendCalls();
        let state: AuthState;
        try {
          state = await clerk.authenticateRequest({ method, url, headers });
        } finally {
          emu.clearFaults();
        }
        const calls = emu.backendCalls() - before;

        if (state.status === 'signed-in') {
          signedIn++;
          // safety: the emulator really holds this active session for this token and id
          expect(expected).not.toBeNull();
          expect({ sessionId: state.sessionId, userId: state.userId }).toEqual(expected);
          expect(state.session.status).toBe('active');
        }
        if (b.kind === 'healthy') {
          // liveness on a healthy backend: signed in exactly when the emulator says so
          expect(state.status === 'signed-in').toBe(expected !== null);
        } else if (b.fault.type === 'status' || b.fault.type === 'rate-limit') {
          expect(state.status).not.toBe('signed-in');
        }
        if (token === undefined || !TOKEN.test(token) || idForOracle === 'malformed') {
          expect(calls).toBe(0);
          expect(state.status).toBe('signed-out');
        }
        expect(calls).toBeLessThanOrEqual(2);
      }),
      { numRuns: NUM_RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    // the generator must exercise the signed-in path, or the property proves little
    expect(signedIn).toBeGreaterThan(NUM_RUNS / 20);
  });

  it('no generated query ever reaches a backend path other than the two verify templates', async () => {
    const token = tokens[0]!;
    const params = fc.oneof(
      fc.string({ maxLength: 40, unit: 'binary' }).map((v) => `_clerk_session_id=${encodeURIComponent(v)}`),
      fc.string({ maxLength: 40, unit: 'grapheme-ascii' }).map((v) => `_clerk_session_id=${v.replace(/[#&]/g, '')}`),
      fc.tuple(fc.constantFrom('_clerk_session_id', '_clerk_session_id[]', '_clerk_session_id[0]', '_clerk_session_id.a', '%5Fclerk_session_id', '_clerk_session_i%64'), fc.constantFrom(...sessionIds, 'sess_x/revoke', '../clients', 'sess_%2e%2e')).map(([k, v]) => `${k}=${v}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(params, { minLength: 1, maxLength: 3 }), async (parts) => {
        emu.clearRequests();
        const state = await clerk.authenticateRequest({ method: 'GET', url: `/x?${parts.join('&')}`, headers: { cookie: `__session=${token}` } });
        for (const entry of emu.requests) {
          expect(entry.route === '/v1/clients/verify' || entry.route === '/v1/sessions/:id/verify').toBe(true);
          expect(entry.method).toBe('POST');
          expect(entry.path).toMatch(/^\/v1\/(clients\/verify|sessions\/sess_[A-Za-z0-9_]{1,128}\/verify)$/);
        }
        expect(emu.requests.length).toBeLessThanOrEqual(1);
        if (state.status === 'signed-in') expect(sessionIds).toContain(state.sessionId);
      }),
      { numRuns: Math.ceil(NUM_RUNS / 2), ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  });
});
