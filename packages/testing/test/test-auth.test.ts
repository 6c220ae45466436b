// createTestAuth itself, through the public API: what a signed-in value carries, the env, the
// clock, isolation between instances, attaching, and the misuse errors (each names what to do).
import { startEmulator } from '@sessiongate/emulator';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAuth, TestingError, withSessionId, type TestAuth } from '../src/index.js';

let auth: TestAuth;
beforeAll(async () => {
  auth = await createTestAuth({ users: [{ id: 'user_alice', email: 'alice@example.test' }] });
});
afterAll(() => auth.close());

async function codeOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    expect(TestingError.is(e)).toBe(true);
    const err = e as TestingError;
    return { code: err.code, message: err.message };
  }
  throw new Error('expected a rejection');
}

describe('createTestAuth', () => {
  it('starts an emulator on a free loopback port and says how to reach it', () => {
    expect(auth.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(auth.apiKey).toMatch(/^test_/);
    expect(auth.env).toEqual({ CLERK_API_KEY: auth.apiKey, CLERK_API_URL: auth.apiUrl });
    expect(auth.envFor('networkless').CLERK_JWT_KEY).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(auth.clerkOptions('networkless')).toEqual({ apiKey: auth.apiKey, apiUrl: auth.apiUrl, jwtKey: auth.envFor('networkless').CLERK_JWT_KEY });
    expect(auth.emulator?.url).toBe(auth.apiUrl);
  });

  it('signs in by id, by email or by user object; backend: the client token in __session', async () => {
    const byId = await auth.signIn('user_alice');
    const byEmail = await auth.signIn('alice@example.test');
    const bob = await auth.createUser({ email: 'bob@example.test' });
    const byObject = await auth.signIn(bob);
    expect(byId).toMatchObject({ strategy: 'backend', userId: 'user_alice', token: byId.clientToken });
    expect(byId.sessionId).toMatch(/^sess_/);
    expect(byId.cookie).toBe(`__session=${byId.clientToken}`);
    expect(byId.headers).toEqual({ cookie: byId.cookie });
    expect(byId.bearerHeaders).toEqual({ authorization: `Bearer ${byId.token}` });
    expect(byEmail.userId).toBe('user_alice');
    expect(byEmail.clientId).not.toBe(byId.clientId);
    expect(byObject.userId).toBe(bob.id);
  });

  it('networkless: a session JWT for that session, refreshable while it lives', async () => {
    const s = await auth.signIn('user_alice', { strategy: 'networkless' });
    const claims = JSON.parse(Buffer.from(s.token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: 'user_alice', sid: s.sessionId, iss: auth.apiUrl });
    expect(s.cookie).toBe(`__session=${s.token}`);
    expect(s.token).not.toBe(s.clientToken);
    const again = await s.refresh();
    expect(again.sessionId).toBe(s.sessionId);
    await auth.revoke(s);
    expect(await codeOf(s.refresh())).toMatchObject({ code: 'ERR_SESSION_INACTIVE', message: expect.stringContaining('sign in again') });
  });

  it('a second user on the same client shares the client token', async () => {
    const a = await auth.signIn('user_alice');
    const b = await auth.signIn(await auth.createUser(), { client: a });
    expect(b.clientToken).toBe(a.clientToken);
    expect(b.cookie).toBe(a.cookie);
    expect(b.sessionId).not.toBe(a.sessionId);
  });

  it('withSessionId keeps paths, queries, hashes and absolute URLs', () => {
    expect(withSessionId('/api/me', 'sess_1')).toBe('/api/me?_clerk_session_id=sess_1');
    expect(withSessionId('/api/me?x=1#h', 'sess_1')).toBe('/api/me?x=1&_clerk_session_id=sess_1#h');
    expect(withSessionId('/api/me?_clerk_session_id=sess_0', 'sess_1')).toBe('/api/me?_clerk_session_id=sess_1');
    expect(withSessionId('http://127.0.0.1:3000/a?b=c', 'sess_1')).toBe('http://127.0.0.1:3000/a?b=c&_clerk_session_id=sess_1');
  });

  it('never prints a token', async () => {
    const s = await auth.signIn('user_alice');
    expect(inspect(s)).not.toContain(s.token);
    expect(JSON.stringify(s)).not.toContain(s.token);
    expect(inspect(s)).toContain(s.sessionId);
  });

  it('moves the emulator clock', async () => {
    const before = await auth.clock.now();
    const after = await auth.clock.advance(60_000);
    expect(after - before).toBeGreaterThanOrEqual(60_000);
  });

  it('gives each instance its own emulator: no shared users or ports', async () => {
    const other = await createTestAuth({ users: [{ id: 'user_alice' }] });
    try {
      expect(other.apiUrl).not.toBe(auth.apiUrl);
      expect(other.apiKey).not.toBe(auth.apiKey);
      const s = await auth.signIn('user_alice');
      expect(await codeOf(other.signIn('alice@example.test'))).toMatchObject({ code: 'ERR_UNKNOWN_USER' });
      expect(await codeOf(other.signIn('user_bob', { client: s }))).toMatchObject({ code: 'ERR_UNKNOWN_USER' });
      expect(await codeOf(other.signIn('user_alice', { client: s }))).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringContaining('another TestAuth') });
    } finally {
      await other.close();
    }
  });

  it('attaches to a running emulator, and leaves it running on close', async () => {
    const emu = await startEmulator({ users: [{ id: 'user_zed' }] });
    try {
      const attached = await createTestAuth({ url: emu.url, apiKey: emu.apiKey, strategy: 'networkless' });
      expect(attached.emulator).toBeUndefined();
      expect(attached.env).toEqual({ CLERK_API_KEY: emu.apiKey, CLERK_API_URL: emu.url, CLERK_JWT_KEY: emu.jwtPublicKey() });
      const s = await attached.signIn('user_zed');
      expect(s.strategy).toBe('networkless');
      await attached.close();
      expect((await fetch(`${emu.url}/__emulator/health`)).status).toBe(200);
    } finally {
      await emu.close();
    }
  });
});

