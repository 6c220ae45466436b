import type { AuthState, SignedInState } from '../auth-state.js';
import { isSessionLike } from '../backend/verify.js';
import type { Session } from '../domain/session.js';
import type { CacheEntry } from './verification-cache-store.js';

/** How long a cache keeps a signed-in answer, and when it verifies it again in the background. */
export interface EntryTimes {
  ttlMs: number;
  /** Absent: no refresh-ahead. */
  refreshAfterMs: number | undefined;
  refreshJitterMs: number;
}

/**
 * The entry a signed-in answer is stored as at `now`, or `undefined` when it must not be stored
 * (the session has already ended). Never past the session's own expiry: a cached session must not
 * outlive it.
 */
export function entryFor(state: SignedInState, now: number, times: EntryTimes): CacheEntry | undefined {
  const expiresAt = Math.min(now + times.ttlMs, sessionEndsAt(state.session));
  if (!(expiresAt > now)) return undefined;
  const entry: CacheEntry = { session: { ...state.session }, sessionId: state.sessionId, userId: state.userId, expiresAt };
  // no refresh-ahead for an entry cut short by the session's own end: it cannot be extended
  if (times.refreshAfterMs !== undefined && expiresAt === now + times.ttlMs) {
    // jittered, so that entries verified in the same burst are not all refreshed in one
    entry.refreshAt = now + times.refreshAfterMs + Math.round((Math.random() * 2 - 1) * times.refreshJitterMs);
  }
  return entry;
}

/**
 * Whether what a store's `get` answered is an entry that may be served at `now` for `sessionId`:
 * unexpired, for that session, and holding an active session of the entry's own user. Anything
 * else (garbage from a shared store included) is a miss.
 */
export function isUsableEntry(found: unknown, sessionId: string | null, now: number): found is CacheEntry {
  if (typeof found !== 'object' || found === null) return false;
  const entry = found as Partial<CacheEntry>;
  if (typeof entry.expiresAt !== 'number' || !(entry.expiresAt > now)) return false;
  if (typeof entry.sessionId !== 'string' || typeof entry.userId !== 'string' || entry.userId === '') return false;
  if (sessionId !== null && entry.sessionId !== sessionId) return false;
  const session = entry.session;
  return isSessionLike(session) && session.status === 'active' && session.id === entry.sessionId && session.userId === entry.userId;
}

/**
 * When the session stops being valid (the earlier of `expireAt` and `abandonAt`, in ms), or
 * `Infinity` when the backend gave no usable time. The 2021 API answered in seconds, today's in ms:
 * values below 10^11 (before 1973 in ms) are read as seconds.
 */
function sessionEndsAt(session: Session): number {
  let end = Infinity;
  for (const t of [session.expireAt, session.abandonAt]) {
    if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) continue;
    end = Math.min(end, t < 1e11 ? t * 1000 : t);
  }
  return end;
}

/** Concurrent callers share one decision; each gets its own signed-in object to mutate. */
export function copyForCaller(state: AuthState): AuthState {
  return state.status === 'signed-in' ? { ...state, session: { ...state.session } } : state;
}
