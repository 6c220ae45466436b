import { describe, expect, it } from 'vitest';
import type { AuthState } from '../src/auth-state.js';
import { createRequestAuthenticator, type VerifyBackend } from '../src/authenticate.js';
import type { AuthenticateConfig } from '../src/options.js';
import { ClerkAPIError, SessiongateError, sgError } from '../src/errors.js';
import type { Client } from '../src/domain/client.js';
import type { Session } from '../src/domain/session.js';

// Unit level: the authenticator's acceptance rules and error mapping, driven through the
// VerifyBackend seam with a scripted backend (the same rules run against the real emulator in
// authenticate.emulator.test.ts). Each test counts the backend calls.

const TOKEN = 'client_token_abc';
const now = 1_700_000_000_000;

function session(id: string, over: Partial<Session> = {}): Session {
  return { id, clientId: 'client_1', userId: `user_${id}`, status: 'active', lastActiveAt: now, expireAt: now + 1e6, abandonAt: now + 2e6, ...over };
}

function client(sessions: Session[], lastActiveSessionId: string | null): Client {
  return {
    id: 'client_1', sessionIds: sessions.map((s) => s.id), sessions, signInAttemptId: null, signUpAttemptId: null,
    lastActiveSessionId, createdAt: now, updatedAt: now,
  };
}

type Script = { session?: (id: string, token: string) => Session; client?: (token: string) => Client; error?: unknown };

function scripted(script: Script) {
  const calls: string[] = [];
  const backend: VerifyBackend = {
    async verifySession(id, token) {
      calls.push(`session:${id}`);
      if (script.error !== undefined) throw script.error;
      if (!script.session) throw new Error('unexpected verifySession');
      return script.session(id, token);
    },
    async verifyClient(token) {
      calls.push('client');
      if (script.error !== undefined) throw script.error;
      if (!script.client) throw new Error('unexpected verifyClient');
      return script.client(token);
    },
  };
  return { backend, calls };
}

function logs() {
  const lines: string[] = [];
  return { lines, logger: { warn: (m: string) => lines.push(`warn ${m}`), error: (m: string) => lines.push(`error ${m}`) } };
}

const cfg = (over: Partial<AuthenticateConfig> = {}): AuthenticateConfig => ({ requireSessionIdForUnsafeMethods: false, cache: false, logger: false, ...over });
const withId = (id: string) => ({ url: `/x?_clerk_session_id=${id}`, headers: { cookie: `__session=${TOKEN}` } });
const lastActive = { url: '/x', headers: { authorization: `Bearer ${TOKEN}` } };

const apiError = (status: number, codes: string[] = [], retryAfter?: number) =>
  new ClerkAPIError('@sessiongate/core: backend said no', {
    status,
    errors: codes.map((code) => ({ code, message: 'm', longMessage: 'l' })),
    ...(retryAfter === undefined ? {} : { retryAfter }),
  });

