import { startEmulator, type Emulator, type Fault, type FaultOptions, type SeedUser, type User } from '@sessiongate/emulator';
import { ControlPlane, errorCodeOf, errorMessageOf, type ControlAnswer } from './control-plane.js';
import { TestingError } from './errors.js';
import { jwkToPem } from './jwk-to-pem.js';
import { createSignedIn, type SignedInFields } from './signed-in.js';
import type {
  OutageOptions,
  Restore,
  SignedIn,
  SignInOptions,
  Strategy,
  TestAuth,
  TestAuthEnv,
  TestAuthOptions,
  TestClerkOptions,
  UserRef,
} from './types.js';

const STRATEGIES: readonly Strategy[] = ['backend', 'networkless'];
const USER_ID = /^user_[A-Za-z0-9_]{1,128}$/;
/** How far in the past `expire()` puts the last session JWT's `exp` (beyond any sane clock skew). */
const LAPSED_BY_MS = 120_000;
/**
 * Sign-in options passed to the emulator's sign-in, and its field for each: an older emulator
 * without organizations refuses them, which signIn turns into ERR_NOT_SUPPORTED.
 */
const PASS_THROUGH = { organization: 'organizationId', pending: 'pending' } as const;
type PassThrough = keyof typeof PASS_THROUGH;
const PASS_THROUGH_OPTIONS = Object.keys(PASS_THROUGH) as PassThrough[];

interface SignInAnswer {
  clientToken: string;
  clientId: string;
  sessionId: string;
  userId: string;
  sessionToken: string;
}

interface StateSession {
  id: string;
  status: string;
  expireAt: number;
  abandonAt: number;
}

function invalid(message: string): TestingError {
  return new TestingError('ERR_INVALID_ARGUMENT', message);
}

