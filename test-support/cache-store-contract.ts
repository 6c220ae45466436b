// The verification cache store contract (packages/core/src/cache/verification-cache-store.ts),
// as one suite that any store runs: the in-process LRU and the Redis store alike
// (packages/redis/test/contract.test.ts runs it against both). Through the store's own methods,
// and through the core's cache wrapper with a scripted backend, as packages/core/test/cache*.ts do.
// Types and the wrapper come from the core's sources by relative path: this folder belongs to
// no package.
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthState } from '../packages/core/src/auth-state.js';
import { createBackendStrategy, type VerifyBackend } from '../packages/core/src/authenticate.js';
import type { CacheEntry, VerificationCacheStore } from '../packages/core/src/cache/index.js';
import { promised } from '../packages/core/src/decide.js';
import type { Session } from '../packages/core/src/index.js';

export interface StoreUnderTest {
  store: VerificationCacheStore;
  /** Called after each test (close connections, empty the backing store). */
  cleanup?: () => unknown;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const sessionOf = (id: string, userId: string): Session => ({
  id, clientId: 'client_1', userId, status: 'active', lastActiveAt: 1, expireAt: Date.now() + 3_600_000, abandonAt: Date.now() + 7_200_000,
});
const entryOf = (sessionId: string, userId = 'user_1', expiresIn = 60_000): CacheEntry => ({
  session: sessionOf(sessionId, userId), sessionId, userId, expiresAt: Date.now() + expiresIn,
});

/** A backend that answers at once: active unless the session or user is in `revoked`; users are `user_<token prefix>`. */
export function instantBackend() {
  const revoked = new Set<string>();
  let calls = 0;
  const backend: VerifyBackend = {
    async verifySession(id, token) {
      calls++;
      const userId = `user_${token.split('-')[0]}`;
      return { ...sessionOf(id, userId), status: revoked.has(id) || revoked.has(userId) ? 'revoked' : 'active' };
    },
    async verifyClient(token) {
      calls++;
      const s = { ...sessionOf('sess_last', `user_${token.split('-')[0]}`), status: revoked.has('sess_last') ? 'revoked' : 'active' };
      return { id: 'client_1', sessionIds: [s.id], sessions: [s], signInAttemptId: null, signUpAttemptId: null, lastActiveSessionId: s.id, createdAt: 1, updatedAt: 1 };
    },
  };
  return { backend, revoked, calls: () => calls };
}

/** A request for `token`, naming session `id` or the last active one. */
export const at = (token: string, id?: string) => ({ url: id ? `/x?_clerk_session_id=${id}` : '/x', headers: { cookie: `__session=${token}` } });
/** `<sessionId>/<userId>` when signed in, `<status>/<reason>` otherwise. */
export const who = (s: AuthState) => (s.status === 'signed-in' ? `${s.sessionId}/${s.userId}` : `${s.status}/${s.reason}`);

/**
 * Registers the contract's tests for the store `create` makes (a fresh one per test).
 * `options.invalidation`: the store has deleteBySession / deleteByUser (default true).
 */
export function describeCacheStoreContract(name: string, create: () => StoreUnderTest | Promise<StoreUnderTest>, options: { invalidation?: boolean } = {}): void {
  describe(`cache store contract: ${name}`, () => {
    const made: StoreUnderTest[] = [];
    const fresh = async () => {
      const s = await create();
      made.push(s);
      return s.store;
    };
    afterEach(async () => {
      for (const s of made.splice(0)) await s.cleanup?.();
    });

    it('returns an equal entry for the key it was set under, and nothing for another key', async () => {
      const store = await fresh();
      const entry = { ...entryOf('sess_a'), refreshAt: Date.now() + 30_000 };
      await store.set('k1:sess_a', entry, 60_000);
      expect(await store.get('k1:sess_a')).toEqual(entry);
      expect(await store.get('k2:sess_a')).toBeUndefined();
    });

    it('delete removes the entry', async () => {
      const store = await fresh();
      await store.set('k1:sess_a', entryOf('sess_a'), 60_000);
      await store.delete?.('k1:sess_a');
      expect(await store.get('k1:sess_a')).toBeUndefined();
    });

    it('never keeps an entry longer than the ttl asked, nor past its own expiresAt', async () => {
      const store = await fresh();
      await store.set('short-ttl:sess_a', entryOf('sess_a'), 1);
      await store.set('short-expiry:sess_b', entryOf('sess_b', 'user_1', 5), 60_000);
      await sleep(30);
      expect(await store.get('short-ttl:sess_a')).toBeUndefined();
      expect(await store.get('short-expiry:sess_b')).toBeUndefined();
    });

    if (options.invalidation !== false) {
      it('deleteBySession drops every entry of that session, and only those', async () => {
        const store = await fresh();
        await store.set('t1:sess_a', entryOf('sess_a', 'user_1'), 60_000);
        await store.set('t2:sess_a', entryOf('sess_a', 'user_1'), 60_000);
        await store.set('t3:*', entryOf('sess_a', 'user_1'), 60_000);
        await store.set('t4:sess_b', entryOf('sess_b', 'user_1'), 60_000);
        await store.deleteBySession!('sess_a');
        for (const key of ['t1:sess_a', 't2:sess_a', 't3:*']) expect(await store.get(key)).toBeUndefined();
        expect(await store.get('t4:sess_b')).toMatchObject({ sessionId: 'sess_b' });
        await store.deleteBySession!('sess_unknown');
      });

      it('deleteByUser drops every entry of that user, and only those', async () => {
        const store = await fresh();
        await store.set('t1:sess_a', entryOf('sess_a', 'user_1'), 60_000);
        await store.set('t2:sess_b', entryOf('sess_b', 'user_1'), 60_000);
        await store.set('t3:sess_c', entryOf('sess_c', 'user_2'), 60_000);
        await store.deleteByUser!('user_1');
        expect(await store.get('t1:sess_a')).toBeUndefined();
        expect(await store.get('t2:sess_b')).toBeUndefined();
        expect(await store.get('t3:sess_c')).toMatchObject({ userId: 'user_2' });
      });
    }

    it('behind the core: a hit makes no backend call, and each token gets its own user', async () => {
      const store = await fresh();
      const { backend, calls } = instantBackend();
      const strategy = createBackendStrategy(backend, { requireSessionIdForUnsafeMethods: false, cache: { ttlMs: 60_000, max: 100, store }, logger: false });
      const decide = promised(strategy.decide);
      expect(who(await decide(at('alice-1', 'sess_a')))).toBe('sess_a/user_alice');
      expect(who(await decide(at('bob-1', 'sess_a')))).toBe('sess_a/user_bob');
      expect(who(await decide(at('alice-1')))).toBe('sess_last/user_alice');
      expect(calls()).toBe(3);
      for (let i = 0; i < 3; i++) {
        expect(who(await decide(at('alice-1', 'sess_a')))).toBe('sess_a/user_alice');
        expect(who(await decide(at('bob-1', 'sess_a')))).toBe('sess_a/user_bob');
        expect(who(await decide(at('alice-1')))).toBe('sess_last/user_alice');
      }
      expect(calls()).toBe(3);
    });

    if (options.invalidation !== false) {
      it('behind the core: invalidateSession / invalidateUser are seen by the next request', async () => {
        const store = await fresh();
        const { backend, revoked, calls } = instantBackend();
        const strategy = createBackendStrategy(backend, { requireSessionIdForUnsafeMethods: false, cache: { ttlMs: 60_000, max: 100, store }, logger: false });
        const decide = promised(strategy.decide);
        await decide(at('alice-1', 'sess_a'));
        await decide(at('bob-1', 'sess_b'));
        await decide(at('carol-1', 'sess_c'));
        revoked.add('sess_a');
        revoked.add('user_carol');
        expect(who(await decide(at('alice-1', 'sess_a')))).toBe('sess_a/user_alice'); // cached
        await strategy.invalidateSession('sess_a');
        await strategy.invalidateUser('user_carol');
        expect(who(await decide(at('alice-1', 'sess_a')))).toBe('signed-out/session-inactive');
        expect(who(await decide(at('carol-1', 'sess_c')))).toBe('signed-out/session-inactive');
        expect(who(await decide(at('bob-1', 'sess_b')))).toBe('sess_b/user_bob');
        expect(calls()).toBe(5);
      });
    }
  });
}