describe('acceptance rules', () => {
  it('explicit id: an active session with that id is signed in, with one verifySession call', async () => {
    const { backend, calls } = scripted({ session: (id) => session(id) });
    const state = await createRequestAuthenticator(backend, cfg())(withId('sess_a'));
    expect(state).toMatchObject({ status: 'signed-in', sessionId: 'sess_a', userId: 'user_sess_a', session: { id: 'sess_a' } });
    expect(calls).toEqual(['session:sess_a']);
  });

  it('explicit id: another session id in the answer is session-mismatch', async () => {
    const { backend } = scripted({ session: () => session('sess_other') });
    expect(await createRequestAuthenticator(backend, cfg())(withId('sess_a'))).toEqual({ status: 'signed-out', reason: 'session-mismatch' });
  });

  it.each(['revoked', 'ended', 'expired', 'abandoned', 'removed', 'replaced', 'pending', ''])('status %j is session-inactive', async (status) => {
    const { backend } = scripted({ session: (id) => session(id, { status }) });
    expect(await createRequestAuthenticator(backend, cfg())(withId('sess_a'))).toEqual({ status: 'signed-out', reason: 'session-inactive' });
  });

  it('last active: the client’s last active session from the same answer (one call)', async () => {
    const { backend, calls } = scripted({ client: () => client([session('sess_a'), session('sess_b')], 'sess_b') });
    const state = await createRequestAuthenticator(backend, cfg())(lastActive);
    expect(state).toMatchObject({ status: 'signed-in', sessionId: 'sess_b', userId: 'user_sess_b' });
    expect(calls).toEqual(['client']);
  });

  it.each([
    ['no last active id', client([session('sess_a')], null), 'no-active-session'],
    ['last active id not among the sessions', client([session('sess_a')], 'sess_gone'), 'no-active-session'],
    ['last active session not active', client([session('sess_a', { status: 'ended' })], 'sess_a'), 'session-inactive'],
    ['last active session of another client', client([session('sess_a', { clientId: 'client_2' })], 'sess_a'), 'session-mismatch'],
  ] as const)('last active: %s', async (_n, c, reason) => {
    const { backend, calls } = scripted({ client: () => c });
    expect(await createRequestAuthenticator(backend, cfg())(lastActive)).toEqual({ status: 'signed-out', reason });
    expect(calls).toEqual(['client']);
  });

  it.each([
    ['null', null],
    ['a string', 'sess_a'],
    ['a session without a user id', { ...session('sess_a'), userId: '' }],
  ])('a wrong-shaped answer (%s) is unavailable, never signed in', async (_n, answer) => {
    const { backend } = scripted({ session: () => answer as unknown as Session });
    expect(await createRequestAuthenticator(backend, cfg())(withId('sess_a'))).toEqual({ status: 'unavailable', reason: 'backend-response-invalid' });
  });
});

