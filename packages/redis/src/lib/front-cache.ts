import type { CacheEntry } from '@sessiongate/core';

/**
 * The optional in-process cache in front of Redis: bounded (least recently used out first), each
 * entry kept at most its own time, which is not written into the entry (a hit returns the entry
 * exactly as it was set, refresh-ahead time included). Indexed by session and user so that an
 * invalidation drops them.
 */
export interface FrontCache {
  get(key: string, now: number): CacheEntry | undefined;
  set(key: string, entry: CacheEntry, ttlMs: number): void;
  delete(key: string): void;
  deleteBySession(sessionId: string): void;
  deleteByUser(userId: string): void;
  clear(): void;
}

export function createFrontCache(max: number): FrontCache {
  const entries = new Map<string, { entry: CacheEntry; until: number }>();
  const bySession = new Map<string, Set<string>>();
  const byUser = new Map<string, Set<string>>();

  const unindex = (map: Map<string, Set<string>>, id: string, key: string) => {
    const keys = map.get(id);
    if (keys === undefined) return;
    keys.delete(key);
    if (keys.size === 0) map.delete(id);
  };
  const remove = (key: string) => {
    const found = entries.get(key);
    if (found === undefined) return;
    entries.delete(key);
    unindex(bySession, found.entry.sessionId, key);
    unindex(byUser, found.entry.userId, key);
  };
  const index = (map: Map<string, Set<string>>, id: string, key: string) => {
    const keys = map.get(id);
    if (keys === undefined) map.set(id, new Set([key]));
    else keys.add(key);
  };
  const removeAll = (keys: Set<string> | undefined) => {
    if (keys !== undefined) for (const key of [...keys]) remove(key);
  };

  return {
    get(key, now) {
      const found = entries.get(key);
      if (found === undefined) return undefined;
      if (!(found.until > now && found.entry.expiresAt > now)) {
        remove(key);
        return undefined;
      }
      // most recently used last
      entries.delete(key);
      entries.set(key, found);
      return found.entry;
    },
    set(key, entry, ttlMs) {
      remove(key);
      entries.set(key, { entry, until: Date.now() + ttlMs });
      index(bySession, entry.sessionId, key);
      index(byUser, entry.userId, key);
      if (entries.size > max) remove(entries.keys().next().value!);
    },
    delete: remove,
    deleteBySession: (id) => removeAll(bySession.get(id)),
    deleteByUser: (id) => removeAll(byUser.get(id)),
    clear() {
      entries.clear();
      bySession.clear();
      byUser.clear();
    },
  };
}