describe('misuse errors name what to do', () => {
  it('an unknown user', async () => {
    const e = await codeOf(auth.signIn('user_nobody'));
    expect(e.code).toBe('ERR_UNKNOWN_USER');
    expect(e.message).toBe(
      "@sessiongate/testing: signIn(): this emulator has no user user_nobody: create it first with auth.createUser({ id: 'user_nobody' }), or list it in createTestAuth({ users })",
    );
    expect(await codeOf(auth.signIn('nobody@example.test'))).toMatchObject({ message: expect.stringContaining("auth.createUser({ email: 'nobody@example.test' })") });
    expect(await codeOf(auth.signIn('nobody' as string))).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringContaining('user id (user_…), an email') });
  });

  it('signIn on a closed TestAuth', async () => {
    const closed = await createTestAuth({ users: [{ id: 'user_alice' }] });
    await closed.close();
    await closed.close(); // idempotent
    const e = await codeOf(closed.signIn('user_alice'));
    expect(e).toEqual({
      code: 'ERR_CLOSED',
      message: '@sessiongate/testing: signIn(): this TestAuth is closed: create it in beforeAll (or per worker) and close it in afterAll, after the last test that uses it',
    });
    expect(closed.closed).toBe(true);
  });

  it('signIn when the attached emulator is gone', async () => {
    const emu = await startEmulator({ users: [{ id: 'user_alice' }] });
    const attached = await createTestAuth({ url: emu.url, apiKey: emu.apiKey });
    await emu.close();
    const e = await codeOf(attached.signIn('user_alice'));
    expect(e.code).toBe('ERR_EMULATOR_UNREACHABLE');
    expect(e.message).toContain(`could not reach the emulator at ${emu.url}: is it still running?`);
  });

  it('bad options', async () => {
    expect(await codeOf(createTestAuth({ url: 'http://127.0.0.1:1' }))).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringContaining('both url and apiKey') });
    expect(await codeOf(createTestAuth({ strategy: 'jwt' as 'backend' }))).toMatchObject({ message: expect.stringContaining('backend, networkless') });
    expect(await codeOf(createTestAuth({ users: [{ id: 'nope' }] }))).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringContaining('user_') });
  });

  it('organization and pending reach the session token', async () => {
    const orgs = auth.emulator!.organizations;
    const acme = await orgs.create({ name: 'Acme', slug: 'acme-testing', createdBy: 'user_alice' });
    const s = await auth.signIn('user_alice', { strategy: 'networkless', organization: 'acme-testing', pending: true });
    const claims = JSON.parse(Buffer.from(s.token.split('.')[1]!, 'base64url').toString()) as { sts?: string; o?: { id?: string; slg?: string } };
    expect(claims).toMatchObject({ sts: 'pending', o: { id: acme.id, slg: 'acme-testing' } });
    // not a member: the emulator's refusal, named, and no session is left behind
    await orgs.create({ name: 'Other', slug: 'other-testing' });
    expect((await codeOf(auth.signIn('user_alice', { organization: 'other-testing' }))).code).not.toBe('ERR_NOT_SUPPORTED');
  });

  it('errors never carry a key or a token', async () => {
    const s = await auth.signIn('user_alice', { strategy: 'networkless' });
    await auth.signOut(s);
    const e = await codeOf(s.refresh());
    for (const secret of [auth.apiKey, s.token, s.clientToken]) expect(e.message).not.toContain(secret);
  });
});
