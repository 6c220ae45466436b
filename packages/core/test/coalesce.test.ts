import { describe, expect, it } from 'vitest';
import { createRequestAuthenticator, type VerifyBackend } from '../src/authenticate.js';
import { createCoalescer, verificationKey } from '../src/coalesce.js';
import type { Client } from '../src/domain/client.js';
import type { Session } from '../src/domain/session.js';

// Unit level (scripted backend with promises we settle by hand, so "concurrent" is exact).
// The same properties are shown over loopback against the emulator in authenticate.emulator.test.ts.

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

const session = (id: string, token: string): Session => ({
  id, clientId: `client_${token}`, userId: `user_${token}`, status: 'active', lastActiveAt: 1, expireAt: 2, abandonAt: 3,
});

function gatedBackend() {
  const pending: Array<{ kind: string; token: string; gate: ReturnType<typeof deferred<void>> }> = [];
  const backend: VerifyBackend = {
    async verifySession(id, token) {
      const gate = deferred<void>();
      pending.push({ kind: `session:${id}`, token, gate });
      await gate.promise;
      return session(id, token);
    },
    async verifyClient(token) {
      const gate = deferred<void>();
      pending.push({ kind: 'client', token, gate });
      await gate.promise;
      const s = session('sess_last', token);
      return { id: s.clientId, sessionIds: [s.id], sessions: [s], signInAttemptId: null, signUpAttemptId: null, lastActiveSessionId: s.id, createdAt: 1, updatedAt: 1 } satisfies Client;
    },
  };
  return { backend, pending, releaseAll: () => pending.forEach((p) => p.gate.resolve()) };
}

const at = (token: string, id?: string) => ({ url: id ? `/x?_clerk_session_id=${id}` : '/x', headers: { cookie: `__session=${token}` } });

describe('verificationKey', () => {
  it('hashes the token (never contains it) and appends the id or the last-active marker', () => {
    const key = verificationKey('secret_token_value', 'sess_a');
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}:sess_a$/);
    expect(key).not.toContain('secret_token_value');
    expect(verificationKey('secret_token_value', null)).toMatch(/^[A-Za-z0-9_-]{43}:\*$/);
    expect(verificationKey('a', 'sess_x')).not.toBe(verificationKey('b', 'sess_x'));
    expect(verificationKey('a', 'sess_x')).not.toBe(verificationKey('a', 'sess_y'));
    expect(verificationKey('a', 'sess_x')).not.toBe(verificationKey('a', null));
  });
});

describe('createCoalescer', () => {
  it('shares one promise per key while in flight and forgets it once settled', async () => {
    const c = createCoalescer<number>();
    let runs = 0;
    const d = deferred<number>();
    const task = () => { runs++; return d.promise; };
    const a = c.run('k', task);
    const b = c.run('k', task);
    expect(a).toBe(b);
    expect(c.size).toBe(1);
    d.resolve(7);
    expect(await Promise.all([a, b])).toEqual([7, 7]);
    expect(c.size).toBe(0);
    await c.run('k', async () => { runs++; return 8; });
    expect(runs).toBe(2);
  });

  it('removes a rejected entry too, and a synchronous throw becomes a rejection', async () => {
    const c = createCoalescer<number>();
    await expect(c.run('k', async () => { throw new Error('x'); })).rejects.toThrow('x');
    expect(c.size).toBe(0);
    await expect(c.run('k', () => { throw new Error('sync'); })).rejects.toThrow('sync');
    expect(c.size).toBe(0);
  });
});

describe('authenticator coalescing', () => {
  it('N concurrent identical requests (explicit id) make exactly one backend call', async () => {
    const { backend, pending, releaseAll } = gatedBackend();
    const authenticate = createRequestAuthenticator(backend, { requireSessionIdForUnsafeMethods: false, cache: false, logger: false });
    const results = Array.from({ length: 25 }, () => authenticate(at('tok1', 'sess_a')));
    await new Promise((r) => setImmediate(r));
    expect(pending.map((p) => p.kind)).toEqual(['session:sess_a']);
    releaseAll();
    const states = await Promise.all(results);
    for (const s of states) expect(s).toMatchObject({ status: 'signed-in', sessionId: 'sess_a', userId: 'user_tok1' });
    // each caller gets its own objects: one handler mutating its session cannot reach another's
    expect(states[0]).not.toBe(states[1]);
    if (states[0]?.status === 'signed-in' && states[1]?.status === 'signed-in') expect(states[0].session).not.toBe(states[1].session);
  });

  it('N concurrent identical last-active requests make exactly one call', async () => {
    const { backend, pending, releaseAll } = gatedBackend();
    const authenticate = createRequestAuthenticator(backend, { requireSessionIdForUnsafeMethods: false, cache: false, logger: false });
    const results = Array.from({ length: 10 }, () => authenticate(at('tok1')));
    await new Promise((r) => setImmediate(r));
    expect(pending.map((p) => p.kind)).toEqual(['client']);
    releaseAll();
    for (const s of await Promise.all(results)) expect(s).toMatchObject({ status: 'signed-in', userId: 'user_tok1' });
  });

  it('different tokens never share a call, nor do different ids or modes for one token', async () => {
    const { backend, pending, releaseAll } = gatedBackend();
    const authenticate = createRequestAuthenticator(backend, { requireSessionIdForUnsafeMethods: false, cache: false, logger: false });
    const results = [
      authenticate(at('tokA', 'sess_a')), authenticate(at('tokB', 'sess_a')),
      authenticate(at('tokA', 'sess_b')), authenticate(at('tokA')), authenticate(at('tokB')),
    ];
    await new Promise((r) => setImmediate(r));
    expect(pending.map((p) => `${p.kind}/${p.token}`).sort()).toEqual(
      ['client/tokA', 'client/tokB', 'session:sess_a/tokA', 'session:sess_a/tokB', 'session:sess_b/tokA'].sort(),
    );
    releaseAll();
    const states = await Promise.all(results);
    expect(states.map((s) => (s.status === 'signed-in' ? s.userId : s.status))).toEqual(['user_tokA', 'user_tokB', 'user_tokA', 'user_tokA', 'user_tokB']);
  });

  it('a failure is shared by the concurrent callers but not remembered afterwards', async () => {
    let calls = 0;
    let fail = true;
    const gate = deferred<void>();
    const backend: VerifyBackend = {
      async verifySession(id, token) { calls++; await gate.promise; if (fail) throw Object.assign(new Error('x'), { code: 'ERR_BACKEND_TIMEOUT' }); return session(id, token); },
      async verifyClient() { throw new Error('unused'); },
    };
    const authenticate = createRequestAuthenticator(backend, { requireSessionIdForUnsafeMethods: false, cache: false, logger: false });
    const first = [authenticate(at('t', 'sess_a')), authenticate(at('t', 'sess_a'))];
    gate.resolve();
    expect(await Promise.all(first)).toEqual([{ status: 'unavailable', reason: 'backend-timeout' }, { status: 'unavailable', reason: 'backend-timeout' }]);
    fail = false;
    expect(await authenticate(at('t', 'sess_a'))).toMatchObject({ status: 'signed-in' });
    expect(calls).toBe(2);
  });
});