function checkOptions(options: TestAuthOptions): void {
  if (typeof options !== 'object' || options === null) throw invalid('createTestAuth(options) expects an object');
  if (options.strategy !== undefined && !STRATEGIES.includes(options.strategy)) {
    throw invalid(`createTestAuth(): strategy must be one of ${STRATEGIES.join(', ')}`);
  }
  if ((options.url === undefined) !== (options.apiKey === undefined)) {
    throw invalid('createTestAuth(): to attach to a running emulator pass both url and apiKey; pass neither to start one');
  }
  if (options.url !== undefined && options.emulator !== undefined) {
    throw invalid('createTestAuth(): emulator options apply to an emulator it starts, not to one it attaches to (url)');
  }
  if (options.url !== undefined && !/^https?:\/\/[^/?#\s]+\/?$/.test(options.url)) {
    throw invalid('createTestAuth(): url must be the emulator origin, like http://127.0.0.1:3999');
  }
}

function userFields(user: UserRef, fn: string): { userId: string } | { email: string } {
  if (typeof user === 'object' && user !== null && typeof user.id === 'string') return { userId: user.id };
  if (typeof user === 'string' && USER_ID.test(user)) return { userId: user };
  if (typeof user === 'string' && user.includes('@')) return { email: user };
  throw invalid(`${fn}(user): pass a user id (user_…), an email, or the object createUser() returned`);
}

function sessionIdOf(session: SignedIn | string, fn: string): string {
  const id = typeof session === 'string' ? session : session?.sessionId;
  if (typeof id !== 'string' || id === '') throw invalid(`${fn}(session): pass what signIn() returned, or a session id (sess_…)`);
  return id;
}

/**
 * Starts an emulator on a free loopback port (or attaches to a running one) and returns what
 * an app's tests need around it: users, signed-in requests for both strategies, scenarios
 * (outage, 429, expiry, revocation, key rotation), the emulator clock. One per test file (or
 * worker): emulators never share users, sessions or ports.
 *
 * @example
 * const auth = await createTestAuth();
 * Object.assign(process.env, auth.env); // CLERK_API_KEY, CLERK_API_URL
 * const alice = await auth.signIn((await auth.createUser({ id: 'user_alice' })).id);
 * await authed(request(app).get('/api/me'), alice).expect(200);
 * await auth.close();
 */
export async function createTestAuth(options: TestAuthOptions = {}): Promise<TestAuth> {
  checkOptions(options);
  const strategy = options.strategy ?? 'backend';
  const appNow = options.appNow ?? Date.now;
  const emulator: Emulator | undefined =
    options.url === undefined ? await startEmulator({ port: 0, host: '127.0.0.1', ...options.emulator }) : undefined;
  const apiUrl = emulator?.url ?? options.url!.replace(/\/$/, '');
  const apiKey = emulator?.apiKey ?? options.apiKey!;
  const control = new ControlPlane(apiUrl);
  let closed = false;
  let jwtKey = '';

  const assertOpen = (fn: string) => {
    if (closed) {
      throw new TestingError(
        'ERR_CLOSED',
        `${fn}(): this TestAuth is closed: create it in beforeAll (or per worker) and close it in afterAll, after the last test that uses it`,
      );
    }
  };

  const loadJwtKey = async () => {
    const { keys } = await control.ok<{ keys: Record<string, unknown>[] }>('GET', '/jwks');
    if (!keys[0]) throw new TestingError('ERR_EMULATOR_ANSWER', 'the emulator published no signing key');
    jwtKey = jwkToPem(keys[0]);
  };

  try {
    const health = await control.request('GET', '/health');
    if (health.status !== 200 || (health.body as { ok?: unknown } | null)?.ok !== true) {
      throw new TestingError('ERR_EMULATOR_ANSWER', `${apiUrl} does not answer like a sessiongate emulator (GET /__emulator/health: ${health.status})`);
    }
    await loadJwtKey();
    for (const user of options.users ?? []) await createUserVia(control, user);
  } catch (error) {
    await emulator?.close();
    throw error;
  }

  const envFor = (s: Strategy): TestAuthEnv => ({
    CLERK_API_KEY: apiKey,
    CLERK_API_URL: apiUrl,
    ...(s === 'networkless' ? { CLERK_JWT_KEY: jwtKey } : {}),
  });

  const mint = async (sessionId: string, body: Record<string, unknown>): Promise<string> => {
    const answer = await control.request('POST', '/session-token', { sessionId, ...body });
    if (answer.status === 200) return (answer.body as { sessionToken: string }).sessionToken;
    if (errorCodeOf(answer) === 'ERR_SESSION_INACTIVE') {
      throw new TestingError('ERR_SESSION_INACTIVE', `${errorMessageOf(answer).replace(/^[@\w/-]+: /, '')} (it was signed out, revoked or expired: sign in again for a new session)`);
    }
    throw unexpected('mint a session token', answer);
  };

  const build = (fields: Omit<SignedInFields, 'token'>, token: string, azp: string | undefined): SignedIn =>
    createSignedIn({ ...fields, token }, async (self) => {
      assertOpen('refresh');
      // Minting checks that the session is still active; backend keeps its cookie (the client token).
      const token = await mint(self.sessionId, { issuedAt: appNow(), ...(azp === undefined ? {} : { azp }) });
      return self.strategy === 'backend' ? self : build(fields, token, azp);
    });

  const auth: TestAuth = {
    apiKey,
    apiUrl,
    strategy,
    emulator,
    get env() {
      return envFor(strategy);
    },
    envFor(s) {
      if (!STRATEGIES.includes(s)) throw invalid(`envFor(strategy): one of ${STRATEGIES.join(', ')}`);
      return envFor(s);
    },
    clerkOptions(s = strategy): TestClerkOptions {
      if (!STRATEGIES.includes(s)) throw invalid(`clerkOptions(strategy): one of ${STRATEGIES.join(', ')}`);
      return s === 'networkless' ? { apiKey, apiUrl, jwtKey } : { apiKey, apiUrl };
    },
    get closed() {
      return closed;
    },

    async createUser(user = {}) {
      assertOpen('createUser');
      return createUserVia(control, user);
    },

    async signIn(user, signInOptions: SignInOptions = {}) {
      assertOpen('signIn');
      const s = signInOptions.strategy ?? strategy;
      if (!STRATEGIES.includes(s)) throw invalid(`signIn(): strategy must be one of ${STRATEGIES.join(', ')}`);
      const body: Record<string, unknown> = { ...userFields(user, 'signIn') };
      if (signInOptions.client !== undefined) body.clientToken = signInOptions.client.clientToken;
      for (const option of PASS_THROUGH_OPTIONS) {
        if (signInOptions[option] !== undefined) body[PASS_THROUGH[option]] = signInOptions[option];
      }
      const answer = await control.request('POST', '/sign-in', body);
      if (answer.status !== 200) throw signInError(answer, user, body);
      const r = answer.body as SignInAnswer;
      const fields = { strategy: s, userId: r.userId, sessionId: r.sessionId, clientId: r.clientId, clientToken: r.clientToken };
      const azp = signInOptions.authorizedParty;
      if (s === 'backend') return build(fields, r.clientToken, azp);
      // The app checks iat/exp against its own clock, which the emulator's clock may have left.
      return build(fields, await mint(r.sessionId, { issuedAt: appNow(), ...(azp === undefined ? {} : { azp }) }), azp);
    },

    async signOut(session) {
      assertOpen('signOut');
      await sessionCall(control, '/sign-out', sessionIdOf(session, 'signOut'));
    },
    async revoke(session) {
      assertOpen('revoke');
      await sessionCall(control, '/revoke', sessionIdOf(session, 'revoke'));
    },
    async setActive(session) {
      assertOpen('setActive');
      const answer = await control.request('POST', '/active-session', { clientToken: session?.clientToken, sessionId: sessionIdOf(session, 'setActive') });
      if (answer.status !== 200) throw sessionError('setActive', answer);
    },

    async fault(route: string, fault: Fault, faultOptions: FaultOptions = {}): Promise<Restore> {
      assertOpen('fault');
      const answer = await control.request('POST', '/faults', { route, fault, ...faultOptions });
      if (answer.status !== 200) throw invalid(`fault(): ${errorMessageOf(answer)}`);
      return () => auth.clearFaults();
    },
    async clearFaults() {
      assertOpen('clearFaults');
      await control.ok('DELETE', '/faults');
    },
    outage(o: OutageOptions = {}) {
      const fault: Fault = (o.kind ?? 'error') === 'reset' ? { type: 'reset' } : { type: 'status', status: 503 };
      return auth.fault('*', fault, o.times === undefined ? {} : { times: o.times });
    },
    rateLimit(retryAfter = 30, o: { times?: number } = {}) {
      return auth.fault('*', { type: 'rate-limit', retryAfter }, o.times === undefined ? {} : { times: o.times });
    },

    async expire(session) {
      assertOpen('expire');
      const id = sessionIdOf(session, 'expire');
      const state = await control.ok<{ sessions: StateSession[] }>('GET', '/state');
      const stored = state.sessions.find((x) => x.id === id);
      if (!stored) throw invalid(`expire(session): this emulator has no session ${id} (signed in on another TestAuth?)`);
      // The browser's last JWT, minted while the session was still active, now past its exp.
      const lapsed =
        session.strategy === 'networkless'
          ? await mint(id, { issuedAt: appNow() - LAPSED_BY_MS - 60_000, lifetimeMs: 60_000 })
          : session.token;
      const { now } = await control.ok<{ now: number }>('GET', '/clock');
      const end = Math.min(stored.expireAt, stored.abandonAt);
      if (end >= now) await control.ok('POST', '/clock', { advanceMs: end - now + 1000 });
      return session.strategy === 'networkless'
        ? createSignedIn({ ...fieldsOf(session), token: lapsed }, async () => {
            throw new TestingError('ERR_SESSION_INACTIVE', `session ${id} has expired: sign in again for a new session`);
          })
        : session;
    },

    clock: {
      async now() {
        assertOpen('clock.now');
        return (await control.ok<{ now: number }>('GET', '/clock')).now;
      },
      async advance(ms) {
        assertOpen('clock.advance');
        if (!Number.isInteger(ms) || ms < 0) throw invalid('clock.advance(ms) expects a whole number of milliseconds >= 0');
        return (await control.ok<{ now: number }>('POST', '/clock', { advanceMs: ms })).now;
      },
    },

    async rotateKeys(o = {}) {
      assertOpen('rotateKeys');
      const answer = await control.request('POST', '/rotate-keys', o);
      if (answer.status !== 200) throw invalid(`rotateKeys(): ${errorMessageOf(answer)}`);
      await loadJwtKey();
      return { kid: (answer.body as { kid: string }).kid, jwtKey };
    },

    async close() {
      if (closed) return;
      closed = true;
      await emulator?.close();
    },
  };
  return auth;
}

function fieldsOf(s: SignedIn): Omit<SignedInFields, 'token'> {
  return { strategy: s.strategy, userId: s.userId, sessionId: s.sessionId, clientId: s.clientId, clientToken: s.clientToken };
}

function unexpected(what: string, answer: ControlAnswer): TestingError {
  return new TestingError('ERR_EMULATOR_ANSWER', `could not ${what}: the emulator answered ${answer.status} (${errorCodeOf(answer) ?? 'no code'})`);
}

async function createUserVia(control: ControlPlane, user: SeedUser): Promise<User> {
  const answer = await control.request('POST', '/users', user);
  if (answer.status === 200) return answer.body as User;
  if (errorCodeOf(answer) === 'ERR_DUPLICATE_USER') {
    throw invalid(`createUser(): ${errorMessageOf(answer).replace(/^[@\w/-]+: /, '')}; ids and emails are unique per emulator (each TestAuth has its own)`);
  }
  throw invalid(`createUser(): ${errorMessageOf(answer).replace(/^[@\w/-]+: /, '')}`);
}

function signInError(answer: ControlAnswer, user: UserRef, body: Record<string, unknown>): TestingError {
  const code = errorCodeOf(answer);
  if (code === 'ERR_UNKNOWN_USER') {
    const who = typeof user === 'string' ? user : user.id;
    const hint = 'userId' in body ? `auth.createUser({ id: '${who}' })` : `auth.createUser({ email: '${who}' })`;
    return new TestingError(
      'ERR_UNKNOWN_USER',
      `signIn(): this emulator has no user ${who}: create it first with ${hint}, or list it in createTestAuth({ users })`,
    );
  }
  if (code === 'ERR_UNKNOWN_CLIENT') {
    return invalid('signIn(): options.client is not a client of this emulator (signed in on another TestAuth, or before a reset)');
  }
  if (answer.status === 422 && code === 'invalid_body') {
    const message = errorMessageOf(answer);
    const missing = PASS_THROUGH_OPTIONS.filter((o) => PASS_THROUGH[o] in body && message.includes(`"${PASS_THROUGH[o]}"`));
    if (missing.length > 0) {
      return new TestingError(
        'ERR_NOT_SUPPORTED',
        `signIn(): ${missing.map((f) => `options.${f}`).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not supported by this emulator yet ` +
          '(it has no organizations or pending sessions); sign in without it, or update @sessiongate/emulator',
      );
    }
  }
  return unexpected('sign in', answer);
}

function sessionError(fn: string, answer: ControlAnswer): TestingError {
  const code = errorCodeOf(answer);
  if (code === 'ERR_UNKNOWN_SESSION' || code === 'ERR_UNKNOWN_CLIENT') {
    return invalid(`${fn}(session): this emulator does not know that session (signed in on another TestAuth?)`);
  }
  return unexpected(fn, answer);
}

async function sessionCall(control: ControlPlane, path: string, sessionId: string): Promise<void> {
  const answer = await control.request('POST', path, { sessionId });
  if (answer.status !== 200) throw sessionError(path.slice(1), answer);
}