describe('backend errors -> states', () => {
  const table: Array<[string, unknown, AuthState]> = [
    ['400 token invalid', apiError(400, ['client_token_invalid']), { status: 'signed-out', reason: 'token-invalid' }],
    ['422 malformed body', apiError(422, ['form_param_missing']), { status: 'signed-out', reason: 'token-invalid' }],
    ['400 revoked', apiError(400, ['session_revoked']), { status: 'signed-out', reason: 'session-inactive' }],
    ['400 ended', apiError(400, ['SESSION_ENDED']), { status: 'signed-out', reason: 'session-inactive' }],
    ['400 expired', apiError(400, ['session_expired']), { status: 'signed-out', reason: 'session-inactive' }],
    ['422 abandoned', apiError(422, ['session_abandoned']), { status: 'signed-out', reason: 'session-inactive' }],
    ['404 unknown', apiError(404, ['resource_not_found']), { status: 'signed-out', reason: 'session-not-found' }],
    ['401 our key', apiError(401, ['authentication_invalid']), { status: 'unavailable', reason: 'misconfigured' }],
    ['401 clerk_key_invalid', apiError(401, ['clerk_key_invalid']), { status: 'unavailable', reason: 'misconfigured' }],
    ['403 authorization header', apiError(403, ['authorization_header_format_invalid']), { status: 'unavailable', reason: 'misconfigured' }],
    ['401 without any code', apiError(401), { status: 'unavailable', reason: 'misconfigured' }],
    ['401 about the token', apiError(401, ['client_token_invalid']), { status: 'signed-out', reason: 'token-invalid' }],
    ['403 about the session', apiError(403, ['session_not_owned']), { status: 'signed-out', reason: 'token-invalid' }],
    ['429 with Retry-After', apiError(429, ['too_many_requests'], 7), { status: 'unavailable', reason: 'backend-rate-limited', retryAfter: 7 }],
    ['429 without Retry-After', apiError(429), { status: 'unavailable', reason: 'backend-rate-limited' }],
    ['410 gone', apiError(410), { status: 'unavailable', reason: 'backend-error' }],
    ['500', apiError(500), { status: 'unavailable', reason: 'backend-error' }],
    ['503 with Retry-After', apiError(503, [], 3), { status: 'unavailable', reason: 'backend-error', retryAfter: 3 }],
    ['302', apiError(302), { status: 'unavailable', reason: 'backend-error' }],
    ['timeout', sgError('ERR_BACKEND_TIMEOUT', 'late'), { status: 'unavailable', reason: 'backend-timeout' }],
    ['unreachable', sgError('ERR_BACKEND_UNREACHABLE', 'down'), { status: 'unavailable', reason: 'backend-unreachable' }],
    ['invalid response', sgError('ERR_BACKEND_RESPONSE_INVALID', 'html'), { status: 'unavailable', reason: 'backend-response-invalid' }],
    ['invalid argument', sgError('ERR_INVALID_ARGUMENT', 'bad id'), { status: 'unavailable', reason: 'backend-error' }],
    ['a TypeError (bug)', new TypeError('x is not a function'), { status: 'unavailable', reason: 'backend-error' }],
    ['a thrown string', 'boom', { status: 'unavailable', reason: 'backend-error' }],
    ['a thrown null', null, { status: 'unavailable', reason: 'backend-error' }],
    ['an error whose code getter throws', Object.defineProperty({}, 'code', { get() { throw new Error('x'); } }), { status: 'unavailable', reason: 'backend-error' }],
  ];

  it.each(table)('%s (both modes)', async (_name, error, expected) => {
    for (const input of [withId('sess_a'), lastActive]) {
      const { backend, calls } = scripted({ error });
      const state = await createRequestAuthenticator(backend, cfg())(input);
      expect(state).toEqual(expected);
      expect(calls).toHaveLength(1);
    }
  });

  it.each(['ERR_MISSING_API_KEY', 'ERR_INVALID_OPTION'] as const)('%s is rethrown (a misconfiguration, not a request outcome)', async (code) => {
    const { backend } = scripted({ error: sgError(code, 'fix your config') });
    const authenticate = createRequestAuthenticator(backend, cfg());
    await expect(authenticate(withId('sess_a'))).rejects.toSatisfy((e) => SessiongateError.is(e) && e.code === code);
    await expect(authenticate(lastActive)).rejects.toSatisfy((e) => SessiongateError.is(e) && e.code === code);
  });

  it('a rejected key is logged once per client, with status and code but no key or token', async () => {
    const { lines, logger } = logs();
    const { backend } = scripted({ error: apiError(401, ['authentication_invalid']) });
    const authenticate = createRequestAuthenticator(backend, cfg({ logger }));
    for (let i = 0; i < 3; i++) await authenticate(withId('sess_a'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error @sessiongate\/core: .*API key.*HTTP 401, code authentication_invalid/);
    expect(lines[0]).not.toContain(TOKEN);
  });

  it('an unexpected error is logged once, without its message', async () => {
    const { lines, logger } = logs();
    const { backend } = scripted({ error: new TypeError(`leaked ${TOKEN}`) });
    const authenticate = createRequestAuthenticator(backend, cfg({ logger }));
    await authenticate(lastActive);
    await authenticate(lastActive);
    expect(lines).toEqual([expect.stringMatching(/^error @sessiongate\/core: unexpected error .*\(TypeError\)/)]);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('a logger that throws does not change the decision', async () => {
    const logger = { warn() { throw new Error('x'); }, error() { throw new Error('x'); } };
    const { backend } = scripted({ error: apiError(401, ['authentication_invalid']) });
    expect(await createRequestAuthenticator(backend, cfg({ logger }))(lastActive)).toEqual({ status: 'unavailable', reason: 'misconfigured' });
  });

  it('a backend whose method throws synchronously is unavailable, not a crash', async () => {
    const backend = { verifySession() { throw new TypeError('sync'); }, verifyClient() { throw new TypeError('sync'); } } as unknown as VerifyBackend;
    expect(await createRequestAuthenticator(backend, cfg())(lastActive)).toEqual({ status: 'unavailable', reason: 'backend-error' });
  });
});
