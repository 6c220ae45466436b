import type { AuthState, SignedInState } from '../auth-state.js';
import { sgError } from '../errors.js';
import type { LogOnce } from '../lib/log-once.js';
import type { VerificationCacheStore } from './verification-cache-store.js';

/** Drops every cached verification of a session or a user; rejects when the store failed to. */
export interface CacheInvalidation {
  invalidateSession(sessionId: string): Promise<void>;
  invalidateUser(userId: string): Promise<void>;
}

/**
 * Invalidation epochs. Every invalidation bumps `generation` and records it for its session or
 * user; a verification that started before it must not store its (possibly stale) answer. The
 * generation is also part of the coalescing key, so that a request arriving after an
 * invalidation never joins a call that started before it. The records only matter while a
 * verification is in flight: they are cleared when none is.
 */
export class InvalidationEpochs implements CacheInvalidation {
  generation = 0;
  #inFlight = 0;
  readonly #sessionsInvalidatedAt = new Map<string, number>();
  readonly #usersInvalidatedAt = new Map<string, number>();
  readonly #store: VerificationCacheStore;
  readonly #log: LogOnce;

  constructor(store: VerificationCacheStore, log: LogOnce) {
    this.#store = store;
    this.#log = log;
  }

  /** A verification starts: the generation it started in, for {@link settle}. */
  begin(): number {
    this.#inFlight++;
    return this.generation;
  }

  /** A verification ended, answered or thrown. */
  end(): void {
    this.#inFlight--;
  }

  /** Whether an answer of a verification begun at `startedAt` was invalidated meanwhile: it must not be stored. */
  settle(state: AuthState, startedAt: number): boolean {
    const stale = state.status === 'signed-in' && this.#invalidatedSince(state, startedAt);
    if (this.#inFlight === 0) {
      this.#sessionsInvalidatedAt.clear();
      this.#usersInvalidatedAt.clear();
    }
    return stale;
  }

  invalidateSession(sessionId: string): Promise<void> {
    return this.#invalidate('session', sessionId, this.#sessionsInvalidatedAt, this.#store.deleteBySession);
  }

  invalidateUser(userId: string): Promise<void> {
    return this.#invalidate('user', userId, this.#usersInvalidatedAt, this.#store.deleteByUser);
  }

  #invalidatedSince(state: SignedInState, startedAt: number): boolean {
    return (this.#sessionsInvalidatedAt.get(state.sessionId) ?? -1) > startedAt || (this.#usersInvalidatedAt.get(state.userId) ?? -1) > startedAt;
  }

  async #invalidate(
    kind: 'session' | 'user',
    id: string,
    records: Map<string, number>,
    drop: ((id: string) => void | Promise<void>) | undefined,
  ): Promise<void> {
    if (typeof id !== 'string' || id === '') {
      throw new TypeError(`${__PKG_NAME__}: invalidate${kind === 'session' ? 'Session(sessionId)' : 'User(userId)'} needs a non-empty string`);
    }
    this.generation++;
    if (this.#inFlight > 0) records.set(id, this.generation);
    if (drop === undefined) {
      this.#log(
        `invalidate-${kind}`,
        'warn',
        `the verification cache store has no deleteBy${kind === 'session' ? 'Session' : 'User'}(); cached verifications are kept until their TTL.`,
      );
      return;
    }
    try {
      await drop.call(this.#store, id);
    } catch {
      // no cause: a store's own error may name its connection string or password
      throw sgError('ERR_CACHE_INVALIDATION_FAILED', `the verification cache store failed to drop a ${kind}'s entries`);
    }
  }
}
